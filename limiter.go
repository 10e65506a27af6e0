package waack

import (
	"container/list"
	"context"
	"fmt"
	"sync"
	"time"
)

// Limiter decides when a client's requests may go out. WithRateLimit and
// WithPairPacing install in-process limiters; WithLimiter installs one
// shared by several processes (waackredis.NewLimiter), so that replicas
// sending for one number stay within its limits together.
//
// Both methods block until the turn comes, or return an error: ctx's when
// it ends first, one matching context.DeadlineExceeded at once when the
// turn cannot come before ctx's deadline, or the limiter's own (a shared
// store failing), which fails the call without a request. A caller that
// gives up must cost nothing: its turn goes to the next caller.
// Implementations must be safe for concurrent use.
type Limiter interface {
	// Wait takes a turn under the client-wide (per-number) rate. The client
	// calls it before every attempt, retries included.
	Wait(ctx context.Context) error
	// WaitPair takes a turn under the pair rate of one recipient (a
	// normalized chat key: the same customer spelled as a phone number or
	// a chat id gives the same key). The client calls it once per reaction
	// or text, before the attempts.
	WaitPair(ctx context.Context, recipient string) error
}

// WithLimiter paces the client's requests with l, for both the per-number
// rate and the pair rate; it replaces WithRateLimit and WithPairPacing
// given before it (and is replaced by them given after it).
func WithLimiter(l Limiter) Option {
	return func(c *Client) error {
		if l == nil {
			return fmt.Errorf("%w: nil limiter", ErrInvalidConfig)
		}
		c.limiter = l
		c.pairs = &pairPacer{shared: l}
		return nil
	}
}

// waitTurn takes a client-wide turn from l.
func waitTurn(ctx context.Context, l Limiter) error { return l.Wait(ctx) }

// errPastDeadline is a turn that would come after the caller's deadline:
// refused at once rather than waited for in vain.
var errPastDeadline = fmt.Errorf("%w: the pacing wait would pass the deadline", context.DeadlineExceeded)

// turnQueue is an in-process rate limiter: GCRA (the generic cell rate
// algorithm, equivalent to a token bucket) with waiters served first come,
// first served. Unlike x/time/rate, nothing is booked ahead: only the
// caller at the head of the queue waits for a time, the others wait for
// their predecessor, so a caller that gives up leaves the schedule as if
// it had never come.
type turnQueue struct {
	every time.Duration // one turn per every
	burst int
	now   func() time.Time

	mu      sync.Mutex
	tat     time.Time  // theoretical arrival time: turns are taken up to here
	waiters *list.List // of *turnWaiter, first come first
}

// turnWaiter is one caller in the queue; head is closed when it reaches
// the head.
type turnWaiter struct{ head chan struct{} }

func newTurnQueue(every time.Duration, burst int) *turnQueue {
	return &turnQueue{every: every, burst: burst, now: time.Now, waiters: list.New()}
}

// Wait implements Limiter: the queue is the per-number rate.
func (q *turnQueue) Wait(ctx context.Context) error { return q.take(ctx) }

// WaitPair implements Limiter: the per-number queue does not pace pairs.
func (q *turnQueue) WaitPair(context.Context, string) error { return nil }

// readyAt is when the next turn may be taken. Callers hold mu.
func (q *turnQueue) readyAt() time.Time {
	return q.tat.Add(-time.Duration(q.burst-1) * q.every)
}

// take waits for a turn in arrival order: first to reach the head of the
// queue, then, at the head, for the time of the turn.
func (q *turnQueue) take(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	dl, hasDeadline := ctx.Deadline()
	q.mu.Lock()
	// Even if everyone ahead gave up, the turn would come too late. The
	// schedule only moves later, so checking once on arrival is enough
	// until this caller reaches the head.
	if hasDeadline && time.Until(dl) < q.readyAt().Sub(q.now()) {
		q.mu.Unlock()
		return errPastDeadline
	}
	w := &turnWaiter{head: make(chan struct{})}
	e := q.waiters.PushBack(w)
	if q.waiters.Front() == e {
		close(w.head)
	}
	q.mu.Unlock()

	select {
	case <-w.head:
	case <-ctx.Done():
		return q.giveUp(e, ctx.Err())
	}
	var timer *time.Timer
	for {
		q.mu.Lock()
		now, ready := q.now(), q.readyAt()
		if !now.Before(ready) {
			q.tat = later(q.tat, now).Add(q.every)
			q.leave(e)
			q.mu.Unlock()
			return nil
		}
		q.mu.Unlock()
		if hasDeadline && time.Until(dl) < ready.Sub(now) {
			return q.giveUp(e, errPastDeadline)
		}
		if timer == nil {
			timer = time.NewTimer(ready.Sub(now))
			defer timer.Stop()
		} else {
			timer.Reset(ready.Sub(now))
		}
		select {
		case <-timer.C:
		case <-ctx.Done():
			return q.giveUp(e, ctx.Err())
		}
	}
}

// giveUp takes a waiter out of the queue and returns err.
func (q *turnQueue) giveUp(e *list.Element, err error) error {
	q.mu.Lock()
	q.leave(e)
	q.mu.Unlock()
	return err
}

// leave removes a waiter and hands the head to the next one, if it was
// the head. Callers hold mu.
func (q *turnQueue) leave(e *list.Element) {
	wasHead := q.waiters.Front() == e
	q.waiters.Remove(e)
	if next := q.waiters.Front(); wasHead && next != nil {
		close(next.Value.(*turnWaiter).head)
	}
}

// idle reports whether the queue would be created identical now: no
// waiter and a full burst. Callers hold mu.
func (q *turnQueue) idle(now time.Time) bool {
	return q.waiters.Len() == 0 && !q.tat.After(now)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
