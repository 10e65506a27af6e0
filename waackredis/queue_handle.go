package waackredis

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/waack/waack"
)

// handle processes entries in order, then acknowledges the finished ones
// in one round trip. When ctx is done it stops and returns the entries it
// did not finish to the group.
func (w *worker) handle(ctx context.Context, entries []entry) {
	defer w.flush(ctx)
	kept := time.Now()
	for i, e := range entries {
		if ctx.Err() != nil {
			w.handBack(ctx, entries[i:], true)
			return
		}
		if time.Since(kept) > w.cfg.MinIdle/2 {
			// The batch's tail waits behind slow deliveries: keep it ours,
			// or a healthy worker would look stuck.
			w.keep(ctx, entries[i:])
			kept = time.Now()
		}
		if !w.process(ctx, e) {
			w.handBack(ctx, entries[i:i+1], false)
			w.handBack(ctx, entries[i+1:], true)
			return
		}
	}
}

// process runs one entry to an end: done (acknowledged later), dead-
// lettered, or, when it returns false, interrupted by ctx.
func (w *worker) process(ctx context.Context, e entry) bool {
	d, ok := delivery(e.msg)
	if !ok {
		w.deadLetter(ctx, e, d, errMalformed)
		return true
	}
	for wait := w.cfg.RetryDelay; ; {
		d.Attempt = e.attempts
		err := w.proc.Process(ctx, d)
		switch {
		case err == nil:
			w.acks = append(w.acks, e.msg.ID)
			return true
		case ctx.Err() != nil:
			return false
		case errors.Is(err, waack.ErrBadPayload):
			w.deadLetter(ctx, e, d, err)
			return true
		case errors.Is(err, waack.ErrInFlight):
			// Another holder has the event (a stuck worker whose delivery
			// was taken over, or a duplicate): not this delivery's failure,
			// and no reason to hold up the ones behind it.
			w.leave(ctx, e)
			return true
		case e.attempts >= w.cfg.MaxAttempts:
			w.deadLetter(ctx, e, d, err)
			return true
		}
		w.log.WarnContext(ctx, "waackredis work: delivery failed, retrying",
			"stream", w.cfg.Stream, "id", e.msg.ID, "attempt", e.attempts, "error", err.Error())
		if !sleep(ctx, wait) {
			return false
		}
		wait = min(2*wait, w.cfg.MaxRetryDelay)
		w.touch(ctx, e)
		e.attempts++
	}
}

// errMalformed is the dead-letter reason of an entry without the fields
// Enqueue writes.
var errMalformed = errors.New("waackredis: stream entry is not a delivery (missing or bad provider, received or body)")

// touch tells Redis the entry is still being worked on (its idle time
// restarts, so that no other worker takes it over) and records one more
// attempt in its delivery count. Best effort: if it fails the retry goes
// ahead, and at worst another worker takes the delivery over, which the
// Deduper makes harmless.
func (w *worker) touch(ctx context.Context, e entry) {
	_ = w.q.rdb.Do(ctx, "XCLAIM", w.cfg.Stream, w.cfg.Group, w.name, 0, e.msg.ID,
		"RETRYCOUNT", e.attempts+1, "JUSTID").Err()
}

// leave keeps an entry pending for a reclaim after RetryDelay (by any
// worker; this one reclaims then) without spending an attempt: the
// reclaim will count one, so its delivery count goes back by one now. It
// is marked idle for MinIdle less RetryDelay, so that reclaims see it
// idle long enough once RetryDelay has passed.
func (w *worker) leave(ctx context.Context, e entry) {
	ctx, cancel := afterStop(ctx)
	defer cancel()
	idle := max(w.cfg.MinIdle-w.cfg.RetryDelay, 0)
	_ = w.q.rdb.Do(ctx, "XCLAIM", w.cfg.Stream, w.cfg.Group, w.name, 0, e.msg.ID,
		"IDLE", idle.Milliseconds(), "RETRYCOUNT", max(e.attempts-1, 0), "JUSTID").Err() // best effort: at worst one attempt more
	if due := time.Now().Add(w.cfg.RetryDelay); w.leftAt.IsZero() || due.Before(w.leftAt) {
		w.leftAt = due
	}
}

// keep restarts the idle time of entries this worker holds, without
// counting a delivery.
func (w *worker) keep(ctx context.Context, entries []entry) {
	args := []any{"XCLAIM", w.cfg.Stream, w.cfg.Group, w.name, 0}
	for _, e := range entries {
		args = append(args, e.msg.ID)
	}
	_ = w.q.rdb.Do(ctx, append(args, "JUSTID")...).Err() // best effort, as touch
}

// handBack returns entries this worker holds to the group, marked idle
// for MinIdle so that any worker's next reclaim takes them. Entries never
// attempted get their delivery count back; an interrupted attempt counts.
func (w *worker) handBack(ctx context.Context, entries []entry, untried bool) {
	ctx, cancel := afterStop(ctx)
	defer cancel()
	for _, e := range entries {
		count := e.attempts
		if untried {
			count--
		}
		err := w.q.rdb.Do(ctx, "XCLAIM", w.cfg.Stream, w.cfg.Group, w.name, 0, e.msg.ID,
			"IDLE", w.cfg.MinIdle.Milliseconds()+1, "RETRYCOUNT", max(count, 0), "JUSTID").Err()
		if err != nil {
			// Still pending under this consumer: reclaimed after MinIdle.
			w.log.WarnContext(ctx, "waackredis work: could not hand a delivery back", "id", e.msg.ID, "error", err.Error())
			return
		}
	}
}

// releaseAll hands back whatever this consumer still holds when it stops:
// entries a cancelled read delivered but never returned, or whose
// hand-back failed. Their delivery counts stay as they are.
func (w *worker) releaseAll(ctx context.Context) {
	ctx, cancel := afterStop(ctx)
	defer cancel()
	pending, err := w.q.rdb.XPendingExt(ctx, &redis.XPendingExtArgs{
		Stream: w.cfg.Stream, Group: w.cfg.Group, Consumer: w.name, Start: "-", End: "+", Count: 10_000,
	}).Result()
	if err != nil || len(pending) == 0 {
		return
	}
	held := make([]entry, len(pending))
	for i, p := range pending {
		held[i] = entry{msg: redis.XMessage{ID: p.ID}, attempts: int(p.RetryCount)}
	}
	w.handBack(ctx, held, false)
}

// flush acknowledges and deletes the finished entries in one round trip.
// If it fails they stay pending, are processed again later and the
// Deduper skips their events.
func (w *worker) flush(ctx context.Context) {
	if len(w.acks) == 0 {
		return
	}
	ctx, cancel := afterStop(ctx)
	defer cancel()
	_, err := w.q.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.XAck(ctx, w.cfg.Stream, w.cfg.Group, w.acks...)
		p.XDel(ctx, w.cfg.Stream, w.acks...)
		return nil
	})
	if err != nil {
		w.log.WarnContext(ctx, "waackredis work: acknowledging failed; the deliveries will be seen again", "count", len(w.acks), "error", err.Error())
	}
	w.acks = w.acks[:0]
}

// maxErrorBytes bounds the error text kept with a dead letter.
const maxErrorBytes = 1024

// deadLetter moves an entry to the dead-letter stream with err, then
// acknowledges it. The copy is written first: a failure between the two
// leaves the entry pending (tried again later), never lost.
func (w *worker) deadLetter(ctx context.Context, e entry, d waack.Delivery, err error) {
	ctx, cancel := afterStop(ctx)
	defer cancel()
	reason := err.Error()
	if len(reason) > maxErrorBytes {
		reason = reason[:maxErrorBytes]
	}
	values := map[string]any{
		fieldDeadID: e.msg.ID, fieldAttempts: e.attempts, fieldError: reason,
		fieldFailed: strconv.FormatInt(time.Now().UnixNano(), 10),
	}
	for k, v := range e.msg.Values {
		if k == fieldProvider || k == fieldReceived || k == fieldBody {
			values[k] = v
		}
	}
	if err := w.q.rdb.XAdd(ctx, &redis.XAddArgs{
		Stream: w.cfg.DeadLetter, MaxLen: w.cfg.DeadLetterMaxLen, Approx: true, Values: values,
	}).Err(); err != nil {
		w.log.WarnContext(ctx, "waackredis work: could not dead-letter a delivery; it stays pending", "id", e.msg.ID, "error", err.Error())
		return
	}
	w.log.WarnContext(ctx, "waackredis work: delivery dead-lettered", "stream", w.cfg.Stream, "id", e.msg.ID,
		"provider", d.Provider, "attempts", e.attempts, "error", reason)
	w.acks = append(w.acks, e.msg.ID)
}

// afterStop is a context for the writes that must reach Redis even when
// the worker's context is done: acknowledgements, hand-backs, dead letters.
func afterStop(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
}

// sleep waits d or until ctx is done, reporting whether it waited d.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
