// Command escalation hands a chat to a human when the customer keeps
// reacting unhappily: after negative reactions (😢 😠 …) to two of the
// business's messages within ten minutes, it tells the customer that a
// human agent will take over and logs the escalation, once per chat.
//
//	WAACK_PROVIDER=cloudapi WAACK_PHONE_NUMBER_ID=… WAACK_TOKEN=… \
//	WAACK_APP_SECRET=… WAACK_VERIFY_TOKEN=… go run ./examples/escalation
//
//	WAACK_PROVIDER=wawp WAACK_INSTANCE_ID=… WAACK_TOKEN=… \
//	WAACK_WEBHOOK_SECRET=… go run ./examples/escalation
//
// The webhook endpoint is /webhook on WAACK_ADDR (default ":8080"), as in
// examples/webhook-server.
//
// The program uses only waack's public API: copy this directory into your
// own module as it is.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/waack/waack"
)

const (
	// handoverText is the session text the customer gets on escalation.
	handoverText = "A human agent will take over this conversation in a few minutes. Sorry for the trouble!"
	// defaultThreshold negative reactions within defaultWithin escalate.
	defaultThreshold = 2
	defaultWithin    = 10 * time.Minute
	sendTimeout      = 10 * time.Second
)

// negative are the reactions that count as unhappy. Emoji presentation
// selectors (U+FE0F) are ignored when comparing.
var negative = map[string]bool{"😢": true, "😭": true, "😠": true, "😡": true, "👎": true}

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(logger); err != nil {
		fmt.Fprintln(os.Stderr, "escalation:", err)
		os.Exit(1)
	}
}

func run(logger *slog.Logger) error {
	env := environment{getenv: os.Getenv}
	p, err := env.provider()
	if err != nil {
		return err
	}
	hook := env.webhookConfig(p)
	if err := env.err(); err != nil {
		return err
	}
	client, err := waack.New(p, waack.WithLogger(logger))
	if err != nil {
		return err
	}
	hook.OnEvent = newEscalator(client, logger).OnEvent
	h, err := waack.NewWebhookHandler(p, hook)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/webhook", h)
	addr := orDefault(os.Getenv("WAACK_ADDR"), ":8080")
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.ListenAndServe() }()
	logger.Info("listening", "addr", addr, "path", "/webhook", "provider", p.Name())
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 2*sendTimeout)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

// orDefault is v without surrounding white space, or def when that is empty.
func orDefault(v, def string) string {
	if v = strings.TrimSpace(v); v != "" {
		return v
	}
	return def
}

// escalator counts each chat's negative reactions and escalates a chat
// once they reach threshold within the time window. A reaction counts once
// per message: changing 😢 to 😠 on the same message is one complaint, and
// changing it to 👍, or removing it, withdraws it.
type escalator struct {
	client    *waack.Client
	log       *slog.Logger
	threshold int
	within    time.Duration
	now       func() time.Time // for events without a timestamp

	mu sync.Mutex
	// unhappy holds, per chat, when each message got its negative reaction.
	unhappy map[string]map[string]time.Time
	// escalated chats are not escalated again. A real desk would keep this
	// with its tickets, not in memory.
	escalated map[string]bool
}

func newEscalator(client *waack.Client, logger *slog.Logger) *escalator {
	return &escalator{
		client: client, log: logger, threshold: defaultThreshold, within: defaultWithin, now: time.Now,
		unhappy: map[string]map[string]time.Time{}, escalated: map[string]bool{},
	}
}

// OnEvent is the webhook handler's WebhookConfig.OnEvent.
func (e *escalator) OnEvent(ctx context.Context, ev waack.Event) error {
	r, ok := ev.(waack.ReactionEvent)
	if !ok {
		return nil
	}
	chat := r.ChatID
	if chat == "" {
		chat = r.From
	}
	if chat == "" || r.MessageID == "" {
		return nil
	}
	if !e.record(chat, r) {
		return nil
	}
	to := r.From
	if to == "" {
		to = chat
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sendTimeout)
	defer cancel()
	sent, err := e.client.SendText(ctx, waack.Text{To: to, Body: handoverText})
	switch {
	case errors.Is(err, waack.ErrOutcomeUnknown):
		// It may have gone out: never send it twice.
		e.log.Warn("escalation message may not have been sent", "chat", chat, "err", err)
	case err != nil:
		// Let the provider deliver the reaction again, and try again then.
		e.unmark(chat)
		return fmt.Errorf("escalating chat %s: %w", chat, err)
	default:
		e.log.Info("escalated to a human agent", "chat", chat, "customer", r.From, "message", sent.ID)
	}
	return nil
}

// record notes the reaction and reports whether the chat must be escalated
// now; it then marks the chat escalated.
func (e *escalator) record(chat string, r waack.ReactionEvent) bool {
	at := r.Timestamp
	if at.IsZero() {
		at = e.now()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	msgs := e.unhappy[chat]
	if r.Removed || !negative[strings.ReplaceAll(r.Emoji, "\uFE0F", "")] {
		delete(msgs, r.MessageID)
		if len(msgs) == 0 {
			delete(e.unhappy, chat)
		}
		return false
	}
	if msgs == nil {
		msgs = map[string]time.Time{}
		e.unhappy[chat] = msgs
	}
	if prev, ok := msgs[r.MessageID]; !ok || at.After(prev) {
		msgs[r.MessageID] = at
	}
	// Count back from the newest reaction, so that webhooks arriving out
	// of order count the same.
	var newest time.Time
	for _, t := range msgs {
		if t.After(newest) {
			newest = t
		}
	}
	for id, t := range msgs {
		if newest.Sub(t) > e.within {
			delete(msgs, id) // too old to count, now or later
		}
	}
	if len(msgs) < e.threshold || e.escalated[chat] {
		return false
	}
	e.escalated[chat] = true
	return true
}

func (e *escalator) unmark(chat string) {
	e.mu.Lock()
	delete(e.escalated, chat)
	e.mu.Unlock()
}

// environment reads WAACK_* variables and remembers the required ones that
// are unset, so that one error names them all (never their values). Each
// example has its own copy because each is meant to be copied alone.
type environment struct {
	getenv  func(string) string
	missing []string
}

func (e *environment) need(name string) string {
	v := strings.TrimSpace(e.getenv(name))
	if v == "" {
		e.missing = append(e.missing, name)
	}
	return v
}

// provider is the provider WAACK_PROVIDER names (default cloudapi) with its
// credentials; WAACK_BASE_URL points it elsewhere, e.g. at `waack sandbox`.
func (e *environment) provider() (waack.Provider, error) {
	base := e.getenv("WAACK_BASE_URL")
	switch name := strings.ToLower(strings.TrimSpace(e.getenv("WAACK_PROVIDER"))); name {
	case "", waack.ProviderCloudAPI:
		return waack.CloudAPI{PhoneNumberID: e.need("WAACK_PHONE_NUMBER_ID"), AccessToken: e.need("WAACK_TOKEN"), BaseURL: base,
			Version: e.getenv("WAACK_GRAPH_VERSION"), AuthHeader: e.getenv("WAACK_AUTH_HEADER")}, nil
	case waack.ProviderOneMsg:
		return waack.OneMsg{ChannelID: e.need("WAACK_CHANNEL_ID"), Token: e.need("WAACK_TOKEN"), BaseURL: base}, nil
	case waack.ProviderWawp:
		return waack.Wawp{InstanceID: e.need("WAACK_INSTANCE_ID"), AccessToken: e.need("WAACK_TOKEN"), BaseURL: base}, nil
	default:
		return nil, fmt.Errorf("WAACK_PROVIDER %q: want cloudapi, 1msg or wawp", name)
	}
}

// err names the required variables that were unset.
func (e *environment) err() error {
	if len(e.missing) == 0 {
		return nil
	}
	return fmt.Errorf("missing environment variable(s): %s", strings.Join(e.missing, ", "))
}

// webhookConfig is what NewWebhookHandler needs to verify p's webhooks:
// the Meta app secret and verify token for the Cloud API, the shared secret
// for 1MSG and Wawp.
func (e *environment) webhookConfig(p waack.Provider) waack.WebhookConfig {
	if p.Name() == waack.ProviderCloudAPI {
		return waack.WebhookConfig{AppSecret: e.need("WAACK_APP_SECRET"), VerifyToken: e.need("WAACK_VERIFY_TOKEN")}
	}
	return waack.WebhookConfig{Secret: e.need("WAACK_WEBHOOK_SECRET")}
}
