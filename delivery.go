package waack

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Delivery is one webhook request as the handler received it: the raw
// body it authenticated, which provider sent it and when. With
// WebhookConfig.Enqueue set, the handler stores a Delivery instead of
// handling its events, and a worker later hands it to Process.
type Delivery struct {
	// Provider is the Name() of the provider that sent it: "cloudapi",
	// "1msg" or "wawp".
	Provider string
	// Body is the raw body, authenticated and unparsed. Process trusts it:
	// store only what a handler authenticated.
	Body []byte
	// Received is when the handler had read and authenticated the body.
	Received time.Time
	// ID is the queue's name for the stored delivery (for waackredis the
	// stream entry id); "" before a queue stored it.
	ID string
	// Attempt is which processing attempt this is, 1 for the first; 0 when
	// the queue does not count.
	Attempt int
}

// Validate reports a Delivery that Process could never handle, with an
// error wrapping ErrBadPayload: an unknown provider or an empty body. A
// queue calls it before storing.
func (d Delivery) Validate() error {
	if _, ok := providerNamed(d.Provider); !ok {
		return fmt.Errorf("%w: delivery: unknown provider %s", ErrBadPayload, clip(d.Provider))
	}
	if len(d.Body) == 0 {
		return fmt.Errorf("%w: delivery: empty body", ErrBadPayload)
	}
	return nil
}

// deliveryKey is the context key of the Delivery being processed.
type deliveryKey struct{}

// DeliveryFromContext returns the Delivery whose events OnEvent is
// receiving, when Process called it: e.g. to log d.Attempt, or the time
// since d.Received. It reports false inside the synchronous handler.
func DeliveryFromContext(ctx context.Context) (Delivery, bool) {
	d, ok := ctx.Value(deliveryKey{}).(Delivery)
	return d, ok
}

// store hands an authenticated body to Enqueue and answers 200 only once
// it returned nil; an error or a panic answers 5xx (ErrInFlight and
// errors matching it 503, else 500), so that the provider delivers again.
func (h *webhookHandler) store(w http.ResponseWriter, r *http.Request, body []byte) {
	d := Delivery{Provider: h.provider, Body: body, Received: time.Now()}
	if err := h.callEnqueue(r.Context(), d); err != nil {
		h.fail(w, err)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// callEnqueue runs Enqueue, turning a panic into an error as call does for
// OnEvent. The log line names the provider, never the body or a secret.
func (h *webhookHandler) callEnqueue(ctx context.Context, d Delivery) (err error) {
	defer func() {
		if r := recover(); r != nil {
			h.log.ErrorContext(ctx, "waack webhook: Enqueue panicked", "provider", h.provider)
			err = errEnqueuePanic
		}
	}()
	return h.enqueue(ctx, d)
}

// errEnqueuePanic is what a panicking Enqueue returns to the handler.
var errEnqueuePanic = fmt.Errorf("waack: webhook: Enqueue panicked")
