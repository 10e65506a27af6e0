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

// React builds a reaction in chat r.To (a chat id) on r.MessageID, a
// serialized id; Emoji "" deletes the reaction.
func (d *Dialect) React(r wire.Reaction) wire.Request {
	return d.call(http.MethodPut, "/v2/send/reaction", reactionBody{
		credentials: d.credentials(), ChatID: r.To, MessageID: r.MessageID, Reaction: r.Emoji,
	})
}

// MarkRead marks one message of chat r.Chat as seen. Wawp has no typing
// indicator tied to a read receipt (Features says so, and the root package
// never asks for one here).
func (d *Dialect) MarkRead(r wire.Read) wire.Request {
	return d.call(http.MethodPost, "/v2/send/seen", seenBody{
		credentials: d.credentials(), ChatID: r.Chat, MessageIDs: []string{r.MessageID},
	})
}

// SendText builds a text message to chat t.To, replying to ReplyTo when it
// is not empty. PreviewURL is ignored: Wawp's send/text has no such option.
func (d *Dialect) SendText(t wire.Text) wire.Request {
	return d.call(http.MethodPost, "/v2/send/text", textBody{
		credentials: d.credentials(), ChatID: t.To, Message: t.Body, ReplyTo: t.ReplyTo,
	})
}
