package waackredis_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/redistest"
	"github.com/waack/waack/waackredis"
)

// replicaAppSecret signs the replicas' webhooks.
const replicaAppSecret = "replica-test-app-secret"

// replicaBody is a Cloud API webhook carrying one inbound text message.
func replicaBody(i int) []byte {
	return fmt.Appendf(nil, `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
		"messages":[{"from":"16505551234","id":"wamid.IN%d","timestamp":"1749416383","type":"text","text":{"body":"hello %d"}}]}}]}]}`, i, i)
}

// outcomes counts, per message id, the OnEvent calls that succeeded; fail
// decides whether a call fails instead.
type outcomes struct {
	mu        sync.Mutex
	succeeded map[string]int
	calls     map[string]int
	fail      func(id string, call int) bool
	hold      func(id string) // called inside OnEvent, before the outcome
}

func newOutcomes() *outcomes {
	return &outcomes{succeeded: map[string]int{}, calls: map[string]int{}}
}

func (l *outcomes) onEvent(_ context.Context, ev waack.Event) error {
	m, ok := ev.(waack.MessageEvent)
	if !ok {
		return nil
	}
	if l.hold != nil {
		l.hold(m.ID)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls[m.ID]++
	if l.fail != nil && l.fail(m.ID, l.calls[m.ID]) {
		return errors.New("transient failure in OnEvent")
	}
	l.succeeded[m.ID]++
	return nil
}

func (l *outcomes) snapshot() (succeeded, calls map[string]int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, c := map[string]int{}, map[string]int{}
	for k, v := range l.succeeded {
		s[k] = v
	}
	for k, v := range l.calls {
		c[k] = v
	}
	return s, c
}

// replicaServers starts n webhook handlers, each with its own Redis
// connection and Deduper, all sharing srv and the outcomes.
func replicaServers(t *testing.T, srv *redistest.Server, n int, l *outcomes) []*httptest.Server {
	out := make([]*httptest.Server, n)
	for i := range out {
		h, err := waack.NewWebhookHandler(waack.CloudAPI{}, waack.WebhookConfig{
			AppSecret: replicaAppSecret,
			OnEvent:   l.onEvent,
			Dedup:     waackredis.NewDeduper(srv.Client()),
		})
		require.NoError(t, err)
		out[i] = httptest.NewServer(h)
		t.Cleanup(out[i].Close)
	}
	return out
}

// post delivers a signed body once and returns the answer's status (0 when
// the request failed).
func post(url string, body []byte) int {
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("X-Hub-Signature-256", waack.SignCloudAPIWebhook(body, replicaAppSecret))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Three replicas, 100 events, each event sent 2 or 3 times at once to
// different replicas (250 concurrent deliveries), OnEvent failing the
// first call of every 7th event; a sender redelivers after a 5xx as Meta
// would. Every event is processed successfully exactly once; none is lost.
func TestReplicasProcessEachEventExactlyOnce(t *testing.T) {
	srv := redistest.Start(t)
	l := newOutcomes()
	l.fail = func(id string, call int) bool {
		var i int
		_, _ = fmt.Sscanf(id, "wamid.IN%d", &i)
		return i%7 == 0 && call == 1
	}
	l.hold = func(string) { time.Sleep(2 * time.Millisecond) } // widen the in-flight window
	replicas := replicaServers(t, srv, 3, l)

	const events, maxAttempts = 100, 200
	var wg sync.WaitGroup
	finals := make(chan int, 3*events)
	for i := range events {
		body := replicaBody(i)
		for c := range 2 + i%2 {
			wg.Go(func() {
				code := 0
				for attempt := range maxAttempts {
					// Each copy starts on its own replica, then moves on.
					code = post(replicas[(i+c+attempt)%3].URL, body)
					if code == http.StatusOK {
						break
					}
					time.Sleep(5 * time.Millisecond)
				}
				finals <- code
			})
		}
	}
	wg.Wait()
	close(finals)
	for code := range finals {
		require.Equal(t, http.StatusOK, code, "a delivery never got a 200")
	}
	succeeded, calls := l.snapshot()
	assert.Len(t, succeeded, events, "none lost")
	for i := range events {
		id := fmt.Sprintf("wamid.IN%d", i)
		assert.Equal(t, 1, succeeded[id], "%s processed successfully exactly once", id)
		if i%7 == 0 {
			assert.Equal(t, 2, calls[id], "%s: one failure, then one success", id)
		} else {
			assert.Equal(t, 1, calls[id], "%s reached OnEvent once", id)
		}
	}
}

// Redis stops while an event is inside OnEvent and stays down for more
// deliveries: each is answered 5xx (the one in flight too: it cannot be
// marked done), none of the later ones reaches OnEvent, and once Redis is
// back the provider's redeliveries are all processed: nothing is lost.
func TestReplicasRedisStoppedMidRun(t *testing.T) {
	srv := redistest.Start(t)
	l := newOutcomes()
	entered, proceed := make(chan struct{}), make(chan struct{})
	l.hold = func(id string) {
		if id == "wamid.IN10" {
			select {
			case <-entered: // redelivered after the restart: no hold
			default:
				close(entered)
				<-proceed
			}
		}
	}
	replicas := replicaServers(t, srv, 3, l)
	for i := range 10 {
		require.Equal(t, http.StatusOK, post(replicas[i%3].URL, replicaBody(i)))
	}

	inFlight := make(chan int, 1)
	go func() { inFlight <- post(replicas[0].URL, replicaBody(10)) }()
	<-entered
	srv.Stop()
	close(proceed)
	assert.GreaterOrEqual(t, <-inFlight, 500, "OnEvent succeeded but the event could not be marked done: 5xx")
	for i := 11; i < 20; i++ {
		assert.GreaterOrEqual(t, post(replicas[i%3].URL, replicaBody(i)), 500, "event %d while Redis is down", i)
	}
	_, calls := l.snapshot()
	for i := 11; i < 20; i++ {
		assert.Zero(t, calls[fmt.Sprintf("wamid.IN%d", i)], "nothing is processed while dedup cannot claim")
	}

	srv.Restart()
	for i := 10; i < 20; i++ {
		code := 0
		for range 20 { // the first call on a dead pooled connection may fail
			if code = post(replicas[(i+1)%3].URL, replicaBody(i)); code == http.StatusOK {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		assert.Equal(t, http.StatusOK, code, "event %d after the restart", i)
	}
	succeeded, _ := l.snapshot()
	for i := range 20 {
		assert.GreaterOrEqual(t, succeeded[fmt.Sprintf("wamid.IN%d", i)], 1, "event %d lost", i)
	}
	for i := 11; i < 20; i++ {
		assert.Equal(t, 1, succeeded[fmt.Sprintf("wamid.IN%d", i)], "event %d", i)
	}
}
