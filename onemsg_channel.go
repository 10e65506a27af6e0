package waack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/waack/waack/internal/onemsg"
	"github.com/waack/waack/internal/wire"
)

// ErrUnsupported: the client's provider has no such call.
var ErrUnsupported = errors.New("waack: not supported by this provider")

// Operations of the 1MSG channel calls, as in APIError.Op.
const (
	OpSetWebhook     = "set_webhook"
	OpDeliveryStatus = "delivery_status"
)

// SetWebhook replaces the 1MSG channel's webhook URLs (at most 5, each an
// absolute https URL, or http on loopback). Append your handler's secret as
// the "secret" query parameter so NewWebhookHandler can verify the pushes.
// Other providers return ErrUnsupported.
//
// https://docs.1msg.io/#operation/setWebhook
func (c *Client) SetWebhook(ctx context.Context, urls ...string) error {
	d, err := c.oneMsg(OpSetWebhook)
	if err != nil {
		return err
	}
	if len(urls) == 0 || len(urls) > onemsg.MaxWebhookURLs {
		return fmt.Errorf("%w: 1msg keeps 1 to %d webhook URLs, got %d", ErrInvalidConfig, onemsg.MaxWebhookURLs, len(urls))
	}
	for _, u := range urls {
		if err := checkWebhookURL(u); err != nil {
			return err
		}
	}
	_, err = c.do(ctx, call{op: OpSetWebhook, req: d.SetWebhook(urls), decode: decodeRead(d)})
	return err
}

// DeliveryStatus asks 1MSG which statuses it recorded for a message (its
// "Check ACKs" call): the same StatusEvents the webhook would have carried,
// for when a webhook was missed. Other providers return ErrUnsupported.
//
// https://docs.1msg.io/#operation/ackHookInfo
func (c *Client) DeliveryStatus(ctx context.Context, messageID string) ([]StatusEvent, error) {
	d, err := c.oneMsg(OpDeliveryStatus)
	if err != nil {
		return nil, err
	}
	if err := checkMessageID(messageID); err != nil {
		return nil, err
	}
	var events []StatusEvent
	decode := func(status int, body []byte) (wire.Sent, *wire.Failure) {
		if f := d.DecodeRead(status, body); f != nil {
			return wire.Sent{}, f
		}
		var info struct {
			Hooks []cloudStatus `json:"hooks"`
		}
		if err := json.Unmarshal(body, &info); err != nil {
			return wire.Sent{}, &wire.Failure{Message: "hookInfo answer is not JSON"}
		}
		events = make([]StatusEvent, 0, len(info.Hooks))
		for i := range info.Hooks {
			events = append(events, info.Hooks[i].event(ProviderOneMsg))
		}
		return wire.Sent{}, nil
	}
	if _, err := c.do(ctx, call{op: OpDeliveryStatus, req: d.HookInfo(messageID), decode: decode}); err != nil {
		return nil, err
	}
	return events, nil
}

func (c *Client) oneMsg(op string) (*onemsg.Dialect, error) {
	d, ok := c.ep.dialect.(*onemsg.Dialect)
	if !ok {
		return nil, fmt.Errorf("%w: %s on %s (1msg only)", ErrUnsupported, op, c.ep.name)
	}
	return d, nil
}

func checkWebhookURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
		return fmt.Errorf("%w: webhook URL must be an absolute https URL", ErrInvalidConfig)
	}
	return nil
}
