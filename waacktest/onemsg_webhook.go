package waacktest

import (
	"encoding/json"
	"net/http"

	"github.com/waack/waack"
)

// 1MSG webhook shapes (its default, Chat-API-style format).
type (
	oneMsgMessage struct {
		ID          string  `json:"id"`
		Body        string  `json:"body"`
		Type        string  `json:"type"` // "chat" or "reaction"
		FromMe      bool    `json:"fromMe"`
		Self        int     `json:"self"`
		Time        int64   `json:"time"`
		ChatID      string  `json:"chatId"`
		Author      string  `json:"author"`
		SenderName  string  `json:"senderName"`
		ChatName    string  `json:"chatName"`
		QuotedMsgID *string `json:"quotedMsgId"` // null when none
		IsForwarded bool    `json:"isForwarded"`
	}
	oneMsgNotification struct {
		InstanceID string            `json:"instanceId"`
		Messages   []json.RawMessage `json:"messages,omitempty"`
		Ack        []json.RawMessage `json:"ack,omitempty"`
	}
	oneMsgAck struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		ChatID string `json:"chatId"`
		Phone  string `json:"phone"`
		Error  string `json:"error,omitempty"`
	}
)

const (
	oneMsgMessages = "messages"
	oneMsgAcks     = "ack"
)

func (oneMsgDialect) messageEvent(_ *Server, m *message) event {
	phone := m.chat.key.customer
	om := oneMsgMessage{
		ID: m.id, Body: m.text, Type: "chat", Time: m.at.Unix(), ChatID: phone + "@c.us", Author: phone + "@c.us",
		SenderName: contactName(phone), ChatName: contactName(phone),
	}
	if m.kind == TypeReaction {
		om.Type = "reaction"
	}
	if m.ref != "" {
		om.QuotedMsgID = &m.ref
	}
	return event{kind: oneMsgMessages, data: encodeJSON(om)}
}

// noticeEvent: 1MSG documents no webhook for a deleted or edited message
// or a system notice in its default format.
func (oneMsgDialect) noticeEvent(*Server, *message) (event, bool) { return event{}, false }

// echoEvent is a fromMe message: the business wrote from the WhatsApp app
// (self 0; 1 would be the API), as 1MSG reports outgoing messages.
func (oneMsgDialect) echoEvent(_ *Server, m *message) event {
	customer, business := m.chat.key.customer+"@c.us", m.chat.number.phone+"@c.us"
	return event{kind: oneMsgMessages, data: encodeJSON(oneMsgMessage{
		ID: m.id, Body: m.text, Type: "chat", FromMe: true, Time: m.at.Unix(), ChatID: customer, Author: business,
		SenderName: "waack sandbox", ChatName: contactName(m.chat.key.customer),
	})}
}

func (oneMsgDialect) statusEvent(_ *Server, m *message, st waack.Status) event {
	a := oneMsgAck{ID: m.id, Status: string(st), ChatID: m.chat.key.customer + "@c.us", Phone: m.chat.key.customer}
	if f := m.failure; st == waack.StatusFailed && f != nil {
		a.Error = f.title // 1MSG reports Meta's title, not the code
	}
	return event{kind: oneMsgAcks, data: encodeJSON(a)}
}

// batchable: one POST carries either messages or acks, of one channel.
func (oneMsgDialect) batchable(first, next event) bool {
	return first.kind == next.kind && first.number == next.number
}

func (oneMsgDialect) webhookBody(_ *Server, evs []event) []byte {
	n := oneMsgNotification{InstanceID: evs[0].number}
	for _, e := range evs {
		if e.kind == oneMsgAcks {
			n.Ack = append(n.Ack, e.data)
		} else {
			n.Messages = append(n.Messages, e.data)
		}
	}
	return encodeJSON(n)
}

func (oneMsgDialect) authenticate(req *http.Request, _ []byte, secret string) {
	withSecret(req, secret)
}
