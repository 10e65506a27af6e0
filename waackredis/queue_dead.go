package waackredis

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/waack/waack"
)

// Dead-letter entry fields, beside the delivery's own.
const (
	fieldDeadID   = "id"       // the entry's id in Stream
	fieldAttempts = "attempts" // how many times it was tried
	fieldError    = "error"    // the last error's text
	fieldFailed   = "failed"   // when it moved, Unix nanoseconds
)

// DeadLetter is a delivery that moved to the dead-letter stream.
type DeadLetter struct {
	// Delivery is what was stored; its ID is the entry's id in Stream and
	// Attempt how many times it was tried.
	Delivery waack.Delivery
	// Err is the text of the last error.
	Err string
	// Failed is when it moved to the dead-letter stream.
	Failed time.Time
	// EntryID is its id in the dead-letter stream.
	EntryID string
}

// DeadLetters returns up to n dead letters, oldest first.
func (q *Queue) DeadLetters(ctx context.Context, n int64) ([]DeadLetter, error) {
	msgs, err := q.rdb.XRangeN(ctx, q.cfg.DeadLetter, "-", "+", n).Result()
	if err != nil {
		return nil, fmt.Errorf("waackredis: dead letters: %w", err)
	}
	out := make([]DeadLetter, 0, len(msgs))
	for _, m := range msgs {
		d, _ := delivery(m)
		dl := DeadLetter{Delivery: d, EntryID: m.ID}
		d.ID, _ = m.Values[fieldDeadID].(string)
		if s, ok := m.Values[fieldAttempts].(string); ok {
			d.Attempt, _ = strconv.Atoi(s)
		}
		dl.Delivery = d
		dl.Err, _ = m.Values[fieldError].(string)
		if s, ok := m.Values[fieldFailed].(string); ok {
			if ns, err := strconv.ParseInt(s, 10, 64); err == nil {
				dl.Failed = time.Unix(0, ns)
			}
		}
		out = append(out, dl)
	}
	return out, nil
}

// Redrive moves up to n dead letters, oldest first, back to the queue (a
// new entry each, with its original Received), e.g. once the bug or outage
// that failed them is fixed, and reports how many moved. An entry is
// re-queued before it leaves the dead-letter stream: a failure between
// the two leaves it in both, and the Deduper skips what was done. Entries
// that are not deliveries (written by another program) stay where they are.
func (q *Queue) Redrive(ctx context.Context, n int64) (int, error) {
	letters, err := q.DeadLetters(ctx, n)
	if err != nil {
		return 0, err
	}
	moved := 0
	for _, dl := range letters {
		if dl.Delivery.Validate() != nil {
			continue
		}
		if err := q.Enqueue(ctx, dl.Delivery); err != nil {
			return moved, fmt.Errorf("waackredis: redrive: %w", err)
		}
		if err := q.rdb.XDel(ctx, q.cfg.DeadLetter, dl.EntryID).Err(); err != nil {
			return moved, fmt.Errorf("waackredis: redrive: %w", err)
		}
		moved++
	}
	return moved, nil
}
