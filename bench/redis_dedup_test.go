package bench

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/redistest"
	"github.com/waack/waack/waackredis"
)

// rttCounter counts round trips to Redis: one per command sent alone, one
// per pipeline, except a new connection's handshake (HELLO, then CLIENT
// SETINFO in a pipeline), which go-redis sends through the hooks too.
type rttCounter struct{ n atomic.Int64 }

func handshake(cmd redis.Cmder) bool {
	name := cmd.Name()
	return name == "hello" || name == "client"
}

func (c *rttCounter) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c *rttCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if !handshake(cmd) {
			c.n.Add(1)
		}
		return next(ctx, cmd)
	}
}

func (c *rttCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		if len(cmds) == 0 || !handshake(cmds[0]) {
			c.n.Add(1)
		}
		return next(ctx, cmds)
	}
}

// countedRedis is a client of srv whose round trips rtt counts, with 64
// connections already dialled so that no handshake is timed or counted.
func countedRedis(srv *redistest.Server) (*redis.Client, *rttCounter) {
	rdb := srv.Client()
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() { _ = rdb.Ping(context.Background()).Err() })
	}
	wg.Wait()
	rtt := &rttCounter{}
	rdb.AddHook(rtt)
	return rdb, rtt
}

// eventKeys makes n dedup keys as the handler makes them for statuses,
// unique across the run (keys of earlier rounds stay in Redis).
var keyRound atomic.Int64

func eventKeys(n int) []string {
	ns := byte('a' + keyRound.Add(1)%26)
	base := int(keyRound.Load()) << 20
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "cloudapi|status|" + wamid(ns, (base+i)%(1<<28)) + "|delivered"
	}
	return keys
}

// BenchmarkRedisDedupPaired times, side by side in one loop so that all
// meet the same load (see BenchmarkReactPaired), one event through:
// setnx, a bare SET NX PX round trip on a new key (what any atomic claim
// costs at least); setnx-set, that and a SET of the done mark (what a
// hand-written claim + done costs); claim, waackredis's Seen; claim-done,
// its Seen + Done; memory, the in-memory Deduper's Seen + Done. The order
// rotates every op. Ratios to setnx are in the README; rtt/event counts
// waackredis's round trips with a go-redis hook.
func BenchmarkRedisDedupPaired(b *testing.B) {
	srv := redistest.Start(b)
	ctx := context.Background()
	raw, _ := countedRedis(srv)
	rdb, rtt := countedRedis(srv)
	d := waackredis.NewDeduper(rdb)
	mem := waack.NewMemoryDeduper(0)
	keys := eventKeys(5 * max(b.N, 1))
	ops := []struct {
		name string
		run  func(k string) error
	}{
		{"setnx", func(k string) error {
			return raw.SetArgs(ctx, "raw:"+k, "r", redis.SetArgs{Mode: "NX", TTL: time.Minute}).Err()
		}},
		{"setnx-set", func(k string) error {
			if err := raw.SetArgs(ctx, "raw2:"+k, "r", redis.SetArgs{Mode: "NX", TTL: time.Minute}).Err(); err != nil {
				return err
			}
			return raw.Set(ctx, "raw2:"+k, "d", 8*24*time.Hour).Err()
		}},
		{"claim", func(k string) error { return claimNew(d.Seen(ctx, "c|"+k)) }},
		{"claim-done", func(k string) error {
			if err := claimNew(d.Seen(ctx, "cd|"+k)); err != nil {
				return err
			}
			return d.Done(ctx, "cd|"+k)
		}},
		{"memory", func(k string) error {
			if err := claimNew(mem.Seen(ctx, k)); err != nil {
				return err
			}
			return mem.Done(ctx, k)
		}},
	}
	spent := make([]time.Duration, len(ops))
	var rttClaimDone int64
	b.ResetTimer()
	for i := range b.N {
		for j := range ops {
			o := (i + j) % len(ops)
			before := rtt.n.Load()
			start := time.Now()
			if err := ops[o].run(keys[i]); err != nil && !errors.Is(err, redis.Nil) {
				b.Fatal(ops[o].name, err)
			}
			spent[o] += time.Since(start)
			if ops[o].name == "claim-done" {
				rttClaimDone += rtt.n.Load() - before
			}
		}
	}
	b.StopTimer()
	for o, op := range ops {
		b.ReportMetric(float64(spent[o].Nanoseconds())/float64(b.N), op.name+"-ns/event")
	}
	b.ReportMetric(float64(spent[2])/float64(spent[0]), "claim/setnx")
	b.ReportMetric(float64(spent[3])/float64(spent[1]), "claim-done/setnx-set")
	b.ReportMetric(float64(spent[3])/float64(spent[0]), "claim-done/setnx")
	b.ReportMetric(float64(rttClaimDone)/float64(b.N), "rtt/event")
}

// claimNew fails unless Seen reported a new key.
func claimNew(seen bool, err error) error {
	if err == nil && seen {
		return errors.New("a new key was reported seen")
	}
	return err
}

// BenchmarkRedisDedupParallel is the claim + done of one event per op
// from 64 goroutines, against a bare SET NX PX and SET from the same 64:
// with concurrent callers waackredis shares pipelines, so its rtt/event
// drops below one.
func BenchmarkRedisDedupParallel(b *testing.B) {
	srv := redistest.Start(b)
	ctx := context.Background()
	b.Run("impl=setnx-set", func(b *testing.B) {
		raw, rtt := countedRedis(srv)
		parallelKeys(b, func(k string) error {
			if err := raw.SetArgs(ctx, "raw:"+k, "r", redis.SetArgs{Mode: "NX", TTL: time.Minute}).Err(); err != nil {
				return err
			}
			return raw.Set(ctx, "raw:"+k, "d", 8*24*time.Hour).Err()
		}, rtt)
	})
	b.Run("impl=waackredis", func(b *testing.B) {
		rdb, rtt := countedRedis(srv)
		d := waackredis.NewDeduper(rdb)
		parallelKeys(b, func(k string) error {
			if err := claimNew(d.Seen(ctx, k)); err != nil {
				return err
			}
			return d.Done(ctx, k)
		}, rtt)
	})
}

// parallelKeys runs op on a new key per op from 64 goroutines and reports
// events/s and rtt/event.
func parallelKeys(b *testing.B, op func(string) error, rtt *rttCounter) {
	keys := eventKeys(max(b.N, 1))
	var next atomic.Int64
	b.SetParallelism(32) // 64 goroutines on 2 cores
	before := rtt.n.Load()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := op(keys[int(next.Add(1)-1)%len(keys)]); err != nil && !errors.Is(err, redis.Nil) {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(rtt.n.Load()-before)/float64(b.N), "rtt/event")
}

// unbatched hides a Deduper's batch methods, so that the handler claims
// and finishes event by event.
type unbatched struct{ waack.Deduper }

func (u unbatched) Release(ctx context.Context, k string) error {
	return u.Deduper.(waack.DedupReleaser).Release(ctx, k)
}

// BenchmarkRedisWebhookHandler posts signed status webhooks through
// NewWebhookHandler with waackredis's Deduper from 64 concurrent
// deliveries: events=1 bodies; events=20 bodies claimed event by event
// (dedup=per-event) or in one batch per body (dedup=batched). It reports
// events/s and rtt/body.
func BenchmarkRedisWebhookHandler(b *testing.B) {
	srv := redistest.Start(b)
	for _, tc := range []struct {
		name    string
		events  int
		batched bool
	}{{"events=1", 1, false}, {"events=20/dedup=per-event", 20, false}, {"events=20/dedup=batched", 20, true}} {
		b.Run(tc.name, func(b *testing.B) {
			rdb, rtt := countedRedis(srv)
			var d waack.Deduper = waackredis.NewDeduper(rdb)
			if !tc.batched {
				d = unbatched{d}
			}
			var count atomic.Int64
			h, err := waack.NewWebhookHandler(waack.CloudAPI{}, waack.WebhookConfig{
				AppSecret: appSecret,
				Dedup:     d,
				OnEvent: func(context.Context, waack.Event) error {
					count.Add(1)
					return nil
				},
			})
			if err != nil {
				b.Fatal(err)
			}
			ns := byte('a' + keyRound.Add(1)%26)
			base := int(keyRound.Load()) << 20
			n := max(b.N, 1)
			bodies, sigs := make([][]byte, n), make([]string, n)
			for i := range n {
				bodies[i], sigs[i] = statusBody(ns, (base+i*tc.events)%(1<<28), tc.events)
			}
			var next atomic.Int64
			b.SetParallelism(32)
			before := rtt.n.Load()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := int(next.Add(1)-1) % n
					post(b, h, bodies[i], sigs[i])
				}
			})
			b.StopTimer()
			if got := count.Load(); got != int64(b.N*tc.events) {
				b.Fatalf("OnEvent got %d events, want %d", got, b.N*tc.events)
			}
			b.ReportMetric(float64(b.N*tc.events)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(rtt.n.Load()-before)/float64(b.N), "rtt/body")
		})
	}
}
