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

// React builds a reaction; emoji "" removes it. to is a phone number in
// digits or a chat id ("…@c.us", "…@g.us", "…@lid").
func (d *Dialect) React(to, messageID, emoji string) wire.Request {
	b := reactionBody{Body: emoji, QuotedMsgID: messageID}
	if isPhone(to) {
		b.Phone = to
	} else {
		b.ChatID = to
	}
	return d.call("sendReaction", b)
}

// MarkRead builds a read receipt, with the typing indicator when typing is
// true. chat is ignored: 1MSG finds the chat from the message id.
func (d *Dialect) MarkRead(messageID, _ string, typing bool) wire.Request {
	return d.call("readMessage", readBody{MessageID: messageID, TypingIndicator: typing})
}

// SendText builds a session text message, quoting replyTo when it is not
// empty. previewURL is ignored: sendMessage has no such option.
func (d *Dialect) SendText(to, body, replyTo string, _ bool) wire.Request {
	b := textBody{Body: body, QuotedMsgID: replyTo}
	if isPhone(to) {
		b.Phone = json.Number(to)
	} else {
		b.ChatID = to
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
