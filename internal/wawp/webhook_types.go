package wawp

import (
	"encoding/json"

	"github.com/waack/waack/internal/flex"
)

// envelope is a Wawp (WAHA-style) webhook body: one event per POST.
// Timestamp is in milliseconds; the payload's own timestamp in seconds.
// Session is the instance id.
//
// https://api.wawp.net/en/docs/message, https://waha.devlike.pro/docs/how-to/events/
type envelope struct {
	ID        flex.String `json:"id"`
	Event     string      `json:"event"`
	Session   flex.String `json:"session"`
	Timestamp flex.Number `json:"timestamp"`
	Payload   payload     `json:"payload"`
}

// payload covers the payloads of message, message.any, message.reaction,
// message.ack, message.revoked and message.edited: WAHA's WAMessage,
// WAMessageReaction and ack body, and Wawp's flatter documented variants
// (chatId, senderId, messageId, reaction as a plain string).
type payload struct {
	ID          flex.ID      `json:"id"`
	Timestamp   flex.Number  `json:"timestamp"` // seconds, may be fractional
	From        flex.String  `json:"from"`
	To          flex.String  `json:"to"`
	ChatID      flex.String  `json:"chatId"`
	Participant flex.String  `json:"participant"`
	Author      flex.String  `json:"author"`
	SenderID    flex.String  `json:"senderId"`
	FromMe      flex.Bool    `json:"fromMe"`
	Type        string       `json:"type"`
	Body        flex.String  `json:"body"`
	HasMedia    flex.Bool    `json:"hasMedia"`
	ReplyTo     flex.ID      `json:"replyTo"`
	Reaction    reaction     `json:"reaction"`
	MessageID   flex.ID      `json:"messageId"`
	Ack         *flex.Number `json:"ack"`
	AckName     string       `json:"ackName"`
	// RevokedMessageID and EditedMessageID name the message a
	// message.revoked or message.edited event concerns (WAHA; Wawp's own
	// shape is UNVERIFIED). Before is the revoked message, when given.
	RevokedMessageID flex.ID  `json:"revokedMessageId"`
	EditedMessageID  flex.ID  `json:"editedMessageId"`
	Before           *payload `json:"before"`
	Data             struct {
		Type       flex.String `json:"type"`
		NotifyName flex.String `json:"notifyName"` // WEBJS
		PushName   flex.String `json:"pushName"`   // NOWEB
	} `json:"_data"`
}

// reaction is "❤️" (Wawp's documented example) or {text, messageId}
// (WAHA). Text "" means the reaction was removed.
type reaction struct {
	Text      flex.String `json:"text"`
	MessageID flex.ID     `json:"messageId"`
}

// UnmarshalJSON implements json.Unmarshaler.
func (r *reaction) UnmarshalJSON(b []byte) error {
	*r = reaction{}
	switch {
	case len(b) > 0 && b[0] == '"':
		_ = r.Text.UnmarshalJSON(b) // never fails
	case len(b) > 0 && b[0] == '{':
		type plain reaction // without this method
		var p plain
		_ = json.Unmarshal(b, &p) // its fields never fail to decode
		*r = reaction(p)
	}
	return nil
}
