package waacktest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"

	"github.com/waack/waack"
)

// Cloud API webhook shapes (Meta's "messages" field).
type (
	cloudNotification struct {
		Object string       `json:"object"`
		Entry  []cloudEntry `json:"entry"`
	}
	cloudEntry struct {
		ID      string        `json:"id"`
		Changes []cloudChange `json:"changes"`
	}
	cloudChange struct {
		Value json.RawMessage `json:"value"`
		Field string          `json:"field"`
	}
	cloudValue struct {
		MessagingProduct string             `json:"messaging_product"`
		Metadata         cloudMetadata      `json:"metadata"`
		Contacts         []cloudHookContact `json:"contacts,omitempty"`
		Messages         []cloudHookMessage `json:"messages,omitempty"`
		Statuses         []cloudStatus      `json:"statuses,omitempty"`
		MessageEchoes    []cloudEcho        `json:"message_echoes,omitempty"` // field smb_message_echoes
	}
	// cloudEcho is a message the business sent from the WhatsApp Business
	// app of a coexistence number (smb_message_echoes).
	cloudEcho struct {
		From      string     `json:"from"` // the business's display number
		To        string     `json:"to"`
		ID        string     `json:"id"`
		Timestamp string     `json:"timestamp"`
		Type      string     `json:"type"`
		Text      *cloudText `json:"text,omitempty"`
	}
	cloudMetadata struct {
		DisplayPhoneNumber string `json:"display_phone_number"`
		PhoneNumberID      string `json:"phone_number_id"`
	}
	cloudHookContact struct {
		Profile cloudProfile `json:"profile"`
		WaID    string       `json:"wa_id,omitempty"`   // absent for a customer known only by a BSUID
		UserID  string       `json:"user_id,omitempty"` // the BSUID (2026)
	}
	cloudProfile struct {
		Name     string `json:"name"`
		Username string `json:"username,omitempty"`
	}
	cloudHookMessage struct {
		Context    *cloudContext  `json:"context,omitempty"`
		From       string         `json:"from,omitempty"`         // absent for a customer known only by a BSUID
		FromUserID string         `json:"from_user_id,omitempty"` // the BSUID (2026)
		ID         string         `json:"id"`
		Timestamp  string         `json:"timestamp"`
		Type       string         `json:"type"`
		Text       *cloudText     `json:"text,omitempty"`
		Reaction   *cloudReaction `json:"reaction,omitempty"`
		Revoke     *cloudRevoke   `json:"revoke,omitempty"`
		Edit       *cloudEdit     `json:"edit,omitempty"`
		System     *cloudSystem   `json:"system,omitempty"`
	}
	// cloudRevoke, cloudEdit: the customer deleted or edited a message
	// (Meta documents them for coexistence numbers; the sandbox sends them
	// for every number).
	cloudRevoke struct {
		OriginalMessageID string `json:"original_message_id"`
	}
	cloudEdit struct {
		OriginalMessageID string          `json:"original_message_id"`
		Message           cloudEditedText `json:"message"`
	}
	cloudEditedText struct {
		Type string    `json:"type"`
		Text cloudText `json:"text"`
	}
	cloudSystem struct {
		Body string `json:"body"`
		WaID string `json:"wa_id,omitempty"`
		Type string `json:"type"`
	}
	cloudContext struct {
		From string `json:"from"`
		ID   string `json:"id"`
	}
	cloudText struct {
		Body string `json:"body"`
	}
	cloudReaction struct {
		MessageID string `json:"message_id"`
		Emoji     string `json:"emoji,omitempty"` // absent on a removal, as Meta sends it
	}
)

func cloudMeta(n *number) cloudMetadata {
	return cloudMetadata{DisplayPhoneNumber: n.phone, PhoneNumberID: n.id}
}

// cloudFrom is the customer in an inbound message: the phone, or for a
// customer known only by a BSUID that BSUID in from_user_id.
func cloudFrom(m *message) cloudHookMessage {
	hm := cloudHookMessage{From: m.chat.key.customer, ID: m.id, Timestamp: unixString(m.at), Type: m.kind}
	if m.chat.bsuid() {
		hm.From, hm.FromUserID = "", m.chat.key.customer
	}
	return hm
}

// cloudContacts is the contacts[] of an inbound message.
func cloudContacts(c *chat) []cloudHookContact {
	hc := cloudHookContact{Profile: cloudProfile{Name: contactName(c.key.customer), Username: c.username}, WaID: c.key.customer}
	if c.bsuid() {
		hc.WaID, hc.UserID = "", c.key.customer
	}
	return []cloudHookContact{hc}
}

// cloudInbound wraps inbound messages in their change value.
func cloudInbound(m *message, hm cloudHookMessage, contacts []cloudHookContact) event {
	return event{kind: "messages", data: encodeJSON(cloudValue{
		MessagingProduct: "whatsapp", Metadata: cloudMeta(m.chat.number), Contacts: contacts, Messages: []cloudHookMessage{hm},
	})}
}

func (cloudDialect) noticeEvent(_ *Server, m *message) (event, bool) {
	hm := cloudFrom(m)
	switch m.kind {
	case TypeRevoke:
		hm.Revoke = &cloudRevoke{OriginalMessageID: m.ref}
	case TypeEdit:
		hm.Edit = &cloudEdit{OriginalMessageID: m.ref, Message: cloudEditedText{Type: TypeText, Text: cloudText{Body: m.text}}}
	case TypeSystem:
		// System messages come without contacts (Meta's reference).
		hm.System = &cloudSystem{Body: m.text, WaID: m.newPhone, Type: "user_changed_number"}
		return cloudInbound(m, hm, nil), true
	default:
		return event{}, false
	}
	return cloudInbound(m, hm, cloudContacts(m.chat)), true
}

// echoEvent is an smb_message_echoes change (Meta's reference, Oct 2025).
func (cloudDialect) echoEvent(_ *Server, m *message) event {
	return event{kind: "smb_message_echoes", data: encodeJSON(cloudValue{
		MessagingProduct: "whatsapp", Metadata: cloudMeta(m.chat.number),
		MessageEchoes: []cloudEcho{{From: m.chat.number.phone, To: m.chat.key.customer, ID: m.id,
			Timestamp: unixString(m.at), Type: TypeText, Text: &cloudText{Body: m.text}}},
	})}
}

func (cloudDialect) messageEvent(s *Server, m *message) event {
	hm := cloudFrom(m)
	if m.kind == TypeReaction {
		hm.Reaction = &cloudReaction{MessageID: m.ref, Emoji: m.text}
	} else {
		hm.Text = &cloudText{Body: m.text}
		if m.ref != "" {
			hm.Context = &cloudContext{From: m.chat.number.phone, ID: m.ref}
		}
	}
	return cloudInbound(m, hm, cloudContacts(m.chat))
}

func (cloudDialect) statusEvent(s *Server, m *message, st waack.Status) event {
	cs := metaStatus(m, st, s.nowLocked())
	v := cloudValue{MessagingProduct: "whatsapp", Metadata: cloudMeta(m.chat.number), Statuses: []cloudStatus{cs}}
	if m.chat.bsuid() && st != waack.StatusFailed {
		v.Contacts = cloudContacts(m.chat) // BSUID statuses carry contacts, except failed ones
	}
	return event{kind: "messages", data: encodeJSON(v)}
}

// batchable: any Cloud API events share a POST, one change each.
func (cloudDialect) batchable(event, event) bool { return true }

func (cloudDialect) webhookBody(_ *Server, evs []event) []byte {
	changes := make([]cloudChange, len(evs))
	for i, e := range evs {
		changes[i] = cloudChange{Value: e.data, Field: e.kind}
	}
	return metaEscape(encodeJSON(cloudNotification{
		Object: "whatsapp_business_account",
		Entry:  []cloudEntry{{ID: wabaID, Changes: changes}},
	}))
}

// authenticate signs the body with the secret as the app secret.
func (cloudDialect) authenticate(req *http.Request, body []byte, secret string) {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	req.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(mac.Sum(nil)))
}

// contactName is the profile name a simulated customer goes by.
func contactName(phone string) string {
	return "Customer " + phone[max(len(phone)-4, 0):]
}
