package waack

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrSuperseded: a reaction waiting for its turn (WithReactionSpacing) was
// replaced by a newer reaction to the same message before it was sent.
var ErrSuperseded = errors.New("waack: reaction superseded by a newer one")

// Pacing defaults, from the providers' documented limits.
const (
	// CloudAPIThroughput is the Cloud API's default throughput per number
	// (messages per second); coexistence numbers get 20.
	CloudAPIThroughput = 80
	// DefaultPairInterval is Meta's pair rate: about one message every 6 s
	// to the same user.
	DefaultPairInterval = 6 * time.Second
	// DefaultPairBurst is how many messages to one user may go at once
	// before pacing starts. Meta tolerates bursts but borrows from later
	// quota, so keep it small.
	DefaultPairBurst = 3
	// DefaultReactionSpacing is the least time between two reactions to the
	// same message (Wawp flags rapid re-reactions).
	DefaultReactionSpacing = 200 * time.Millisecond
)

// WithRateLimit paces every request of the client (retries included) to
// perSecond with bursts of burst: a call waits for its turn, bounded by its
// context, instead of failing. Use CloudAPIThroughput (80/s) for a Cloud API
// number, 20 for a coexistence number.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *Client) error {
		if perSecond <= 0 || burst < 1 {
			return fmt.Errorf("%w: rate limit needs perSecond > 0 and burst ≥ 1", ErrInvalidConfig)
		}
		c.limiter = newTurnQueue(interval(perSecond), burst)
		return nil
	}
}

// PairPacing spaces messages (reactions and texts) to the same recipient.
// Zero fields take the defaults.
type PairPacing struct {
	Interval   time.Duration // one message per Interval after the burst; default DefaultPairInterval
	Burst      int           // default DefaultPairBurst
	Recipients int           // recipients remembered at most; default 10 000
}

// WithPairPacing makes reactions and texts to one recipient wait for their
// turn under Meta's pair rate limit instead of failing with 131056. A 131056
// that still happens is retried after 4^n seconds (reactions; texts too,
// since the answer proves the text was not accepted), within the retry
// policy's MaxBackoff.
func WithPairPacing(p PairPacing) Option {
	return func(c *Client) error {
		if p.Interval < 0 || p.Burst < 0 || p.Recipients < 0 {
			return fmt.Errorf("%w: negative pair pacing value", ErrInvalidConfig)
		}
		if p.Interval == 0 {
			p.Interval = DefaultPairInterval
		}
		if p.Burst == 0 {
			p.Burst = DefaultPairBurst
		}
		if p.Recipients == 0 {
			p.Recipients = 10000
		}
		c.pairs = &pairPacer{cfg: p, queues: make(map[string]*turnQueue)}
		return nil
	}
}

// WithReactionSpacing sends reactions (and removals) to the same message one
// at a time, each starting at least d after the previous one's request
// finished (d == 0 means DefaultReactionSpacing), so the provider receives
// them in call order and d apart even when one is retried. A reaction that
// is waiting when a newer one to the same message arrives is not sent: its
// call returns ErrSuperseded, so ⏳ then ✅ in quick succession sends at
// most what the customer needs to see. Reactions to different messages do
// not wait for each other.
func WithReactionSpacing(d time.Duration) Option {
	return func(c *Client) error {
		if d < 0 {
			return fmt.Errorf("%w: negative reaction spacing", ErrInvalidConfig)
		}
		if d == 0 {
			d = DefaultReactionSpacing
		}
		c.spacer = &reactionSpacer{gap: d, slots: make(map[string]*reactSlot)}
		return nil
	}
}

// interval is the time between two turns at perSecond, at most a century
// (a Duration overflows past 292 years).
func interval(perSecond float64) time.Duration {
	const century = 100 * 365 * 24 * time.Hour
	if perSecond < float64(time.Second)/float64(century) {
		return century
	}
	return time.Duration(float64(time.Second) / perSecond)
}

// pairPacer paces messages per recipient: with a turn queue per recipient
// in process, or through a shared Limiter (WithLimiter).
type pairPacer struct {
	shared Limiter // when set, the pair rate is its business

	cfg    PairPacing
	mu     sync.Mutex
	queues map[string]*turnQueue
}

func (p *pairPacer) wait(ctx context.Context, recipient string) error {
	if p.shared != nil {
		return p.shared.WaitPair(ctx, recipient)
	}
	p.mu.Lock()
	q := p.queues[recipient]
	if q == nil {
		if len(p.queues) >= p.cfg.Recipients {
			p.forgetIdle()
		}
		q = newTurnQueue(p.cfg.Interval, p.cfg.Burst)
		p.queues[recipient] = q
	}
	p.mu.Unlock()
	return q.take(ctx)
}

// forgetIdle drops recipients whose queue is idle (it would be created
// identical); if none is, it drops arbitrary ones to stay bounded. Callers
// hold mu.
func (p *pairPacer) forgetIdle() {
	now := time.Now()
	for k, q := range p.queues {
		q.mu.Lock()
		idle := q.idle(now)
		q.mu.Unlock()
		if idle {
			delete(p.queues, k)
		}
	}
	for k := range p.queues {
		if len(p.queues) < p.cfg.Recipients {
			break
		}
		delete(p.queues, k)
	}
}

// reactionSpacer serializes reactions per target message: one in flight at
// a time, the next starting at least gap after the previous one finished.
// Counting from the finish, not the start, keeps the spacing as the
// provider sees it, and keeps a retried older reaction from landing after
// a newer one (⏳ retried after ✅ would leave ⏳ showing).
type reactionSpacer struct {
	gap   time.Duration
	mu    sync.Mutex
	slots map[string]*reactSlot
}

type reactSlot struct {
	busy    bool          // a reaction to this message is in flight
	next    time.Time     // earliest start of the next reaction once none is in flight
	waiting chan struct{} // the pending reaction's; closed when superseded
	freed   chan struct{} // closed (and replaced) when the one in flight finishes
}

// acquire waits for target's turn and returns the release to call once the
// reaction's request is over. A newer call for the same target supersedes
// a waiting one, which returns ErrSuperseded.
func (s *reactionSpacer) acquire(ctx context.Context, target string) (func(), error) {
	s.mu.Lock()
	slot := s.slots[target]
	if slot == nil {
		if len(s.slots) >= 1024 {
			s.sweep(time.Now())
		}
		slot = &reactSlot{freed: make(chan struct{})}
		s.slots[target] = slot
	}
	if slot.waiting != nil {
		close(slot.waiting)
	}
	mine := make(chan struct{})
	slot.waiting = mine
	for {
		now := time.Now()
		if !slot.busy && !now.Before(slot.next) {
			slot.waiting, slot.busy = nil, true
			s.mu.Unlock()
			return func() { s.release(slot) }, nil
		}
		var (
			timer  *time.Timer
			timeUp <-chan time.Time
		)
		if !slot.busy {
			timer = time.NewTimer(slot.next.Sub(now))
			timeUp = timer.C
		}
		freed := slot.freed
		s.mu.Unlock()
		select {
		case <-mine:
		case <-ctx.Done():
		case <-timeUp:
		case <-freed:
		}
		if timer != nil {
			timer.Stop()
		}
		s.mu.Lock()
		if slot.waiting != mine {
			s.mu.Unlock()
			return nil, ErrSuperseded
		}
		if err := ctx.Err(); err != nil {
			slot.waiting = nil
			s.mu.Unlock()
			return nil, err
		}
	}
}

// release ends the reaction in flight on slot and starts the gap.
func (s *reactionSpacer) release(slot *reactSlot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	slot.busy = false
	slot.next = time.Now().Add(s.gap)
	close(slot.freed)
	slot.freed = make(chan struct{})
}

// sweep forgets targets with nothing in flight or waiting whose spacing
// has passed: they would be created identical.
func (s *reactionSpacer) sweep(now time.Time) {
	for k, slot := range s.slots {
		if !slot.busy && slot.waiting == nil && !slot.next.After(now) {
			delete(s.slots, k)
		}
	}
}
