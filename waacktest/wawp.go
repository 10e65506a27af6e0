package waacktest

import (
	"fmt"
	"net/http"

	"github.com/waack/waack"
)

// wawpDialect is the Wawp API (WAHA-like on whatsapp-web.js):
// /v2/send/… with instance_id and access_token in the query or the JSON
// body, whatsapp-web.js message objects as answers, {"error": "…"} errors.
type wawpDialect struct{ noOwnCalls }

func (wawpDialect) name() string { return waack.ProviderWawp }

func (wawpDialect) blank() waack.Provider { return waack.Wawp{} }

func (wawpDialect) numberOf(p waack.Provider) string {
	c, _ := p.(waack.Wawp)
	return c.InstanceID
}

// numberID: 12-character instance ids, as Wawp's (SANDBOX00001 is the
// default).
func (wawpDialect) numberID(i int) string { return fmt.Sprintf("SANDBOX%05d", i+1) }

func (wawpDialect) config(s *Server, n *number) waack.Provider {
	return waack.Wawp{InstanceID: n.id, AccessToken: s.creds[waack.ProviderWawp], BaseURL: s.url}
}

func (wawpDialect) newToken() string { return randomHex() }

func (wawpDialect) chatID(customer string) string { return customer + "@c.us" }

// messageID: whatsapp-web.js serialized ids.
func (wawpDialect) messageID(customer string, inbound bool, seq uint64) string {
	return serialized(!inbound, customer, seq)
}

// hasBSUIDs: no documented wire form for a customer known only by a BSUID.
func (wawpDialect) hasBSUIDs() bool { return false }

func (wawpDialect) refusesClosedWindow() bool { return false }

// Wawp is a Wawp configuration with valid credentials for this server's
// default instance.
func (s *Server) Wawp() waack.Wawp {
	return wawpDialect{}.config(s, s.firstNumber(waack.ProviderWawp)).(waack.Wawp)
}

func (wawpDialect) patterns() []string {
	return []string{"PUT /v2/send/reaction", "POST /v2/send/seen", "POST /v2/send/text"}
}

func wawpInvalid(text string) *apiError {
	return &apiError{status: http.StatusBadRequest, plain: "Bad Request - " + text}
}

// credential reads a credential from the query, else from the body.
func credential(r *http.Request, f fields, name string) string {
	if v := r.URL.Query().Get(name); v != "" {
		return v
	}
	v, _, _ := f.str(name)
	return v
}

func (wawpDialect) parse(s *Server, r *http.Request, body []byte) (command, *apiError) {
	cmd := command{provider: waack.ProviderWawp}
	f, bodyOK := readFields(r, body, false)
	if !equalSecret(credential(r, f, "access_token"), s.creds[waack.ProviderWawp]) {
		return cmd, &apiError{status: http.StatusUnauthorized, plain: "Unauthorized - Invalid or Missing Access Token"}
	}
	if cmd.number = s.calledNumber(cmd.provider, credential(r, f, "instance_id")); cmd.number == nil {
		return cmd, &apiError{status: http.StatusNotFound, plain: "Instance not found"}
	}
	if !bodyOK {
		return cmd, wawpInvalid("the body is not a JSON object.")
	}
	chatID, _, ok := f.str("chatId")
	if !ok || chatID == "" {
		return cmd, wawpInvalid("Missing Required Parameter(s): chatId.")
	}
	cmd.to = chatID
	if cmd.customer, ok = chatPhone(chatID); !ok {
		return cmd, wawpInvalid("chatId must look like 447441429009@c.us (the sandbox has no groups or channels).")
	}
	switch r.URL.Path {
	case "/v2/send/reaction":
		return parseWawpReaction(cmd, f)
	case "/v2/send/seen":
		return parseWawpSeen(cmd, f)
	default:
		return parseWawpText(cmd, f)
	}
}

func parseWawpReaction(cmd command, f fields) (command, *apiError) {
	cmd.op = opReact
	target, _, ok := f.str("messageId")
	if !ok || target == "" {
		return cmd, wawpInvalid("Missing Required Parameter(s): messageId.")
	}
	emoji, present, ok := f.str("reaction")
	if !ok || !present {
		return cmd, wawpInvalid(`Missing Required Parameter(s): reaction (an emoji, or "" to delete the reaction).`)
	}
	cmd.messageID, cmd.emoji = target, emoji
	if emoji == "" {
		cmd.op = opUnreact
	} else if !validEmoji(emoji) {
		return cmd, wawpInvalid("reaction must be one emoji.")
	}
	return cmd, nil
}

func parseWawpSeen(cmd command, f fields) (command, *apiError) {
	cmd.op = opMarkRead
	ids, ok := f.strings("messageIds")
	if !ok {
		return cmd, wawpInvalid("messageIds must be an array of message ids.")
	}
	for _, id := range ids {
		if id == "" {
			return cmd, wawpInvalid("messageIds must not hold an empty id.")
		}
	}
	cmd.readIDs = ids
	return cmd, nil
}

func parseWawpText(cmd command, f fields) (command, *apiError) {
	cmd.op = opSendText
	text, _, ok := f.str("message")
	if !ok || text == "" {
		return cmd, wawpInvalid("Missing Required Parameter(s): message.")
	}
	if !validText(text) {
		return cmd, wawpInvalid("message must be at most 4096 characters long.")
	}
	replyTo, _, ok := f.str("reply_to")
	if !ok {
		return cmd, wawpInvalid("reply_to must be a message id.")
	}
	cmd.text, cmd.replyTo = text, replyTo
	return cmd, nil
}

// whatsapp-web.js Message, as Wawp answers a text.
type (
	wwebjsMessage struct {
		Data         wwebjsData `json:"_data"`
		ID           wwebjsID   `json:"id"`
		Ack          int        `json:"ack"`
		HasMedia     bool       `json:"hasMedia"`
		Body         string     `json:"body"`
		Type         string     `json:"type"`
		Timestamp    int64      `json:"timestamp"`
		From         string     `json:"from"`
		To           string     `json:"to"`
		DeviceType   string     `json:"deviceType"`
		IsForwarded  bool       `json:"isForwarded"`
		FromMe       bool       `json:"fromMe"`
		HasQuotedMsg bool       `json:"hasQuotedMsg"`
		HasReaction  bool       `json:"hasReaction"`
		MentionedIDs []string   `json:"mentionedIds"`
		Links        []string   `json:"links"`
	}
	wwebjsData struct {
		ID   wwebjsID `json:"id"`
		Body string   `json:"body"`
		Type string   `json:"type"`
		T    int64    `json:"t"`
		From string   `json:"from"`
		To   string   `json:"to"`
		Ack  int      `json:"ack"`
	}
	wwebjsID struct {
		FromMe     bool   `json:"fromMe"`
		Remote     string `json:"remote"`
		ID         string `json:"id"`
		Serialized string `json:"_serialized"`
	}
)

func (wawpDialect) answer(_ *Server, cmd command, out outcome) reply {
	switch cmd.op {
	case opMarkRead:
		return jsonReply(http.StatusOK, struct{}{})
	case opReact, opUnreact:
		return jsonReply(http.StatusOK, map[string]string{"id": out.id})
	}
	chatID := cmd.customer + "@c.us"
	id := wwebjsID{FromMe: true, Remote: chatID, ID: out.id[len(out.id)-20:], Serialized: out.id}
	from := cmd.number.phone + "@c.us"
	return jsonReply(http.StatusOK, wwebjsMessage{
		Data: wwebjsData{ID: id, Body: cmd.text, Type: "chat", T: out.at.Unix(), From: from, To: chatID},
		ID:   id, Body: cmd.text, Type: "chat", Timestamp: out.at.Unix(), From: from, To: chatID,
		DeviceType: "web", FromMe: true, HasQuotedMsg: cmd.replyTo != "",
		MentionedIDs: []string{}, Links: []string{},
	})
}

func (wawpDialect) refuse(_ *Server, e apiError) reply {
	text := e.plain
	if text == "" {
		text = e.title
	}
	rep := jsonReply(e.status, map[string]string{"error": text})
	rep.retryAfter = e.retryAfter
	return rep
}
