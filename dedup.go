package waack

import (
	"context"
	"sync"
)

// Deduper remembers which webhook events were already handled, so that a
// provider's redelivery of the same event (delivery is at least once: Meta
// retries for up to 7 days and may send the same notification to several
// apps) does not reach OnEvent twice.
//
// The handler calls Seen before OnEvent and skips the event when it returns
// true; it calls Done only after OnEvent succeeded, so a failed event is
// processed again when the provider redelivers it. Keys name one event:
// "<provider>|msg|<message id>", "<provider>|reaction|<id>|<emoji or
// removed>", "<provider>|status|<message id>|<status>", or for a Wawp event
// without an id "wawp|envelope|<event id>"; a key that would exceed 256
// bytes is "<provider>|sha256|<hex digest of the rest>". Error events have
// no key and are never de-duplicated.
//
// To stop two concurrent deliveries of the same event from both reaching
// OnEvent, Seen may reserve the key (report false to the first caller and
// true to the others until the key is released); the built-in in-memory
// Deduper does. A Deduper that reserves must implement DedupReleaser, or
// let reservations expire, or a failed event would be dropped on
// redelivery. Implementations must be safe for concurrent use.
type Deduper interface {
	// Seen reports whether the event with this key was handled already
	// (or is being handled).
	Seen(ctx context.Context, key string) (bool, error)
	// Done records that the event was handled.
	Done(ctx context.Context, key string) error
}

// DedupReleaser is implemented by a Deduper whose Seen reserves keys: the
// handler calls Release when OnEvent failed (or panicked), so that a
// redelivery of the event is processed again.
type DedupReleaser interface {
	// Release forgets a reservation made by Seen; a key marked Done stays.
	Release(ctx context.Context, key string) error
}

// DefaultDedupCapacity is how many keys the built-in Deduper remembers.
// Meta retries for days, but a redelivery of an event older than the last
// 100,000 keys is rare; use a shared store (e.g. Redis) when it matters or
// when several processes receive the same webhooks.
const DefaultDedupCapacity = 100_000

// NewMemoryDeduper returns an in-process Deduper that remembers the last
// capacity keys (DefaultDedupCapacity when capacity <= 0), forgetting the
// oldest first. Memory is bounded and each call is O(1). Seen reserves the
// key for the caller, so concurrent deliveries of one event reach OnEvent
// once; it implements DedupReleaser.
func NewMemoryDeduper(capacity int) Deduper {
	if capacity <= 0 {
		capacity = DefaultDedupCapacity
	}
	return &memoryDeduper{capacity: capacity, state: make(map[string]dedupEntry)}
}

// NoDedup returns a Deduper that remembers nothing: every delivery reaches
// OnEvent. Use it when OnEvent is idempotent or de-duplicates itself.
func NoDedup() Deduper { return noDedup{} }

type noDedup struct{}

func (noDedup) Seen(context.Context, string) (bool, error) { return false, nil }
func (noDedup) Done(context.Context, string) error         { return nil }

// memoryDeduper keeps keys in a map and their insertion order in a ring of
// capacity slots. When the ring is full the next insertion evicts the key in
// the oldest slot, so the map never holds more than capacity keys.
type memoryDeduper struct {
	mu       sync.Mutex
	capacity int
	state    map[string]dedupEntry
	ring     []string // grows to capacity, then is overwritten in a circle
	next     int      // the oldest slot once the ring is full
}

// dedupEntry is a key's ring slot and whether it is done (else reserved).
type dedupEntry struct {
	slot int
	done bool
}

// Seen implements Deduper: a new key is reserved and reported unseen.
func (d *memoryDeduper) Seen(_ context.Context, key string) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.state[key]; ok {
		return true, nil
	}
	d.insert(key, false)
	return false, nil
}

// Done implements Deduper.
func (d *memoryDeduper) Done(_ context.Context, key string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if e, ok := d.state[key]; ok {
		e.done = true
		d.state[key] = e
		return nil
	}
	d.insert(key, true) // evicted meanwhile, or Done without Seen
	return nil
}

// Release implements DedupReleaser.
func (d *memoryDeduper) Release(_ context.Context, key string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if e, ok := d.state[key]; ok && !e.done {
		delete(d.state, key) // its ring slot goes stale; eviction checks the slot
	}
	return nil
}

func (d *memoryDeduper) insert(key string, done bool) {
	slot := len(d.ring)
	if slot < d.capacity {
		d.ring = append(d.ring, key)
	} else {
		slot = d.next
		d.next = (d.next + 1) % d.capacity
		// The old key may have been released and reserved again in a newer
		// slot: only evict it if it still lives here.
		if e, ok := d.state[d.ring[slot]]; ok && e.slot == slot {
			delete(d.state, d.ring[slot])
		}
		d.ring[slot] = key
	}
	d.state[key] = dedupEntry{slot: slot, done: done}
}
