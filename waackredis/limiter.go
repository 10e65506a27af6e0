package waackredis

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/waack/waack"
)

// Limiter is a waack.Limiter shared by every client that uses it, on any
// replica (see NewLimiter).
type Limiter struct {
	rl     *redis_rate.Limiter
	prefix string
	rate   *redis_rate.Limit // nil: no per-number rate
	pair   *redis_rate.Limit // nil: no pair pacing
}

var _ waack.Limiter = (*Limiter)(nil)

// NewLimiter returns a limiter for waack.WithLimiter on rdb: WithRate is
// the per-number rate (waack.WithRateLimit's meaning) and WithPairPacing
// the per-recipient spacing (waack.WithPairPacing's), both held by every
// client that shares the limiter's keys, so three replicas at 80/s send 80
// messages a second together, not 240. Use one limiter (one WithPrefix)
// per sending number. Without either option it paces nothing.
//
// Turns are decided by GCRA in Redis (github.com/go-redis/redis_rate, one
// script call per try, on Redis's clock): a caller that is refused sleeps
// for the time the script names and tries again, so a caller that gives up
// has booked nothing and costs the others nothing. Turns are not handed
// out in arrival order across callers.
//
// Keys: "rate:<prefix>limit:rate" and "rate:<prefix>limit:pair:<recipient>"
// (redis_rate adds "rate:"), a string of a few dozen bytes each, expiring
// once the limit is back to full. Errors are invalid values (matching
// waack.ErrInvalidConfig). It reads WithPrefix, WithRate and
// WithPairPacing.
func NewLimiter(rdb redis.UniversalClient, opts ...Option) (*Limiter, error) {
	c := newConfig(opts)
	l := &Limiter{rl: redis_rate.NewLimiter(rdb), prefix: c.prefix + "limit:"}
	if r := c.rate; r != nil {
		if !(r.perSecond > 0) || r.burst < 1 || math.IsInf(r.perSecond, 0) {
			return nil, fmt.Errorf("%w: waackredis: rate needs perSecond > 0 and burst ≥ 1", waack.ErrInvalidConfig)
		}
		lim := perInterval(time.Duration(float64(time.Second)/r.perSecond), r.burst)
		l.rate = &lim
	}
	if p := c.pairs; p != nil {
		if p.Interval < 0 || p.Burst < 0 {
			return nil, fmt.Errorf("%w: waackredis: negative pair pacing value", waack.ErrInvalidConfig)
		}
		interval, burst := p.Interval, p.Burst
		if interval == 0 {
			interval = waack.DefaultPairInterval
		}
		if burst == 0 {
			burst = waack.DefaultPairBurst
		}
		lim := perInterval(interval, burst)
		l.pair = &lim
	}
	return l, nil
}

// perInterval is one turn every d, in bursts of burst. d is at least a
// microsecond: redis_rate computes in float seconds.
func perInterval(d time.Duration, burst int) redis_rate.Limit {
	return redis_rate.Limit{Rate: 1, Period: max(d, time.Microsecond), Burst: burst}
}

// Wait implements waack.Limiter.
func (l *Limiter) Wait(ctx context.Context) error {
	if l.rate == nil {
		return nil
	}
	return l.take(ctx, l.prefix+"rate", *l.rate)
}

// WaitPair implements waack.Limiter.
func (l *Limiter) WaitPair(ctx context.Context, recipient string) error {
	if l.pair == nil {
		return nil
	}
	return l.take(ctx, l.prefix+"pair:"+recipient, *l.pair)
}

// take tries for a turn until it gets one: a refusal names how long until
// the next, which is slept; a deadline that comes first is refused at once.
func (l *Limiter) take(ctx context.Context, key string, limit redis_rate.Limit) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		res, err := l.rl.Allow(ctx, key, limit)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("waackredis: limiter: %w", err)
		}
		if res.Allowed > 0 {
			return nil
		}
		wait := max(res.RetryAfter, time.Millisecond)
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return fmt.Errorf("%w: waackredis: the pacing wait would pass the deadline", context.DeadlineExceeded)
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}
