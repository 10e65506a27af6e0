package waack

import (
	"context"
	"fmt"
	"slices"
)

// Wait blocks until the message's status is s or past it and returns the
// event that showed it; it returns at once when that is already so. When
// the message fails instead, Wait returns the failed event and an error
// matching ErrMessageFailed and the provider's error (ev.Err). When ctx
// ends first it returns ctx.Err().
//
// Waiting for StatusFailed ends only on failure; waiting for a status the
// tracker does not know ends when the tracker records exactly that status. The event
// for a status reached before Wait was called is rebuilt from the record:
// MessageID, Status and Timestamp (to the millisecond) only, except for
// failed and unknown statuses, whose whole event is kept. An empty id or
// status is an error matching ErrInvalidMessageID or ErrInvalidParameter.
// With a store, the event is the store's and a failing store ends the wait
// with its error.
func (t *StatusTracker) Wait(ctx context.Context, id string, s Status) (StatusEvent, error) {
	if id == "" {
		return StatusEvent{}, fmt.Errorf("%w: wait for an empty message id", ErrInvalidMessageID)
	}
	if s == "" {
		return StatusEvent{}, errEmptyWaitTarget
	}
	if t.store != nil {
		return t.waitStore(ctx, id, s)
	}
	t.mu.Lock()
	if ev, ok := t.lookup(id); ok && reaches(ev.Status, s) {
		t.mu.Unlock()
		return waitResult(ev)
	}
	if err := ctx.Err(); err != nil {
		t.mu.Unlock()
		return StatusEvent{}, err
	}
	// Registering under the same lock as the check above means no Observe
	// can slip in between and be missed.
	w := &statusWaiter{target: s, ch: make(chan StatusEvent, 1)}
	t.waiters[id] = append(t.waiters[id], w)
	t.mu.Unlock()

	select {
	case ev := <-w.ch:
		return waitResult(ev)
	case <-ctx.Done():
	}
	t.mu.Lock()
	t.dropWaiter(id, w)
	t.mu.Unlock()
	// An Observe may have woken us while ctx ended; the news wins.
	select {
	case ev := <-w.ch:
		return waitResult(ev)
	default:
		return StatusEvent{}, ctx.Err()
	}
}

// waitStore is Wait on a store. Watching starts before the first Load, so
// a change made by another replica in between is not missed.
func (t *StatusTracker) waitStore(ctx context.Context, id string, s Status) (StatusEvent, error) {
	changed, stop, err := t.store.Watch(ctx, id)
	if err != nil {
		return StatusEvent{}, err
	}
	defer stop()
	for {
		ev, ok, err := t.store.Load(ctx, id)
		if err != nil {
			return StatusEvent{}, err
		}
		if ok && reaches(ev.Status, s) {
			return waitResult(ev)
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return StatusEvent{}, ctx.Err()
		}
	}
}

// waitResult turns a failed event into Wait's error.
func waitResult(ev StatusEvent) (StatusEvent, error) {
	if ev.Status != StatusFailed {
		return ev, nil
	}
	if ev.Err == nil {
		return ev, fmt.Errorf("%w: %s: no error detail in the webhook", ErrMessageFailed, ev.MessageID)
	}
	return ev, fmt.Errorf("%w: %s: %w", ErrMessageFailed, ev.MessageID, ev.Err)
}

// lookup returns what the tracker knows of a message. Callers hold mu.
func (t *StatusTracker) lookup(id string) (StatusEvent, bool) {
	t.init()
	t.expire(t.seconds())
	seq, ok := t.index[id]
	if !ok {
		return StatusEvent{}, false
	}
	rec := t.record(seq)
	if ev, kept := t.full[seq]; kept {
		return ev, true
	}
	return StatusEvent{MessageID: rec.id, Status: codeStatus[rec.code], Timestamp: fromUnixMilli(rec.at)}, true
}

// wake hands ev to every waiter of its message that it satisfies.
// Callers hold mu.
func (t *StatusTracker) wake(ev StatusEvent) {
	ws := t.waiters[ev.MessageID]
	if len(ws) == 0 {
		return
	}
	kept := ws[:0]
	for _, w := range ws {
		if reaches(ev.Status, w.target) {
			w.ch <- ev // never blocks: one slot, one send, then dropped
		} else {
			kept = append(kept, w)
		}
	}
	clear(ws[len(kept):])
	if len(kept) == 0 {
		delete(t.waiters, ev.MessageID)
	} else {
		t.waiters[ev.MessageID] = kept
	}
}

// dropWaiter removes a waiter whose context ended. Callers hold mu.
func (t *StatusTracker) dropWaiter(id string, w *statusWaiter) {
	ws := slices.DeleteFunc(t.waiters[id], func(x *statusWaiter) bool { return x == w })
	if len(ws) == 0 {
		delete(t.waiters, id)
	} else {
		t.waiters[id] = ws
	}
}
