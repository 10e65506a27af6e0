package waack

import (
	"context"

	"github.com/waack/waack/internal/wire"
)

// Text is a session (free-form) text message. It can only be sent while the
// customer's 24-hour service window is open; outside it the provider answers
// or reports ErrSessionWindowClosed.
type Text struct {
	// To is the customer: a phone number, a chat id (1MSG, Wawp), or a
	// business-scoped user id (Cloud API; "US.1349…").
	To         string
	Body       string // 1–4096 characters
	ReplyTo    string // quote this message (a contextual reply); optional
	PreviewURL bool   // ask WhatsApp to preview the first http(s) URL (Cloud API)
	// TrackingID is echoed in the message's status webhooks
	// (StatusEvent.TrackingID), which is how a send that ended in
	// ErrOutcomeUnknown is resolved: see StatusTracker.WaitTracking. At
	// most 512 bytes, sent as biz_opaque_callback_data. Cloud API only;
	// elsewhere ErrUnsupported.
	TrackingID string
}

// SendText sends a session text.
//
// There is no idempotency key on the WhatsApp APIs, so SendText never resends
// a message the provider may have accepted: it retries only when the answer
// proves non-acceptance (throttling, an explicit "not sent"), and after an
// ambiguous failure (connection lost after the request was written, timeout,
// any 5xx, a success answer without a message id) it returns an error
// matching ErrOutcomeUnknown, an *OutcomeUnknownError that carries the
// TrackingID.
//
// https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/text-messages
func (c *Client) SendText(ctx context.Context, t Text) (*Sent, error) {
	rcpt, err := c.recipient(t.To)
	if err != nil {
		return nil, err
	}
	if err := checkText(t.Body); err != nil {
		return nil, err
	}
	if t.ReplyTo != "" {
		if err := checkMessageID(t.ReplyTo); err != nil {
			return nil, err
		}
	}
	if err := c.checkTrackingID(t.TrackingID); err != nil {
		return nil, err
	}
	if err := c.checkWindow(rcpt); err != nil {
		return nil, err
	}
	if err := c.pace(ctx, OpSendText, rcpt); err != nil {
		return nil, err
	}
	d := c.ep.dialect
	req := d.SendText(wire.Text{To: rcpt, Body: t.Body, ReplyTo: t.ReplyTo, PreviewURL: t.PreviewURL, TrackingID: t.TrackingID})
	s, err := c.do(ctx, call{op: OpSendText, req: req, decode: d.DecodeSend, trackingID: t.TrackingID})
	if err != nil {
		return nil, err
	}
	return sentOf(s, rcpt), nil
}
