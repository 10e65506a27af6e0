package waacktest_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack/waacktest"
)

func TestCloudAPIWebhookSignatureVerifies(t *testing.T) {
	const secret = "meta-app-secret"
	var verified, rejected atomic.Int32
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got := r.Header.Get("X-Hub-Signature-256")
		if !hmac.Equal([]byte(got), []byte(sign(body, secret))) {
			rejected.Add(1)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		verified.Add(1)
	}))
	defer rcv.Close()
	srv := newServer(t, waacktest.WithWebhookRetry(1, 0))
	require.NoError(t, srv.SetWebhook(srv.CloudAPI(), rcv.URL, secret))
	srv.Inbound(srv.CloudAPI(), customer, "ünïcödé ✓")
	flush(t, srv)
	require.NoError(t, srv.SetWebhook(srv.CloudAPI(), rcv.URL, "another-secret"))
	srv.Inbound(srv.CloudAPI(), customer, "second")
	flush(t, srv)
	assert.Equal(t, int32(1), verified.Load())
	assert.Equal(t, int32(1), rejected.Load(), "a body signed with another secret does not verify")
	d := srv.Deliveries()
	require.Len(t, d, 2)
	assert.True(t, d[0].Delivered)
	assert.False(t, d[1].Delivered)
	assert.Equal(t, 401, d[1].StatusCode)
	assertNoSecret(t, srv, nil, secret, "another-secret")
}

func TestWebhookRetriesUntilSuccess(t *testing.T) {
	srv := newServer(t, waacktest.WithWebhookRetry(5, time.Millisecond))
	rcv := newReceiver(t)
	rcv.failFirst = 2
	require.NoError(t, srv.SetWebhook(srv.OneMsg(), rcv.srv.URL, "s3cr3t-hook"))
	srv.Inbound(srv.OneMsg(), customer, "hi")
	srv.Inbound(srv.OneMsg(), customer, "again")
	flush(t, srv)
	posts := rcv.all()
	require.Len(t, posts, 4, "two failed tries, then the first event, then the second")
	assert.Equal(t, posts[0].body, posts[1].body)
	assert.Equal(t, posts[0].body, posts[2].body)
	assert.Contains(t, string(posts[3].body), "again", "the next event waits for the first: order is kept")
	d := srv.Deliveries()
	require.Len(t, d, 2)
	assert.Equal(t, 3, d[0].Attempts)
	assert.True(t, d[0].Delivered)
	assert.Equal(t, 200, d[0].StatusCode)
	assert.Equal(t, rcv.srv.URL, d[0].URL, "the URL without the secret")
	assert.Equal(t, 1, d[1].Attempts)
}

func TestWebhookGivesUp(t *testing.T) {
	var logs bytes.Buffer
	srv := newServer(t, waacktest.WithWebhookRetry(3, time.Millisecond),
		waacktest.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	rcv := newReceiver(t)
	rcv.failFirst = 1000
	require.NoError(t, srv.SetWebhook(srv.Wawp(), rcv.srv.URL+"/?a=b", "wawp-hook-secret"))
	srv.Inbound(srv.Wawp(), customer, "hi")
	flush(t, srv)
	assert.Len(t, rcv.all(), 3)
	d := srv.Deliveries()
	require.Len(t, d, 1)
	assert.False(t, d[0].Delivered)
	assert.Equal(t, 3, d[0].Attempts)
	assert.Equal(t, 500, d[0].StatusCode)
	assert.Contains(t, logs.String(), "webhook delivery given up")
	assert.NotContains(t, logs.String(), "wawp-hook-secret")
}

func TestWebhookTransportErrorIsRetriedWithoutLeakingTheSecret(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	srv := newServer(t, waacktest.WithWebhookRetry(2, time.Millisecond))
	require.NoError(t, srv.SetWebhook(srv.OneMsg(), deadURL, "transport-secret"))
	srv.Inbound(srv.OneMsg(), customer, "hi")
	flush(t, srv)
	d := srv.Deliveries()
	require.Len(t, d, 1)
	assert.Equal(t, 2, d[0].Attempts)
	assert.Zero(t, d[0].StatusCode)
	assert.NotEmpty(t, d[0].Error)
	assert.NotContains(t, d[0].Error, "transport-secret")
}

func TestWebhookBatch(t *testing.T) {
	srv := newServer(t, waacktest.WithWebhookBatch(3))
	rcv := newReceiver(t)
	rcv.hold, rcv.arrived = make(chan struct{}), make(chan struct{})
	require.NoError(t, srv.SetWebhook(srv.CloudAPI(), rcv.srv.URL, "s"))
	first := srv.Inbound(srv.CloudAPI(), customer, "first")
	<-rcv.arrived // the worker is busy with the first event…
	var more []string
	for _, text := range []string{"2", "3", "4", "5"} {
		more = append(more, srv.Inbound(srv.CloudAPI(), customer, text))
	}
	close(rcv.hold) // …so the next ones wait and go in batches of 3
	flush(t, srv)

	var ids [][]string
	for _, p := range rcv.all() {
		var batch []string
		for _, ch := range get(t, decode(t, p.body), "entry", 0, "changes").([]any) {
			batch = append(batch, get(t, ch, "value", "messages", 0, "id").(string))
		}
		ids = append(ids, batch)
	}
	assert.Equal(t, [][]string{{first}, more[:3], more[3:]}, ids)
	d := srv.Deliveries()
	require.Len(t, d, 3)
	assert.Equal(t, []int{1, 3, 1}, []int{d[0].Events, d[1].Events, d[2].Events})
}

func TestWebhookBatchOneMsgKeepsKindsApart(t *testing.T) {
	srv := newServer(t, waacktest.WithWebhookBatch(10))
	srv.Inbound(srv.OneMsg(), customer, "hi")
	rcv := newReceiver(t)
	rcv.hold, rcv.arrived = make(chan struct{}), make(chan struct{})
	require.NoError(t, srv.SetWebhook(srv.OneMsg(), rcv.srv.URL, "s"))
	srv.Inbound(srv.OneMsg(), customer, "first")
	<-rcv.arrived
	a := oneMsg(t, srv, "sendMessage", `{"phone":"16505551234","body":"reply"}`) // sent + delivered
	require.Equal(t, 200, a.status)
	srv.Inbound(srv.OneMsg(), customer, "thanks")
	srv.Inbound(srv.OneMsg(), customer, "bye")
	close(rcv.hold)
	flush(t, srv)
	var shapes []string
	for _, p := range rcv.all() {
		m := decode(t, p.body)
		msgs, _ := m["messages"].([]any)
		acks, _ := m["ack"].([]any)
		shapes = append(shapes, strings.Repeat("m", len(msgs))+strings.Repeat("a", len(acks)))
	}
	assert.Equal(t, []string{"m", "aa", "mm"}, shapes)
}

func TestWebhookStopAndFlushTimeout(t *testing.T) {
	srv := newServer(t)
	rcv := newReceiver(t)
	rcv.hold, rcv.arrived = make(chan struct{}), make(chan struct{})
	require.NoError(t, srv.SetWebhook(srv.CloudAPI(), rcv.srv.URL, "s"))
	srv.Inbound(srv.CloudAPI(), customer, "first")
	<-rcv.arrived
	srv.Inbound(srv.CloudAPI(), customer, "queued")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, srv.Flush(ctx), context.Canceled, "the first POST is still held")

	require.NoError(t, srv.SetWebhook(srv.CloudAPI(), "", ""))
	srv.Inbound(srv.CloudAPI(), customer, "not delivered: no webhook")
	close(rcv.hold)
	flush(t, srv)
	assert.Len(t, rcv.all(), 1, "the queued event was dropped with the webhook")
}

func TestNoWebhookNoDelivery(t *testing.T) {
	srv := newServer(t)
	srv.Inbound(srv.CloudAPI(), customer, "hi")
	flush(t, srv)
	assert.Empty(t, srv.Deliveries())
}
