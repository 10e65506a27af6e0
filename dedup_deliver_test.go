package waack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingBatcher is the in-memory Deduper, counting the batch calls.
type countingBatcher struct {
	Deduper
	mu                   sync.Mutex
	seenBatch, doneBatch int
	single               int // Seen and Done calls: none expected
	released             []string
}

func (d *countingBatcher) Seen(ctx context.Context, k string) (bool, error) {
	d.mu.Lock()
	d.single++
	d.mu.Unlock()
	return d.Deduper.Seen(ctx, k)
}

func (d *countingBatcher) Done(ctx context.Context, k string) error {
	d.mu.Lock()
	d.single++
	d.mu.Unlock()
	return d.Deduper.Done(ctx, k)
}

func (d *countingBatcher) SeenBatch(ctx context.Context, keys []string) ([]DedupState, error) {
	d.mu.Lock()
	d.seenBatch++
	d.mu.Unlock()
	return d.Deduper.(DedupBatcher).SeenBatch(ctx, keys)
}

func (d *countingBatcher) DoneBatch(ctx context.Context, keys []string) error {
	d.mu.Lock()
	d.doneBatch++
	d.mu.Unlock()
	return d.Deduper.(DedupBatcher).DoneBatch(ctx, keys)
}

func (d *countingBatcher) Release(ctx context.Context, k string) error {
	d.mu.Lock()
	d.released = append(d.released, k)
	d.mu.Unlock()
	return d.Deduper.(DedupReleaser).Release(ctx, k)
}

// statusBody is a Cloud API webhook with one status per id, in order.
func statusBody(ids ...string) []byte {
	var parts []string
	for _, id := range ids {
		parts = append(parts, fmt.Sprintf(`{"id":%q,"status":"read","recipient_id":"16505551234"}`, id))
	}
	return []byte(`{"entry":[{"changes":[{"field":"messages","value":{"statuses":[` + strings.Join(parts, ",") + `]}}]}]}`)
}

// A body of several events costs one SeenBatch and one DoneBatch, no
// per-event call; a repeat of the body is all done and reaches nothing.
func TestWebhookBatchDedupOneCallPerBody(t *testing.T) {
	d := &countingBatcher{Deduper: NewMemoryDeduper(100)}
	h, s := cloudHandler(t, WebhookConfig{Dedup: d})
	body := statusBody("wamid.A", "wamid.B", "wamid.A", "wamid.C")
	assert.Equal(t, http.StatusOK, serve(t, h, signedPost(body)).Code)
	assert.Len(t, s.got(), 3, "the repeat within the body is skipped")
	assert.Equal(t, http.StatusOK, serve(t, h, signedPost(body)).Code)
	assert.Len(t, s.got(), 3, "a redelivery reaches nothing")
	assert.Equal(t, 2, d.seenBatch)
	assert.Equal(t, 2, d.doneBatch)
	assert.Zero(t, d.single)
}

// An event in flight on another delivery stops the body there with 503:
// what came before is done, what comes after is released and handled on
// the redelivery, in order.
func TestWebhookBatchDedupStopsAtInFlight(t *testing.T) {
	d := &countingBatcher{Deduper: NewMemoryDeduper(100)}
	h, s := cloudHandler(t, WebhookConfig{Dedup: d})
	_, err := d.Deduper.Seen(context.Background(), "cloudapi|status|wamid.B|read") // held elsewhere
	require.NoError(t, err)

	rec := serve(t, h, signedPost(statusBody("wamid.A", "wamid.B", "wamid.C")))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.NotEmpty(t, rec.Header().Get("Retry-After"))
	require.Len(t, s.got(), 1)
	assert.Equal(t, "wamid.A", s.got()[0].(StatusEvent).MessageID)
	assert.Equal(t, []string{"cloudapi|status|wamid.C|read"}, d.released, "only the claim after the stop")

	require.NoError(t, d.Deduper.Done(context.Background(), "cloudapi|status|wamid.B|read"))
	assert.Equal(t, http.StatusOK, serve(t, h, signedPost(statusBody("wamid.A", "wamid.B", "wamid.C"))).Code)
	got := s.got()
	require.Len(t, got, 2)
	assert.Equal(t, "wamid.C", got[1].(StatusEvent).MessageID)
}

// OnEvent failing mid-body: 500, the events before it stay done, the
// failed one and the rest are released and handled once on redelivery.
func TestWebhookBatchDedupFailureMidBody(t *testing.T) {
	d := &countingBatcher{Deduper: NewMemoryDeduper(100)}
	var mu sync.Mutex
	calls := map[string]int{}
	failB := true
	h, _ := cloudHandler(t, WebhookConfig{Dedup: d, OnEvent: func(_ context.Context, ev Event) error {
		mu.Lock()
		defer mu.Unlock()
		id := ev.(StatusEvent).MessageID
		if id == "wamid.B" && failB {
			failB = false
			return errors.New("transient")
		}
		calls[id]++
		return nil
	}})
	body := statusBody("wamid.A", "wamid.B", "wamid.C")
	assert.Equal(t, http.StatusInternalServerError, serve(t, h, signedPost(body)).Code)
	assert.ElementsMatch(t, []string{"cloudapi|status|wamid.B|read", "cloudapi|status|wamid.C|read"}, d.released)
	assert.Equal(t, http.StatusOK, serve(t, h, signedPost(body)).Code)
	assert.Equal(t, map[string]int{"wamid.A": 1, "wamid.B": 1, "wamid.C": 1}, calls)
}

// failingBatcher's DoneBatch fails: nothing may count as done.
type failingBatcher struct{ *countingBatcher }

func (f failingBatcher) DoneBatch(context.Context, []string) error { return errors.New("store down") }

func TestWebhookBatchDedupDoneFailureReleasesAll(t *testing.T) {
	d := failingBatcher{&countingBatcher{Deduper: NewMemoryDeduper(100)}}
	h, s := cloudHandler(t, WebhookConfig{Dedup: d})
	assert.Equal(t, http.StatusInternalServerError, serve(t, h, signedPost(statusBody("wamid.A", "wamid.B"))).Code)
	assert.Len(t, s.got(), 2)
	assert.Len(t, d.released, 2, "handled but not recorded: released, so the redelivery is processed")
}
