package waacktest

import (
	"fmt"
	"net/http"

	"github.com/waack/waack"
)

// Wawp webhook shapes (WAHA events).
type (
	wawpEnvelope struct {
		ID        string `json:"id"`
		Timestamp int64  `json:"timestamp"` // milliseconds
		Event     string `json:"event"`
		Session   string `json:"session"`
		Me        wawpMe `json:"me"`
		Payload   any    `json:"payload"`
		Engine    string `json:"engine"`
	}
	wawpMe struct {
		ID       string `json:"id"`
		PushName string `json:"pushName"`
	}
	wawpMessage struct {
		ID        string       `json:"id"`
		Timestamp int64        `json:"timestamp"`
		From      string       `json:"from"`
		FromMe    bool         `json:"fromMe"`
		Source    string       `json:"source"`
		To        string       `json:"to"`
		Body      string       `json:"body"`
		HasMedia  bool         `json:"hasMedia"`
		Ack       int          `json:"ack"`
		AckName   string       `json:"ackName"`
		ReplyTo   *wawpReplyTo `json:"replyTo,omitempty"`
		Data      wawpData     `json:"_data"`
	}
	// wawpData is the part of whatsapp-web.js's raw message the SDK reads:
	// the sender's profile name.
	wawpData struct {
		NotifyName string `json:"notifyName"`
	}
	wawpReplyTo struct {
		ID   string `json:"id"`
		Body string `json:"body,omitempty"`
	}
	wawpReaction struct {
		ID        string           `json:"id"`
		Timestamp int64            `json:"timestamp"`
		From      string           `json:"from"`
		FromMe    bool             `json:"fromMe"`
		To        string           `json:"to"`
		Reaction  wawpReactionBody `json:"reaction"`
	}
	wawpReactionBody struct {
		Text      string `json:"text"` // "" when removed
		MessageID string `json:"messageId"`
	}
	// wawpRevoked is WAHA's message.revoked payload: the revoke notice
	// (after), the message as it was (before) and its id. UNVERIFIED for
	// Wawp, which documents WAHA's events without this one's payload.
	wawpRevoked struct {
		After            wawpMessage  `json:"after"`
		Before           *wawpMessage `json:"before"`
		RevokedMessageID string       `json:"revokedMessageId"`
	}
	// wawpEdited is WAHA's message.edited payload (UNVERIFIED for Wawp).
	wawpEdited struct {
		ID              string   `json:"id"`
		Timestamp       int64    `json:"timestamp"`
		From            string   `json:"from"`
		FromMe          bool     `json:"fromMe"`
		To              string   `json:"to"`
		Body            string   `json:"body"`
		EditedMessageID string   `json:"editedMessageId"`
		Data            wawpData `json:"_data"`
	}
	wawpAck struct {
		ID      string `json:"id"`
		From    string `json:"from"`
		To      string `json:"to"`
		FromMe  bool   `json:"fromMe"`
		Ack     int    `json:"ack"`
		AckName string `json:"ackName"`
		ChatID  string `json:"chatId"`
	}
)

// wawpAcks maps statuses to WAHA's ack values.
var wawpAcks = map[waack.Status]struct {
	ack  int
	name string
}{
	waack.StatusFailed:    {-1, "ERROR"},
	waack.StatusSent:      {1, "SERVER"},
	waack.StatusDelivered: {2, "DEVICE"},
	waack.StatusRead:      {3, "READ"},
}

func (s *Server) wawpEvent(n *number, name string, payload any) event {
	now := s.nowLocked()
	return event{data: encodeJSON(wawpEnvelope{
		// A ULID look-alike: time first, then a key unlike any message key.
		ID:        fmt.Sprintf("evt_01%08x%016x", uint32(now.Unix()), mix(s.traceSeq.Add(1)|1<<63)),
		Timestamp: now.UnixMilli(),
		Event:     name,
		Session:   n.id,
		Me:        wawpMe{ID: n.phone + "@c.us", PushName: "waack sandbox"},
		Payload:   payload,
		Engine:    "WEBJS",
	})}
}

func (wawpDialect) messageEvent(s *Server, m *message) event {
	from, to := m.chat.key.customer+"@c.us", m.chat.number.phone+"@c.us"
	if m.kind == TypeReaction {
		return s.wawpEvent(m.chat.number, "message.reaction", wawpReaction{
			ID: m.id, Timestamp: m.at.Unix(), From: from, To: to,
			Reaction: wawpReactionBody{Text: m.text, MessageID: m.ref},
		})
	}
	wm := wawpCustomerMessage(m)
	if m.ref != "" {
		wm.ReplyTo = &wawpReplyTo{ID: m.ref}
		if q := s.msgs[m.ref]; q != nil {
			wm.ReplyTo.Body = q.text
		}
	}
	return s.wawpEvent(m.chat.number, "message", wm)
}

// wawpCustomerMessage is a customer's message as WAHA's message event
// carries it.
func wawpCustomerMessage(m *message) wawpMessage {
	return wawpMessage{ID: m.id, Timestamp: m.at.Unix(), From: m.chat.key.customer + "@c.us", Source: "app",
		To: m.chat.number.phone + "@c.us", Body: m.text, Ack: 1, AckName: "SERVER",
		Data: wawpData{NotifyName: contactName(m.chat.key.customer)}}
}

// noticeEvent: WAHA's message.revoked and message.edited; WAHA has no
// system notice.
func (wawpDialect) noticeEvent(s *Server, m *message) (event, bool) {
	switch m.kind {
	case TypeRevoke:
		p := wawpRevoked{After: wawpCustomerMessage(m), RevokedMessageID: m.ref}
		p.After.Body = ""
		if orig := s.msgs[m.ref]; orig != nil {
			before := wawpCustomerMessage(orig)
			p.Before = &before
		}
		return s.wawpEvent(m.chat.number, "message.revoked", p), true
	case TypeEdit:
		return s.wawpEvent(m.chat.number, "message.edited", wawpEdited{
			ID: m.id, Timestamp: m.at.Unix(), From: m.chat.key.customer + "@c.us", To: m.chat.number.phone + "@c.us",
			Body: m.text, EditedMessageID: m.ref, Data: wawpData{NotifyName: contactName(m.chat.key.customer)},
		}), true
	}
	return event{}, false
}

// echoEvent: WAHA reports the business's own messages only in message.any
// ("message" is for incoming ones), fromMe, with source "app" for one not
// sent through the API. UNVERIFIED for Wawp.
func (wawpDialect) echoEvent(s *Server, m *message) event {
	return s.wawpEvent(m.chat.number, "message.any", wawpMessage{
		ID: m.id, Timestamp: m.at.Unix(), From: m.chat.number.phone + "@c.us", FromMe: true, Source: "app",
		To: m.chat.key.customer + "@c.us", Body: m.text, Ack: 1, AckName: "SERVER",
	})
}

func (wawpDialect) statusEvent(s *Server, m *message, st waack.Status) event {
	a := wawpAcks[st]
	chatID := m.chat.key.customer + "@c.us"
	return s.wawpEvent(m.chat.number, "message.ack", wawpAck{
		ID: m.id, From: chatID, To: m.chat.number.phone + "@c.us", FromMe: true, Ack: a.ack, AckName: a.name, ChatID: chatID,
	})
}

// batchable: WAHA posts one event at a time.
func (wawpDialect) batchable(event, event) bool { return false }

func (wawpDialect) webhookBody(_ *Server, evs []event) []byte { return evs[0].data }

func (wawpDialect) authenticate(req *http.Request, _ []byte, secret string) {
	withSecret(req, secret)
}
