package waack

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"
)

// ErrMessageFailed matches every error StatusTracker.Wait returns for a
// message whose status became StatusFailed. The provider's own error, when
// the webhook carried one, is wrapped too, so errors.Is(err, ErrTargetTooOld)
// tells a reaction to a too-old message apart from other failures.
var ErrMessageFailed = errors.New("waack: message failed")

// errEmptyWaitTarget is what Wait returns for the empty Status: a status
// that no webhook ever reports would make Wait end only with its context.
var errEmptyWaitTarget = fmt.Errorf("%w: wait for the empty status", ErrInvalidParameter)

// Defaults of a StatusTracker.
const (
	// DefaultTrackerCapacity is how many messages a StatusTracker remembers
	// unless WithTrackerCapacity says otherwise.
	DefaultTrackerCapacity = 100_000
	// maxTrackerCapacity keeps sequence arithmetic on uint32 exact.
	maxTrackerCapacity = math.MaxInt32
)

// TrackerOption configures a StatusTracker.
type TrackerOption func(*StatusTracker)

// WithTrackerCapacity bounds how many messages the tracker remembers; when
// full it forgets the message it first saw longest ago. n <= 0 keeps
// DefaultTrackerCapacity.
func WithTrackerCapacity(n int) TrackerOption {
	return func(t *StatusTracker) { t.capacity = min(max(n, 0), maxTrackerCapacity) }
}

// WithTrackerTTL makes the tracker forget a message d after it first saw it,
// at one-second resolution (d is rounded up to whole seconds). d <= 0, the
// default, keeps messages until capacity pushes them out.
func WithTrackerTTL(d time.Duration) TrackerOption {
	return func(t *StatusTracker) {
		t.ttl = 0
		if d > 0 {
			t.ttl = int64((d + time.Second - 1) / time.Second)
		}
	}
}

// WithTrackerStore keeps the tracker's records in store (e.g.
// waackredis.NewStatusStore), shared by every replica: a status observed on
// one is known on all, statuses move forward across them, and a Wait on one
// ends when another observes the status. Capacity, TTL and clock are then
// the store's business. Use ObserveContext and StatusContext to see the
// store's errors; Observe and Status report a failing store as no change
// and unknown.
func WithTrackerStore(store StatusStore) TrackerOption {
	return func(t *StatusTracker) { t.store = store }
}

// WithTrackerClock replaces time.Now as the tracker's clock, for TTL; tests
// pass a fake one.
func WithTrackerClock(now func() time.Time) TrackerOption {
	return func(t *StatusTracker) { t.now = now }
}

// StatusTracker follows the delivery status of outbound messages from their
// status webhooks, so that a sender can ask "was it delivered?" or block
// until it is (Wait). Feed it every StatusEvent; it is safe for concurrent
// use, and its zero value is ready with default settings.
//
// Webhooks come at least once and in any order, so statuses only move
// forward: sent < delivered < read < played. A repeat, or a late
// "delivered" after "read", is ignored. StatusFailed overrides any earlier
// status and is final: providers report a failure after "sent" (Meta's
// asynchronous 131047 and 131009) and YCloud has seen "delivered" arrive
// after "failed" for multi-device users, so nothing moves a message out of
// failed. A status the tracker does not know ("deleted", "warning") is kept
// while the message has no known status and is then replaced by the first
// known one; it never displaces a known status.
//
// A reaction only ever gets StatusSent (or StatusFailed): Wait(ctx,
// reactionID, StatusDelivered) ends only when ctx does, or on failure.
//
// Memory is bounded by capacity and TTL, at well under 200 bytes per
// message: a record keeps the id, the status and the event's timestamp; the
// whole event is kept only for failed and unknown statuses.
type StatusTracker struct {
	store StatusStore // WithTrackerStore; nil keeps records in process

	mu       sync.Mutex
	capacity int
	ttl      int64 // seconds; 0 for none
	now      func() time.Time
	epoch    time.Time // "seen" times count seconds from here

	index   map[string]uint32      // message id -> sequence number
	buf     []statusRecord         // ring of records, oldest at head
	head    int                    // position of the oldest record in buf
	headSeq uint32                 // sequence number of the oldest record
	count   int                    // records in buf
	full    map[uint32]StatusEvent // whole event for failed and unknown statuses
	waiters map[string][]*statusWaiter
	tracked map[string]string // tracking id -> message id, in process (status_tracking.go)
}

// statusRecord is one tracked message: 32 bytes on 64-bit platforms.
type statusRecord struct {
	id   string
	at   int64  // the event's Timestamp in Unix milliseconds; 0 when it had none
	seen uint32 // seconds from epoch to when the tracker first saw the message
	code statusCode
}

// statusCode ranks statuses. Known ones climb the ladder; failed is off it.
type statusCode uint8

const (
	codeUnknown statusCode = iota // a status the tracker does not know
	codeSent
	codeDelivered
	codeRead
	codePlayed
	codeFailed
)

func codeOf(s Status) statusCode {
	switch s {
	case StatusSent:
		return codeSent
	case StatusDelivered:
		return codeDelivered
	case StatusRead:
		return codeRead
	case StatusPlayed:
		return codePlayed
	case StatusFailed:
		return codeFailed
	}
	return codeUnknown
}

// Rank orders statuses as StatusTracker does, for a StatusStore's
// compare-and-set: 0 for a status the tracker does not know, then sent 1,
// delivered 2, read 3, played 4 and failed 5. A known status replaces a
// lower rank; failed replaces anything and is final; an unknown status
// replaces only a different unknown one.
func (s Status) Rank() int { return int(codeOf(s)) }

var codeStatus = [...]Status{
	codeSent:      StatusSent,
	codeDelivered: StatusDelivered,
	codeRead:      StatusRead,
	codePlayed:    StatusPlayed,
	codeFailed:    StatusFailed,
}

// statusWaiter is one blocked Wait. ch has room for the one event it gets.
type statusWaiter struct {
	target Status
	ch     chan StatusEvent
}

// reaches reports whether a message now at status s satisfies a Wait for
// target: a failure ends every wait; a known target is reached at it or
// past it; an unknown target only by that very status.
func reaches(s, target Status) bool {
	c, tc := codeOf(s), codeOf(target)
	switch {
	case c == codeFailed:
		return true
	case tc == codeUnknown:
		return s == target
	case tc == codeFailed || c == codeUnknown:
		return false
	}
	return c >= tc
}

// NewStatusTracker returns a tracker with the given options.
func NewStatusTracker(opts ...TrackerOption) *StatusTracker {
	t := &StatusTracker{}
	for _, o := range opts {
		if o != nil {
			o(t)
		}
	}
	t.mu.Lock()
	t.init()
	t.mu.Unlock()
	return t
}

// init fills in defaults, so that the zero value works. Callers hold mu.
func (t *StatusTracker) init() {
	if t.index != nil {
		return
	}
	if t.capacity <= 0 {
		t.capacity = DefaultTrackerCapacity
	}
	if t.now == nil {
		t.now = time.Now
	}
	t.epoch = t.now()
	t.index = make(map[string]uint32)
	t.full = make(map[uint32]StatusEvent)
	t.waiters = make(map[string][]*statusWaiter)
}

// Observe records a status webhook. It reports whether the event changed
// what the tracker knows: false for a repeat, for a status that would move
// the message backwards or out of failed, and for an event without a
// message id or status. Every Wait the change satisfies returns.
func (t *StatusTracker) Observe(ev StatusEvent) bool {
	changed, _ := t.ObserveContext(context.Background(), ev)
	return changed
}

// ObserveContext is Observe with a context for the tracker's store, whose
// failure it returns (as no change). Without a store it never fails.
func (t *StatusTracker) ObserveContext(ctx context.Context, ev StatusEvent) (bool, error) {
	if ev.MessageID == "" || ev.Status == "" {
		return false, nil
	}
	if ev.TrackingID != "" {
		if _, err := t.observeOne(ctx, t.trackingAlias(ev)); err != nil {
			return false, err
		}
	}
	return t.observeOne(ctx, ev)
}

// observeOne records one event, in the store or in process.
func (t *StatusTracker) observeOne(ctx context.Context, ev StatusEvent) (bool, error) {
	if t.store != nil {
		return t.store.Advance(ctx, ev)
	}
	return t.observe(ev), nil
}

// observe is Observe in process.
func (t *StatusTracker) observe(ev StatusEvent) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.init()
	now := t.seconds()
	t.expire(now)

	c := codeOf(ev.Status)
	seq, ok := t.index[ev.MessageID]
	if !ok {
		seq = t.insert(ev.MessageID, now)
	}
	rec := t.record(seq)
	if ok && !t.advance(rec, seq, c, ev) {
		return false
	}
	rec.code = c
	rec.at = unixMilli(ev.Timestamp)
	if c == codeFailed || c == codeUnknown {
		t.full[seq] = ev
	}
	t.wake(ev)
	return true
}

// advance reports whether ev, of code c, moves an existing record forward,
// and drops the kept event of an unknown status that a known one replaces.
func (t *StatusTracker) advance(rec *statusRecord, seq uint32, c statusCode, ev StatusEvent) bool {
	switch {
	case rec.code == codeFailed:
		return false
	case c == codeFailed:
		return true
	case c == codeUnknown:
		return rec.code == codeUnknown && t.full[seq].Status != ev.Status
	case c <= rec.code:
		return false
	}
	if rec.code == codeUnknown {
		delete(t.full, seq)
	}
	return true
}

// Status reports the message's current status, and false when the tracker
// has not seen it (or has forgotten it).
func (t *StatusTracker) Status(id string) (Status, bool) {
	s, ok, _ := t.StatusContext(context.Background(), id)
	return s, ok
}

// StatusContext is Status with a context for the tracker's store, whose
// failure it returns. Without a store it never fails.
func (t *StatusTracker) StatusContext(ctx context.Context, id string) (Status, bool, error) {
	if t.store != nil {
		ev, ok, err := t.store.Load(ctx, id)
		return ev.Status, ok, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	ev, ok := t.lookup(id)
	return ev.Status, ok, nil
}

// insert adds a record for a new message, forgetting the oldest one when
// full, and returns its sequence number. Callers hold mu.
func (t *StatusTracker) insert(id string, now uint32) uint32 {
	if t.count == t.capacity {
		t.evictOldest()
	}
	if t.count == len(t.buf) {
		t.grow()
	}
	seq := t.headSeq + uint32(t.count)
	// A copy, so that the record never pins a larger buffer the id was
	// sliced from (a webhook body, say).
	id = strings.Clone(id)
	*t.record(seq) = statusRecord{id: id, seen: now}
	t.count++
	t.index[id] = seq
	return seq
}

// grow enlarges the ring, up to capacity, keeping records in order.
// Callers hold mu.
func (t *StatusTracker) grow() {
	n := min(max(2*len(t.buf), 64), t.capacity)
	buf := make([]statusRecord, n)
	k := copy(buf, t.buf[t.head:])
	copy(buf[k:], t.buf[:t.head])
	t.buf, t.head = buf, 0
}

// record returns the record of a sequence number that is in the ring.
func (t *StatusTracker) record(seq uint32) *statusRecord {
	return &t.buf[(t.head+int(seq-t.headSeq))%len(t.buf)]
}

// evictOldest forgets the record at the head of the ring. Callers hold mu.
func (t *StatusTracker) evictOldest() {
	rec := &t.buf[t.head]
	delete(t.index, rec.id)
	delete(t.full, t.headSeq)
	*rec = statusRecord{}
	t.head = (t.head + 1) % len(t.buf)
	t.headSeq++
	t.count--
}

// expire forgets the messages first seen ttl or longer ago; they sit at the
// head of the ring, in the order they were first seen. Callers hold mu.
func (t *StatusTracker) expire(now uint32) {
	for t.ttl > 0 && t.count > 0 && int64(now)-int64(t.buf[t.head].seen) >= t.ttl {
		t.evictOldest()
	}
}

// seconds is the clock's reading in whole seconds from epoch, clamped to
// what a uint32 holds (136 years). Callers hold mu.
func (t *StatusTracker) seconds() uint32 {
	d := t.now().Sub(t.epoch) / time.Second
	return uint32(min(max(d, 0), math.MaxUint32))
}

// unixMilli stores a timestamp compactly; 0 stands for the zero time.
func unixMilli(ts time.Time) int64 {
	if ts.IsZero() {
		return 0
	}
	return ts.UnixMilli()
}

func fromUnixMilli(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC() // as the parsers give it
}
