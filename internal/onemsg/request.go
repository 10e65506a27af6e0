package onemsg

import (
	"encoding/json"
	"strings"

	"github.com/waack/waack/internal/wire"
)

// The body structs fix the JSON field order (golden files pin it): the
// recipient first, then the payload, as in 1MSG's own cURL examples.
// Exactly one of chatId and phone is set, as 1MSG requires.

// reactionBody is POST /sendReaction: the emoji goes in body, the target
// message in quotedMsgId.
type reactionBody struct {
	ChatID string `json:"chatId,omitempty"`
	// Phone is a JSON string here: SendReactionRequest types it so.
	Phone string `json:"phone,omitempty"`
	// Body is always sent: "" removes the reaction, as on Cloud API, which
	// 1MSG fronts (no 1MSG source states it: UNVERIFIED).
	Body        string `json:"body"`
	QuotedMsgID string `json:"quotedMsgId"`
}

// readBody is POST /readMessage.
type readBody struct {
	MessageID string `json:"messageId"`
	// TypingIndicator is always sent, false included: the schema defaults
	// it to false, so the explicit value changes nothing on the wire's
	// meaning and keeps one body shape.
	TypingIndicator bool `json:"typingIndicator"`
}

// textBody is POST /sendMessage.
type textBody struct {
	ChatID string `json:"chatId,omitempty"`
	// Phone is a JSON number here: SendMessageRequest types it as an
	// integer (the official CLI sends it so).
	Phone       json.Number `json:"phone,omitempty"`
	Body        string      `json:"body"`
	QuotedMsgID string      `json:"quotedMsgId,omitempty"`
}

// React builds a reaction; Emoji "" removes it. r.To is a phone number in
// digits or a chat id ("…@c.us", "…@g.us", "…@lid").
func (d *Dialect) React(r wire.Reaction) wire.Request {
	b := reactionBody{Body: r.Emoji, QuotedMsgID: r.MessageID}
	if isPhone(r.To) {
		b.Phone = r.To
	} else {
		b.ChatID = r.To
	}
	return d.call("sendReaction", b)
}

// MarkRead builds a read receipt, with the typing indicator when r.Typing
// is true. r.Chat is ignored: 1MSG finds the chat from the message id.
func (d *Dialect) MarkRead(r wire.Read) wire.Request {
	return d.call("readMessage", readBody{MessageID: r.MessageID, TypingIndicator: r.Typing})
}

// SendText builds a session text message, quoting ReplyTo when it is not
// empty. PreviewURL is ignored: sendMessage has no such option.
func (d *Dialect) SendText(t wire.Text) wire.Request {
	b := textBody{Body: t.Body, QuotedMsgID: t.ReplyTo}
	if isPhone(t.To) {
		b.Phone = json.Number(t.To)
	} else {
		b.ChatID = t.To
	}
	return d.call("sendMessage", b)
}

// isPhone reports whether to is a phone number in digits, which is also a
// valid JSON integer (no leading zero). The root package sends either that
// or a chat id with "@"; anything else is passed on as a chat id, so that
// building a request can never fail.
func isPhone(to string) bool {
	return to != "" && to[0] != '0' && strings.Trim(to, "0123456789") == ""
}
