package waack

import (
	"context"
	"fmt"
	"log/slog"
)

// Process handles a stored Delivery as NewWebhookHandler handles a
// request after authenticating it: it parses the body with the parser of
// d.Provider, skips the events cfg.Dedup has seen, and runs cfg.OnEvent on
// each other event, in order, stopping at the first failure. An event is
// marked done only after OnEvent succeeded; a reservation is released when
// OnEvent fails or panics (a panic is recovered, logged to cfg.Logger and
// returned as an error). A nil error means every event was handled or
// skipped: the delivery may be acknowledged. OnEvent can read d with
// DeliveryFromContext.
//
// Errors: a delivery that can never be processed (unknown provider, empty
// or oversized body, a body that is not the provider's JSON) wraps
// ErrBadPayload: retrying it is useless. ErrInFlight means another holder
// of one of its events has not finished: retry later. Any other error is
// OnEvent's (or the Deduper's): retry, and the events handled before it
// are skipped.
//
// cfg.Dedup is required here (ErrInvalidConfig without it): a Deduper
// built for one call would forget everything before the next, so pass the
// Deduper your workers share (e.g. waackredis.NewDeduper), or NoDedup()
// when OnEvent is idempotent. NewProcessor keeps a built-in in-memory one
// across calls instead. Authentication fields and Enqueue are not used.
func Process(ctx context.Context, d Delivery, cfg WebhookConfig) error {
	if cfg.Dedup == nil {
		return fmt.Errorf("%w: process: Dedup is required (a Deduper shared by every worker, or NoDedup()); NewProcessor keeps a built-in one", ErrInvalidConfig)
	}
	p, err := NewProcessor(cfg)
	if err != nil {
		return err
	}
	return p.Process(ctx, d)
}

// Processor runs Process with one configuration and, when cfg.Dedup is
// nil, one built-in in-memory Deduper of DefaultDedupCapacity keys that
// lives as long as the Processor, as NewWebhookHandler's does. That
// Deduper is not shared with other processes: several workers need a
// shared one. It is safe for concurrent use.
type Processor struct {
	maxBody int64
	onEvent func(context.Context, Event) error
	dedup   Deduper
	log     *slog.Logger
}

// NewProcessor checks cfg once for many Process calls. It refuses
// (ErrInvalidConfig) a nil OnEvent and a negative MaxBodyBytes; a nil
// Dedup means a built-in in-memory Deduper for this Processor.
func NewProcessor(cfg WebhookConfig) (*Processor, error) {
	switch {
	case cfg.OnEvent == nil:
		return nil, fmt.Errorf("%w: process: OnEvent is required", ErrInvalidConfig)
	case cfg.MaxBodyBytes < 0:
		return nil, fmt.Errorf("%w: process: MaxBodyBytes is negative", ErrInvalidConfig)
	}
	cfg = cfg.withDefaults()
	return &Processor{maxBody: cfg.MaxBodyBytes, onEvent: cfg.OnEvent, dedup: cfg.Dedup, log: cfg.Logger}, nil
}

// Process handles one delivery; see the package-level Process.
func (p *Processor) Process(ctx context.Context, d Delivery) error {
	if err := d.Validate(); err != nil {
		return fmt.Errorf("waack: process: %w", err)
	}
	if int64(len(d.Body)) > p.maxBody {
		return fmt.Errorf("waack: process: %w: body of %d bytes exceeds MaxBodyBytes", ErrBadPayload, len(d.Body))
	}
	prov, _ := providerNamed(d.Provider)
	// The synchronous handler's own parse and delivery, so that both paths
	// de-duplicate, release and recover alike.
	h := &webhookHandler{provider: d.Provider, hooks: prov.webhooks(), onEvent: p.onEvent, dedup: p.dedup, log: p.log}
	events, err := h.parse(d.Body)
	if err != nil {
		return fmt.Errorf("waack: process: %w", inputError(err))
	}
	return h.deliverAll(context.WithValue(ctx, deliveryKey{}, d), events)
}
