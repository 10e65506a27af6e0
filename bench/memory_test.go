package bench

import (
	"context"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/waack/waack"
)

// tracked is how many messages the memory benchmarks hold.
const tracked = 1_000_000

// statusKey is the de-duplication key NewWebhookHandler gives a Cloud API
// status webhook (see waack.Deduper).
func statusKey(id string) string { return "cloudapi|status|" + id + "|delivered" }

// heapHeld returns the live heap that fill leaves behind, per item: fill
// builds the structure and returns it, and its allocations that nothing
// keeps (the ids passed in, say) are collected before measuring.
//
// The collector is off while fill runs: the heap only grows then, and
// collecting it over and over would make the run take seconds.
func heapHeld(items int, fill func() any) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	gc := debug.SetGCPercent(-1)
	kept := fill()
	debug.SetGCPercent(gc)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(kept)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(items)
}

// BenchmarkStatusTracker measures Observe on a tracker that follows a
// stream of new messages through sent, delivered and read, and the bytes
// a tracker holds per message at a million messages (B/msg, ids included).
func BenchmarkStatusTracker(b *testing.B) {
	b.Run("op=observe", func(b *testing.B) {
		ids := make([]string, 1<<16)
		for i := range ids {
			ids[i] = wamid('T', i)
		}
		ladder := []waack.Status{waack.StatusSent, waack.StatusDelivered, waack.StatusRead}
		tr := waack.NewStatusTracker()
		ts := time.Unix(1_750_263_773, 0)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			tr.Observe(waack.StatusEvent{
				Provider: waack.ProviderCloudAPI, MessageID: ids[i%len(ids)], Recipient: customer,
				Status: ladder[(i/len(ids))%len(ladder)], Timestamp: ts,
			})
		}
	})
	b.Run("op=memory", func(b *testing.B) {
		var perMsg float64
		for b.Loop() {
			perMsg = heapHeld(tracked, func() any {
				tr := waack.NewStatusTracker(waack.WithTrackerCapacity(tracked))
				ts := time.Unix(1_750_263_773, 0)
				for i := range tracked {
					tr.Observe(waack.StatusEvent{
						Provider: waack.ProviderCloudAPI, MessageID: wamid('T', i), Recipient: customer,
						Status: waack.StatusDelivered, Timestamp: ts,
					})
				}
				return tr
			})
		}
		b.ReportMetric(perMsg, "B/msg")
	})
}

// BenchmarkDeduper measures the built-in de-duplicator the webhook handler
// uses: Seen then Done of a new key per op at its default capacity (full,
// so every op also evicts), and the bytes it holds per key at a million
// keys (B/msg, keys included).
func BenchmarkDeduper(b *testing.B) {
	ctx := context.Background()
	b.Run("op=seen-done", func(b *testing.B) {
		keys := make([]string, waack.DefaultDedupCapacity*5/4)
		for i := range keys {
			keys[i] = statusKey(wamid('D', i))
		}
		d := waack.NewMemoryDeduper(0)
		for _, k := range keys[:waack.DefaultDedupCapacity] {
			_, _ = d.Seen(ctx, k)
			_ = d.Done(ctx, k)
		}
		b.ReportAllocs()
		for i := waack.DefaultDedupCapacity; b.Loop(); i++ {
			k := keys[i%len(keys)]
			if seen, _ := d.Seen(ctx, k); seen {
				b.Fatal("a new key was reported seen")
			}
			_ = d.Done(ctx, k)
		}
	})
	b.Run("op=memory", func(b *testing.B) {
		var perKey float64
		for b.Loop() {
			perKey = heapHeld(tracked, func() any {
				d := waack.NewMemoryDeduper(tracked)
				for i := range tracked {
					k := statusKey(wamid('D', i))
					_, _ = d.Seen(ctx, k)
					_ = d.Done(ctx, k)
				}
				return d
			})
		}
		b.ReportMetric(perKey, "B/msg")
	})
}
