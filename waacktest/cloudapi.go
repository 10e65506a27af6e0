package waacktest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/waack/waack"
)

// cloudDialect is Meta's Cloud API: POST /{version}/{phone-number-id}/messages
// with a bearer token, Graph error envelopes.
type cloudDialect struct{ noOwnCalls }

var graphVersion = regexp.MustCompile(`^v[0-9]{1,3}\.[0-9]{1,2}$`)

// The Cloud API's identities: Meta's documentation examples.
const (
	cloudNumberID = 106540352242922 // the default phone number id; added numbers count up from it
	wabaID        = "102290129340398"
)

func (cloudDialect) name() string { return waack.ProviderCloudAPI }

func (cloudDialect) blank() waack.Provider { return waack.CloudAPI{} }

func (cloudDialect) numberOf(p waack.Provider) string {
	c, _ := p.(waack.CloudAPI)
	return c.PhoneNumberID
}

func (cloudDialect) numberID(i int) string { return strconv.Itoa(cloudNumberID + i) }

func (cloudDialect) config(s *Server, n *number) waack.Provider {
	return waack.CloudAPI{PhoneNumberID: n.id, AccessToken: s.creds[waack.ProviderCloudAPI], BaseURL: s.url, Version: waack.DefaultGraphVersion}
}

// newToken looks like a Meta access token.
func (cloudDialect) newToken() string { return "EAAG" + randomHex() }

// chatID: the Cloud API names a chat by the customer's phone.
func (cloudDialect) chatID(customer string) string { return customer }

func (cloudDialect) messageID(customer string, inbound bool, seq uint64) string {
	return wamid(customer, inbound, seq)
}

// hasBSUIDs: Meta documents BSUIDs in webhooks (from_user_id,
// contacts[].user_id) and as the "recipient" of a send.
func (cloudDialect) hasBSUIDs() bool { return true }

func (cloudDialect) refusesClosedWindow() bool { return false }

// CloudAPI is a Cloud API configuration with valid credentials for this
// server's default number.
func (s *Server) CloudAPI() waack.CloudAPI {
	return cloudDialect{}.config(s, s.firstNumber(waack.ProviderCloudAPI)).(waack.CloudAPI)
}

func (cloudDialect) patterns() []string {
	return []string{"POST /{version}/{phone}/messages"}
}

// cloudRequest is the body of /messages. Top-level fields Meta accepts
// beyond these are ignored; nested objects are decoded strictly, as Graph
// reports "Unexpected key" in them.
type cloudRequest struct {
	MessagingProduct *string         `json:"messaging_product"`
	RecipientType    *string         `json:"recipient_type"`
	To               *string         `json:"to"`
	Recipient        *string         `json:"recipient"` // a BSUID instead of "to" (2026)
	Tracking         *string         `json:"biz_opaque_callback_data"`
	Type             *string         `json:"type"`
	Status           *string         `json:"status"`
	MessageID        *string         `json:"message_id"`
	Text             json.RawMessage `json:"text"`
	Reaction         json.RawMessage `json:"reaction"`
	Context          json.RawMessage `json:"context"`
	TypingIndicator  json.RawMessage `json:"typing_indicator"`
}

func (cloudDialect) parse(s *Server, r *http.Request, body []byte) (command, *apiError) {
	cmd := command{provider: waack.ProviderCloudAPI}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || !equalSecret(tok, s.creds[waack.ProviderCloudAPI]) {
		return cmd, &apiError{status: http.StatusUnauthorized, code: 190, raw: true,
			title: "Invalid OAuth access token - Cannot parse access token"}
	}
	if !graphVersion.MatchString(r.PathValue("version")) {
		return cmd, &apiError{status: http.StatusBadRequest, code: 2500, raw: true,
			title: "Unknown path components: the API version is not of the form v23.0"}
	}
	if cmd.number = s.calledNumber(cmd.provider, r.PathValue("phone")); cmd.number == nil {
		return cmd, &apiError{status: http.StatusBadRequest, code: 100, subcode: 33, typ: "GraphMethodException", raw: true,
			title: "Unsupported post request. Object with ID '" + r.PathValue("phone") + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation."}
	}
	var m cloudRequest
	if err := json.Unmarshal(body, &m); err != nil {
		return cmd, invalidParam("The request body is not a JSON object with fields of the right types.")
	}
	if m.MessagingProduct == nil {
		return cmd, required("messaging_product")
	}
	if *m.MessagingProduct != "whatsapp" {
		return cmd, invalidParam(`Param messaging_product must be "whatsapp".`)
	}
	if m.Status != nil {
		if m.Tracking != nil {
			return cmd, invalidParam("Param biz_opaque_callback_data is for sends, not read receipts.")
		}
		return parseCloudRead(cmd, m)
	}
	if m.Tracking != nil {
		if len(*m.Tracking) > maxTracking {
			return cmd, invalidParam("Param biz_opaque_callback_data must be at most 512 characters long.")
		}
		cmd.tracking = *m.Tracking
	}
	if m.Type == nil {
		return cmd, required("type")
	}
	if m.RecipientType != nil && *m.RecipientType != "individual" {
		return cmd, invalidParam(`Param recipient_type must be "individual" (the sandbox has no groups).`)
	}
	var e *apiError
	if cmd, e = cloudRecipient(cmd, m); e != nil {
		return cmd, e
	}
	switch *m.Type {
	case "reaction":
		return parseCloudReaction(cmd, m)
	case "text":
		return parseCloudText(cmd, m)
	}
	return cmd, invalidParam(`Param type must be "text" or "reaction" (the sandbox supports no other type).`)
}

// maxTracking bounds biz_opaque_callback_data, in bytes (Meta's limit is
// 512 characters; UNVERIFIED outside the calling schema, so the sandbox is
// strict and counts bytes).
const maxTracking = 512

// cloudRecipient reads "to" (a phone) or "recipient" (a BSUID, accepted
// by Meta since 2026). Meta documents that "to" wins when both are sent;
// the sandbox refuses a body with both, so that a client that sends an
// ambiguous address finds out here rather than in production.
func cloudRecipient(cmd command, m cloudRequest) (command, *apiError) {
	switch {
	case m.To != nil && m.Recipient != nil:
		return cmd, invalidParam("Params to and recipient cannot both be set: use to for a phone number, recipient for a business-scoped user id.")
	case m.Recipient != nil:
		cmd.to, cmd.customer = *m.Recipient, *m.Recipient
		if !isBSUID(cmd.customer) {
			return cmd, invalidParam("Param recipient must be a business-scoped user id such as US.13491208655302741918.")
		}
		return cmd, nil
	case m.To == nil:
		return cmd, required("to")
	}
	cmd.to = *m.To
	var ok bool
	if cmd.customer, ok = phoneDigits(cmd.to); !ok {
		return cmd, invalidParam("Param to must be a phone number of 8 to 15 digits.")
	}
	return cmd, nil
}

func parseCloudRead(cmd command, m cloudRequest) (command, *apiError) {
	cmd.op = opMarkRead
	if *m.Status != "read" {
		return cmd, invalidParam(`Param status must be "read".`)
	}
	if m.MessageID == nil || *m.MessageID == "" {
		return cmd, required("message_id")
	}
	cmd.readIDs = []string{*m.MessageID}
	if m.TypingIndicator != nil {
		var t struct {
			Type *string `json:"type"`
		}
		if e := strict(m.TypingIndicator, &t, "typing_indicator"); e != nil {
			return cmd, e
		}
		if t.Type == nil || *t.Type != "text" {
			return cmd, invalidParam(`Param typing_indicator['type'] must be "text".`)
		}
		cmd.typing = true
	}
	return cmd, nil
}

func parseCloudReaction(cmd command, m cloudRequest) (command, *apiError) {
	cmd.op = opReact
	if m.Context != nil {
		return cmd, invalidParam("A reaction cannot be a contextual reply: remove context.")
	}
	if m.Reaction == nil {
		return cmd, required("reaction")
	}
	var re struct {
		MessageID *string `json:"message_id"`
		Emoji     *string `json:"emoji"`
	}
	if e := strict(m.Reaction, &re, "reaction"); e != nil {
		return cmd, e
	}
	if re.MessageID == nil || *re.MessageID == "" {
		return cmd, required("reaction['message_id']")
	}
	if re.Emoji == nil {
		return cmd, required("reaction['emoji']")
	}
	cmd.messageID, cmd.emoji = *re.MessageID, *re.Emoji
	if cmd.emoji == "" {
		cmd.op = opUnreact
	} else if !validEmoji(cmd.emoji) {
		return cmd, invalidParam("Param reaction['emoji'] must be one emoji.")
	}
	return cmd, nil
}

func parseCloudText(cmd command, m cloudRequest) (command, *apiError) {
	cmd.op = opSendText
	if m.Text == nil {
		return cmd, required("text")
	}
	var t struct {
		Body       *string `json:"body"`
		PreviewURL *bool   `json:"preview_url"`
	}
	if e := strict(m.Text, &t, "text"); e != nil {
		return cmd, e
	}
	if t.Body == nil || *t.Body == "" {
		return cmd, required("text['body']")
	}
	if !validText(*t.Body) {
		return cmd, invalidParam("Param text['body'] must be at most 4096 characters long.")
	}
	cmd.text = *t.Body
	if m.Context != nil {
		var c struct {
			MessageID *string `json:"message_id"`
		}
		if e := strict(m.Context, &c, "context"); e != nil {
			return cmd, e
		}
		if c.MessageID == nil || *c.MessageID == "" {
			return cmd, required("context['message_id']")
		}
		cmd.replyTo = *c.MessageID
	}
	return cmd, nil
}

// strict decodes a nested object, refusing unknown keys and wrong types.
func strict(raw json.RawMessage, v any, param string) *apiError {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return invalidParam("Param " + param + " must be an object with only its documented keys, of their documented types.")
	}
	return nil
}

func required(param string) *apiError {
	return invalidParam("The parameter " + param + " is required.")
}

type cloudSendAnswer struct {
	MessagingProduct string         `json:"messaging_product"`
	Contacts         []cloudContact `json:"contacts"`
	Messages         []cloudMsgID   `json:"messages"`
}

type cloudContact struct {
	Input  string `json:"input"`
	WaID   string `json:"wa_id,omitempty"`   // the phone; absent for a BSUID recipient
	UserID string `json:"user_id,omitempty"` // the BSUID of a BSUID recipient
}

type cloudMsgID struct {
	ID string `json:"id"`
}

func (cloudDialect) answer(_ *Server, cmd command, out outcome) reply {
	if cmd.op == opMarkRead {
		return jsonReply(http.StatusOK, map[string]bool{"success": true})
	}
	contact := cloudContact{Input: cmd.to, WaID: cmd.customer}
	if isBSUID(cmd.customer) {
		contact = cloudContact{Input: cmd.to, UserID: cmd.customer}
	}
	return jsonReply(http.StatusOK, cloudSendAnswer{
		MessagingProduct: "whatsapp",
		Contacts:         []cloudContact{contact},
		Messages:         []cloudMsgID{{ID: out.id}},
	})
}

func (cloudDialect) refuse(s *Server, e apiError) reply {
	rep := jsonReply(e.status, map[string]graphError{"error": s.graphError(e)})
	rep.retryAfter = e.retryAfter
	return rep
}
