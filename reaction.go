package waack

import (
	"context"
	"fmt"
)

// Reaction puts an emoji on a customer's message.
type Reaction struct {
	To        string // the customer: a phone number, or a chat id (1MSG, Wawp)
	MessageID string // the message to react to
	Emoji     string // one emoji; the text form \uD83D\uDE00 is accepted too
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
	return c.react(ctx, OpReact, r.To, r.MessageID, emoji)
}

// Unreact removes the business's reaction from a message (an empty emoji on
// the wire).
func (c *Client) Unreact(ctx context.Context, to, messageID string) (*Sent, error) {
	return c.react(ctx, OpUnreact, to, messageID, "")
}

func (c *Client) react(ctx context.Context, op, to, messageID, emoji string) (*Sent, error) {
	rcpt, err := c.recipient(to)
	if err != nil {
		return nil, err
	}
	if err := checkMessageID(messageID); err != nil {
		return nil, err
	}
	if err := c.checkWindow(rcpt); err != nil {
		return nil, err
	}
	if c.spacer != nil {
		release, err := c.spacer.acquire(ctx, messageID)
		if err != nil {
			return nil, c.wrap(op, err)
		}
		defer release()
	}
	if err := c.pace(ctx, op, rcpt); err != nil {
		return nil, err
	}
	d := c.ep.dialect
	s, err := c.do(ctx, call{op: op, req: d.React(rcpt, messageID, emoji), decode: d.DecodeSend})
	if err != nil {
		return nil, err
	}
	return &Sent{ID: s.ID, To: rcpt, WaID: s.WaID, Status: s.Status}, nil
}

// Sent is a message the provider accepted. Acceptance is not delivery: the
// message's fate arrives by status webhook.
type Sent struct {
	ID     string // wamid.… (CloudAPI, OneMsg) or the serialized id (Wawp)
	To     string // the recipient as sent (normalized)
	WaID   string // CloudAPI contacts[0].wa_id, when given
	Status string // CloudAPI messages[0].message_status, when given
}

// recipient normalizes a customer address for the client's provider: digits
// for the Cloud API, digits or a chat id for 1MSG, a chat id for Wawp.
func (c *Client) recipient(to string) (string, error) {
	switch {
	case c.ep.name == ProviderWawp:
		return ChatID(to)
	case c.ep.name == ProviderOneMsg && containsAt(to):
		return ChatID(to)
	}
	return NormalizePhone(to)
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

func containsAt(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '@' {
			return true
		}
	}
	return false
}
