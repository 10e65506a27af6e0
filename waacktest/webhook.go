package waacktest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/waack/waack"
)

// maxBackoff caps the pause between two tries of a webhook POST.
const maxBackoff = time.Second

// event is one webhook event: a dialect's piece of a body, built when the
// event happened so that it shows the state of that moment.
type event struct {
	kind   string          // what may share a POST: same kind, same body shape
	number string          // the business number's id
	data   json.RawMessage // the dialect's item (change value, array entry, envelope)
}

// Delivery is one webhook POST (with its retries) to one URL as
// Deliveries reports it. The secret SetWebhook was given is not part of
// URL, and credentials a URL carries itself (a secret, token or
// access_token query parameter, user information, a fragment) read
// "REDACTED".
type Delivery struct {
	Time       time.Time // server time when it was first tried
	Provider   string
	URL        string
	Body       []byte
	Events     int  // how many events the body carries
	Attempts   int  // how many times it was POSTed
	StatusCode int  // the last answer's status; 0 when none came
	Delivered  bool // a 2xx answer came
	Error      string
}

// SetWebhook makes the server POST provider p's webhooks to rawURL from
// now on: Cloud API bodies signed with secret as the app secret
// (X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>), 1MSG and Wawp
// with secret as the "secret" query parameter added to rawURL (none when
// secret is empty). An empty rawURL stops the webhooks and drops queued
// ones. Events that happen while a provider has no webhook are not
// delivered later, as with a real provider without a callback URL.
//
// For 1MSG, SetWebhook and the API's POST /{channel}/webhook replace the
// same setting: whichever came last decides where webhooks go.
func (s *Server) SetWebhook(p waack.Provider, rawURL, secret string) error {
	d, err := s.provider(p)
	if err != nil {
		return err
	}
	if rawURL != "" && !validWebhookURL(rawURL) {
		return fmt.Errorf("waacktest: webhook URL for %s is not an absolute http(s) URL", d.name())
	}
	var urls []string
	if rawURL != "" {
		urls = []string{rawURL}
	}
	s.hooks.set(d.name(), urls, secret)
	return nil
}

// Deliveries returns a copy of the webhook POSTs finished so far
// (delivered or given up), oldest first (the last 10000).
func (s *Server) Deliveries() []Delivery {
	return s.hooks.list()
}

// emit queues a webhook event of chat c; s.mu is held, so events queue in
// the order they happened.
func (s *Server) emit(c *chat, ev event) {
	ev.number = c.number.id
	s.hooks.enqueue(c.key.provider, []event{ev})
}

// dispatcher delivers webhooks: one worker per provider, in order, with
// retries, each batch to every URL of the provider in turn.
type dispatcher struct {
	s      *Server
	client *http.Client
	ctx    context.Context // canceled by Close: in-flight POSTs stop
	cancel context.CancelFunc

	mu         sync.Mutex
	closed     bool
	targets    map[string]*target
	pending    int // events queued or being delivered
	waiters    []chan struct{}
	deliveries []Delivery
}

type target struct {
	d      dialect
	urls   []string // where every batch goes; none: webhooks are off
	secret string   // how the dialect authenticates them ("" for none)
	queue  []event
	wake   chan struct{}
}

func newDispatcher(s *Server) *dispatcher {
	ctx, cancel := context.WithCancel(context.Background())
	h := &dispatcher{
		s: s,
		client: &http.Client{
			Transport: &http.Transport{MaxIdleConnsPerHost: 4, IdleConnTimeout: 30 * time.Second},
			// A redirect is an answer other than 2xx: retried, not followed.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		ctx: ctx, cancel: cancel,
		targets: map[string]*target{},
	}
	for name, d := range s.dialects {
		h.targets[name] = &target{d: d, wake: make(chan struct{}, 1)}
	}
	return h
}

func (h *dispatcher) start() {
	for _, t := range h.targets {
		h.s.serving.Add(1)
		go func() {
			defer h.s.serving.Done()
			h.work(t)
		}()
	}
}

// close gives up on queued events and frees the connections; the workers
// have stopped.
func (h *dispatcher) close() {
	h.mu.Lock()
	h.closed = true
	for _, t := range h.targets {
		t.queue = nil
	}
	h.settle(h.pending)
	h.mu.Unlock()
	h.client.CloseIdleConnections()
}

// set replaces a provider's webhook URLs; none stops its webhooks and
// drops the queued ones.
func (h *dispatcher) set(provider string, urls []string, secret string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	t := h.targets[provider]
	t.urls, t.secret = slices.Clone(urls), secret
	if len(urls) == 0 {
		h.settle(len(t.queue))
		t.queue = nil
	}
}

// get returns a provider's webhook URLs and secret.
func (h *dispatcher) get(provider string) ([]string, string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	t := h.targets[provider]
	return slices.Clone(t.urls), t.secret
}

func (h *dispatcher) enqueue(provider string, evs []event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	t := h.targets[provider]
	if h.closed || len(t.urls) == 0 {
		return
	}
	t.queue = append(t.queue, evs...)
	h.pending += len(evs)
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// settle counts n events as done; h.mu is held.
func (h *dispatcher) settle(n int) {
	h.pending -= n
	if h.pending > 0 {
		return
	}
	h.pending = 0
	for _, w := range h.waiters {
		close(w)
	}
	h.waiters = nil
}

func (h *dispatcher) flush(ctx context.Context) error {
	h.mu.Lock()
	if h.pending == 0 {
		h.mu.Unlock()
		return nil
	}
	w := make(chan struct{})
	h.waiters = append(h.waiters, w)
	h.mu.Unlock()
	select {
	case <-w:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *dispatcher) list() []Delivery {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]Delivery, len(h.deliveries))
	for i, d := range h.deliveries {
		d.Body = bytes.Clone(d.Body)
		out[i] = d
	}
	return out
}

// work delivers one provider's events until Close.
func (h *dispatcher) work(t *target) {
	for {
		select {
		case <-h.ctx.Done():
			return
		case <-t.wake:
		}
		for h.ctx.Err() == nil { // after Close, close() drops what is left
			evs, urls, secret := h.take(t)
			if len(evs) == 0 {
				break
			}
			body := t.d.webhookBody(h.s, evs)
			for _, rawURL := range urls {
				if h.ctx.Err() != nil {
					break // closed: the other URLs are given up without a try
				}
				h.deliver(t.d, body, len(evs), rawURL, secret)
			}
			h.mu.Lock()
			h.settle(len(evs))
			h.mu.Unlock()
		}
	}
}

// take removes the next batch from the queue and says where it goes.
func (h *dispatcher) take(t *target) ([]event, []string, string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for n < len(t.queue) && n < h.s.cfg.batch && (n == 0 || t.d.batchable(t.queue[0], t.queue[n])) {
		n++
	}
	evs := t.queue[:n:n]
	t.queue = t.queue[n:]
	return evs, t.urls, t.secret
}

// deliver POSTs one body of n events to one URL, retrying with a doubling
// pause, and records it.
func (h *dispatcher) deliver(d dialect, body []byte, n int, rawURL, secret string) {
	rec := Delivery{Time: h.s.Now(), Provider: d.name(), URL: redactURL(rawURL), Body: body, Events: n}
	pause := h.s.cfg.backoff
	for rec.Attempts < h.s.cfg.attempts {
		if rec.Attempts > 0 {
			if !h.sleep(pause) {
				break
			}
			pause = min(pause*2, maxBackoff)
		}
		rec.Attempts++
		rec.StatusCode, rec.Error = h.post(d, rawURL, secret, body)
		if rec.Error == "" && rec.StatusCode >= 200 && rec.StatusCode < 300 {
			rec.Delivered = true
			break
		}
	}
	if !rec.Delivered {
		h.s.log.Warn("waacktest: webhook delivery given up", "provider", rec.Provider, "url", rec.URL,
			"attempts", rec.Attempts, "status", rec.StatusCode, "error", rec.Error)
	}
	h.mu.Lock()
	h.deliveries = appendBounded(h.deliveries, rec)
	h.mu.Unlock()
	h.s.mu.Lock()
	h.s.changedLocked()
	h.s.mu.Unlock()
}

// post makes one try; it returns the status, or an error text that never
// holds the URL (it may carry the secret).
func (h *dispatcher) post(d dialect, rawURL, secret string, body []byte) (int, string) {
	ctx, cancel := context.WithTimeout(h.ctx, h.s.cfg.webhookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rawURL, bytes.NewReader(body))
	if err != nil {
		return 0, "cannot build the request"
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "waacktest")
	d.authenticate(req, body, secret)
	resp, err := h.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return 0, err.Error()
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	_ = resp.Body.Close()
	return resp.StatusCode, ""
}

func (h *dispatcher) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-h.ctx.Done():
		return false
	}
}

// withSecret adds the secret query parameter to a webhook request.
func withSecret(req *http.Request, secret string) {
	addSecret(req.URL, secret)
}

// addSecret adds the secret query parameter to a URL (nothing when secret
// is empty).
func addSecret(u *url.URL, secret string) {
	if secret == "" {
		return
	}
	q := u.Query()
	q.Set("secret", secret)
	u.RawQuery = q.Encode()
}
