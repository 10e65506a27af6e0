package waacktest

import (
	"log/slog"
	"time"
)

// Option configures a Server.
type Option func(*config)

type config struct {
	addr           string
	start          time.Time
	token          string
	batch          int
	attempts       int
	backoff        time.Duration
	webhookTimeout time.Duration
	logger         *slog.Logger
}

func defaults() config {
	return config{
		addr:           "127.0.0.1:0",
		start:          time.Now().UTC().Truncate(time.Second),
		batch:          1,
		attempts:       5,
		backoff:        20 * time.Millisecond,
		webhookTimeout: 5 * time.Second,
		logger:         slog.New(slog.DiscardHandler),
	}
}

// WithAddr listens on addr (host:port) instead of a free loopback port,
// e.g. for a sandbox other programs are configured to reach.
func WithAddr(addr string) Option {
	return func(c *config) { c.addr = addr }
}

// WithStartTime sets the server clock's start (default: now, to the
// second). A fixed start makes webhook timestamps reproducible.
func WithStartTime(t time.Time) Option {
	return func(c *config) { c.start = t }
}

// WithToken sets the credential of all three providers (default: a random
// token each), for a sandbox whose clients are configured by hand.
func WithToken(token string) Option {
	return func(c *config) { c.token = token }
}

// WithWebhookBatch lets one webhook POST carry up to n events, as Meta
// batches them: Cloud API bodies then hold several changes, 1MSG bodies
// several messages or acks. Events are batched only when they are already
// waiting; nothing is held back to fill a batch. Wawp always sends one
// event per POST, like WAHA. n < 1 means 1.
func WithWebhookBatch(n int) Option {
	return func(c *config) { c.batch = max(n, 1) }
}

// WithWebhookRetry sets how often a webhook POST is tried before it is
// given up (default 5) and the pause before the first retry (default 20 ms;
// it doubles on each retry, up to one second). A POST is retried when the
// receiver answers other than 2xx or cannot be reached.
func WithWebhookRetry(attempts int, backoff time.Duration) Option {
	return func(c *config) {
		c.attempts = max(attempts, 1)
		c.backoff = max(backoff, 0)
	}
}

// WithWebhookTimeout bounds one webhook POST (default 5 s).
func WithWebhookTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.webhookTimeout = d
		}
	}
}

// WithLogger logs webhook deliveries that were given up (default: no
// logging). Log lines never carry a token or webhook secret.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.logger = l
		}
	}
}
