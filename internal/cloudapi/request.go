package cloudapi

import (
	"net/http"

	"github.com/waack/waack/internal/wire"
)

// The body structs below fix the JSON field order of every request (golden
// files pin it): the common message skeleton first, then the typed payload,
// the way Meta's examples are written.

const (
	messagingProduct = "whatsapp"
	individual       = "individual"
)

// reactionBody is a reaction message.
// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/reaction-messages
type reactionBody struct {
	MessagingProduct string   `json:"messaging_product"`
	RecipientType    string   `json:"recipient_type"`
	To               string   `json:"to"`
	Type             string   `json:"type"`
	Reaction         reaction `json:"reaction"`
}

type reaction struct {
	MessageID string `json:"message_id"`
	// Emoji is always sent: "" is how Cloud API removes a reaction.
	Emoji string `json:"emoji"`
}

// readBody is a read receipt, with the typing indicator when asked.
// https://developers.facebook.com/documentation/business-messaging/whatsapp/typing-indicators/
type readBody struct {
	MessagingProduct string           `json:"messaging_product"`
	Status           string           `json:"status"`
	MessageID        string           `json:"message_id"`
	TypingIndicator  *typingIndicator `json:"typing_indicator,omitempty"`
}

type typingIndicator struct {
	Type string `json:"type"` // "text", the only type Meta documents
}

// textBody is a session text message, optionally a contextual reply.
// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/text-messages
type textBody struct {
	MessagingProduct string `json:"messaging_product"`
	RecipientType    string `json:"recipient_type"`
	To               string `json:"to"`
	// Context makes the text a reply; it sits before type, as in Meta's
	// contextual-reply example.
	Context *replyContext `json:"context,omitempty"`
	Type    string        `json:"type"`
	Text    textPayload   `json:"text"`
}

type replyContext struct {
	MessageID string `json:"message_id"`
}

type textPayload struct {
	Body string `json:"body"`
	// PreviewURL is always sent, false included: Meta's own examples spell
	// it out, and relays that speak this dialect need not share Graph's
	// default, so an explicit value means the same thing everywhere.
	PreviewURL bool `json:"preview_url"`
}

// React builds a reaction to messageID; emoji "" removes the reaction.
func (d *Dialect) React(to, messageID, emoji string) wire.Request {
	return d.post(reactionBody{
		MessagingProduct: messagingProduct,
		RecipientType:    individual,
		To:               to,
		Type:             "reaction",
		Reaction:         reaction{MessageID: messageID, Emoji: emoji},
	})
}

// MarkRead builds a read receipt for an incoming message, adding the typing
// indicator when typing is true. chat is ignored: Graph finds the chat from
// the message id.
func (d *Dialect) MarkRead(messageID, _ string, typing bool) wire.Request {
	b := readBody{MessagingProduct: messagingProduct, Status: "read", MessageID: messageID}
	if typing {
		b.TypingIndicator = &typingIndicator{Type: "text"}
	}
	return d.post(b)
}

// SendText builds a session text message; a non-empty replyTo makes it a
// contextual reply to that message.
func (d *Dialect) SendText(to, body, replyTo string, previewURL bool) wire.Request {
	b := textBody{
		MessagingProduct: messagingProduct,
		RecipientType:    individual,
		To:               to,
		Type:             "text",
		Text:             textPayload{Body: body, PreviewURL: previewURL},
	}
	if replyTo != "" {
		b.Context = &replyContext{MessageID: replyTo}
	}
	return d.post(b)
}

func (d *Dialect) post(body any) wire.Request {
	return wire.Request{Method: http.MethodPost, Path: d.messagesPath(), Body: wire.JSON(body)}
}
