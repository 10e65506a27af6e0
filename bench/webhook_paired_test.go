package bench

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/waack/waack"
)

// BenchmarkWebhookHandlerPaired is BenchmarkWebhookHandler with the three
// handlers timed side by side in the same run, at every size: each
// iteration posts the next body of the set to the hand-written handler
// (read, hmac.Equal, json.Unmarshal: impl raw), to NewWebhookHandler with
// NoDedup (nodedup) and with its default de-duplicator (waack), the first
// of them rotating. Every status is new to the de-duplicator. It reports
// each one's ns/event and nodedup/raw, waack/raw.
func BenchmarkWebhookHandlerPaired(b *testing.B) {
	for _, set := range sizes {
		b.Run("events="+strconv.Itoa(set.statuses), func(b *testing.B) {
			bodies, sigs := set.get(set.max()) // b.N is unknown before b.Loop
			var counts [3]int
			handlers := []http.Handler{
				rawHandler(&counts[0]),
				waackHandler(b, waack.NoDedup(), &counts[1]),
				waackHandler(b, nil, &counts[2]),
			}
			ops := make([]namedOp, len(handlers))
			for k, name := range []string{"raw", "nodedup", "waack"} {
				next := 0
				ops[k] = namedOp{name, func() error {
					post(b, handlers[k], bodies[next%len(bodies)], sigs[next%len(sigs)])
					next++
					return nil
				}}
			}
			runInterleaved(b, set.statuses, ops, [2]int{1, 0}, [2]int{2, 0})
			for k, c := range counts {
				if c != b.N*set.statuses {
					b.Fatalf("%s got %d events, want %d", ops[k].name, c, b.N*set.statuses)
				}
			}
		})
	}
}
