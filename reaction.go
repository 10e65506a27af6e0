package waack

import (
	"context"
	"fmt"

	"github.com/waack/waack/internal/wire"
)

// Reaction puts an emoji on a customer's message.
type Reaction struct {
	// To is the customer: a phone number, a chat id (1MSG, Wawp), or a
	// business-scoped user id (Cloud API; "US.1349…").
	To        string
	MessageID string // the message to react to
	Emoji     string // one emoji; the text form \uD83D\uDE00 is accepted too
	// TrackingID is echoed in the reaction's status webhooks
	// (StatusEvent.TrackingID): at most 512 bytes, sent as
	// biz_opaque_callback_data. Cloud API only; elsewhere ErrUnsupported.
	TrackingID string
}

// React puts an emoji on a message (👍, ⏳, ✅…); a new reaction on the same
// message replaces the previous one.
//
// The call succeeds when the provider accepts the reaction. WhatsApp reports
// only a "sent" status for reactions, never delivered or read; a target that
// is over 30 days old, deleted, unknown or itself a reaction is reported
// later by a failed status webhook with 131009 (ErrTargetTooOld).
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/reaction-messages
func (c *Client) React(ctx context.Context, r Reaction) (*Sent, error) {
	emoji, err := normalizeEmoji(r.Emoji)
	if err != nil {
		return nil, err
	}
	return c.react(ctx, OpReact, wire.Reaction{To: r.To, MessageID: r.MessageID, Emoji: emoji, TrackingID: r.TrackingID})
}

// Unreact removes the business's reaction from a message (an empty emoji on
// the wire). to is the customer, as Reaction.To.
func (c *Client) Unreact(ctx context.Context, to, messageID string) (*Sent, error) {
	return c.react(ctx, OpUnreact, wire.Reaction{To: to, MessageID: messageID})
}

func (c *Client) react(ctx context.Context, op string, r wire.Reaction) (*Sent, error) {
	var err error
	if r.To, err = c.recipient(r.To); err != nil {
		return nil, err
	}
	if err := checkMessageID(r.MessageID); err != nil {
		return nil, err
	}
	if err := c.checkTrackingID(r.TrackingID); err != nil {
		return nil, err
	}
	if err := c.checkWindow(r.To); err != nil {
		return nil, err
	}
	if c.spacer != nil {
		release, err := c.spacer.acquire(ctx, r.MessageID)
		if err != nil {
			return nil, c.wrap(op, err)
		}
		defer release()
	}
	if err := c.pace(ctx, op, r.To); err != nil {
		return nil, err
	}
	d := c.ep.dialect
	s, err := c.do(ctx, call{op: op, req: d.React(r), decode: d.DecodeSend, trackingID: r.TrackingID})
	if err != nil {
		return nil, err
	}
	return sentOf(s, r.To), nil
}

// Sent is a message the provider accepted. Acceptance is not delivery: the
// message's fate arrives by status webhook.
type Sent struct {
	ID     string // wamid.… (CloudAPI, OneMsg) or the serialized id (Wawp)
	To     string // the recipient as sent (normalized)
	WaID   string // CloudAPI contacts[0].wa_id, when given
	UserID string // CloudAPI contacts[0].user_id (the business-scoped user id), when given
	Status string // CloudAPI messages[0].message_status, when given
}

func sentOf(s wire.Sent, to string) *Sent {
	return &Sent{ID: s.ID, To: to, WaID: s.WaID, UserID: s.UserID, Status: s.Status}
}

// pace applies WithPairPacing to a message for rcpt.
func (c *Client) pace(ctx context.Context, op, rcpt string) error {
	if c.pairs == nil {
		return nil
	}
	if err := c.pairs.wait(ctx, chatKey(rcpt)); err != nil {
		return c.wrap(op, err)
	}
	return nil
}

// checkWindow applies WithSessionGuard.
func (c *Client) checkWindow(chat string) error {
	if c.guard == nil {
		return nil
	}
	if err := c.guard.check(chat, c.guard.clock()); err != nil {
		return fmt.Errorf("waack: %s: %w", c.ep.name, err)
	}
	return nil
}
