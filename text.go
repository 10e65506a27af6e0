package waack

import "context"

// Text is a session (free-form) text message. It can only be sent while the
// customer's 24-hour service window is open; outside it the provider answers
// or reports ErrSessionWindowClosed.
type Text struct {
	To         string // the customer: a phone number, or a chat id (1MSG, Wawp)
	Body       string // 1–4096 characters
	ReplyTo    string // quote this message (a contextual reply); optional
	PreviewURL bool   // ask WhatsApp to preview the first http(s) URL (Cloud API)
}

// SendText sends a session text.
//
// There is no idempotency key on the WhatsApp APIs, so SendText never resends
// a message the provider may have accepted: it retries only when the answer
// proves non-acceptance (throttling, unavailable), and after an ambiguous
// failure (connection lost after the request was written, timeout, 5xx
// without an error body) it returns an error matching ErrOutcomeUnknown.
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
	if err := c.checkWindow(rcpt); err != nil {
		return nil, err
	}
	d := c.ep.dialect
	s, err := c.do(ctx, call{op: OpSendText, req: d.SendText(rcpt, t.Body, t.ReplyTo, t.PreviewURL), decode: d.DecodeSend})
	if err != nil {
		return nil, err
	}
	return &Sent{ID: s.ID, To: rcpt, WaID: s.WaID, Status: s.Status}, nil
}
