package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/envconfig"
	"github.com/waack/waack/waacktest"
)

const (
	// demoDeadline bounds the whole demo; it takes well under a second.
	demoDeadline = 30 * time.Second
	// demoWait bounds each wait for a webhook that must already be there
	// after Flush.
	demoWait = 2 * time.Second
	// Secrets of the demo's own webhook receiver; never printed.
	demoAppSecret = "demo-app-secret"
	demoSecret    = "demo-webhook-secret"
)

// demoStart fixes the sandbox clock, so that timestamps are the same on
// every run.
var demoStart = time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC)

func demoCommand() *command {
	return &command{
		name:     "demo",
		summary:  "run the support flow on the built-in sandbox, on all three providers",
		synopsis: "waack demo [--provider all|cloudapi|1msg|wawp]",
		about: `Starts the sandbox in-process and, for each provider, plays a support desk:

  1  a customer writes; the webhook arrives verified (a forged one is
     refused); the business acknowledges with 👍 + read + typing…
  2  a long task: ⏳ on the message, then ✅ in its place
  3  a reply filled from placeholders, quoting the message; the customer
     reads it, and sent, delivered, read come back by webhook
  4  the rules: 31 days later a reaction to that message is accepted, then
     reported failed (ErrTargetTooOld); a text outside the 24-hour window
     fails (ErrSessionWindowClosed)

Each step is checked against what the real API does; the exit code is 0 only
if all are. No account, phone or network needed.`,
		examples: `  waack demo
  go run ./cmd/waack demo --provider wawp`,
		run: runDemo,
	}
}

func runDemo(ctx context.Context, e *env, c *command, args []string) int {
	fs := newFlagSet(c)
	only := fs.String("provider", "all", "run for one provider only: cloudapi, 1msg or wawp")
	if done, code := e.parse(c, fs, args); done {
		return code
	}
	var want waack.Provider
	if *only != "all" {
		k, err := envconfig.Kind(*only)
		if err != nil || *only == "" {
			return e.usageError(c, "--provider must be all, cloudapi, 1msg or wawp")
		}
		want = k
	}
	srv, err := waacktest.Start(waacktest.WithStartTime(demoStart))
	if err != nil {
		fmt.Fprintf(e.stderr, "waack demo: starting the sandbox: %v\n", err)
		return exitOther
	}
	defer srv.Close()
	return e.demo(ctx, srv, want)
}

// demo plays the scenario on srv for every provider, or only want.
func (e *env) demo(ctx context.Context, srv *waacktest.Server, want waack.Provider) int {
	ctx, cancel := context.WithTimeout(ctx, demoDeadline)
	defer cancel()
	recv, err := startReceiver()
	if err != nil {
		fmt.Fprintf(e.stderr, "waack demo: starting the webhook receiver: %v\n", err)
		return exitOther
	}
	defer recv.close()

	d := &demo{w: e.stdout, srv: srv}
	fmt.Fprintf(d.w, "waack demo: a customer writes, the business acknowledges and replies, and the\nproviders' rules apply, on the built-in sandbox.\n\n")
	fmt.Fprintf(d.w, "  sandbox   %s\n  webhooks  %s/{cloudapi,1msg,wawp}, verified: Cloud API by app-secret signature, 1MSG and Wawp by secret\n", srv.URL(), recv.url)
	for _, p := range []waack.Provider{srv.CloudAPI(), srv.OneMsg(), srv.Wawp()} {
		if want != nil && want.Name() != p.Name() {
			continue
		}
		if err := d.runProvider(ctx, p, recv); err != nil {
			fmt.Fprintf(e.stderr, "waack demo: %v\n", err)
			return exitOther
		}
	}
	return d.summary()
}

// demo is one run's output and tally.
type demo struct {
	w      io.Writer
	srv    *waacktest.Server
	checks int
	failed []string
}

func (d *demo) summary() int {
	fmt.Fprintln(d.w)
	if len(d.failed) == 0 {
		fmt.Fprintf(d.w, "✓ all %d steps behaved as the real APIs do\n", d.checks)
		return exitOK
	}
	fmt.Fprintf(d.w, "✗ %d of %d steps did not behave as the real APIs do:\n", len(d.failed), d.checks)
	for _, f := range d.failed {
		fmt.Fprintf(d.w, "  %s\n", f)
	}
	return exitOther
}

// inbox collects the events one provider's webhooks delivered, and feeds
// their statuses to a tracker.
type inbox struct {
	mu      sync.Mutex
	pending []waack.Event // not yet printed
	all     []waack.Event
	refused int // requests the handler did not accept
	tracker *waack.StatusTracker
}

func (b *inbox) onEvent(_ context.Context, ev waack.Event) error {
	if st, ok := ev.(waack.StatusEvent); ok {
		b.tracker.Observe(st)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending = append(b.pending, ev)
	b.all = append(b.all, ev)
	return nil
}

// drain returns the events not yet printed.
func (b *inbox) drain() []waack.Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := b.pending
	b.pending = nil
	return out
}

// statuses lists, in arrival order, the statuses reported for a message.
func (b *inbox) statuses(id string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, ev := range b.all {
		if st, ok := ev.(waack.StatusEvent); ok && st.MessageID == id {
			out = append(out, string(st.Status))
		}
	}
	return out
}

func (b *inbox) message(id string) (waack.MessageEvent, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, ev := range b.all {
		if m, ok := ev.(waack.MessageEvent); ok && m.ID == id {
			return m, true
		}
	}
	return waack.MessageEvent{}, false
}

func (b *inbox) refusals() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.refused
}

// receiver is the demo's webhook endpoint: one path per provider, each a
// verifying waack.NewWebhookHandler.
type receiver struct {
	url string
	mux *http.ServeMux
	srv *http.Server
	ln  net.Listener
}

func startReceiver() (*receiver, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &receiver{url: "http://" + ln.Addr().String(), mux: http.NewServeMux(), ln: ln}
	r.srv = &http.Server{Handler: r.mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = r.srv.Serve(ln) }() // ends with close
	return r, nil
}

// add mounts a verifying handler for p at /<name> and returns its inbox.
func (r *receiver) add(p waack.Provider) (*inbox, error) {
	b := &inbox{tracker: waack.NewStatusTracker()}
	h, err := waack.NewWebhookHandler(p, waack.WebhookConfig{AppSecret: demoAppSecret, Secret: demoSecret, OnEvent: b.onEvent})
	if err != nil {
		return nil, err
	}
	r.mux.Handle("/"+p.Name(), http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, req)
		if rec.status >= 300 {
			b.mu.Lock()
			b.refused++
			b.mu.Unlock()
		}
	}))
	return b, nil
}

func (r *receiver) close() {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	_ = r.srv.Shutdown(ctx)
}

// title is a provider's display name.
func title(p waack.Provider) string {
	switch p.Name() {
	case waack.ProviderCloudAPI:
		return "Cloud API"
	case waack.ProviderOneMsg:
		return "1MSG"
	}
	return strings.ToUpper(p.Name()[:1]) + p.Name()[1:]
}
