package waackredis_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/redistest"
	"github.com/waack/waack/waackredis"
)

// replicaTrackers returns n StatusTrackers that share srv and nothing else.
func replicaTrackers(srv *redistest.Server, n int) []*waack.StatusTracker {
	ts := make([]*waack.StatusTracker, n)
	for i := range ts {
		ts[i] = waack.NewStatusTracker(waack.WithTrackerStore(waackredis.NewStatusStore(srv.Client())))
	}
	return ts
}

// Three replicas observe each message's statuses in random orders at
// once: every replica ends at the most advanced one, failed wins and stays,
// and each status changes the record at most once.
func TestStatusStoreForwardOnlyUnderRacingReplicas(t *testing.T) {
	srv := redistest.Start(t)
	ts := replicaTrackers(srv, 3)
	ctx := context.Background()
	const messages = 40
	ladder := []waack.Status{waack.StatusSent, waack.StatusDelivered, waack.StatusRead}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		changes = map[string]int{}
	)
	for m := range messages {
		id := fmt.Sprintf("wamid.M%d", m)
		statuses := append([]waack.Status(nil), ladder...)
		if m%4 == 0 {
			statuses = append(statuses, waack.StatusFailed)
		}
		for copyN := range 3 { // every status delivered 3 times, to the 3 replicas
			for _, st := range statuses {
				wg.Go(func() {
					tr := ts[rand.IntN(3)]
					if copyN == 0 {
						tr = ts[int(st.Rank())%3]
					}
					changed, err := tr.ObserveContext(ctx, waack.StatusEvent{Provider: "cloudapi", MessageID: id, Status: st})
					assert.NoError(t, err)
					if changed {
						mu.Lock()
						changes[id+"|"+string(st)]++
						mu.Unlock()
					}
				})
			}
		}
	}
	wg.Wait()
	for m := range messages {
		id := fmt.Sprintf("wamid.M%d", m)
		want := waack.StatusRead
		if m%4 == 0 {
			want = waack.StatusFailed
		}
		for i, tr := range ts {
			got, ok, err := tr.StatusContext(ctx, id)
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, want, got, "replica %d, %s", i, id)
		}
		assert.LessOrEqual(t, changes[id+"|read"], 1)
		if m%4 == 0 {
			assert.Equal(t, 1, changes[id+"|failed"], "failed always lands, once")
			assert.False(t, ts[0].Observe(waack.StatusEvent{MessageID: id, Status: waack.StatusPlayed}), "failed is final")
		}
	}
	for k, n := range changes {
		assert.Equal(t, 1, n, k)
	}
}

// A Wait on replica A ends when replica B observes the status, and gets
// B's whole event; a status short of the target does not end it.
func TestStatusStoreWaitReleasedByAnotherReplica(t *testing.T) {
	srv := redistest.Start(t)
	ts := replicaTrackers(srv, 2)
	a, b := ts[0], ts[1]
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	type result struct {
		ev  waack.StatusEvent
		err error
	}
	done := make(chan result, 1)
	go func() {
		ev, err := a.Wait(ctx, "wamid.W", waack.StatusDelivered)
		done <- result{ev, err}
	}()
	time.Sleep(100 * time.Millisecond) // let A subscribe; the test holds either way
	at := time.Unix(1_749_416_383, 0).UTC()
	assert.True(t, b.Observe(waack.StatusEvent{Provider: "cloudapi", MessageID: "wamid.W", Status: waack.StatusSent, Recipient: "16505551234", Timestamp: at}))
	select {
	case r := <-done:
		t.Fatalf("Wait ended on sent: %+v", r)
	case <-time.After(200 * time.Millisecond):
	}
	assert.True(t, b.Observe(waack.StatusEvent{Provider: "cloudapi", MessageID: "wamid.W", Status: waack.StatusRead, Recipient: "16505551234", Timestamp: at.Add(time.Second)}))
	r := <-done
	require.NoError(t, r.err)
	assert.Equal(t, waack.StatusEvent{Provider: "cloudapi", MessageID: "wamid.W", Status: waack.StatusRead, Recipient: "16505551234", Timestamp: at.Add(time.Second)}, r.ev)
}

// A failure observed elsewhere ends the Wait with ErrMessageFailed and the
// provider's error, classified as it was at the webhook.
func TestStatusStoreWaitFailedElsewhere(t *testing.T) {
	srv := redistest.Start(t)
	ts := replicaTrackers(srv, 2)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := ts[0].Wait(ctx, "wamid.F", waack.StatusRead)
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	apiErr := &waack.APIError{Provider: "cloudapi", Op: "webhook", Code: 131009, Message: "Parameter value is not valid"}
	ts[1].Observe(waack.StatusEvent{Provider: "cloudapi", MessageID: "wamid.F", Status: waack.StatusFailed, Err: apiErr})
	err := <-done
	assert.ErrorIs(t, err, waack.ErrMessageFailed)
	assert.ErrorIs(t, err, waack.ErrTargetTooOld, "the provider's error survives the store")
}

func TestStatusStoreRedisDownIsAnError(t *testing.T) {
	srv := redistest.Start(t)
	tr := replicaTrackers(srv, 1)[0]
	ctx := context.Background()
	srv.Stop()
	_, err := tr.ObserveContext(ctx, waack.StatusEvent{MessageID: "wamid.X", Status: waack.StatusSent})
	assert.Error(t, err)
	_, _, err = tr.StatusContext(ctx, "wamid.X")
	assert.Error(t, err)
	_, err = tr.Wait(ctx, "wamid.X", waack.StatusSent)
	assert.Error(t, err)
}

// A Wait whose subscription loses Redis ends with an error rather than
// hanging or reporting a status.
func TestStatusStoreWaitSeesRedisGo(t *testing.T) {
	srv := redistest.Start(t)
	tr := replicaTrackers(srv, 1)[0]
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := tr.Wait(ctx, "wamid.G", waack.StatusRead)
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	srv.Stop()
	err := <-done
	require.Error(t, err)
	assert.NoError(t, ctx.Err(), "ended by the store's failure, not by the deadline")
}
