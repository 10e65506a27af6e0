package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/envconfig"
)

// shutdownGrace is how long a stopping server lets requests in flight end.
const shutdownGrace = 3 * time.Second

func listenCommand() *command {
	return &command{
		name:     "listen",
		summary:  "receive webhooks, verify them and print each event",
		synopsis: "waack listen [--addr HOST:PORT] [--provider cloudapi|1msg|wawp] [--path /webhook] [flags]",
		about: `Serves a webhook endpoint with waack.NewWebhookHandler and prints every event it
verifies, one line each: arrival time, provider, kind, ids, and the emoji,
status or error. A status says whether it is about a reaction or a text when
listen saw that message arrive (webhooks do not say). Redeliveries are
printed too, marked "↻ repeat". Requests that fail verification are answered
as the handler answers them (401, 400…) and noted on stderr. Stops on Ctrl-C
with a count of the events received.

Cloud API webhooks are signed with the Meta app secret (WAACK_APP_SECRET);
WAACK_VERIFY_TOKEN answers Meta's GET subscription handshake. 1MSG and Wawp
sign nothing: register the URL with ?secret=<WAACK_WEBHOOK_SECRET> appended.
Prefer the variables to the flags, which other users can see in ps.
Expose the port to the provider with a tunnel (ngrok, cloudflared…).`,
		examples: `  WAACK_APP_SECRET=… WAACK_VERIFY_TOKEN=… waack listen --provider cloudapi --addr 127.0.0.1:8080
  WAACK_WEBHOOK_SECRET=… waack listen --provider 1msg --path /hooks/1msg --json | jq .
  waack listen --provider wawp --insecure-skip-verify   # local testing only`,
		sections: []flagSection{{title: "Flags", names: []string{
			"addr", "provider", "path", "app-secret", "verify-token", "secret", "insecure-skip-verify", "json",
		}}},
		run: runListen,
	}
}

func runListen(ctx context.Context, e *env, c *command, args []string) int {
	fs := newFlagSet(c)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	provider := fs.String("provider", "", "cloudapi, 1msg or wawp (default "+envconfig.VarProvider+", else cloudapi)")
	path := fs.String("path", "/webhook", "URL path of the endpoint")
	appSecret := fs.String("app-secret", "", "Cloud API: the Meta app secret that signs webhooks ["+envconfig.VarAppSecret+"]")
	verifyToken := fs.String("verify-token", "", "Cloud API: answers Meta's GET subscription handshake ["+envconfig.VarVerifyToken+"]")
	secret := fs.String("secret", "", "1MSG, Wawp: the secret expected in ?secret= or the "+waack.SecretHeader+" header ["+envconfig.VarWebhookSecret+"]")
	insecure := fs.Bool("insecure-skip-verify", false, "accept unauthenticated POSTs (local testing only)")
	jsonOut := fs.Bool("json", false, "print each event as one JSON object")
	if done, code := e.parse(c, fs, args); done {
		return code
	}
	if *provider == "" {
		*provider = e.getenv(envconfig.VarProvider)
	}
	kind, err := envconfig.Kind(*provider)
	if err != nil {
		return e.usageError(c, "--provider: %v", err)
	}
	if !strings.HasPrefix(*path, "/") {
		return e.usageError(c, "--path must start with /")
	}
	if code, ok := checkSecretFlags(e, c, fs, kind); !ok {
		return code
	}
	cfg := waack.WebhookConfig{
		AppSecret:          fromFlagOrEnv(*appSecret, e.getenv, envconfig.VarAppSecret),
		VerifyToken:        fromFlagOrEnv(*verifyToken, e.getenv, envconfig.VarVerifyToken),
		Secret:             fromFlagOrEnv(*secret, e.getenv, envconfig.VarWebhookSecret),
		Dedup:              waack.NoDedup(), // show redeliveries: this is a debugging tool
		InsecureSkipVerify: *insecure,
	}
	check := "secret checked"
	switch {
	case *insecure:
		check = "NOT verified (--insecure-skip-verify)"
	case kind.Name() == waack.ProviderCloudAPI && cfg.AppSecret == "":
		return e.usageError(c, "Cloud API webhooks are signed: set %s (or --app-secret), or pass --insecure-skip-verify", envconfig.VarAppSecret)
	case kind.Name() != waack.ProviderCloudAPI && cfg.Secret == "":
		return e.usageError(c, "%s webhooks are not signed: set %s (or --secret) and register the URL with ?secret=…, or pass --insecure-skip-verify", kind.Name(), envconfig.VarWebhookSecret)
	case kind.Name() == waack.ProviderCloudAPI:
		check = "signature checked"
	}
	p := &eventPrinter{e: e, json: *jsonOut, recall: newRecall(recallCapacity)}
	cfg.OnEvent = p.onEvent
	h, err := waack.NewWebhookHandler(kind, cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "waack listen: %v\n", err)
		return exitOther
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "waack listen: %v\n", err)
		return exitOther
	}
	url := "http://" + ln.Addr().String() + *path
	fmt.Fprintf(e.stderr, "waack listen: %s webhooks on %s (%s); Ctrl-C to stop\n", kind.Name(), url, check)
	if kind.Name() == waack.ProviderCloudAPI && cfg.VerifyToken == "" {
		fmt.Fprintf(e.stderr, "waack listen: no verify token: Meta's GET subscription handshake will be refused (set %s)\n", envconfig.VarVerifyToken)
	}
	if kind.Name() != waack.ProviderCloudAPI && !*insecure {
		fmt.Fprintf(e.stderr, "waack listen: register %s?%s=<your %s>\n", url, waack.SecretQueryParam, envconfig.VarWebhookSecret)
	}
	if e.listening != nil {
		e.listening(ln.Addr().String())
	}
	code := serve(ctx, e, c, ln, p.wrap(*path, h))
	fmt.Fprintf(e.stderr, "waack listen: stopped; %s\n", p.tally())
	return code
}

// checkSecretFlags warns about secrets on the command line and refuses a
// secret flag of the other kind of provider, which would be ignored.
func checkSecretFlags(e *env, c *command, fs *flag.FlagSet, kind waack.Provider) (int, bool) {
	code, ok := exitOK, true
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "app-secret", "verify-token", "secret":
		default:
			return
		}
		cloudFlag := f.Name != "secret"
		if ok && cloudFlag != (kind.Name() == waack.ProviderCloudAPI) {
			code, ok = e.usageError(c, "--%s does not apply to %s webhooks", f.Name, kind.Name()), false
			return
		}
		fmt.Fprintf(e.stderr, "waack listen: warning: --%s is visible to other users of this machine (ps); prefer the variable\n", f.Name)
	})
	return code, ok
}

func fromFlagOrEnv(flagValue string, getenv func(string) string, name string) string {
	if flagValue != "" {
		return flagValue
	}
	return getenv(name)
}

// serve runs an HTTP server on ln until ctx ends.
func serve(ctx context.Context, e *env, c *command, ln net.Listener, h http.Handler) int {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(e.stderr, "waack %s: %v\n", c.name, err)
		return exitOther
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	_ = srv.Shutdown(sctx) // requests still running after the grace are cut off
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(e.stderr, "waack %s: %v\n", c.name, err)
		return exitOther
	}
	return exitOK
}

// eventPrinter prints events to stdout and refused requests to stderr,
// one line each, whole lines only although requests run concurrently.
// Redeliveries are printed too (this is a debugging tool), marked as
// repeats.
type eventPrinter struct {
	e       *env
	json    bool
	recall  *recall
	mu      sync.Mutex
	events  int // printed, repeats included
	repeats int
}

// repeatMark ends the line of an event that arrived before.
const repeatMark = "  ↻ repeat (delivered before)"

func (p *eventPrinter) onEvent(_ context.Context, ev waack.Event) error {
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	repeat, about := p.recall.observe(ev)
	p.events++
	if repeat {
		p.repeats++
	}
	if p.json {
		out := newEventJSON(ev, now)
		out.Repeat, out.About = repeat, about
		writeJSON(p.e.stdout, out)
		return nil
	}
	line := eventLine(ev, about)
	if repeat {
		line += repeatMark
	}
	fmt.Fprintf(p.e.stdout, "%s  %-8s  %s\n", now.Format("15:04:05"), ev.EventProvider(), line)
	return nil
}

// tally says how many events were printed, for the line on Ctrl-C.
func (p *eventPrinter) tally() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch p.events {
	case 0:
		return "no events received"
	case 1:
		return "1 event received"
	}
	return fmt.Sprintf("%d events received, %d of them repeats", p.events, p.repeats)
}

// wrap serves h on path and notes on stderr every request it does not
// accept. Query strings are never printed: 1MSG and Wawp carry the secret
// there.
func (p *eventPrinter) wrap(path string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		if r.URL.Path == path {
			h.ServeHTTP(rec, r)
		} else {
			http.NotFound(rec, r)
		}
		note := ""
		switch {
		case r.Method == http.MethodGet && rec.status == http.StatusOK:
			note = "subscription handshake answered"
		case rec.status >= 400:
			note = "refused " + r.Method + " " + r.URL.Path + " → " + strconvStatus(rec.status) + refusalReason(rec.status)
		default:
			return
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		fmt.Fprintf(p.e.stderr, "%s  %s\n", time.Now().Format("15:04:05"), note)
	})
}

func strconvStatus(code int) string {
	return fmt.Sprintf("%d %s", code, http.StatusText(code))
}

func refusalReason(code int) string {
	switch code {
	case http.StatusUnauthorized:
		return ": signature or secret missing or wrong"
	case http.StatusForbidden:
		return ": handshake with a wrong or no verify token"
	case http.StatusBadRequest:
		return ": body is not a JSON object"
	case http.StatusRequestEntityTooLarge:
		return ": body too large"
	case http.StatusNotFound:
		return ": not the webhook path"
	}
	return ""
}

// statusRecorder remembers the status a handler answered with.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}
