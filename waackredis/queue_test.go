package waackredis_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/waackredis"
)

func TestNewQueueRefusesBadConfig(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}) // never dialled
	defer rdb.Close()
	for name, cfg := range map[string]waackredis.QueueConfig{
		"no stream":        {Group: "g"},
		"no group":         {Stream: "s"},
		"blank stream":     {Stream: " ", Group: "g"},
		"dead is stream":   {Stream: "s", Group: "g", DeadLetter: "s"},
		"negative max len": {Stream: "s", Group: "g", MaxLen: -1},
		"negative idle":    {Stream: "s", Group: "g", MinIdle: -time.Second},
	} {
		_, err := waackredis.NewQueue(rdb, cfg)
		assert.ErrorIs(t, err, waack.ErrInvalidConfig, name)
	}
	_, err := waackredis.NewQueue(nil, waackredis.QueueConfig{Stream: "s", Group: "g"})
	assert.ErrorIs(t, err, waack.ErrInvalidConfig)

	q, err := waackredis.NewQueue(rdb, waackredis.QueueConfig{Stream: "s", Group: "g"})
	require.NoError(t, err)
	// Bad input is refused before any network call (the client points at
	// a closed port: a call would fail with a dial error instead).
	for _, d := range []waack.Delivery{{Body: []byte("{}")}, {Provider: "telegram", Body: []byte("{}")}, {Provider: waack.ProviderWawp}} {
		assert.ErrorIs(t, q.Enqueue(context.Background(), d), waack.ErrBadPayload)
	}
	assert.ErrorIs(t, q.Work(context.Background(), "", waack.WebhookConfig{OnEvent: func(context.Context, waack.Event) error { return nil }}), waack.ErrInvalidConfig)
	assert.ErrorIs(t, q.Work(context.Background(), "w1", waack.WebhookConfig{}), waack.ErrInvalidConfig, "no OnEvent")
}

// Enqueue stores the delivery as it came; the backlog is bounded by
// refusing, not by trimming what was answered 200.
func TestQueueEnqueueStoresAndBoundsTheBacklog(t *testing.T) {
	q, rdb, _ := newQueue(t, waackredis.QueueConfig{MaxLen: 3})
	ctx := context.Background()
	received := time.Unix(1_750_000_000, 123456789)
	d := waack.Delivery{Provider: waack.ProviderOneMsg, Body: []byte(`{"messages":[]}`), Received: received}
	for range 3 {
		require.NoError(t, q.Enqueue(ctx, d))
	}
	err := q.Enqueue(ctx, d)
	require.ErrorIs(t, err, waackredis.ErrQueueFull)
	n, err := q.Backlog(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 3, n, "nothing trimmed")

	msgs, err := rdb.XRange(ctx, "waack:deliveries", "-", "+").Result()
	require.NoError(t, err)
	require.Len(t, msgs, 3)
	assert.Equal(t, map[string]any{"provider": "1msg", "received": "1750000000123456789", "body": `{"messages":[]}`}, msgs[0].Values)

	// A drained queue takes deliveries again.
	work(t, q, "w1", waack.WebhookConfig{Dedup: waack.NoDedup(), OnEvent: func(context.Context, waack.Event) error { return nil }})
	settled(t, q)
	require.NoError(t, q.Enqueue(ctx, delivery(1, 1)))
}

// The two halves: a handler that only stores, answering 200 while no
// worker runs, then workers that process everything exactly once, a body
// delivered twice included.
func TestQueue200ConcurrentDeliveriesWhileWorkersAreStopped(t *testing.T) {
	q, rdb, _ := newQueue(t, waackredis.QueueConfig{})
	var onEventCalls atomic.Int32
	h, err := waack.NewWebhookHandler(waack.CloudAPI{}, waack.WebhookConfig{
		AppSecret: queueAppSecret,
		Enqueue:   q.Enqueue,
		OnEvent:   func(context.Context, waack.Event) error { onEventCalls.Add(1); return nil },
	})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()

	const n = 200
	var ids []string
	for i := range n {
		ids = append(ids, messageID(i%10, i))
	}
	codes := make([]int, n+20)
	var wg sync.WaitGroup
	for i := range n + 20 {
		wg.Go(func() {
			j := i % n // the last 20 are redeliveries of the first 20
			body := chatMessageBody(j%10, j)
			req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
			req.Header.Set("X-Hub-Signature-256", waack.SignCloudAPIWebhook(body, queueAppSecret))
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			codes[i] = resp.StatusCode
		})
	}
	wg.Wait()
	for i, c := range codes {
		require.Equal(t, http.StatusOK, c, "delivery %d", i)
	}
	backlog, err := q.Backlog(context.Background())
	require.NoError(t, err)
	assert.EqualValues(t, n+20, backlog, "every delivery stored")
	assert.Zero(t, onEventCalls.Load(), "the handler never runs OnEvent")

	l := newQueueLedger()
	cfg := waack.WebhookConfig{Dedup: waackredis.NewDeduper(rdb), OnEvent: func(_ context.Context, ev waack.Event) error { l.record(ev); return nil }}
	for _, name := range []string{"w1", "w2", "w3"} {
		work(t, q, name, cfg)
	}
	settled(t, q)
	l.exactlyOnce(t, ids)
}

// A worker stopped in the middle of a batch (its context cancelled
// between two events) hands the rest back: another worker processes
// them, and every event runs exactly once. MinIdle is long, so this
// passes only if the stopped worker returned its entries.
func TestQueueWorkerStoppedMidBatch(t *testing.T) {
	q, rdb, _ := newQueue(t, waackredis.QueueConfig{Batch: 20, MinIdle: time.Hour})
	var ds []waack.Delivery
	var ids []string
	for i := range 60 {
		ds = append(ds, delivery(i%4, i))
		ids = append(ids, messageID(i%4, i))
	}
	enqueueAll(t, q, ds)

	l := newQueueLedger()
	dedup := waackredis.NewDeduper(rdb)
	ctxA, cancelA := context.WithCancel(context.Background())
	doneA := make(chan error)
	go func() {
		doneA <- q.Work(ctxA, "a", waack.WebhookConfig{Dedup: dedup, OnEvent: func(_ context.Context, ev waack.Event) error {
			l.record(ev)
			if l.handled() == 7 {
				cancelA() // killed between events, in the middle of its first batch of 20
			}
			return nil
		}})
	}()
	require.NoError(t, <-doneA)
	require.Equal(t, 7, l.handled(), "the stopped worker took nothing after its context ended")
	pending, err := rdb.XPending(context.Background(), "waack:deliveries", "workers").Result()
	require.NoError(t, err)
	assert.EqualValues(t, 13, pending.Count, "the rest of its batch is pending, not lost")

	work(t, q, "b", waack.WebhookConfig{Dedup: dedup, OnEvent: func(_ context.Context, ev waack.Event) error { l.record(ev); return nil }})
	settled(t, q)
	l.exactlyOnce(t, ids)
}

// A worker that dies without a word (simulated: entries read by a consumer
// that never acknowledges) or hangs: after MinIdle another worker takes
// its deliveries over.
func TestQueueReclaimsFromCrashedAndStuckWorkers(t *testing.T) {
	t.Run("crashed", func(t *testing.T) {
		q, rdb, _ := newQueue(t, waackredis.QueueConfig{MinIdle: 200 * time.Millisecond})
		var ids []string
		for i := range 30 {
			require.NoError(t, q.Enqueue(context.Background(), delivery(i%3, i)))
			ids = append(ids, messageID(i%3, i))
		}
		require.NoError(t, rdb.XGroupCreate(context.Background(), "waack:deliveries", "workers", "0").Err())
		read, err := rdb.XReadGroup(context.Background(), &redis.XReadGroupArgs{
			Group: "workers", Consumer: "crashed", Streams: []string{"waack:deliveries", ">"}, Count: 30,
		}).Result()
		require.NoError(t, err)
		require.Len(t, read[0].Messages, 30, "all held by the crashed worker")

		l := newQueueLedger()
		work(t, q, "survivor", waack.WebhookConfig{Dedup: waack.NewMemoryDeduper(0), OnEvent: func(_ context.Context, ev waack.Event) error { l.record(ev); return nil }})
		settled(t, q)
		l.exactlyOnce(t, ids)
	})
	t.Run("stuck", func(t *testing.T) {
		q, rdb, _ := newQueue(t, waackredis.QueueConfig{MinIdle: 200 * time.Millisecond, Block: 20 * time.Millisecond, Batch: 10})
		var ids []string
		for i := range 10 {
			require.NoError(t, q.Enqueue(context.Background(), delivery(0, i)))
			ids = append(ids, messageID(0, i))
		}
		l := newQueueLedger()
		dedup := waackredis.NewDeduper(rdb)
		unblock := make(chan struct{})
		var stuck atomic.Bool
		work(t, q, "stuck", waack.WebhookConfig{Dedup: dedup, OnEvent: func(_ context.Context, ev waack.Event) error {
			if stuck.CompareAndSwap(false, true) {
				<-unblock // hangs on its first event, far past MinIdle
			}
			l.record(ev)
			return nil
		}})
		eventually(t, "the stuck worker to hold its first delivery", stuck.Load)
		work(t, q, "healthy", waack.WebhookConfig{Dedup: dedup, OnEvent: func(_ context.Context, ev waack.Event) error { l.record(ev); return nil }})
		eventually(t, "the healthy worker to process the other nine", func() bool { return l.handled() == 9 })
		close(unblock)
		settled(t, q)
		l.exactlyOnce(t, ids)
	})
}

// A delivery that keeps failing moves to the dead-letter stream after
// MaxAttempts tries with its last error; one that cannot be parsed moves
// at once; the others flow.
func TestQueuePoisonDeliveriesAreDeadLettered(t *testing.T) {
	q, _, _ := newQueue(t, waackredis.QueueConfig{MaxAttempts: 3, RetryDelay: time.Millisecond})
	var ids []string
	var ds []waack.Delivery
	for i := range 20 {
		ds = append(ds, delivery(i%2, i))
		ids = append(ids, messageID(i%2, i))
		switch i {
		case 5:
			ds = append(ds, delivery(9, 666)) // OnEvent always fails on it
		case 12:
			ds = append(ds, waack.Delivery{Provider: waack.ProviderCloudAPI, Body: []byte("<html>not json</html>")})
		}
	}
	enqueueAll(t, q, ds)

	l := newQueueLedger()
	var poisonCalls atomic.Int32
	var logs bytes.Buffer
	var logMu sync.Mutex
	work(t, q, "w1", waack.WebhookConfig{
		Dedup:  waack.NewMemoryDeduper(0),
		Logger: newLogger(&logs, &logMu),
		OnEvent: func(_ context.Context, ev waack.Event) error {
			if m, ok := ev.(waack.MessageEvent); ok && m.ID == messageID(9, 666) {
				poisonCalls.Add(1)
				return errors.New("CRM rejects this customer")
			}
			l.record(ev)
			return nil
		},
	})
	settled(t, q)
	l.exactlyOnce(t, ids)
	assert.EqualValues(t, 3, poisonCalls.Load(), "MaxAttempts tries, then no more")

	dead, err := q.DeadLetters(context.Background(), 10)
	require.NoError(t, err)
	require.Len(t, dead, 2)
	assert.Equal(t, chatMessageBody(9, 666), dead[0].Delivery.Body)
	assert.Equal(t, waack.ProviderCloudAPI, dead[0].Delivery.Provider)
	assert.Equal(t, 3, dead[0].Delivery.Attempt)
	assert.Contains(t, dead[0].Err, "CRM rejects this customer", "the last error")
	assert.NotEmpty(t, dead[0].Delivery.ID)
	assert.False(t, dead[0].Failed.IsZero())
	assert.Equal(t, 1, dead[1].Delivery.Attempt, "an unparseable body is not retried")
	assert.Contains(t, dead[1].Err, waack.ErrBadPayload.Error())
	logMu.Lock()
	assert.Contains(t, logs.String(), "dead-lettered")
	logMu.Unlock()

	// Redrive puts them back; the poison fails again and returns.
	moved, err := q.Redrive(context.Background(), 10)
	require.NoError(t, err)
	assert.Equal(t, 2, moved)
	eventually(t, "the redriven poison to fail again", func() bool {
		dead, err := q.DeadLetters(context.Background(), 10)
		return err == nil && len(dead) == 2
	})
	assert.EqualValues(t, 6, poisonCalls.Load())
	l.exactlyOnce(t, ids)
}

// One worker keeps every chat's arrival order, also when a delivery fails
// and is retried: it does not pass it.
func TestQueueOrderPerChat(t *testing.T) {
	q, _, _ := newQueue(t, waackredis.QueueConfig{RetryDelay: time.Millisecond, Batch: 7})
	const chats, perChat = 5, 20
	var ds []waack.Delivery
	want := map[string][]string{}
	for n := range perChat {
		for c := range chats {
			ds = append(ds, delivery(c, n))
			chat := strings.TrimSuffix(strings.SplitN(string(chatMessageBody(c, n)), `"from":"`, 2)[1][:11], `"`)
			want[chat] = append(want[chat], messageID(c, n))
		}
	}
	enqueueAll(t, q, ds)
	l := newQueueLedger()
	failed := map[string]bool{}
	var mu sync.Mutex
	work(t, q, "w1", waack.WebhookConfig{Dedup: waack.NewMemoryDeduper(0), OnEvent: func(_ context.Context, ev waack.Event) error {
		m := ev.(waack.MessageEvent)
		mu.Lock()
		defer mu.Unlock()
		if len(failed) < 12 && !failed[m.ID] && len(m.ID)%3 == 0 {
			failed[m.ID] = true // its first attempt fails
			return errors.New("transient")
		}
		l.record(ev)
		return nil
	}})
	settled(t, q)
	require.NotEmpty(t, failed)
	l.mu.Lock()
	defer l.mu.Unlock()
	assert.Equal(t, want, l.order)
}

// A delivery whose event another holder is processing stays pending
// without spending attempts, and runs once the event is free.
func TestQueueWaitsForAnEventInFlight(t *testing.T) {
	q, _, _ := newQueue(t, waackredis.QueueConfig{MaxAttempts: 1, MinIdle: 50 * time.Millisecond, Block: 20 * time.Millisecond})
	require.NoError(t, q.Enqueue(context.Background(), delivery(1, 1)))
	l := newQueueLedger()
	dedup := &inFlightFor{Deduper: waack.NewMemoryDeduper(0), times: 3}
	work(t, q, "w1", waack.WebhookConfig{Dedup: dedup, OnEvent: func(_ context.Context, ev waack.Event) error { l.record(ev); return nil }})
	settled(t, q)
	l.exactlyOnce(t, []string{messageID(1, 1)})
	dead, err := q.DeadLetters(context.Background(), 10)
	require.NoError(t, err)
	assert.Empty(t, dead)
}

// inFlightFor reports every key in flight the first times Seen is called,
// as a shared Deduper does while another replica holds the event.
type inFlightFor struct {
	waack.Deduper
	mu    sync.Mutex
	times int
}

func (d *inFlightFor) Seen(ctx context.Context, key string) (bool, error) {
	d.mu.Lock()
	if d.times > 0 {
		d.times--
		d.mu.Unlock()
		return false, waack.ErrInFlight
	}
	d.mu.Unlock()
	return d.Deduper.Seen(ctx, key)
}

// Redis going away: the handler answers 5xx (the provider redelivers),
// the worker keeps trying and resumes on the restarted (empty) server.
func TestQueueSurvivesARedisRestart(t *testing.T) {
	q, _, srv := newQueue(t, waackredis.QueueConfig{Block: 50 * time.Millisecond})
	h, err := waack.NewWebhookHandler(waack.CloudAPI{}, waack.WebhookConfig{AppSecret: queueAppSecret, Enqueue: q.Enqueue})
	require.NoError(t, err)
	post := func(chat, n int) int {
		body := chatMessageBody(chat, n)
		req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body))
		req.Header.Set("X-Hub-Signature-256", waack.SignCloudAPIWebhook(body, queueAppSecret))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	l := newQueueLedger()
	work(t, q, "w1", waack.WebhookConfig{Dedup: waack.NewMemoryDeduper(0), OnEvent: func(_ context.Context, ev waack.Event) error { l.record(ev); return nil }})
	require.Equal(t, http.StatusOK, post(1, 1))
	eventually(t, "the first event", func() bool { return l.handled() == 1 })

	srv.Stop()
	assert.Equal(t, http.StatusInternalServerError, post(1, 2), "nothing stored: the provider must redeliver")
	time.Sleep(200 * time.Millisecond) // the worker meets the outage
	srv.Restart()

	eventually(t, "Redis to take deliveries again", func() bool { return post(1, 2) == http.StatusOK })
	require.Equal(t, http.StatusOK, post(1, 3))
	settled(t, q)
	eventually(t, "the worker to resume", func() bool { return l.handled() == 3 })
	l.exactlyOnce(t, []string{messageID(1, 1), messageID(1, 2), messageID(1, 3)})
}

// A healthy but slow worker keeps the tail of its batch: another worker
// does not take it over as if it were stuck (every event runs at its
// first attempt).
func TestQueueSlowWorkerKeepsItsBatch(t *testing.T) {
	q, _, _ := newQueue(t, waackredis.QueueConfig{Batch: 5, MinIdle: 300 * time.Millisecond, Block: 20 * time.Millisecond})
	var ids []string
	for i := range 5 {
		require.NoError(t, q.Enqueue(context.Background(), delivery(0, i)))
		ids = append(ids, messageID(0, i))
	}
	l := newQueueLedger()
	var retaken atomic.Int32
	var started atomic.Bool
	cfg := waack.WebhookConfig{Dedup: waack.NewMemoryDeduper(0), OnEvent: func(ctx context.Context, ev waack.Event) error {
		started.Store(true)
		if d, _ := waack.DeliveryFromContext(ctx); d.Attempt != 1 {
			retaken.Add(1)
		}
		time.Sleep(100 * time.Millisecond) // 5 × 100 ms > MinIdle
		l.record(ev)
		return nil
	}}
	work(t, q, "slow", cfg)
	eventually(t, "the slow worker to start", started.Load)
	work(t, q, "other", cfg)
	settled(t, q)
	l.exactlyOnce(t, ids)
	assert.Zero(t, retaken.Load(), "no delivery taken over from a live worker")
}
