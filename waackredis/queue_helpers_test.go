package waackredis_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/redistest"
	"github.com/waack/waack/waackredis"
)

const queueAppSecret = "queue-test-app-secret"

// messageBody is a Cloud API webhook body with one text message, id
// "wamid.<chat>.<n>", from the chat's phone.
func chatMessageBody(chat, n int) []byte {
	return fmt.Appendf(nil, `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{`+
		`"metadata":{"phone_number_id":"106540352242922"},`+
		`"messages":[{"from":"1650555%04d","id":"wamid.%d.%d","timestamp":"1749416383","type":"text","text":{"body":"hi"}}]}}]}]}`,
		chat, chat, n)
}

func messageID(chat, n int) string { return fmt.Sprintf("wamid.%d.%d", chat, n) }

func delivery(chat, n int) waack.Delivery {
	return waack.Delivery{Provider: waack.ProviderCloudAPI, Body: chatMessageBody(chat, n), Received: time.Now()}
}

// queueLedger records which messages OnEvent handled, how often, and in which
// order per chat.
type queueLedger struct {
	mu     sync.Mutex
	counts map[string]int
	order  map[string][]string // chat → message ids
	total  int
}

func newQueueLedger() *queueLedger {
	return &queueLedger{counts: map[string]int{}, order: map[string][]string{}}
}

func (l *queueLedger) record(ev waack.Event) {
	m, ok := ev.(waack.MessageEvent)
	if !ok {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.counts[m.ID]++
	l.order[m.ChatID] = append(l.order[m.ChatID], m.ID)
	l.total++
}

func (l *queueLedger) handled() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}

// exactlyOnce fails unless each id was handled once and nothing else was.
func (l *queueLedger) exactlyOnce(t *testing.T, ids []string) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, id := range ids {
		require.Equal(t, 1, l.counts[id], "event %s", id)
	}
	require.Len(t, l.counts, len(ids))
	require.Equal(t, len(ids), l.total, "no event twice")
}

// newQueue starts a Redis for t and a queue on it with cfg (Stream and
// Group filled in when empty).
func newQueue(t *testing.T, cfg waackredis.QueueConfig) (*waackredis.Queue, *redis.Client, *redistest.Server) {
	t.Helper()
	srv := redistest.Start(t)
	rdb := srv.Client()
	if cfg.Stream == "" {
		cfg.Stream = "waack:deliveries"
	}
	if cfg.Group == "" {
		cfg.Group = "workers"
	}
	q, err := waackredis.NewQueue(rdb, cfg)
	require.NoError(t, err)
	return q, rdb, srv
}

// work runs q.Work in a goroutine; the returned stop cancels it and waits
// for it to return.
func work(t *testing.T, q *waackredis.Queue, consumer string, cfg waack.WebhookConfig) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- q.Work(ctx, consumer, cfg) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				require.NoError(t, err)
			case <-time.After(15 * time.Second):
				t.Errorf("worker %s did not stop", consumer)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// eventually waits up to 20 s for cond, polling every 10 ms.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// settled waits until the queue holds nothing: no backlog, nothing pending.
func settled(t *testing.T, q *waackredis.Queue) {
	t.Helper()
	eventually(t, "an empty backlog", func() bool {
		n, err := q.Backlog(context.Background())
		return err == nil && n == 0
	})
}

func enqueueAll(t *testing.T, q *waackredis.Queue, ds []waack.Delivery) {
	t.Helper()
	for _, d := range ds {
		require.NoError(t, q.Enqueue(context.Background(), d))
	}
}

// lockedWriter serialises writes of concurrent loggers into one buffer.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func newLogger(w io.Writer, mu *sync.Mutex) *slog.Logger {
	return slog.New(slog.NewTextHandler(lockedWriter{mu, w}, nil))
}
