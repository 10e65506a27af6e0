package waack

import "context"

// deliverBatch is deliverAll for a DedupBatcher: the body's keys are
// claimed in one call and the handled ones marked done in one more, so a
// shared store costs two round trips per body instead of two per event.
// The outcome is deliverAll's: events go to OnEvent in order; the first
// failure, or the first event in flight elsewhere (ErrInFlight), stops the
// body; what was handled before it is marked done, and the claims after it
// are released, so a redelivery handles exactly the rest.
func (h *webhookHandler) deliverBatch(ctx, after context.Context, b DedupBatcher, events []keyedEvent) error {
	keys := make([]string, 0, len(events))
	index := make(map[string]int, len(events)) // key -> position in keys
	for _, ke := range events {
		if _, dup := index[ke.key]; ke.key != "" && !dup {
			index[ke.key] = len(keys)
			keys = append(keys, ke.key)
		}
	}
	states, err := b.SeenBatch(ctx, keys)
	if err != nil {
		return err
	}
	var (
		done    []string
		handled = make([]bool, len(keys)) // done or already so
		stop    error
	)
	for _, ke := range events {
		if ke.key == "" {
			if stop = h.call(ctx, ke.ev); stop != nil {
				break
			}
			continue
		}
		i := index[ke.key]
		switch {
		case handled[i] || states[i] == DedupDone:
			handled[i] = true
			continue // a repeat within the body, or a redelivery
		case states[i] == DedupInFlight:
			stop = errInFlight
		default:
			stop = h.call(ctx, ke.ev)
		}
		if stop != nil {
			break
		}
		handled[i] = true
		done = append(done, ke.key)
	}
	if err := b.DoneBatch(after, done); err != nil {
		stop = err
		clear(handled) // nothing is known done: release every claim
	}
	if stop != nil {
		h.releaseClaims(after, keys, states, handled)
	}
	return stop
}

// releaseClaims gives back the new claims of a batch that were not
// handled (best effort: the answer is 5xx anyway, and a claim left over
// expires with its reservation).
func (h *webhookHandler) releaseClaims(after context.Context, keys []string, states []DedupState, handled []bool) {
	r, ok := h.dedup.(DedupReleaser)
	if !ok {
		return
	}
	for i, k := range keys {
		if states[i] == DedupNew && !handled[i] {
			_ = r.Release(after, k)
		}
	}
}
