package waack_test

// End-to-end tests: a real Client talks to the waacktest sandbox over
// loopback HTTP, the sandbox posts its webhooks to NewWebhookHandler served
// by an httptest server, and the handler feeds the trackers. Nothing is
// mocked between the SDK's two halves. This file holds the rig; the
// scenarios are in e2e_client_test.go and e2e_webhook_test.go.

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

const (
	e2eAppSecret   = "e2e-app-secret"   // Cloud API: signs the webhooks
	e2eVerifyToken = "e2e-verify-token" // Cloud API: the GET handshake
	e2eHookSecret  = "e2e-hook-secret"  // 1MSG, Wawp: ?secret= on the webhook URL

	e2eCustomer = "+1 650-555-1234" // as a user would type it
	e2ePhone    = "16505551234"     // as every provider reports it

	// e2eTimeout bounds every wait of a scenario: a hang fails the test
	// instead of the whole run.
	e2eTimeout = 10 * time.Second
)

// e2eRetry keeps retries but with millisecond pauses.
var e2eRetry = waack.WithRetry(waack.RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond})

// e2eProvider is one row of the provider table.
type e2eProvider struct {
	name   string
	of     func(*waacktest.Server) waack.Provider
	chatID string // MessageEvent.ChatID of e2ePhone's chat
	typing bool   // the read call can show the typing indicator
}

var e2eProviders = []e2eProvider{
	{waack.ProviderCloudAPI, func(s *waacktest.Server) waack.Provider { return s.CloudAPI() }, e2ePhone, true},
	{waack.ProviderOneMsg, func(s *waacktest.Server) waack.Provider { return s.OneMsg() }, e2ePhone + "@c.us", true},
	{waack.ProviderWawp, func(s *waacktest.Server) waack.Provider { return s.Wawp() }, e2ePhone + "@c.us", false},
}

// forEachProvider runs fn as a parallel subtest per provider.
func forEachProvider(t *testing.T, fn func(t *testing.T, prov e2eProvider)) {
	t.Helper()
	for _, prov := range e2eProviders {
		t.Run(prov.name, func(t *testing.T) {
			t.Parallel()
			fn(t, prov)
		})
	}
}

// rig is one provider's sandbox wired end to end.
type rig struct {
	t       *testing.T
	prov    e2eProvider
	srv     *waacktest.Server
	p       waack.Provider
	client  *waack.Client
	hook    *httptest.Server // NewWebhookHandler on loopback
	tracker *waack.StatusTracker
	tally   *waack.ReactionTally
	windows *waack.SessionWindows

	mu     sync.Mutex
	events []waack.Event // every event OnEvent received, in order
}

// newRig starts a sandbox with srvOpts, a webhook endpoint registered with
// it, and a client with e2eRetry.
func newRig(t *testing.T, prov e2eProvider, srvOpts ...waacktest.Option) *rig {
	t.Helper()
	r := &rig{
		t: t, prov: prov, srv: waacktest.NewServer(srvOpts...),
		tracker: waack.NewStatusTracker(), tally: &waack.ReactionTally{}, windows: waack.NewSessionWindows(),
	}
	t.Cleanup(r.srv.Close)
	r.p = prov.of(r.srv)

	h, err := waack.NewWebhookHandler(r.p, waack.WebhookConfig{
		AppSecret: e2eAppSecret, VerifyToken: e2eVerifyToken, Secret: e2eHookSecret,
		OnEvent: r.onEvent,
	})
	require.NoError(t, err)
	r.hook = httptest.NewServer(h)
	t.Cleanup(r.hook.Close)
	require.NoError(t, r.srv.SetWebhook(r.p, r.hook.URL+"/webhook", r.secret()))

	r.client = r.newClient()
	return r
}

// secret is what the sandbox authenticates its webhooks with.
func (r *rig) secret() string {
	if r.prov.name == waack.ProviderCloudAPI {
		return e2eAppSecret
	}
	return e2eHookSecret
}

func (r *rig) onEvent(_ context.Context, ev waack.Event) error {
	switch e := ev.(type) {
	case waack.MessageEvent:
		r.windows.Observe(e)
	case waack.ReactionEvent:
		r.tally.Observe(e)
	case waack.StatusEvent:
		r.tracker.Observe(e)
	}
	r.mu.Lock()
	r.events = append(r.events, ev)
	r.mu.Unlock()
	return nil
}

// newClient is a client of the rig's provider with e2eRetry and opts.
func (r *rig) newClient(opts ...waack.Option) *waack.Client {
	r.t.Helper()
	c, err := waack.New(r.p, append([]waack.Option{e2eRetry}, opts...)...)
	require.NoError(r.t, err)
	return c
}

// ctx is a context that ends with the test, or after e2eTimeout.
func (r *rig) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), e2eTimeout)
	r.t.Cleanup(cancel)
	return ctx
}

// flush waits until every webhook queued so far reached the handler.
func (r *rig) flush() {
	r.t.Helper()
	require.NoError(r.t, r.srv.Flush(r.ctx()))
	for _, d := range r.srv.Deliveries() {
		require.Truef(r.t, d.Delivered, "webhook not delivered: %d %s", d.StatusCode, d.Error)
	}
}

// inbound has the customer write text and returns the MessageEvent the
// webhook delivered for it.
func (r *rig) inbound(text string) waack.MessageEvent {
	r.t.Helper()
	id := r.srv.Inbound(r.p, e2eCustomer, text)
	require.NotEmpty(r.t, id)
	r.flush()
	msgs := messagesWithID(r, id)
	require.Len(r.t, msgs, 1, "one MessageEvent for %s", id)
	return msgs[0]
}

// eventsOf returns the events of type T received so far.
func eventsOf[T waack.Event](r *rig) []T {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []T
	for _, ev := range r.events {
		if e, ok := ev.(T); ok {
			out = append(out, e)
		}
	}
	return out
}

func messagesWithID(r *rig, id string) []waack.MessageEvent {
	var out []waack.MessageEvent
	for _, m := range eventsOf[waack.MessageEvent](r) {
		if m.ID == id {
			out = append(out, m)
		}
	}
	return out
}

// statuses returns the statuses the webhooks reported for message id, in
// order.
func (r *rig) statuses(id string) []waack.Status {
	var out []waack.Status
	for _, s := range eventsOf[waack.StatusEvent](r) {
		if s.MessageID == id {
			out = append(out, s.Status)
		}
	}
	return out
}

// wait is StatusTracker.Wait bounded by e2eTimeout.
func (r *rig) wait(id string, s waack.Status) (waack.StatusEvent, error) {
	return r.tracker.Wait(r.ctx(), id, s)
}

// lastDelivery is the last webhook body the sandbox POSTed.
func (r *rig) lastDelivery() waacktest.Delivery {
	r.t.Helper()
	ds := r.srv.Deliveries()
	require.NotEmpty(r.t, ds)
	return ds[len(ds)-1]
}

// post sends body to the webhook endpoint the way the sandbox does:
// signed (Cloud API) or with the secret in the query (1MSG, Wawp); with
// authenticate false, without either.
func (r *rig) post(body []byte, authenticate bool) int {
	r.t.Helper()
	target := r.hook.URL + "/webhook"
	if authenticate && r.prov.name != waack.ProviderCloudAPI {
		target += "?" + url.Values{waack.SecretQueryParam: {e2eHookSecret}}.Encode()
	}
	req, err := http.NewRequestWithContext(r.ctx(), http.MethodPost, target, bytes.NewReader(body))
	require.NoError(r.t, err)
	req.Header.Set("Content-Type", "application/json")
	if authenticate && r.prov.name == waack.ProviderCloudAPI {
		req.Header.Set("X-Hub-Signature-256", waack.SignCloudAPIWebhook(body, e2eAppSecret))
	}
	resp, err := r.hook.Client().Do(req)
	require.NoError(r.t, err)
	require.NoError(r.t, resp.Body.Close())
	return resp.StatusCode
}
