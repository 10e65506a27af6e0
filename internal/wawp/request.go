package wawp

import (
	"net/http"

	"github.com/waack/waack/internal/wire"
)

// The body structs fix the JSON field order (golden files pin it):
// credentials, the chat, then the payload, as in Wawp's parameter tables.

// reactionBody is PUT /v2/send/reaction.
// https://api.wawp.net/en/docs/v2/send/reaction
type reactionBody struct {
	credentials
	ChatID    string `json:"chatId"`
	MessageID string `json:"messageId"` // the serialized id of the target
	Reaction  string `json:"reaction"`  // "" deletes the reaction
}

// seenBody is POST /v2/send/seen for one message.
// https://api.wawp.net/en/docs/v2/send/seen
type seenBody struct {
	credentials
	ChatID     string   `json:"chatId"`
	MessageIDs []string `json:"messageIds"`
}

// textBody is POST /v2/send/text: the text field is "message", not WAHA's
// "text". https://api.wawp.net/en/docs/v2/send/text
type textBody struct {
	credentials
	ChatID  string `json:"chatId"`
	Message string `json:"message"`
	ReplyTo string `json:"reply_to,omitempty"`
}

// React builds a reaction in chat to (a chat id) on messageID, a
// serialized id; emoji "" deletes the reaction.
func (d *Dialect) React(to, messageID, emoji string) wire.Request {
	return d.call(http.MethodPut, "/v2/send/reaction", reactionBody{
		credentials: d.credentials(), ChatID: to, MessageID: messageID, Reaction: emoji,
	})
}

// MarkRead marks one message of chat as seen. When chat is "" it is taken
// from the serialized messageID (see ChatFromMessageID). typing is ignored:
// Wawp has no typing indicator tied to a read receipt.
func (d *Dialect) MarkRead(messageID, chat string, _ bool) wire.Request {
	if chat == "" {
		chat, _ = ChatFromMessageID(messageID)
	}
	return d.call(http.MethodPost, "/v2/send/seen", seenBody{
		credentials: d.credentials(), ChatID: chat, MessageIDs: []string{messageID},
	})
}

// SendText builds a text message to chat to, replying to replyTo when it is
// not empty. previewURL is ignored: Wawp's send/text has no such option.
func (d *Dialect) SendText(to, body, replyTo string, _ bool) wire.Request {
	return d.call(http.MethodPost, "/v2/send/text", textBody{
		credentials: d.credentials(), ChatID: to, Message: body, ReplyTo: replyTo,
	})
}
