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
		synopsis: "waack demo [--provider all|cloudapi|1msg|wawp] [--verbose]",
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
if all are. No account, phone or network needed. Lines fit 100 columns: ids
are shortened in the middle unless --verbose.`,
		examples: `  waack demo
  go run ./cmd/waack demo --provider wawp --verbose`,
		run: runDemo,
	}
}

func runDemo(ctx context.Context, e *env, c *command, args []string) int {
	fs := newFlagSet(c)
	only := fs.String("provider", "all", "run for one provider only: cloudapi, 1msg or wawp")
	verbose := fs.Bool("verbose", false, "print ids whole, not shortened in the middle")
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
	return e.demo(ctx, srv, want, *verbose)
}

// demo plays the scenario on srv for every provider, or only want; verbose
// prints ids whole.
func (e *env) demo(ctx context.Context, srv *waacktest.Server, want waack.Provider, verbose bool) int {
	ctx, cancel := context.WithTimeout(ctx, demoDeadline)
	defer cancel()
	recv, err := startReceiver()
	if err != nil {
		fmt.Fprintf(e.stderr, "waack demo: starting the webhook receiver: %v\n", err)
		return exitOther
	}
	defer recv.close()

	d := &demo{w: e.stdout, srv: srv, ids: eventFormat{short: !verbose}}
	d.intro(recv.url)
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
	ids    eventFormat // shortens ids unless --verbose
	checks int
	failed []string
}

// put prints one line, wrapped to demoWidth columns; continuation lines
// are indented by hang spaces, under the part of the line they continue.
func (d *demo) put(hang int, format string, args ...any) {
	for _, l := range wrapLine(fmt.Sprintf(format, args...), demoWidth, hang) {
		fmt.Fprintln(d.w, l)
	}
}

// id is an id as the demo prints it.
func (d *demo) id(s string) string { return d.ids.id(s) }

// intro says what the demo does and, once, what the words it uses mean:
// a newcomer meets "webhook", "wamid" and the 24-hour window here first.
func (d *demo) intro(receiver string) {
	d.put(0, "waack demo: a customer writes, the business acknowledges and replies, and each "+
		"provider's rules apply, on the built-in sandbox: no account, phone or network needed.")
	d.put(0, "")
	const hang = 15
	d.put(hang, "  webhook      an HTTP POST the provider makes to your server when something happens: "+
		"a customer writes or reacts, or a message you sent is sent, delivered, read or failed")
	d.put(hang, "  wamid        the id the Cloud API and 1MSG give each message, a reaction included "+
		"(Wawp's ids look like true_<phone>@c.us_<key>); shortened in the middle here, whole with --verbose")
	d.put(hang, "  24 h window  a free-form text reaches a customer only within 24 hours of their "+
		"last message; after that, only an approved template does")
	d.put(hang, "  sandbox      %s, a fake Cloud API, 1MSG and Wawp", d.srv.URL())
	d.put(hang, "  receiver     %s/{cloudapi,1msg,wawp}, the webhooks' destination; it verifies "+
		"them: Cloud API by app-secret signature, 1MSG and Wawp by secret", receiver)
}

func (d *demo) summary() int {
	d.put(0, "")
	if len(d.failed) == 0 {
		d.put(0, "✓ all %d steps behaved as the real APIs do", d.checks)
		return exitOK
	}
	d.put(0, "✗ %d of %d steps did not behave as the real APIs do:", len(d.failed), d.checks)
	for _, f := range d.failed {
		d.put(4, "  %s", f)
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
func title(p waack.Provider) string { return providerTitle(p.Name()) }

// providerTitle is a provider's name as people write it.
func providerTitle(name string) string {
	switch name {
	case waack.ProviderCloudAPI:
		return "Cloud API"
	case waack.ProviderOneMsg:
		return "1MSG"
	}
	return strings.ToUpper(name[:1]) + name[1:]
}
