package waack

import (
	"context"
	"fmt"

	"github.com/waack/waack/internal/wawp"
	"github.com/waack/waack/internal/wire"
)

// ReadReceipt marks a customer's message read (blue ticks).
type ReadReceipt struct {
	MessageID string // the inbound message; earlier messages of the chat are marked read too
	// From is the sender's phone or chat id. Wawp needs it; when empty it is
	// derived from a serialized id such as false_16505551234@c.us_3EB0….
	From string
	// Typing also shows the typing indicator, for up to 25 seconds or until
	// your reply (Cloud API, 1MSG; Wawp has no such flag on its read call).
	// Show it only when a reply follows.
	Typing bool
}

// MarkRead marks an inbound message, and the earlier ones in its chat, read.
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/typing-indicators/
func (c *Client) MarkRead(ctx context.Context, r ReadReceipt) error {
	chat, err := c.readChat(r)
	if err != nil {
		return err
	}
	d := c.ep.dialect
	_, err = c.do(ctx, call{op: OpMarkRead, req: d.MarkRead(r.MessageID, chat, r.Typing), decode: decodeRead(d)})
	return err
}

// readChat validates a receipt and returns the chat it needs on the wire.
func (c *Client) readChat(r ReadReceipt) (string, error) {
	if err := checkMessageID(r.MessageID); err != nil {
		return "", err
	}
	if c.ep.name != ProviderWawp {
		if r.From == "" {
			return "", nil
		}
		return c.recipient(r.From)
	}
	if r.From != "" {
		return ChatID(r.From)
	}
	if chat, ok := wawp.ChatFromMessageID(r.MessageID); ok {
		return chat, nil
	}
	return "", fmt.Errorf("%w: wawp needs From, or a serialized message id such as false_16505551234@c.us_3EB0…", ErrInvalidPhone)
}

// decodeRead adapts a dialect's read decoder to the pipeline.
func decodeRead(d wire.Dialect) func(int, []byte) (wire.Sent, *wire.Failure) {
	return func(status int, body []byte) (wire.Sent, *wire.Failure) {
		return wire.Sent{}, d.DecodeRead(status, body)
	}
}
