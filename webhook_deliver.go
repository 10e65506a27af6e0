package waack

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/waack/waack/internal/wire"
)

// fail answers a delivery that did not complete.
func (h *webhookHandler) fail(w http.ResponseWriter, err error) {
	if errors.Is(err, ErrInFlight) {
		w.Header().Set("Retry-After", "1")
		reply(w, http.StatusServiceUnavailable)
		return
	}
	reply(w, http.StatusInternalServerError)
}

// parse turns a body into keyed events, dropping empty ones (a JSON null
// in a batch).
// With NoDedup no key is built: an event without a key goes straight to
// OnEvent, which is all NoDedup's Seen and Done would let happen.
func (h *webhookHandler) parse(body []byte) ([]keyedEvent, error) {
	_, off := h.dedup.(noDedup)
	return collect(&keyedScratch, func(out *[]keyedEvent) error {
		return h.hooks.Parse(body, func(ev *wire.Event) {
			if ev.Empty() {
				return
			}
			e := eventOf(h.provider, ev)
			key := ""
			if !off {
				key = dedupKey(e)
				if key == "" && ev.Key != "" {
					key = boundKey(h.provider, "envelope", ev.Key)
				}
			}
			*out = append(*out, keyedEvent{e, key})
		})
	})
}

// deliverAll delivers the events of one body in order, stopping at the
// first failure: a redelivery of the body skips what was done and retries
// the rest.
func (h *webhookHandler) deliverAll(ctx context.Context, events []keyedEvent) error {
	// Done and Release must reach the store even if the provider hung up.
	after := context.WithoutCancel(ctx)
	if b, ok := h.dedup.(DedupBatcher); ok && len(events) > 1 {
		return h.deliverBatch(ctx, after, b, events)
	}
	for _, ke := range events {
		if err := h.deliver(ctx, after, ke); err != nil {
			return err
		}
	}
	return nil
}

// deliver hands one event to OnEvent unless the Deduper has seen it, and
// marks it done only once OnEvent succeeded, with the after context. A
// reservation made by Seen is released if OnEvent fails or panics.
func (h *webhookHandler) deliver(ctx, after context.Context, ke keyedEvent) error {
	if ke.key == "" {
		return h.call(ctx, ke.ev)
	}
	seen, err := h.dedup.Seen(ctx, ke.key)
	if err != nil || seen {
		return err
	}
	done := false
	defer func() {
		if r, ok := h.dedup.(DedupReleaser); ok && !done {
			_ = r.Release(after, ke.key) // best effort: the answer is 5xx anyway
		}
	}()
	if err := h.call(ctx, ke.ev); err != nil {
		return err
	}
	if err := h.dedup.Done(after, ke.key); err != nil {
		return err
	}
	done = true
	return nil
}

// call runs OnEvent, turning a panic into an error: the provider then gets
// a 500 and redelivers, instead of a dropped connection. The log line names
// the event's kind and provider, never its content or a secret.
func (h *webhookHandler) call(ctx context.Context, ev Event) (err error) {
	defer func() {
		if r := recover(); r != nil {
			h.log.ErrorContext(ctx, "waack webhook: OnEvent panicked", "provider", h.provider, "event", fmt.Sprintf("%T", ev))
			err = errOnEventPanic
		}
	}()
	return h.onEvent(ctx, ev)
}

// errOnEventPanic is what a panicking OnEvent returns to the handler.
var errOnEventPanic = errors.New("waack: webhook: OnEvent panicked")
