package waack

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// RetryPolicy bounds retries. Zero fields take DefaultRetryPolicy's values;
// MaxAttempts 1 turns retries off.
type RetryPolicy struct {
	MaxAttempts int           // attempts in all, the first included
	MinBackoff  time.Duration // the first wait; doubles each retry, with jitter
	MaxBackoff  time.Duration // the longest single wait; a longer Retry-After ends the retries
}

// DefaultRetryPolicy is the policy of a client without WithRetry, and the
// values WithRetry gives a policy's zero fields: three attempts, waits from
// 200 ms, no wait over 5 s. It is for reading: changing it has no effect on
// any client, since clients take these values from constants (a package
// variable that any importer could change would retune every client of
// the program, which is what options are for).
var DefaultRetryPolicy = defaultRetryPolicy()

// The values of DefaultRetryPolicy, which New and WithRetry use.
const (
	defaultMaxAttempts = 3
	defaultMinBackoff  = 200 * time.Millisecond
	defaultMaxBackoff  = 5 * time.Second
)

func defaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: defaultMaxAttempts, MinBackoff: defaultMinBackoff, MaxBackoff: defaultMaxBackoff}
}

// WithRetry sets how transient failures are retried. Reactions and reads are
// retried after network errors, 5xx answers and throttling; a text only when
// the provider's answer proves it was not accepted. Retry-After is honoured,
// and no retry waits past the context's deadline.
func WithRetry(p RetryPolicy) Option {
	return func(c *Client) error {
		if p.MaxAttempts < 0 || p.MinBackoff < 0 || p.MaxBackoff < 0 {
			return fmt.Errorf("%w: negative retry policy value", ErrInvalidConfig)
		}
		if p.MaxAttempts == 0 {
			p.MaxAttempts = defaultMaxAttempts
		}
		if p.MinBackoff == 0 {
			p.MinBackoff = defaultMinBackoff
		}
		if p.MaxBackoff == 0 {
			p.MaxBackoff = max(defaultMaxBackoff, p.MinBackoff)
		}
		if p.MaxBackoff < p.MinBackoff {
			return fmt.Errorf("%w: MaxBackoff below MinBackoff", ErrInvalidConfig)
		}
		c.retry = p
		return nil
	}
}

// pairBackoffUnit is Meta's advice for 131056: wait 4^n seconds.
const pairBackoffUnit = time.Second

// wait is the pause before retry n (1 for the first retry). It reports false
// when the provider asks for more than MaxBackoff: the caller then gets the
// error, with its RetryAfter, instead of a long block.
func (p RetryPolicy) wait(n int, e *APIError) (time.Duration, bool) {
	d := p.MinBackoff << min(n-1, 20)
	if d > p.MaxBackoff || d <= 0 {
		d = p.MaxBackoff
	}
	// Full jitter in [d/2, d] spreads the retries of concurrent senders.
	d = d/2 + rand.N(d/2+1)
	if e == nil {
		return d, true
	}
	need := e.RetryAfter
	if e.Is(ErrPairRateLimited) {
		need = max(need, pairBackoffUnit<<(2*min(n-1, 10)))
	}
	if need > p.MaxBackoff {
		return 0, false
	}
	return max(d, need), true
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date.
func retryAfter(h http.Header) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(min(s, 86400)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// unreachable marks a transport failure (no connection, a connection lost
// before the answer, a transport timeout) as ErrServiceUnavailable, so that
// it matches a sentinel like every other error the client returns. The end
// of the caller's context stays the context's error only.
func unreachable(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return transportError{err}
}

// transportError is a transport failure; it prints as its cause.
type transportError struct{ err error }

func (e transportError) Error() string        { return e.err.Error() }
func (e transportError) Unwrap() error        { return e.err }
func (e transportError) Is(target error) bool { return target == ErrServiceUnavailable }
