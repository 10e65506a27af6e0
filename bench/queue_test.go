package bench

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/redistest"
	"github.com/waack/waack/waackredis"
)

// BenchmarkEnqueueHandler is the webhook answer's latency with 64
// deliveries in flight: the synchronous handler with a no-op OnEvent
// (mode=sync, default de-duplicator), the same handler whose OnEvent
// reacts through a loopback provider, one round trip as Acknowledge's
// first half (mode=sync-react), and the enqueue handler storing each body
// in a Redis stream on a loopback redis-server (mode=enqueue-redis). Each
// op is one signed single-status body through ServeHTTP; p50-ns and
// p99-ns are the median and 99th percentile of the ops' times.
func BenchmarkEnqueueHandler(b *testing.B) {
	noop := func(context.Context, waack.Event) error { return nil }
	b.Run("mode=sync", func(b *testing.B) {
		h, err := waack.NewWebhookHandler(waack.CloudAPI{}, waack.WebhookConfig{AppSecret: appSecret, OnEvent: noop})
		if err != nil {
			b.Fatal(err)
		}
		latencies(b, h)
	})
	b.Run("mode=sync-react", func(b *testing.B) {
		be := newInProcess(b)
		defer be.Close()
		c, err := waack.New(waack.CloudAPI{PhoneNumberID: phoneNumberID, AccessToken: accessToken, BaseURL: be.URL()})
		if err != nil {
			b.Fatal(err)
		}
		h, err := waack.NewWebhookHandler(waack.CloudAPI{}, waack.WebhookConfig{AppSecret: appSecret,
			OnEvent: func(ctx context.Context, ev waack.Event) error {
				_, err := c.React(ctx, waack.Reaction{To: customer, MessageID: inboundID, Emoji: thumbsUp})
				return err
			}})
		if err != nil {
			b.Fatal(err)
		}
		latencies(b, h)
	})
	b.Run("mode=enqueue-redis", func(b *testing.B) {
		q := benchQueue(b)
		h, err := waack.NewWebhookHandler(waack.CloudAPI{}, waack.WebhookConfig{AppSecret: appSecret, Enqueue: q.Enqueue})
		if err != nil {
			b.Fatal(err)
		}
		latencies(b, h)
	})
}

// latencies serves b.N bodies through h from 64 goroutines and reports the
// median and 99th percentile time of one answer.
func latencies(b *testing.B, h http.Handler) {
	bodies, sigs := single.get(b.N)
	var next atomic.Int64
	var mu sync.Mutex
	var all []time.Duration
	b.ReportAllocs()
	b.SetParallelism(goroutinesPerProc())
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		mine := make([]time.Duration, 0, 1024)
		for pb.Next() {
			i := int(next.Add(1)-1) % len(bodies)
			start := time.Now()
			code := serveOne(h, bodies[i], sigs[i])
			mine = append(mine, time.Since(start))
			if code != http.StatusOK {
				b.Errorf("answer %d", code)
				return
			}
		}
		mu.Lock()
		all = append(all, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	slices.Sort(all)
	if len(all) > 0 {
		b.ReportMetric(float64(all[len(all)/2].Nanoseconds()), "p50-ns")
		b.ReportMetric(float64(all[len(all)*99/100].Nanoseconds()), "p99-ns")
	}
}

// BenchmarkQueueWorker is worker throughput: b.N single-status deliveries
// are stored first (not timed), then 1 or 2 workers run them through a
// no-op OnEvent (NoDedup: the bodies repeat once b.N exceeds the body
// set) until all are done; events/s is b.N over the time that took.
func BenchmarkQueueWorker(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run("workers="+strconv.Itoa(workers), func(b *testing.B) {
			q := benchQueue(b)
			bodies, _ := single.get(b.N)
			fill(b, q, bodies, b.N)
			var done atomic.Int64
			all := make(chan struct{})
			cfg := waack.WebhookConfig{Dedup: waack.NoDedup(), OnEvent: func(context.Context, waack.Event) error {
				if done.Add(1) == int64(b.N) {
					close(all)
				}
				return nil
			}}
			ctx, cancel := context.WithCancel(context.Background())
			var wg sync.WaitGroup
			b.ReportAllocs()
			b.ResetTimer()
			for w := range workers {
				wg.Go(func() {
					if err := q.Work(ctx, "bench-"+strconv.Itoa(w), cfg); err != nil {
						b.Error(err)
					}
				})
			}
			select {
			case <-all:
			case <-time.After(10 * time.Minute):
				b.Fatalf("workers processed %d of %d", done.Load(), b.N)
			}
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
			cancel()
			wg.Wait()
		})
	}
}

// benchQueue is a queue on a fresh loopback redis-server, with room for
// any b.N.
func benchQueue(b *testing.B) *waackredis.Queue {
	srv := redistest.Start(b)
	q, err := waackredis.NewQueue(srv.Client(), waackredis.QueueConfig{Stream: "bench", Group: "workers", MaxLen: 1 << 30, Batch: 64})
	if err != nil {
		b.Fatal(err)
	}
	return q
}

// fill stores n deliveries of bodies from 64 goroutines.
func fill(b *testing.B, q *waackredis.Queue, bodies [][]byte, n int) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(n); i = next.Add(1) - 1 {
				d := waack.Delivery{Provider: waack.ProviderCloudAPI, Body: bodies[int(i)%len(bodies)], Received: time.Now()}
				if err := q.Enqueue(context.Background(), d); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// serveOne is post without its Fatal, for parallel goroutines: it returns
// the answer's code.
func serveOne(h http.Handler, body []byte, sig string) int {
	r := httptest.NewRequest(http.MethodPost, hookURL.String(), bytes.NewReader(body))
	r.Header.Set("X-Hub-Signature-256", sig)
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code
}
