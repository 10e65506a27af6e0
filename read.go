package waack

import (
	"context"

	"github.com/waack/waack/internal/wire"
)

// ReadReceipt marks a customer's message read (blue ticks).
type ReadReceipt struct {
	MessageID string // the inbound message; earlier messages of the chat are marked read too
	// From is the sender: a phone, a chat id or a business-scoped user id.
	// Only Wawp's read call carries it, and there, when empty, it is derived
	// from a serialized id such as false_16505551234@c.us_3EB0…. The Cloud
	// API and 1MSG find the chat from the message id, so From is neither
	// sent nor checked there.
	From string
	// Typing also shows the typing indicator, for up to 25 seconds or until
	// your reply. The Cloud API and 1MSG carry it on the read call; Wawp has
	// no such flag, so there only the read receipt is sent (see
	// Client.ShowsTyping). Show it only when a reply follows.
	Typing bool
}

// MarkRead marks an inbound message, and the earlier ones in its chat, read.
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/typing-indicators/
func (c *Client) MarkRead(ctx context.Context, r ReadReceipt) error {
	rd, err := c.read(r)
	if err != nil {
		return err
	}
	d := c.ep.dialect
	_, err = c.do(ctx, call{op: OpMarkRead, req: d.MarkRead(rd), decode: decodeRead(d)})
	return err
}

// read validates a receipt into what the dialect sends.
func (c *Client) read(r ReadReceipt) (wire.Read, error) {
	if err := checkMessageID(r.MessageID); err != nil {
		return wire.Read{}, err
	}
	var a wire.Address
	if r.From != "" {
		a = parseAddress(r.From)
	}
	chat, err := c.ep.dialect.ReadChat(a, r.MessageID)
	if err != nil {
		return wire.Read{}, inputError(err)
	}
	return wire.Read{MessageID: r.MessageID, Chat: chat, Typing: r.Typing && c.ShowsTyping()}, nil
}

// ShowsTyping reports whether the client's provider can show the typing
// indicator with a read receipt: true for the Cloud API and 1MSG, false for
// Wawp, where ReadReceipt.Typing and Ack.Typing send the read receipt alone.
func (c *Client) ShowsTyping() bool { return c.ep.dialect.Features().Typing }

// decodeRead adapts a dialect's read decoder to the pipeline.
func decodeRead(d wire.Dialect) func(int, []byte) (wire.Sent, *wire.Failure) {
	return func(status int, body []byte) (wire.Sent, *wire.Failure) {
		return wire.Sent{}, d.DecodeRead(status, body)
	}
}
