package waack

import (
	"context"
	"fmt"
	"net/url"

	"github.com/waack/waack/internal/wire"
)

// Operations of the calls only some providers have, as in APIError.Op.
const (
	OpSetWebhook     = "set_webhook"
	OpDeliveryStatus = "delivery_status"
)

// SetWebhook replaces the account's webhook URLs (1MSG: at most 5, each an
// absolute https URL, or http on loopback). Append your handler's secret as
// the "secret" query parameter so NewWebhookHandler can verify the pushes.
// Providers without such a call return ErrUnsupported.
//
// https://docs.1msg.io/#operation/setWebhook
func (c *Client) SetWebhook(ctx context.Context, urls ...string) error {
	d, ok := c.ep.dialect.(wire.WebhookRegistrar)
	if !ok {
		return c.unsupported(OpSetWebhook)
	}
	if max := d.MaxWebhookURLs(); len(urls) == 0 || len(urls) > max {
		return fmt.Errorf("%w: %s keeps 1 to %d webhook URLs, got %d", ErrInvalidConfig, c.ep.name, max, len(urls))
	}
	for _, u := range urls {
		if err := checkWebhookURL(u); err != nil {
			return err
		}
	}
	_, err := c.do(ctx, call{op: OpSetWebhook, req: d.SetWebhook(urls), decode: decodeRead(c.ep.dialect)})
	return err
}

// DeliveryStatus asks the provider which statuses it recorded for a message
// (1MSG's "Check ACKs" call): the same StatusEvents the webhook would have
// carried, for when a webhook was missed. Providers without such a call
// return ErrUnsupported.
//
// https://docs.1msg.io/#operation/ackHookInfo
func (c *Client) DeliveryStatus(ctx context.Context, messageID string) ([]StatusEvent, error) {
	d, ok := c.ep.dialect.(wire.StatusLookup)
	if !ok {
		return nil, c.unsupported(OpDeliveryStatus)
	}
	if err := checkMessageID(messageID); err != nil {
		return nil, err
	}
	var events []StatusEvent
	decode := func(status int, body []byte) (wire.Sent, *wire.Failure) {
		events = events[:0]
		f := d.DecodeHookInfo(status, body, func(ev *wire.Event) {
			events = append(events, statusEvent(c.ep.name, ev))
		})
		return wire.Sent{}, f
	}
	if _, err := c.do(ctx, call{op: OpDeliveryStatus, req: d.HookInfo(messageID), decode: decode}); err != nil {
		return nil, err
	}
	return events, nil
}

func (c *Client) unsupported(op string) error {
	return fmt.Errorf("%w: %s on %s", ErrUnsupported, op, c.ep.name)
}

func checkWebhookURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
		return fmt.Errorf("%w: webhook URL must be an absolute https URL", ErrInvalidConfig)
	}
	return nil
}
