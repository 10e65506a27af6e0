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
	MessagingProduct string `json:"messaging_product"`
	RecipientType    string `json:"recipient_type"`
	address
	Type     string   `json:"type"`
	Reaction reaction `json:"reaction"`
	// BizOpaqueCallbackData is the caller's tracking id, echoed by Meta in
	// the message's status webhooks.
	BizOpaqueCallbackData string `json:"biz_opaque_callback_data,omitempty"`
}

// address is the recipient: "to" for a phone, "recipient" for a
// business-scoped user id (accepted since May 2026). Exactly one is sent:
// Meta documents that "to" wins when both are.
type address struct {
	To        string `json:"to,omitempty"`
	Recipient string `json:"recipient,omitempty"`
}

func addressOf(to string) address {
	if wire.IsBSUID(to) {
		return address{Recipient: to}
	}
	return address{To: to}
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
	address
	// Context makes the text a reply; it sits before type, as in Meta's
	// contextual-reply example.
	Context *replyContext `json:"context,omitempty"`
	Type    string        `json:"type"`
	Text    textPayload   `json:"text"`
	// BizOpaqueCallbackData: see reactionBody.
	BizOpaqueCallbackData string `json:"biz_opaque_callback_data,omitempty"`
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

// React builds a reaction to r.MessageID; Emoji "" removes the reaction.
func (d *Dialect) React(r wire.Reaction) wire.Request {
	return d.post(reactionBody{
		MessagingProduct:      messagingProduct,
		RecipientType:         individual,
		address:               addressOf(r.To),
		Type:                  "reaction",
		Reaction:              reaction{MessageID: r.MessageID, Emoji: r.Emoji},
		BizOpaqueCallbackData: r.TrackingID,
	})
}

// MarkRead builds a read receipt for an incoming message, adding the typing
// indicator when r.Typing is true. r.Chat is ignored: Graph finds the chat
// from the message id.
func (d *Dialect) MarkRead(r wire.Read) wire.Request {
	b := readBody{MessagingProduct: messagingProduct, Status: "read", MessageID: r.MessageID}
	if r.Typing {
		b.TypingIndicator = &typingIndicator{Type: "text"}
	}
	return d.post(b)
}

// SendText builds a session text message; a non-empty ReplyTo makes it a
// contextual reply to that message.
func (d *Dialect) SendText(t wire.Text) wire.Request {
	b := textBody{
		MessagingProduct:      messagingProduct,
		RecipientType:         individual,
		address:               addressOf(t.To),
		Type:                  "text",
		Text:                  textPayload{Body: t.Body, PreviewURL: t.PreviewURL},
		BizOpaqueCallbackData: t.TrackingID,
	}
	if t.ReplyTo != "" {
		b.Context = &replyContext{MessageID: t.ReplyTo}
	}
	return d.post(b)
}

func (d *Dialect) post(body any) wire.Request {
	return wire.Request{Method: http.MethodPost, Path: d.messagesPath(), Body: wire.JSON(body)}
}
