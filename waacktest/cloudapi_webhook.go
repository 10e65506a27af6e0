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
	}
	cloudMetadata struct {
		DisplayPhoneNumber string `json:"display_phone_number"`
		PhoneNumberID      string `json:"phone_number_id"`
	}
	cloudHookContact struct {
		Profile cloudProfile `json:"profile"`
		WaID    string       `json:"wa_id"`
	}
	cloudProfile struct {
		Name string `json:"name"`
	}
	cloudHookMessage struct {
		Context   *cloudContext  `json:"context,omitempty"`
		From      string         `json:"from"`
		ID        string         `json:"id"`
		Timestamp string         `json:"timestamp"`
		Type      string         `json:"type"`
		Text      *cloudText     `json:"text,omitempty"`
		Reaction  *cloudReaction `json:"reaction,omitempty"`
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

func (cloudDialect) messageEvent(s *Server, m *message) event {
	hm := cloudHookMessage{From: m.chat.key.customer, ID: m.id, Timestamp: unixString(m.at), Type: m.kind}
	if m.kind == TypeReaction {
		hm.Reaction = &cloudReaction{MessageID: m.ref, Emoji: m.text}
	} else {
		hm.Text = &cloudText{Body: m.text}
		if m.ref != "" {
			hm.Context = &cloudContext{From: m.chat.number.phone, ID: m.ref}
		}
	}
	return event{data: encodeJSON(cloudValue{
		MessagingProduct: "whatsapp",
		Metadata:         cloudMeta(m.chat.number),
		Contacts:         []cloudHookContact{{Profile: cloudProfile{Name: contactName(m.chat.key.customer)}, WaID: m.chat.key.customer}},
		Messages:         []cloudHookMessage{hm},
	})}
}

func (cloudDialect) statusEvent(s *Server, m *message, st waack.Status) event {
	cs := metaStatus(m, st, s.nowLocked())
	return event{data: encodeJSON(cloudValue{MessagingProduct: "whatsapp", Metadata: cloudMeta(m.chat.number), Statuses: []cloudStatus{cs}})}
}

// batchable: any Cloud API events share a POST, one change each.
func (cloudDialect) batchable(event, event) bool { return true }

func (cloudDialect) webhookBody(_ *Server, evs []event) []byte {
	changes := make([]cloudChange, len(evs))
	for i, e := range evs {
		changes[i] = cloudChange{Value: e.data, Field: "messages"}
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
