package waack

import (
	"context"
	"errors"

	"github.com/waack/waack/internal/wire"
)

// DefaultAckEmoji is the reaction Acknowledge uses when Ack.Emoji is empty.
const DefaultAckEmoji = "👍"

// Ack acknowledges an inbound message: a reaction plus a read receipt.
type Ack struct {
	// From is the customer who sent the message: a phone, a chat id or a
	// business-scoped user id. MessageEvent.ChatID is the right value for
	// every customer, those known only by their user id included.
	From      string
	MessageID string // the inbound message
	Emoji     string // default DefaultAckEmoji
	Typing    bool   // also show the typing indicator (a reply should follow); see ReadReceipt.Typing
}

// Acknowledge reacts to an inbound message (👍 by default) and marks it
// read, in that order. Both are attempted even if one fails; the errors are
// joined, and the reaction's Sent is returned when the reaction went out.
// All input, and WithSessionGuard's window, is checked before either
// request is made.
func (c *Client) Acknowledge(ctx context.Context, a Ack) (*Sent, error) {
	emoji := a.Emoji
	if emoji == "" {
		emoji = DefaultAckEmoji
	}
	emoji, err := normalizeEmoji(emoji)
	if err != nil {
		return nil, err
	}
	rr := ReadReceipt{MessageID: a.MessageID, From: a.From, Typing: a.Typing}
	if _, err := c.read(rr); err != nil {
		return nil, err
	}
	rcpt, err := c.recipient(a.From)
	if err != nil {
		return nil, err
	}
	if err := c.checkWindow(rcpt); err != nil {
		return nil, err // a closed window fails the whole acknowledgement, before any request
	}
	sent, reactErr := c.react(ctx, OpReact, wire.Reaction{To: a.From, MessageID: a.MessageID, Emoji: emoji})
	readErr := c.MarkRead(ctx, rr)
	return sent, errors.Join(reactErr, readErr)
}
