package waackredis

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/waack/waack"
)

// doneValue marks a handled event; a reservation is "r" and a token.
const doneValue = "d"

// maxKeyBytes bounds the part of a key that comes from an event, as the
// webhook handler does, so that memory per key stays bounded whatever
// Deduper key a caller passes.
const maxKeyBytes = 256

// Deduper is a waack.Deduper shared by every replica (see NewDeduper).
type Deduper struct {
	rdb         redis.UniversalClient
	prefix      string
	reservation time.Duration
	keep        time.Duration

	// held maps the keys this process reserved to their tokens, so that
	// Release frees only its own reservation.
	held   sync.Map
	tokens tokenSource
	pipe   *coalescer
}

var (
	_ waack.Deduper       = (*Deduper)(nil)
	_ waack.DedupReleaser = (*Deduper)(nil)
	_ waack.DedupBatcher  = (*Deduper)(nil)
)

// NewDeduper returns a Deduper on rdb for waack.WebhookConfig.Dedup.
//
// Seen claims a key atomically in one command (SET NX PX ... GET): the
// first delivery of an event on any replica gets it; another delivery
// meanwhile gets an error matching waack.ErrInFlight; once the event is
// done, deliveries are reported seen. A reservation expires after
// WithReservation (DefaultReservation) if its holder dies; Release (on a
// failed OnEvent) frees it at once, by compare-and-delete so as never to
// free another holder's. Done keeps the key WithTTL (DefaultDoneTTL, more
// than Meta's 7-day redelivery horizon).
//
// Keys: "<prefix>dedup:<event key>", a string value of 1 byte (done) or
// about 20 (a reservation's token); event keys longer than 256 bytes are
// replaced by their SHA-256, so a key costs at most about 400 bytes of
// Redis memory, and 168 (MEMORY USAGE) for a Cloud API status key with
// Meta's 58-byte message id. It reads WithPrefix, WithReservation and
// WithTTL.
//
// Concurrent calls share round trips: while one pipeline is in flight, the
// claims and dones of other deliveries queue for the next one, so under
// load a webhook body costs less than one round trip (a lone call still
// costs exactly one).
func NewDeduper(rdb redis.UniversalClient, opts ...Option) *Deduper {
	c := newConfig(opts)
	return &Deduper{
		rdb:         rdb,
		prefix:      c.prefix + "dedup:",
		reservation: c.reservation,
		keep:        c.ttlOr(DefaultDoneTTL),
		tokens:      newTokenSource(),
		pipe:        &coalescer{rdb: rdb},
	}
}

// Seen implements waack.Deduper.
func (d *Deduper) Seen(ctx context.Context, key string) (bool, error) {
	token := d.tokens.next()
	var cmd *redis.StatusCmd
	d.pipe.do(1, func(c redis.Cmdable) { cmd = d.claim(ctx, c, key, token) })
	old, err := cmd.Result()
	state, err := d.state(key, token, old, err)
	switch {
	case err != nil:
		return false, err
	case state == waack.DedupInFlight:
		return false, fmt.Errorf("waackredis: %w: %s", waack.ErrInFlight, key)
	}
	return state == waack.DedupDone, nil
}

// SeenBatch implements waack.DedupBatcher: every claim in one pipelined
// round trip (shared with concurrent callers).
func (d *Deduper) SeenBatch(ctx context.Context, keys []string) ([]waack.DedupState, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	tokens := make([]string, len(keys))
	cmds := make([]*redis.StatusCmd, len(keys))
	for i := range keys {
		tokens[i] = d.tokens.next()
	}
	d.pipe.do(len(keys), func(c redis.Cmdable) {
		for i, k := range keys {
			cmds[i] = d.claim(ctx, c, k, tokens[i])
		}
	})
	states := make([]waack.DedupState, len(keys))
	var failed error
	for i, cmd := range cmds {
		old, err := cmd.Result()
		states[i], err = d.state(keys[i], tokens[i], old, err)
		if err != nil && failed == nil {
			failed = err
		}
	}
	if failed != nil {
		// The answer is an error: give back what the batch did claim
		// (best effort; a claim left over expires with its reservation).
		var claimed []string
		for i, s := range states {
			if s == waack.DedupNew && cmds[i].Err() == redis.Nil {
				claimed = append(claimed, keys[i])
			}
		}
		d.releaseAll(context.WithoutCancel(ctx), claimed)
		return nil, failed
	}
	return states, nil
}

// claim queues or sends the atomic claim of key: set the reservation if
// the key is free, and return the value it had (redis.Nil: none).
func (d *Deduper) claim(ctx context.Context, c redis.Cmdable, key, token string) *redis.StatusCmd {
	return c.SetArgs(ctx, d.redisKey(key), token, redis.SetArgs{Mode: "NX", TTL: d.reservation, Get: true})
}

// state turns a claim's answer into the key's state; a new claim is
// remembered as held.
func (d *Deduper) state(key, token, old string, err error) (waack.DedupState, error) {
	switch {
	case errors.Is(err, redis.Nil):
		d.held.Store(key, token)
		return waack.DedupNew, nil
	case err != nil:
		return 0, fmt.Errorf("waackredis: dedup claim: %w", err)
	case old == doneValue:
		return waack.DedupDone, nil
	}
	return waack.DedupInFlight, nil
}

// Done implements waack.Deduper: the key is done whoever holds it.
func (d *Deduper) Done(ctx context.Context, key string) error {
	return d.DoneBatch(ctx, []string{key})
}

// DoneBatch implements waack.DedupBatcher: every key in one pipelined
// round trip (shared with concurrent callers).
func (d *Deduper) DoneBatch(ctx context.Context, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	cmds := make([]*redis.StatusCmd, len(keys))
	d.pipe.do(len(keys), func(c redis.Cmdable) {
		for i, k := range keys {
			cmds[i] = c.Set(ctx, d.redisKey(k), doneValue, d.keep)
		}
	})
	for i, cmd := range cmds {
		d.held.Delete(keys[i])
		if err := cmd.Err(); err != nil {
			return fmt.Errorf("waackredis: dedup done: %w", err)
		}
	}
	return nil
}

// releaseScript deletes a reservation only if it is still the caller's: a
// reservation that expired may have been taken by another replica, or
// done.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0`)

// Release implements waack.DedupReleaser. A key this process does not
// hold (done, or never claimed here) is left alone.
func (d *Deduper) Release(ctx context.Context, key string) error {
	token, ok := d.held.LoadAndDelete(key)
	if !ok {
		return nil
	}
	if err := releaseScript.Run(ctx, d.rdb, []string{d.redisKey(key)}, token).Err(); err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("waackredis: dedup release: %w", err)
	}
	return nil
}

func (d *Deduper) releaseAll(ctx context.Context, keys []string) {
	for _, k := range keys {
		_ = d.Release(ctx, k)
	}
}

// redisKey is the Redis key of an event key, bounded in length.
func (d *Deduper) redisKey(key string) string {
	if len(key) > maxKeyBytes {
		sum := sha256.Sum256([]byte(key))
		key = "sha256|" + hex.EncodeToString(sum[:])
	}
	return d.prefix + key
}

// tokenSource names reservations: a random per-process part and a
// counter, unique across replicas without a random read per claim.
type tokenSource struct {
	process string
	n       *atomic.Uint64
}

func newTokenSource() tokenSource {
	var b [8]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand panics instead)
	return tokenSource{process: "r" + hex.EncodeToString(b[:6]) + ":", n: new(atomic.Uint64)}
}

func (t tokenSource) next() string {
	return t.process + strconv.FormatUint(t.n.Add(1), 36)
}
