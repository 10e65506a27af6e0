package waackredis

import (
	"time"

	"github.com/waack/waack"
)

// Defaults of the stores.
const (
	// DefaultPrefix starts every key the stores write.
	DefaultPrefix = "waack:"
	// DefaultReservation is how long a Deduper reservation lives when its
	// holder neither finishes nor releases it (it crashed): longer than
	// OnEvent takes, shorter than the provider's first retry is patient.
	DefaultReservation = 2 * time.Minute
	// DefaultDoneTTL is how long a handled event is remembered: Meta
	// redelivers for up to 7 days, and a day more absorbs clock skew.
	DefaultDoneTTL = 8 * 24 * time.Hour
	// DefaultStatusTTL is how long a message's status is kept after it was
	// first seen.
	DefaultStatusTTL = 8 * 24 * time.Hour
	// DefaultSessionRetention is how long a chat is remembered after its
	// window closed; a chat forgotten counts as never seen.
	DefaultSessionRetention = 30 * 24 * time.Hour
	// DefaultTallyTTL is how long a message's votes are kept after the last
	// one: a reaction may target a message up to 30 days old.
	DefaultTallyTTL = 31 * 24 * time.Hour
)

// Option configures a constructor of this package. Each constructor says
// which options it reads; the others are ignored.
type Option func(*config)

type config struct {
	prefix      string
	reservation time.Duration
	ttl         time.Duration // 0: the constructor's default
	rate        *rateConfig
	pairs       *waack.PairPacing
}

type rateConfig struct {
	perSecond float64
	burst     int
}

// WithPrefix starts every key with prefix instead of DefaultPrefix, e.g. to
// keep two environments, or two numbers' limiters, apart in one Redis.
func WithPrefix(prefix string) Option {
	return func(c *config) { c.prefix = prefix }
}

// WithReservation sets how long a Deduper's reservation outlives a holder
// that died (default DefaultReservation). It must exceed the longest
// OnEvent, or a second replica may claim an event still being handled.
func WithReservation(d time.Duration) Option {
	return func(c *config) { c.reservation = d }
}

// WithTTL sets how long records live: a Deduper's done keys
// (DefaultDoneTTL), a StatusStore's messages from first seen
// (DefaultStatusTTL), a SessionStore's chats after their window closed
// (DefaultSessionRetention), a TallyStore's votes after the last one
// (DefaultTallyTTL). Memory is bounded by what arrives in that time.
func WithTTL(d time.Duration) Option {
	return func(c *config) { c.ttl = d }
}

// WithRate makes a Limiter pace every request (retries included) to
// perSecond with bursts of burst, across every client that shares it: the
// meaning of waack.WithRateLimit. Use waack.CloudAPIThroughput for a Cloud
// API number.
func WithRate(perSecond float64, burst int) Option {
	return func(c *config) { c.rate = &rateConfig{perSecond, burst} }
}

// WithPairPacing makes a Limiter space messages to one recipient across
// every client that shares it: the meaning of waack.WithPairPacing (zero
// fields take its defaults; Recipients does not apply, Redis forgets idle
// recipients itself).
func WithPairPacing(p waack.PairPacing) Option {
	return func(c *config) { c.pairs = &p }
}

func newConfig(opts []Option) config {
	c := config{prefix: DefaultPrefix, reservation: DefaultReservation}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.reservation <= 0 {
		c.reservation = DefaultReservation
	}
	return c
}

// ttlOr is the configured TTL, or def when none (or a non-positive one)
// was given.
func (c config) ttlOr(def time.Duration) time.Duration {
	if c.ttl > 0 {
		return c.ttl
	}
	return def
}
