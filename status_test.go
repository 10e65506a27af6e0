package waack

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// fakeClock is a settable clock for TTL and session tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func statusEv(id string, s Status) StatusEvent {
	return StatusEvent{Provider: "cloudapi", MessageID: id, Recipient: "16505551234", Status: s}
}

func TestStatusTrackerObserveRules(t *testing.T) {
	type step struct {
		status Status
		want   bool
	}
	tests := []struct {
		name  string
		steps []step
		final Status
	}{
		{"first status is recorded", []step{{StatusSent, true}}, StatusSent},
		{"forward one by one", []step{{StatusSent, true}, {StatusDelivered, true}, {StatusRead, true}, {StatusPlayed, true}}, StatusPlayed},
		{"repeat is ignored", []step{{StatusSent, true}, {StatusSent, false}}, StatusSent},
		{"late delivered after read is ignored", []step{{StatusRead, true}, {StatusDelivered, false}}, StatusRead},
		{"sent after delivered is ignored", []step{{StatusDelivered, true}, {StatusSent, false}}, StatusDelivered},
		{"read after played is ignored", []step{{StatusPlayed, true}, {StatusRead, false}}, StatusPlayed},
		{"skipping delivered is fine", []step{{StatusSent, true}, {StatusRead, true}}, StatusRead},
		{"failed after sent", []step{{StatusSent, true}, {StatusFailed, true}}, StatusFailed},
		{"failed after read", []step{{StatusRead, true}, {StatusFailed, true}}, StatusFailed},
		{"failed first", []step{{StatusFailed, true}}, StatusFailed},
		{"delivered after failed is ignored", []step{{StatusSent, true}, {StatusFailed, true}, {StatusDelivered, false}}, StatusFailed},
		{"failed repeat is ignored", []step{{StatusFailed, true}, {StatusFailed, false}}, StatusFailed},
		{"unknown after failed is ignored", []step{{StatusFailed, true}, {"deleted", false}}, StatusFailed},
		{"unknown first is kept", []step{{"warning", true}}, "warning"},
		{"known replaces unknown", []step{{"warning", true}, {StatusSent, true}}, StatusSent},
		{"unknown never displaces known", []step{{StatusDelivered, true}, {"deleted", false}}, StatusDelivered},
		{"unknown repeat is ignored", []step{{"warning", true}, {"warning", false}}, "warning"},
		{"another unknown replaces unknown", []step{{"warning", true}, {"deleted", true}}, "deleted"},
		{"failed replaces unknown", []step{{"warning", true}, {StatusFailed, true}}, StatusFailed},
		{"status names are case-sensitive", []step{{StatusRead, true}, {"SENT", false}}, StatusRead},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := NewStatusTracker()
			for i, s := range tt.steps {
				assert.Equal(t, s.want, tr.Observe(statusEv("wamid.A", s.status)), "step %d (%s)", i, s.status)
			}
			got, ok := tr.Status("wamid.A")
			require.True(t, ok)
			assert.Equal(t, tt.final, got)
		})
	}
}

func TestStatusTrackerIgnoresIncompleteEvents(t *testing.T) {
	tr := NewStatusTracker()
	assert.False(t, tr.Observe(StatusEvent{Status: StatusSent}), "no message id")
	assert.False(t, tr.Observe(StatusEvent{MessageID: "wamid.A"}), "no status")
	_, ok := tr.Status("wamid.A")
	assert.False(t, ok)
	_, ok = tr.Status("")
	assert.False(t, ok)
}

func TestStatusTrackerMessagesAreIndependent(t *testing.T) {
	tr := NewStatusTracker()
	require.True(t, tr.Observe(statusEv("wamid.A", StatusRead)))
	require.True(t, tr.Observe(statusEv("wamid.B", StatusSent)))
	a, _ := tr.Status("wamid.A")
	b, _ := tr.Status("wamid.B")
	assert.Equal(t, StatusRead, a)
	assert.Equal(t, StatusSent, b)
	_, ok := tr.Status("wamid.C")
	assert.False(t, ok)
}

func TestStatusTrackerZeroValue(t *testing.T) {
	var tr StatusTracker
	_, ok := tr.Status("wamid.A")
	assert.False(t, ok)
	assert.True(t, tr.Observe(statusEv("wamid.A", StatusSent)))
	s, ok := tr.Status("wamid.A")
	require.True(t, ok)
	assert.Equal(t, StatusSent, s)
}

func TestStatusTrackerCapacityForgetsFirstSeen(t *testing.T) {
	tr := NewStatusTracker(WithTrackerCapacity(3))
	for _, id := range []string{"m1", "m2", "m3"} {
		require.True(t, tr.Observe(statusEv(id, StatusSent)))
	}
	// An update does not make m1 younger: age counts from first sight.
	require.True(t, tr.Observe(statusEv("m1", StatusRead)))
	require.True(t, tr.Observe(statusEv("m4", StatusSent)))

	_, ok := tr.Status("m1")
	assert.False(t, ok, "m1 was first seen longest ago")
	for _, id := range []string{"m2", "m3", "m4"} {
		_, ok := tr.Status(id)
		assert.True(t, ok, id)
	}
	// A forgotten message starts over.
	assert.True(t, tr.Observe(statusEv("m1", StatusSent)))
	_, ok = tr.Status("m2")
	assert.False(t, ok, "m2 made room for m1")
}

func TestStatusRecordIsCompact(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) == 8 {
		assert.Equal(t, uintptr(32), unsafe.Sizeof(statusRecord{}), "the per-message budget counts on it")
	}
}

func TestStatusTrackerDoesNotPinCallersBuffer(t *testing.T) {
	body := strings.Repeat("x", 4096) + "wamid.A"
	id := body[4096:] // as a zero-copy parser might hand it over
	tr := NewStatusTracker()
	require.True(t, tr.Observe(statusEv(id, StatusSent)))
	rec := tr.record(tr.index["wamid.A"])
	assert.Equal(t, "wamid.A", rec.id)
	assert.NotSame(t, unsafe.StringData(id), unsafe.StringData(rec.id), "the record keeps its own copy")
}

func TestStatusTrackerCapacityOption(t *testing.T) {
	for _, n := range []int{-1, 0} {
		tr := NewStatusTracker(WithTrackerCapacity(n))
		assert.Equal(t, DefaultTrackerCapacity, tr.capacity, "n=%d", n)
	}
	assert.Equal(t, 7, NewStatusTracker(WithTrackerCapacity(7)).capacity)
}

// statusFor gives message i a status that tells records apart.
func statusFor(i int) Status {
	return []Status{StatusSent, StatusDelivered, StatusRead, StatusPlayed, StatusFailed, "warning"}[i%6]
}

// TestStatusTrackerRingKeepsRecordsApart drives the ring through growth,
// wrap-around and eviction and checks after each phase that every live
// message still has its own record.
func TestStatusTrackerRingKeepsRecordsApart(t *testing.T) {
	clock := newFakeClock()
	tr := NewStatusTracker(WithTrackerCapacity(150), WithTrackerTTL(10*time.Second), WithTrackerClock(clock.Now))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	stamp := func(i int) time.Time { return base.Add(time.Duration(i) * time.Millisecond) }
	observe := func(from, to int) {
		for i := from; i < to; i++ {
			ev := statusEv(fmt.Sprintf("m%d", i), statusFor(i))
			ev.Timestamp = stamp(i)
			require.True(t, tr.Observe(ev))
		}
	}
	// live checks that exactly m[from, to) are tracked, each as observed.
	live := func(phase string, from, to int) {
		t.Helper()
		for i := range to {
			id := fmt.Sprintf("m%d", i)
			s, ok := tr.Status(id)
			if i < from {
				assert.False(t, ok, "%s: %s", phase, id)
				continue
			}
			if assert.True(t, ok, "%s: %s", phase, id) {
				assert.Equal(t, statusFor(i), s, "%s: %s", phase, id)
				ev, _ := tr.Wait(testCtx(t), id, s)
				assert.True(t, ev.Timestamp.Equal(stamp(i)), "%s: %s", phase, id)
			}
		}
		assert.Len(t, tr.index, to-from, phase)
	}
	observe(0, 32)
	clock.Advance(5 * time.Second)
	observe(32, 64)
	live("ring full at its first size", 0, 64)
	clock.Advance(5 * time.Second)
	observe(64, 65)
	live("TTL moved the head mid-ring", 32, 65)
	observe(65, 120)
	live("grown with the head mid-ring", 32, 120)
	observe(120, 300)
	live("capacity evicts the oldest", 150, 300)
	assert.LessOrEqual(t, len(tr.full), 150)
}

func TestStatusTrackerTTL(t *testing.T) {
	clock := newFakeClock()
	tr := NewStatusTracker(WithTrackerTTL(time.Minute), WithTrackerClock(clock.Now))
	require.True(t, tr.Observe(statusEv("m1", StatusSent)))
	clock.Advance(30 * time.Second)
	require.True(t, tr.Observe(statusEv("m2", StatusSent)))
	require.True(t, tr.Observe(statusEv("m1", StatusRead)), "an update does not restart the TTL")

	clock.Advance(29 * time.Second) // m1 at 59s
	s, ok := tr.Status("m1")
	assert.True(t, ok)
	assert.Equal(t, StatusRead, s)

	clock.Advance(time.Second) // m1 at 60s, m2 at 30s
	_, ok = tr.Status("m1")
	assert.False(t, ok, "m1 expired")
	_, ok = tr.Status("m2")
	assert.True(t, ok)

	clock.Advance(30 * time.Second)
	_, ok = tr.Status("m2")
	assert.False(t, ok, "m2 expired")
	assert.Empty(t, tr.index)
	assert.Empty(t, tr.full)
}

func TestStatusTrackerTTLRoundsUpToSeconds(t *testing.T) {
	tests := []struct {
		ttl  time.Duration
		want int64
	}{
		{0, 0}, {-time.Second, 0}, {time.Nanosecond, 1}, {1500 * time.Millisecond, 2}, {time.Hour, 3600},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, NewStatusTracker(WithTrackerTTL(tt.ttl)).ttl, "ttl %s", tt.ttl)
	}
}

func TestStatusTrackerClockBeforeEpoch(t *testing.T) {
	clock := newFakeClock()
	tr := NewStatusTracker(WithTrackerTTL(time.Minute), WithTrackerClock(clock.Now))
	clock.Advance(-time.Hour) // a clock stepping back must not expire anything early
	require.True(t, tr.Observe(statusEv("m1", StatusSent)))
	clock.Advance(time.Hour + 59*time.Second)
	_, ok := tr.Status("m1")
	assert.True(t, ok)
}

// waitRegistered blocks until n Waits are registered for id. It polls, with
// a generous bound, only to order the test's steps; it asserts nothing
// about time.
func waitRegistered(t *testing.T, tr *StatusTracker, id string, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		tr.mu.Lock()
		got := len(tr.waiters[id])
		tr.mu.Unlock()
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d waiters for %s, want %d", got, id, n)
		}
		runtime.Gosched()
	}
}

// testCtx bounds a test's waits, so that a Wait that never wakes fails the
// test instead of hanging it. The bound is generous: nothing here measures time.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

type waitOutcome struct {
	ev  StatusEvent
	err error
}

// startWait runs Wait in a goroutine and delivers its outcome.
func startWait(ctx context.Context, tr *StatusTracker, id string, s Status) <-chan waitOutcome {
	out := make(chan waitOutcome, 1)
	go func() {
		ev, err := tr.Wait(ctx, id, s)
		out <- waitOutcome{ev, err}
	}()
	return out
}

func TestStatusTrackerWaitAlreadyReached(t *testing.T) {
	defer goleak.VerifyNone(t)
	tr := NewStatusTracker()
	ts := time.Date(2026, 3, 1, 12, 0, 0, 123_000_000, time.UTC)
	ev := statusEv("wamid.A", StatusRead)
	ev.Timestamp = ts
	require.True(t, tr.Observe(ev))

	for _, target := range []Status{StatusSent, StatusDelivered, StatusRead} {
		got, err := tr.Wait(testCtx(t), "wamid.A", target)
		require.NoError(t, err, target)
		assert.Equal(t, "wamid.A", got.MessageID)
		assert.Equal(t, StatusRead, got.Status)
		assert.True(t, got.Timestamp.Equal(ts))
	}

	// A reached status wins over a context that already ended.
	ctx, cancel := context.WithCancel(testCtx(t))
	cancel()
	got, err := tr.Wait(ctx, "wamid.A", StatusDelivered)
	require.NoError(t, err)
	assert.Equal(t, StatusRead, got.Status)
}

func TestStatusTrackerWaitReachedLater(t *testing.T) {
	defer goleak.VerifyNone(t)
	tr := NewStatusTracker()
	require.True(t, tr.Observe(statusEv("wamid.A", StatusSent)))
	out := startWait(testCtx(t), tr, "wamid.A", StatusRead)
	waitRegistered(t, tr, "wamid.A", 1)

	require.True(t, tr.Observe(statusEv("wamid.A", StatusDelivered)))
	waitRegistered(t, tr, "wamid.A", 1) // delivered is not read: still waiting

	ev := statusEv("wamid.A", StatusPlayed)
	ev.Timestamp = time.Unix(1_772_000_000, 0)
	require.True(t, tr.Observe(ev))
	got := <-out
	require.NoError(t, got.err)
	assert.Equal(t, ev, got.ev, "a waiting Wait gets the whole event")
	assert.Empty(t, tr.waiters)
}

func TestStatusTrackerWaitManyWaiters(t *testing.T) {
	defer goleak.VerifyNone(t)
	tr := NewStatusTracker()
	ctx := testCtx(t)
	sent := startWait(ctx, tr, "wamid.A", StatusSent)
	read := startWait(ctx, tr, "wamid.A", StatusRead)
	other := startWait(ctx, tr, "wamid.B", StatusSent)
	waitRegistered(t, tr, "wamid.A", 2)
	waitRegistered(t, tr, "wamid.B", 1)

	require.True(t, tr.Observe(statusEv("wamid.A", StatusDelivered)))
	got := <-sent
	require.NoError(t, got.err)
	assert.Equal(t, StatusDelivered, got.ev.Status)
	waitRegistered(t, tr, "wamid.A", 1)

	require.True(t, tr.Observe(statusEv("wamid.A", StatusRead)))
	got = <-read
	require.NoError(t, got.err)
	assert.Equal(t, StatusRead, got.ev.Status)

	require.True(t, tr.Observe(statusEv("wamid.B", StatusSent)))
	got = <-other
	require.NoError(t, got.err)
	assert.Equal(t, "wamid.B", got.ev.MessageID)
}

func TestStatusTrackerWaitFailed(t *testing.T) {
	tooOld := &APIError{Provider: "cloudapi", Op: OpWebhook, Code: 131009, Message: "Parameter value is not valid"}
	tests := []struct {
		name   string
		err    *APIError
		target Status
		wantIs []error
	}{
		{"with provider error", tooOld, StatusDelivered, []error{ErrMessageFailed, ErrTargetTooOld, ErrInvalidParameter}},
		{"without provider error", nil, StatusRead, []error{ErrMessageFailed}},
		{"waiting for failed", tooOld, StatusFailed, []error{ErrMessageFailed, ErrTargetTooOld}},
		{"waiting for an unknown status", nil, "deleted", []error{ErrMessageFailed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer goleak.VerifyNone(t)
			failed := statusEv("wamid.A", StatusFailed)
			failed.Err = tt.err
			check := func(got waitOutcome) {
				t.Helper()
				require.Error(t, got.err)
				for _, target := range tt.wantIs {
					assert.ErrorIs(t, got.err, target)
				}
				assert.NotErrorIs(t, got.err, ErrSessionWindowClosed)
				assert.Contains(t, got.err.Error(), "wamid.A")
				assert.Equal(t, failed, got.ev, "the failed event is kept whole")
			}

			tr := NewStatusTracker()
			require.True(t, tr.Observe(statusEv("wamid.A", StatusSent)))
			out := startWait(testCtx(t), tr, "wamid.A", tt.target)
			waitRegistered(t, tr, "wamid.A", 1)
			require.True(t, tr.Observe(failed))
			check(<-out)

			// Already failed: Wait answers at once, the same way.
			ev, err := tr.Wait(testCtx(t), "wamid.A", tt.target)
			check(waitOutcome{ev, err})
		})
	}
}

func TestStatusTrackerWaitFailedTargetIgnoresProgress(t *testing.T) {
	defer goleak.VerifyNone(t)
	tr := NewStatusTracker()
	ctx, cancel := context.WithCancel(testCtx(t))
	out := startWait(ctx, tr, "wamid.A", StatusFailed)
	waitRegistered(t, tr, "wamid.A", 1)
	require.True(t, tr.Observe(statusEv("wamid.A", StatusRead)))
	waitRegistered(t, tr, "wamid.A", 1)
	cancel()
	got := <-out
	assert.ErrorIs(t, got.err, context.Canceled)
}

func TestStatusTrackerWaitUnknownTarget(t *testing.T) {
	defer goleak.VerifyNone(t)
	tr := NewStatusTracker()
	out := startWait(testCtx(t), tr, "wamid.A", "deleted")
	waitRegistered(t, tr, "wamid.A", 1)
	require.True(t, tr.Observe(statusEv("wamid.A", "warning")))
	waitRegistered(t, tr, "wamid.A", 1)
	require.True(t, tr.Observe(statusEv("wamid.A", "deleted")))
	got := <-out
	require.NoError(t, got.err)
	assert.Equal(t, Status("deleted"), got.ev.Status)

	// A known target is not reached by an unknown status.
	ctx, cancel := context.WithCancel(testCtx(t))
	out = startWait(ctx, tr, "wamid.A", StatusSent)
	waitRegistered(t, tr, "wamid.A", 1)
	cancel()
	assert.ErrorIs(t, (<-out).err, context.Canceled)
}

// TestStatusTrackerWaitNewsBeatsCancel delivers an event while the waiter's
// context has ended but before it can take the lock: it must return the
// event, not the context's error.
func TestStatusTrackerWaitNewsBeatsCancel(t *testing.T) {
	defer goleak.VerifyNone(t)
	tr := NewStatusTracker()
	for i := range 50 { // Wait's select picks at random; repeat to cover both picks
		id := fmt.Sprintf("m%d", i)
		ctx, cancel := context.WithCancel(testCtx(t))
		out := startWait(ctx, tr, id, StatusSent)
		waitRegistered(t, tr, id, 1)
		tr.mu.Lock()
		cancel()
		tr.wake(statusEv(id, StatusSent)) // what Observe does, while Wait cannot lock
		tr.mu.Unlock()
		got := <-out
		require.NoError(t, got.err, id)
		assert.Equal(t, StatusSent, got.ev.Status, id)
	}
	assert.Empty(t, tr.waiters)
}

func TestStatusTrackerWaitContextEnds(t *testing.T) {
	defer goleak.VerifyNone(t)
	tr := NewStatusTracker()
	// A reaction only ever gets "sent": waiting for delivered ends with ctx.
	require.True(t, tr.Observe(statusEv("wamid.reaction", StatusSent)))
	ctx, cancel := context.WithCancel(testCtx(t))
	out := startWait(ctx, tr, "wamid.reaction", StatusDelivered)
	waitRegistered(t, tr, "wamid.reaction", 1)
	cancel()
	got := <-out
	assert.ErrorIs(t, got.err, context.Canceled)
	assert.Equal(t, StatusEvent{}, got.ev)
	assert.Empty(t, tr.waiters, "the waiter is dropped")

	// A context that already ended is not registered at all.
	dctx, dcancel := context.WithDeadline(testCtx(t), time.Unix(0, 0))
	defer dcancel()
	_, err := tr.Wait(dctx, "wamid.unseen", StatusSent)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Empty(t, tr.waiters)
}

func TestStatusTrackerWaitBadInput(t *testing.T) {
	tr := NewStatusTracker()
	_, err := tr.Wait(testCtx(t), "", StatusSent)
	assert.ErrorIs(t, err, ErrInvalidMessageID)
	_, err = tr.Wait(testCtx(t), "wamid.A", "")
	assert.ErrorIs(t, err, ErrInvalidParameter)
	assert.Empty(t, tr.waiters)
}

// TestStatusTrackerWaitRace has Observe and the end of the context race;
// every Wait must return exactly one outcome and leave no waiter behind.
func TestStatusTrackerWaitRace(t *testing.T) {
	defer goleak.VerifyNone(t)
	tr := NewStatusTracker()
	const n = 200
	outs := make([]<-chan waitOutcome, n)
	cancels := make([]context.CancelFunc, n)
	for i := range n {
		ctx, cancel := context.WithCancel(testCtx(t))
		cancels[i] = cancel
		outs[i] = startWait(ctx, tr, fmt.Sprintf("m%d", i), StatusDelivered)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range n {
			tr.Observe(statusEv(fmt.Sprintf("m%d", i), StatusRead))
		}
	})
	wg.Go(func() {
		for i := n - 1; i >= 0; i-- {
			cancels[i]()
		}
	})
	wg.Wait()
	for i, out := range outs {
		got := <-out
		if got.err != nil {
			assert.ErrorIs(t, got.err, context.Canceled, "m%d", i)
		} else {
			assert.Equal(t, StatusRead, got.ev.Status, "m%d", i)
		}
	}
	assert.Empty(t, tr.waiters)
}

// TestStatusTrackerConcurrentOrder feeds every message's statuses from
// several goroutines in scrambled order; the end state must be the furthest
// status, and every Wait must see it.
func TestStatusTrackerConcurrentOrder(t *testing.T) {
	defer goleak.VerifyNone(t)
	tr := NewStatusTracker(WithTrackerCapacity(1000))
	const msgs = 100
	ladder := []Status{StatusSent, StatusDelivered, StatusRead, StatusPlayed}
	outs := make([]<-chan waitOutcome, msgs)
	for i := range msgs {
		outs[i] = startWait(testCtx(t), tr, fmt.Sprintf("m%d", i), StatusRead)
	}
	var wg sync.WaitGroup
	for g := range len(ladder) {
		wg.Go(func() {
			for i := range msgs {
				// Each goroutine sends a different status for the same
				// message at about the same time.
				s := ladder[(g+i)%len(ladder)]
				tr.Observe(statusEv(fmt.Sprintf("m%d", i), s))
				tr.Status(fmt.Sprintf("m%d", (i+1)%msgs))
			}
		})
	}
	wg.Wait()
	for i := range msgs {
		id := fmt.Sprintf("m%d", i)
		s, ok := tr.Status(id)
		require.True(t, ok, id)
		assert.Equal(t, StatusPlayed, s, id)
		got := <-outs[i]
		require.NoError(t, got.err, id)
		assert.Contains(t, []Status{StatusRead, StatusPlayed}, got.ev.Status, id)
	}
}

func BenchmarkStatusTrackerObserve(b *testing.B) {
	ids := make([]string, 1<<16)
	for i := range ids {
		ids[i] = wamid(i)
	}
	tr := NewStatusTracker()
	ladder := []Status{StatusSent, StatusDelivered, StatusRead}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		tr.Observe(StatusEvent{MessageID: ids[i%len(ids)], Status: ladder[(i/len(ids))%len(ladder)]})
		i++
	}
}

// wamid makes a message id as long as Meta's (58 bytes).
func wamid(i int) string {
	return fmt.Sprintf("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJB%08X", i)
}

// trackerBytesPerMessage measures the heap a tracker holds for n messages,
// ids included: they are made inside the measurement and only the tracker
// keeps them.
func trackerBytesPerMessage(n int) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tr := NewStatusTracker(WithTrackerCapacity(n))
	ts := time.Unix(1_772_000_000, 0)
	for i := range n {
		tr.Observe(StatusEvent{Provider: "cloudapi", MessageID: wamid(i), Recipient: "16505551234", Status: StatusDelivered, Timestamp: ts})
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(tr)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(n)
}

func BenchmarkStatusTrackerMemory(b *testing.B) {
	var perMsg float64
	for b.Loop() {
		perMsg = trackerBytesPerMessage(1_000_000)
	}
	b.ReportMetric(perMsg, "B/msg")
}

func TestStatusTrackerMemoryPerMessage(t *testing.T) {
	if testing.Short() || raceEnabled() {
		t.Skip("tracks a million messages; slow in -short and -race runs")
	}
	perMsg := trackerBytesPerMessage(1_000_000)
	t.Logf("%.1f bytes per tracked message", perMsg)
	assert.LessOrEqual(t, perMsg, 200.0)
}

// raceEnabled reports whether the test binary runs under the race detector.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	return ok && slices.Contains(bi.Settings, debug.BuildSetting{Key: "-race", Value: "true"})
}

// statusModel is the tracker's rules written the plain way, as the fuzz
// oracle: a list of ids in first-seen order and each one's status.
type statusModel struct {
	capacity int
	order    []string
	status   map[string]Status
}

func (m *statusModel) observe(id string, s Status) bool {
	if s == "" {
		return false
	}
	cur, seen := m.status[id]
	if !seen {
		if len(m.order) == m.capacity {
			delete(m.status, m.order[0])
			m.order = m.order[1:]
		}
		m.order = append(m.order, id)
		m.status[id] = s
		return true
	}
	ladder := []Status{StatusSent, StatusDelivered, StatusRead, StatusPlayed}
	rank, curRank := slices.Index(ladder, s), slices.Index(ladder, cur)
	switch {
	case cur == StatusFailed:
		return false
	case s == StatusFailed:
	case rank < 0 && (curRank >= 0 || cur == s):
		return false
	case rank >= 0 && rank <= curRank:
		return false
	}
	m.status[id] = s
	return true
}

// FuzzStatusTracker replays arbitrary webhook sequences against the model.
// Each byte is one event: the low three bits pick one of eight messages,
// the next three one of eight statuses (known, unknown and empty).
func FuzzStatusTracker(f *testing.F) {
	f.Add([]byte{0x00, 0x08, 0x10, 0x18})             // m0 sent, delivered, read, played
	f.Add([]byte{0x10, 0x08, 0x20, 0x08})             // m0 read, delivered, failed, delivered
	f.Add([]byte{0x28, 0x30, 0x28, 0x00, 0x38})       // m0 unknown, other unknown, repeat, sent, empty
	f.Add([]byte{0x00, 0x01, 0x02, 0x03, 0x04, 0x00}) // five messages through capacity four
	statuses := []Status{StatusSent, StatusDelivered, StatusRead, StatusPlayed, StatusFailed, "warning", "deleted", ""}
	f.Fuzz(func(t *testing.T, data []byte) {
		const capacity = 4
		tr := NewStatusTracker(WithTrackerCapacity(capacity))
		m := &statusModel{capacity: capacity, status: map[string]Status{}}
		for i, b := range data {
			id, s := fmt.Sprintf("m%d", b&7), statuses[(b>>3)&7]
			if got, want := tr.Observe(statusEv(id, s)), m.observe(id, s); got != want {
				t.Fatalf("event %d: Observe(%s, %q) = %v, want %v", i, id, s, got, want)
			}
			for k := range 8 {
				id := fmt.Sprintf("m%d", k)
				got, ok := tr.Status(id)
				want, wantOK := m.status[id]
				if got != want || ok != wantOK {
					t.Fatalf("event %d: Status(%s) = %q, %v; want %q, %v", i, id, got, ok, want, wantOK)
				}
			}
		}
	})
}

// The parsers give UTC timestamps; an event rebuilt from the record must
// too, whatever the machine's local zone (issue 11 item 7).
func TestStatusTrackerRebuildsTimestampsInUTC(t *testing.T) {
	defer func(l *time.Location) { time.Local = l }(time.Local)
	time.Local = time.FixedZone("UTC+5", 5*3600)
	at := time.UnixMilli(1_749_416_383_123).UTC()
	tr := NewStatusTracker()
	require.True(t, tr.Observe(StatusEvent{MessageID: "wamid.A", Status: StatusRead, Timestamp: at}))
	ev, err := tr.Wait(context.Background(), "wamid.A", StatusDelivered)
	require.NoError(t, err)
	assert.Equal(t, at, ev.Timestamp, "same instant and location as the webhook gave")
	assert.Equal(t, time.UTC, ev.Timestamp.Location())
}

// failingStatusStore fails every call.
type failingStatusStore struct{ err error }

func (s failingStatusStore) Advance(context.Context, StatusEvent) (bool, error) { return false, s.err }
func (s failingStatusStore) Load(context.Context, string) (StatusEvent, bool, error) {
	return StatusEvent{}, false, s.err
}
func (s failingStatusStore) Watch(context.Context, string) (<-chan struct{}, func(), error) {
	return nil, nil, s.err
}

// A failing store is an error for every call that can return one, and
// never a silent "changed" or "known".
func TestStatusTrackerStoreFailureIsAnError(t *testing.T) {
	down := errors.New("store down")
	tr := NewStatusTracker(WithTrackerStore(failingStatusStore{down}))
	ev := StatusEvent{MessageID: "wamid.A", Status: StatusRead}
	changed, err := tr.ObserveContext(context.Background(), ev)
	assert.ErrorIs(t, err, down)
	assert.False(t, changed)
	assert.False(t, tr.Observe(ev))
	_, ok, err := tr.StatusContext(context.Background(), "wamid.A")
	assert.ErrorIs(t, err, down)
	assert.False(t, ok)
	_, err = tr.Wait(context.Background(), "wamid.A", StatusRead)
	assert.ErrorIs(t, err, down)
}
