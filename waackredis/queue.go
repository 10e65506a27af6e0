package waackredis

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/waack/waack"
)

// Defaults of QueueConfig.
const (
	// DefaultQueueMaxLen bounds a queue's backlog: deliveries stored and not
	// yet finished.
	DefaultQueueMaxLen = 100_000
	// DefaultDeadLetterMaxLen is how many dead letters a queue keeps.
	DefaultDeadLetterMaxLen = 10_000
	// DefaultMaxAttempts is how many times a delivery is tried before it
	// moves to the dead-letter stream.
	DefaultMaxAttempts = 5
	// DefaultMinIdle is how long a delivery stays with a worker that
	// neither finished nor returned it before another worker takes it over.
	DefaultMinIdle = time.Minute
	// DefaultBatch is how many entries a worker reads at once.
	DefaultBatch = 16
	// DefaultBlock is how long a worker's read waits for new entries.
	DefaultBlock = time.Second
	// DefaultRetryDelay is the wait before a failed delivery's second
	// attempt; it doubles up to DefaultMaxRetryDelay.
	DefaultRetryDelay = 100 * time.Millisecond
	// DefaultMaxRetryDelay caps the wait between attempts.
	DefaultMaxRetryDelay = 5 * time.Second
)

// ErrQueueFull: the queue holds MaxLen deliveries not yet finished, so
// Enqueue refused another; the webhook handler answers 500 and the
// provider delivers again later. Workers are down or too slow.
var ErrQueueFull = errors.New("waackredis: queue full")

// QueueConfig configures NewQueue. Stream and Group are required; zero
// values of the other fields take the defaults above.
type QueueConfig struct {
	// Stream is the key of the Redis stream that holds the deliveries.
	Stream string
	// Group is the consumer group every worker of the queue joins. Work
	// creates it (reading from the start of the stream, so that nothing
	// stored before the first worker is skipped).
	Group string
	// DeadLetter is the stream of deliveries that failed MaxAttempts times
	// or can never be processed; default Stream + ":dead".
	DeadLetter string
	// MaxLen bounds the backlog: deliveries stored and not yet finished
	// (a finished one is deleted from the stream). At MaxLen, Enqueue
	// refuses with ErrQueueFull instead of trimming, so a delivery
	// answered 200 is never dropped unprocessed.
	MaxLen int64
	// DeadLetterMaxLen bounds the dead-letter stream; beyond it the oldest
	// dead letters are trimmed (approximately: MAXLEN ~).
	DeadLetterMaxLen int64
	// MaxAttempts is how many times a delivery is tried before it moves to
	// the dead-letter stream with its last error.
	MaxAttempts int
	// MinIdle is how long a delivery may stay with a worker that neither
	// finished nor returned it (it crashed, or is stuck) before another
	// worker reclaims it (XAUTOCLAIM). It must exceed the longest Process
	// of one delivery, retries' waits included, or a slow worker's
	// delivery is taken over while it still works on it (the Deduper then
	// keeps its events from running twice).
	MinIdle time.Duration
	// Batch is how many entries a worker reads at once.
	Batch int
	// Block is how long a worker's read waits for new entries; a stopping
	// worker notices its context within about this time.
	Block time.Duration
	// RetryDelay is the wait before a failed delivery's second attempt; it
	// doubles for each further one, up to MaxRetryDelay.
	RetryDelay    time.Duration
	MaxRetryDelay time.Duration
}

// Queue is a durable queue of webhook deliveries on a Redis stream (see
// NewQueue). It is safe for concurrent use.
type Queue struct {
	rdb redis.UniversalClient
	cfg QueueConfig
}

// NewQueue returns a queue of deliveries on rdb: Enqueue is the webhook
// handler's WebhookConfig.Enqueue, Work the worker loop.
//
// Keys: Stream, a stream with one entry per delivery not yet finished
// (fields provider, received in Unix nanoseconds, body: about the body's
// size plus 100 bytes each, so at most MaxLen bodies), deleted once its
// events were processed or it moved to DeadLetter, a stream of at most
// about DeadLetterMaxLen entries (the delivery's fields plus id,
// attempts, error and failed). No command touches both keys at once, so
// they need not share a Redis Cluster slot.
//
// It refuses (an error wrapping waack.ErrInvalidConfig) an empty Stream or
// Group, DeadLetter equal to Stream, and negative numbers.
func NewQueue(rdb redis.UniversalClient, cfg QueueConfig) (*Queue, error) {
	switch {
	case rdb == nil:
		return nil, fmt.Errorf("%w: waackredis: queue: no Redis client", waack.ErrInvalidConfig)
	case strings.TrimSpace(cfg.Stream) == "":
		return nil, fmt.Errorf("%w: waackredis: queue: Stream is required", waack.ErrInvalidConfig)
	case strings.TrimSpace(cfg.Group) == "":
		return nil, fmt.Errorf("%w: waackredis: queue: Group is required", waack.ErrInvalidConfig)
	case cfg.DeadLetter == cfg.Stream:
		return nil, fmt.Errorf("%w: waackredis: queue: DeadLetter must differ from Stream", waack.ErrInvalidConfig)
	case cfg.MaxLen < 0 || cfg.DeadLetterMaxLen < 0 || cfg.MaxAttempts < 0 || cfg.MinIdle < 0 ||
		cfg.Batch < 0 || cfg.Block < 0 || cfg.RetryDelay < 0 || cfg.MaxRetryDelay < 0:
		return nil, fmt.Errorf("%w: waackredis: queue: negative limit", waack.ErrInvalidConfig)
	}
	def := func(v *int64, d int64) {
		if *v == 0 {
			*v = d
		}
	}
	if cfg.DeadLetter == "" {
		cfg.DeadLetter = cfg.Stream + ":dead"
	}
	def(&cfg.MaxLen, DefaultQueueMaxLen)
	def(&cfg.DeadLetterMaxLen, DefaultDeadLetterMaxLen)
	if cfg.MaxAttempts == 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.Batch == 0 {
		cfg.Batch = DefaultBatch
	}
	for _, d := range []struct {
		v   *time.Duration
		def time.Duration
	}{{&cfg.MinIdle, DefaultMinIdle}, {&cfg.Block, DefaultBlock}, {&cfg.RetryDelay, DefaultRetryDelay}, {&cfg.MaxRetryDelay, DefaultMaxRetryDelay}} {
		if *d.v == 0 {
			*d.v = d.def
		}
	}
	// Redis counts BLOCK and idle times in milliseconds; less would mean
	// "forever" or "at once".
	cfg.MinIdle = max(cfg.MinIdle, time.Millisecond)
	cfg.Block = max(cfg.Block, time.Millisecond)
	return &Queue{rdb: rdb, cfg: cfg}, nil
}

// Entry fields of a stored delivery.
const (
	fieldProvider = "provider"
	fieldReceived = "received"
	fieldBody     = "body"
)

// enqueueScript adds a delivery unless the backlog is full, in one round
// trip: XADD's MAXLEN ~ bound alone would trim the oldest deliveries,
// unprocessed ones too, and each was already answered 200.
var enqueueScript = redis.NewScript(`
if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then
	return redis.error_reply('WAACKFULL backlog at MaxLen')
end
return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*',
	'provider', ARGV[2], 'received', ARGV[3], 'body', ARGV[4])
`)

// Enqueue stores d at the end of the stream (XADD with MAXLEN ~ MaxLen, in
// a script that refuses with ErrQueueFull at MaxLen instead of trimming),
// for waack.WebhookConfig.Enqueue. It returns nil only once Redis holds
// the entry. A Delivery that Process could never handle (unknown provider,
// empty body) is refused with an error wrapping waack.ErrBadPayload before
// any network call; a zero Received is stored as now.
//
// Durability is Redis's: with the default configuration a Redis crash
// loses what it had not yet written to disk. Run it with appendonly yes
// (appendfsync everysec or always) to keep deliveries over a restart.
func (q *Queue) Enqueue(ctx context.Context, d waack.Delivery) error {
	if err := d.Validate(); err != nil {
		return fmt.Errorf("waackredis: enqueue: %w", err)
	}
	received := d.Received
	if received.IsZero() {
		received = time.Now()
	}
	err := enqueueScript.Run(ctx, q.rdb, []string{q.cfg.Stream},
		q.cfg.MaxLen, d.Provider, received.UnixNano(), d.Body).Err()
	switch {
	case err == nil:
		return nil
	case strings.HasPrefix(err.Error(), "WAACKFULL"):
		return fmt.Errorf("%w: %d deliveries not yet processed", ErrQueueFull, q.cfg.MaxLen)
	}
	return fmt.Errorf("waackredis: enqueue: %w", err)
}

// Backlog is how many deliveries the queue holds that are not finished:
// waiting, or being processed.
func (q *Queue) Backlog(ctx context.Context) (int64, error) {
	n, err := q.rdb.XLen(ctx, q.cfg.Stream).Result()
	if err != nil {
		return 0, fmt.Errorf("waackredis: backlog: %w", err)
	}
	return n, nil
}

// delivery decodes a stream entry; ok is false when a field is missing
// or malformed (an entry another program wrote, or a deleted one).
func delivery(m redis.XMessage) (d waack.Delivery, ok bool) {
	provider, ok1 := m.Values[fieldProvider].(string)
	received, ok2 := m.Values[fieldReceived].(string)
	body, ok3 := m.Values[fieldBody].(string)
	ns, err := strconv.ParseInt(received, 10, 64)
	if !ok1 || !ok2 || !ok3 || err != nil {
		return waack.Delivery{ID: m.ID}, false
	}
	return waack.Delivery{Provider: provider, Body: []byte(body), Received: time.Unix(0, ns), ID: m.ID}, true
}
