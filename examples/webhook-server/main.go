// Command webhook-server receives a provider's webhooks and does what a
// support desk does on every one of them: it acknowledges each customer
// message (👍 + blue ticks), counts the customers' reactions as votes, and
// follows the delivery status of what the business sent, logging it all.
//
//	WAACK_PROVIDER=cloudapi WAACK_PHONE_NUMBER_ID=… WAACK_TOKEN=… \
//	WAACK_APP_SECRET=… WAACK_VERIFY_TOKEN=… go run ./examples/webhook-server
//
//	WAACK_PROVIDER=1msg WAACK_CHANNEL_ID=… WAACK_TOKEN=… \
//	WAACK_WEBHOOK_SECRET=… go run ./examples/webhook-server
//
// The endpoint is /webhook on WAACK_ADDR (default ":8080"). Register it
// with Meta (callback URL and verify token), or for 1MSG and Wawp as
// https://your.host/webhook?secret=<WAACK_WEBHOOK_SECRET>. Ctrl-C stops
// taking requests and waits for the ones in flight.
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
	"syscall"
	"time"

	"github.com/waack/waack"
)

const (
	webhookPath = "/webhook"
	// ackTimeout bounds the acknowledgement made while the provider waits
	// for the webhook's answer.
	ackTimeout = 10 * time.Second
	// shutdownTimeout bounds how long Ctrl-C waits for requests in flight.
	shutdownTimeout = 20 * time.Second
)

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(logger); err != nil {
		fmt.Fprintln(os.Stderr, "webhook-server:", err)
		os.Exit(1)
	}
}

func run(logger *slog.Logger) error {
	cfg, err := loadConfig(os.Getenv)
	if err != nil {
		return err
	}
	client, err := waack.New(cfg.provider, waack.WithLogger(logger))
	if err != nil {
		return err
	}
	s, err := newServer(cfg, client, logger)
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- s.ListenAndServe() }()
	logger.Info("listening", "addr", cfg.addr, "path", webhookPath, "provider", cfg.provider.Name())

	select {
	case err := <-served:
		return err // could not listen
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	return s.Shutdown(shutdownCtx)
}

// config is what the server needs from the environment.
type config struct {
	provider    waack.Provider // the client's credentials
	appSecret   string         // Cloud API: WAACK_APP_SECRET
	verifyToken string         // Cloud API: WAACK_VERIFY_TOKEN
	secret      string         // 1MSG, Wawp: WAACK_WEBHOOK_SECRET
	addr        string         // WAACK_ADDR, default ":8080"
}

// loadConfig reads the environment through getenv. Missing variables are
// named in the error; values are never printed.
func loadConfig(getenv func(string) string) (config, error) {
	env := environment{getenv: getenv}
	p, err := env.provider()
	if err != nil {
		return config{}, err
	}
	hook := env.webhookConfig(p)
	if err := env.err(); err != nil {
		return config{}, err
	}
	cfg := config{provider: p, addr: strings.TrimSpace(getenv("WAACK_ADDR"))}
	if cfg.addr == "" {
		cfg.addr = ":8080"
	}
	cfg.appSecret, cfg.verifyToken, cfg.secret = hook.AppSecret, hook.VerifyToken, hook.Secret
	return cfg, nil
}

// server is the http.Server with the state its webhook handler keeps.
type server struct {
	*http.Server
	client  *waack.Client
	log     *slog.Logger
	tracker *waack.StatusTracker // delivery status of what the business sent
	tally   waack.ReactionTally  // customers' reactions, per message
}

// newServer builds the server for cfg; it does not listen yet.
func newServer(cfg config, client *waack.Client, logger *slog.Logger) (*server, error) {
	s := &server{client: client, log: logger, tracker: waack.NewStatusTracker(waack.WithTrackerTTL(7 * 24 * time.Hour))}
	h, err := waack.NewWebhookHandler(cfg.provider, waack.WebhookConfig{
		AppSecret:   cfg.appSecret,
		VerifyToken: cfg.verifyToken,
		Secret:      cfg.secret,
		OnEvent:     s.onEvent,
	})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle(webhookPath, h)
	s.Server = &http.Server{
		Addr:              cfg.addr,
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	return s, nil
}

// onEvent handles one webhook event. It returns nil even when an
// acknowledgement fails: a redelivery would not make it succeed, and the
// failure is logged.
func (s *server) onEvent(ctx context.Context, ev waack.Event) error {
	switch e := ev.(type) {
	case waack.MessageEvent:
		s.acknowledge(ctx, e)
	case waack.ReactionEvent:
		s.tally.Observe(e)
		s.log.Info("reaction", "message", e.MessageID, "from", e.From, "emoji", e.Emoji, "removed", e.Removed,
			"counts", s.tally.Counts(e.MessageID))
	case waack.StatusEvent:
		s.tracker.Observe(e)
		if e.Status == waack.StatusFailed {
			s.log.Warn("delivery failed", "message", e.MessageID, "to", e.Recipient, "err", e.Err,
				"target_too_old", errors.Is(e.Err, waack.ErrTargetTooOld),
				"window_closed", errors.Is(e.Err, waack.ErrSessionWindowClosed))
			return nil
		}
		s.log.Info("status", "message", e.MessageID, "to", e.Recipient, "status", e.Status)
	case waack.ErrorEvent:
		s.log.Warn("provider error", "err", e.Err)
	}
	return nil
}

// acknowledge reacts 👍 and marks the message read. It outlives the
// webhook request (a provider that hangs up must not cut a half-done
// acknowledgement) but not ackTimeout.
func (s *server) acknowledge(ctx context.Context, m waack.MessageEvent) {
	from := m.ChatID // the phone, or the user id of a customer known only by it
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ackTimeout)
	defer cancel()
	sent, err := s.client.Acknowledge(ctx, waack.Ack{From: from, MessageID: m.ID})
	if err != nil {
		s.log.Error("acknowledge failed", "message", m.ID, "from", from, "err", err)
		return
	}
	s.log.Info("acknowledged", "message", m.ID, "from", from, "text_len", len(m.Text), "reaction", sent.ID)
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
