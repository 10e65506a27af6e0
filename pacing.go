package waack

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
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
		c.limiter = rate.NewLimiter(rate.Limit(perSecond), burst)
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
		c.pairs = &pairPacer{cfg: p, limiters: make(map[string]*rate.Limiter)}
		return nil
	}
}

// WithReactionSpacing keeps reactions to the same message at least d apart
// (d == 0 means DefaultReactionSpacing). A reaction that is waiting when a
// newer one to the same message arrives is not sent: its call returns
// ErrSuperseded, so ⏳ then ✅ in quick succession sends at most what the
// customer needs to see.
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

// pairPacer holds a token bucket per recipient.
type pairPacer struct {
	cfg      PairPacing
	mu       sync.Mutex
	limiters map[string]*rate.Limiter
}

func (p *pairPacer) wait(ctx context.Context, recipient string) error {
	p.mu.Lock()
	l := p.limiters[recipient]
	if l == nil {
		if len(p.limiters) >= p.cfg.Recipients {
			p.forgetIdle()
		}
		l = rate.NewLimiter(rate.Every(p.cfg.Interval), p.cfg.Burst)
		p.limiters[recipient] = l
	}
	p.mu.Unlock()
	return waitTurn(ctx, l)
}

// waitTurn waits for a token. x/time/rate refuses at once, with an error of
// its own, a wait that would pass the deadline; report that as the deadline.
func waitTurn(ctx context.Context, l *rate.Limiter) error {
	err := l.Wait(ctx)
	if err == nil || ctx.Err() != nil {
		return err
	}
	return fmt.Errorf("%w: the pacing wait would pass the deadline", context.DeadlineExceeded)
}

// forgetIdle drops recipients whose bucket is full again (they would be
// created identical); if none is, it drops arbitrary ones to stay bounded.
func (p *pairPacer) forgetIdle() {
	now := time.Now()
	for k, l := range p.limiters {
		if l.TokensAt(now) >= float64(p.cfg.Burst) {
			delete(p.limiters, k)
		}
	}
	for k := range p.limiters {
		if len(p.limiters) < p.cfg.Recipients {
			break
		}
		delete(p.limiters, k)
	}
}

// reactionSpacer serializes reactions per target message.
type reactionSpacer struct {
	gap   time.Duration
	mu    sync.Mutex
	slots map[string]*reactSlot
}

type reactSlot struct {
	next    time.Time     // earliest start of the next reaction
	waiting chan struct{} // the pending reaction's; closed when superseded
}

// acquire waits for target's turn. A newer call for the same target
// supersedes a waiting one.
func (s *reactionSpacer) acquire(ctx context.Context, target string) error {
	s.mu.Lock()
	now := time.Now()
	slot := s.slots[target]
	if slot == nil {
		if len(s.slots) >= 1024 {
			s.sweep(now)
		}
		slot = &reactSlot{}
		s.slots[target] = slot
	}
	if slot.waiting != nil {
		close(slot.waiting)
		slot.waiting = nil
	}
	wait := slot.next.Sub(now)
	if wait <= 0 {
		slot.next = now.Add(s.gap)
		s.mu.Unlock()
		return nil
	}
	mine := make(chan struct{})
	slot.waiting = mine
	s.mu.Unlock()

	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-mine:
		return ErrSuperseded
	case <-ctx.Done():
	case <-t.C:
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if slot.waiting != mine {
		return ErrSuperseded // a newer reaction arrived as the timer fired
	}
	slot.waiting = nil
	if err := ctx.Err(); err != nil {
		return err
	}
	slot.next = time.Now().Add(s.gap)
	return nil
}

// sweep forgets targets with nothing waiting whose spacing has passed.
func (s *reactionSpacer) sweep(now time.Time) {
	for k, slot := range s.slots {
		if slot.waiting == nil && !slot.next.After(now) {
			delete(s.slots, k)
		}
	}
}
