package waackredis

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/waack/waack"
)

// Work processes the queue's deliveries as consumer (a name unique to this
// worker, e.g. host and process id) of the group, with waack.Process's
// semantics under cfg, until ctx is done; it then returns nil. It returns
// an error at once only for a bad consumer name or cfg (a nil OnEvent). A
// nil cfg.Dedup means one in-memory Deduper for this call: several
// workers need one they share (NewDeduper).
//
// Each delivery is acknowledged (XACK) and deleted only after Process
// succeeded. One that fails is tried again after RetryDelay (doubling up to
// MaxRetryDelay) before the worker moves on, up to MaxAttempts times in
// all, then moved to the dead-letter stream with its last error; one that
// can never succeed (waack.ErrBadPayload: unknown provider, not the
// provider's JSON) moves there at once. One whose event another holder is
// still processing (waack.ErrInFlight) stays pending, without using an
// attempt, and is taken up again after RetryDelay by the next reclaim pass
// (the other holder has finished by then, or failed and released it), so
// that it does not hold up the deliveries behind it. A
// worker first takes back what it held before a restart under the same
// name, and takes over (XAUTOCLAIM) deliveries another worker has held
// for MinIdle without finishing: that worker crashed or is stuck.
//
// Stopping: when ctx is done, Work lets the delivery being processed
// finish or fail with ctx (OnEvent sees the cancellation), acknowledges
// what succeeded, and returns the deliveries it read but did not finish
// to the group, marked idle so that the next worker's reclaim takes them
// at once; nothing is lost, not even if the process dies instead (the
// deliveries then wait MinIdle). Redis errors are logged to cfg.Logger and
// retried; Work keeps running while Redis is away.
//
// Order: one worker processes its deliveries one at a time, in stream
// order (arrival order), and does not pass a failing one before it
// succeeded or was dead-lettered, so with one worker the events of every
// chat run in the order they arrived. With several workers on a group,
// Redis hands consecutive deliveries to different workers, which may run
// two events of one chat at once or in either order; a delivery taken
// over from a crashed worker runs after later ones. Per-chat order with
// several workers would need deliveries partitioned by chat, and a stored
// body is not parsed (one Cloud API body may carry several chats): give
// each worker its own queue, or make OnEvent tolerate reordering (for
// statuses StatusTracker does: they only move forward).
func (q *Queue) Work(ctx context.Context, consumer string, cfg waack.WebhookConfig) error {
	if strings.TrimSpace(consumer) == "" {
		return fmt.Errorf("%w: waackredis: work: consumer name is required", waack.ErrInvalidConfig)
	}
	p, err := waack.NewProcessor(cfg)
	if err != nil {
		return fmt.Errorf("waackredis: work: %w", err)
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w := &worker{q: q, cfg: q.cfg, name: consumer, proc: p, log: log}
	w.run(ctx)
	return nil
}

// worker is one Work call.
type worker struct {
	q    *Queue
	cfg  QueueConfig
	name string
	proc *waack.Processor
	log  *slog.Logger

	acks      []string  // finished entries not yet acknowledged
	lastClaim time.Time // last XAUTOCLAIM pass
	// leftAt is when a delivery left pending because its event was in
	// flight elsewhere becomes due again; zero for none.
	leftAt  time.Time
	trouble int // consecutive Redis failures, for the backoff
}

// entry is a stream entry and how many times it has been delivered.
type entry struct {
	msg      redis.XMessage
	attempts int
}

func (w *worker) run(ctx context.Context) {
	w.untilReady(ctx, w.ensureGroup)
	w.untilReady(ctx, w.takeBackOwn)
	for ctx.Err() == nil {
		due := !w.leftAt.IsZero() && !time.Now().Before(w.leftAt)
		if due || time.Since(w.lastClaim) >= w.reclaimEvery() {
			w.leftAt = time.Time{}
			if !w.redisOK(ctx, w.reclaim(ctx)) {
				continue
			}
		}
		entries, err := w.readNew(ctx)
		if !w.redisOK(ctx, err) {
			continue
		}
		w.handle(ctx, entries)
	}
	w.releaseAll(ctx)
}

// reclaimEvery is how often a worker looks for deliveries to take over:
// often enough that one returned by a stopping worker (marked idle) does
// not wait long.
func (w *worker) reclaimEvery() time.Duration {
	return min(w.cfg.MinIdle/2, 10*time.Second)
}

// untilReady runs step until it succeeds or ctx is done.
func (w *worker) untilReady(ctx context.Context, step func(context.Context) error) {
	for ctx.Err() == nil && !w.redisOK(ctx, step(ctx)) {
	}
}

// redisOK reports whether err is nil; otherwise it logs it, re-creates the
// group if Redis lost it (a restart without persistence), and waits a
// little longer on each consecutive failure.
func (w *worker) redisOK(ctx context.Context, err error) bool {
	if err == nil {
		w.trouble = 0
		return true
	}
	if ctx.Err() != nil {
		return false
	}
	w.trouble++
	w.log.WarnContext(ctx, "waackredis work: Redis failed, retrying", "stream", w.cfg.Stream, "consumer", w.name, "error", err.Error())
	if strings.HasPrefix(err.Error(), "NOGROUP") {
		_ = w.ensureGroup(ctx)
	}
	sleep(ctx, min(50*time.Millisecond<<min(w.trouble, 6), 2*time.Second))
	return false
}

// ensureGroup creates the group, reading from the start of the stream.
func (w *worker) ensureGroup(ctx context.Context) error {
	err := w.q.rdb.XGroupCreateMkStream(ctx, w.cfg.Stream, w.cfg.Group, "0").Err()
	if err != nil && strings.HasPrefix(err.Error(), "BUSYGROUP") {
		return nil
	}
	return err
}

// takeBackOwn processes the entries this consumer read before and never
// finished (it was restarted), oldest first.
func (w *worker) takeBackOwn(ctx context.Context) error {
	after := "0"
	for ctx.Err() == nil {
		streams, err := w.q.rdb.XReadGroup(ctx, &redis.XReadGroupArgs{
			Group: w.cfg.Group, Consumer: w.name, Streams: []string{w.cfg.Stream, after}, Count: int64(w.cfg.Batch),
		}).Result()
		if err != nil {
			return err
		}
		if len(streams) == 0 || len(streams[0].Messages) == 0 {
			return nil
		}
		msgs := streams[0].Messages
		after = msgs[len(msgs)-1].ID
		entries, err := w.withAttempts(ctx, msgs)
		if err != nil {
			return err
		}
		w.handle(ctx, entries)
	}
	return nil
}

// reclaim takes over entries other workers held for MinIdle, a bounded
// number of pages per pass so that new entries are not starved.
func (w *worker) reclaim(ctx context.Context) error {
	w.lastClaim = time.Now()
	start := "0-0"
	for range 8 {
		msgs, next, err := w.q.rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{
			Stream: w.cfg.Stream, Group: w.cfg.Group, Consumer: w.name,
			MinIdle: w.cfg.MinIdle, Start: start, Count: int64(w.cfg.Batch),
		}).Result()
		if err != nil {
			return err
		}
		if len(msgs) > 0 {
			entries, err := w.withAttempts(ctx, msgs)
			if err != nil {
				return err
			}
			w.handle(ctx, entries)
		}
		if next == "0-0" || next == "" || ctx.Err() != nil {
			return nil
		}
		start = next
	}
	return nil
}

// readNew reads entries no worker has seen, waiting up to Block.
func (w *worker) readNew(ctx context.Context) ([]entry, error) {
	streams, err := w.q.rdb.XReadGroup(ctx, &redis.XReadGroupArgs{
		Group: w.cfg.Group, Consumer: w.name, Streams: []string{w.cfg.Stream, ">"},
		Count: int64(w.cfg.Batch), Block: w.cfg.Block,
	}).Result()
	if errors.Is(err, redis.Nil) {
		return nil, nil // nothing arrived within Block
	}
	if err != nil || len(streams) == 0 {
		return nil, err
	}
	entries := make([]entry, len(streams[0].Messages))
	for i, m := range streams[0].Messages {
		entries[i] = entry{msg: m, attempts: 1}
	}
	return entries, nil
}

// withAttempts looks up how many times each of msgs (entries this
// consumer now holds) has been delivered, this time included.
func (w *worker) withAttempts(ctx context.Context, msgs []redis.XMessage) ([]entry, error) {
	pending, err := w.q.rdb.XPendingExt(ctx, &redis.XPendingExtArgs{
		Stream: w.cfg.Stream, Group: w.cfg.Group, Consumer: w.name,
		// Other entries of ours may lie in the range (a failed ack): room for them.
		Start: msgs[0].ID, End: msgs[len(msgs)-1].ID, Count: int64(2*len(msgs) + 64),
	}).Result()
	if err != nil {
		return nil, err
	}
	count := make(map[string]int, len(pending))
	for _, p := range pending {
		count[p.ID] = int(p.RetryCount)
	}
	entries := make([]entry, len(msgs))
	for i, m := range msgs {
		entries[i] = entry{msg: m, attempts: max(count[m.ID], 1)}
	}
	return entries, nil
}
