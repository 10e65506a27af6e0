package waack

import (
	"context"
	"fmt"
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
// removed>", "<provider>|status|<message id>|<status>", "<provider>|notice|
// <kind>|<id>|<message id>", "<provider>|echo|<id>", or for a Wawp event
// without an id "wawp|envelope|<event id>"; a key that would exceed 256
// bytes is "<provider>|sha256|<hex digest of the rest>". Error events have
// no key and are never de-duplicated.
//
// To stop two concurrent deliveries of the same event from both reaching
// OnEvent, Seen may reserve the key: it reports false to the first caller,
// which now holds the key, and to the others, until the holder marks it
// Done or releases it, false with an error matching ErrInFlight. The
// handler answers such a delivery so that the provider retries it later:
// answering it as done would lose the event if the holder then failed
// after the provider gave up. The built-in in-memory Deduper reserves. A
// Deduper that reserves must implement DedupReleaser, or let reservations
// expire, or a failed event would be dropped on redelivery. Any other error
// is the store failing; nothing is then known about the key. Implementations
// must be safe for concurrent use.
type Deduper interface {
	// Seen reports whether the event with this key was handled already;
	// for a key another holder reserved and has not finished, it returns
	// false and an error matching ErrInFlight.
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

// DedupState is what a Deduper knows of one key.
type DedupState uint8

const (
	// DedupNew: the key was free and is now reserved for the caller, who
	// must mark it done or release it.
	DedupNew DedupState = iota
	// DedupDone: the event was handled already.
	DedupDone
	// DedupInFlight: another holder reserved the key and has not finished.
	DedupInFlight
)

// String names the state for logs and test failures.
func (s DedupState) String() string {
	switch s {
	case DedupNew:
		return "new"
	case DedupDone:
		return "done"
	case DedupInFlight:
		return "in flight"
	}
	return fmt.Sprintf("DedupState(%d)", uint8(s))
}

// DedupBatcher is implemented by a Deduper that can claim and finish the
// keys of a whole webhook body at once: a shared store then costs one
// round trip per body instead of one per event. The handler uses it when
// the Deduper has it.
type DedupBatcher interface {
	// SeenBatch does what Seen does for each key, in order, and returns
	// one state per key. A key that appears twice in keys is reported new
	// once, then in flight. A non-nil error means the store failed: the
	// states are then meaningless, and any reservation the batch may have
	// made is released or expires.
	SeenBatch(ctx context.Context, keys []string) ([]DedupState, error)
	// DoneBatch marks every key done, as Done does.
	DoneBatch(ctx context.Context, keys []string) error
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
// once (the others get ErrInFlight); it implements DedupReleaser and
// DedupBatcher.
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
	switch d.claim(key) {
	case DedupDone:
		return true, nil
	case DedupInFlight:
		return false, errInFlight
	}
	return false, nil
}

// errInFlight is Seen's answer for a reserved key; one value, so that the
// answer costs no allocation.
var errInFlight = fmt.Errorf("%w (reserved, not done)", ErrInFlight)

// SeenBatch implements DedupBatcher.
func (d *memoryDeduper) SeenBatch(_ context.Context, keys []string) ([]DedupState, error) {
	states := make([]DedupState, len(keys))
	d.mu.Lock()
	defer d.mu.Unlock()
	for i, k := range keys {
		states[i] = d.claim(k)
	}
	return states, nil
}

// DoneBatch implements DedupBatcher.
func (d *memoryDeduper) DoneBatch(ctx context.Context, keys []string) error {
	for _, k := range keys {
		_ = d.Done(ctx, k) // never fails
	}
	return nil
}

// claim reserves a new key. Callers hold mu.
func (d *memoryDeduper) claim(key string) DedupState {
	if e, ok := d.state[key]; ok {
		if e.done {
			return DedupDone
		}
		return DedupInFlight
	}
	d.insert(key, false)
	return DedupNew
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
