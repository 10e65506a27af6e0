// Command replicas is a Cloud API webhook endpoint meant to run as several
// replicas behind a load balancer: every replica shares, through one
// Redis, what would otherwise live in one process — which events were
// handled (so two replicas never both react 👍 to one message), the
// delivery status of what was sent, the customers' 24-hour windows, the
// reaction tallies, and the pacing of the number (80 messages/s and the
// pair rate for all replicas together, not for each).
//
//	WAACK_PHONE_NUMBER_ID=… WAACK_TOKEN=… WAACK_APP_SECRET=… WAACK_VERIFY_TOKEN=… \
//	WAACK_REDIS_URL=redis://localhost:6379/0 WAACK_ADDR=:8081 go run ./examples/replicas
//
// Start it twice on two ports against the same Redis and send it webhooks
// (see `waack listen`): each event is acknowledged once, whichever replica
// gets it, however often the provider redelivers. The endpoint is /webhook;
// GET /status?id=<wamid> answers what any replica saw of a sent message.
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

	"github.com/redis/go-redis/v9"

	"github.com/waack/waack"
	"github.com/waack/waack/waackredis"
)

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(logger); err != nil {
		fmt.Fprintln(os.Stderr, "replicas:", err)
		os.Exit(1)
	}
}

// config is what a replica needs from the environment.
type config struct {
	cloud       waack.CloudAPI
	appSecret   string
	verifyToken string
	redisURL    string
	addr        string
}

// loadConfig reads the environment; missing variables are named in the
// error, values never printed.
func loadConfig(getenv func(string) string) (config, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	cfg := config{
		cloud:       waack.CloudAPI{PhoneNumberID: get("WAACK_PHONE_NUMBER_ID"), AccessToken: get("WAACK_TOKEN")},
		appSecret:   get("WAACK_APP_SECRET"),
		verifyToken: get("WAACK_VERIFY_TOKEN"),
		redisURL:    get("WAACK_REDIS_URL"),
		addr:        get("WAACK_ADDR"),
	}
	var missing []string
	for k, v := range map[string]string{"WAACK_PHONE_NUMBER_ID": cfg.cloud.PhoneNumberID, "WAACK_TOKEN": cfg.cloud.AccessToken, "WAACK_APP_SECRET": cfg.appSecret} {
		if v == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return config{}, fmt.Errorf("set %s", strings.Join(missing, ", "))
	}
	if cfg.redisURL == "" {
		cfg.redisURL = "redis://localhost:6379/0"
	}
	if cfg.addr == "" {
		cfg.addr = ":8081"
	}
	return cfg, nil
}

func run(logger *slog.Logger) error {
	cfg, err := loadConfig(os.Getenv)
	if err != nil {
		return err
	}
	opt, err := redis.ParseURL(cfg.redisURL)
	if err != nil {
		return errors.New("WAACK_REDIS_URL is not a redis:// URL") // the URL may hold a password
	}
	rdb := redis.NewClient(opt)
	defer rdb.Close()

	r, err := newReplica(cfg, rdb, logger)
	if err != nil {
		return err
	}
	srv := &http.Server{Addr: cfg.addr, Handler: r.mux, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.ListenAndServe() }()
	logger.Info("replica listening", "addr", cfg.addr)
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// replica is one process's share of the work; everything stateful is in
// Redis.
type replica struct {
	mux      *http.ServeMux
	client   *waack.Client
	log      *slog.Logger
	tracker  *waack.StatusTracker
	sessions *waack.SessionWindows
	tally    *waack.ReactionTally
}

func newReplica(cfg config, rdb redis.UniversalClient, logger *slog.Logger) (*replica, error) {
	limiter, err := waackredis.NewLimiter(rdb,
		waackredis.WithPrefix("waack:"+cfg.cloud.PhoneNumberID+":"), // one limiter per number
		waackredis.WithRate(waack.CloudAPIThroughput, 10),
		waackredis.WithPairPacing(waack.PairPacing{}))
	if err != nil {
		return nil, err
	}
	r := &replica{
		log:      logger,
		tracker:  waack.NewStatusTracker(waack.WithTrackerStore(waackredis.NewStatusStore(rdb))),
		sessions: waack.NewSessionWindows(waack.WithSessionStore(waackredis.NewSessionStore(rdb))),
		tally:    waack.NewReactionTally(waackredis.NewTallyStore(rdb)),
	}
	r.client, err = waack.New(cfg.cloud, waack.WithLogger(logger), waack.WithLimiter(limiter), waack.WithSessionGuard(r.sessions))
	if err != nil {
		return nil, err
	}
	h, err := waack.NewWebhookHandler(waack.CloudAPI{}, waack.WebhookConfig{
		AppSecret:   cfg.appSecret,
		VerifyToken: cfg.verifyToken,
		OnEvent:     r.onEvent,
		Dedup:       waackredis.NewDeduper(rdb), // a Redis failure answers 5xx: Meta redelivers
		Logger:      logger,
	})
	if err != nil {
		return nil, err
	}
	r.mux = http.NewServeMux()
	r.mux.Handle("/webhook", h)
	r.mux.HandleFunc("GET /status", r.status)
	return r, nil
}

// onEvent handles one event. A store failure is returned, so that the
// provider redelivers the event; a failed acknowledgement is logged only,
// since a redelivery would not make it succeed.
func (r *replica) onEvent(ctx context.Context, ev waack.Event) error {
	switch e := ev.(type) {
	case waack.MessageEvent:
		if err := r.sessions.ObserveContext(ctx, e); err != nil {
			return err
		}
		ackCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if _, err := r.client.Acknowledge(ackCtx, waack.Ack{From: e.ChatID, MessageID: e.ID}); err != nil {
			r.log.Error("acknowledge failed", "message", e.ID, "err", err)
		}
	case waack.ReactionEvent:
		if err := r.tally.ObserveContext(ctx, e); err != nil {
			return err
		}
		counts, err := r.tally.CountsContext(ctx, e.MessageID)
		if err != nil {
			return err
		}
		r.log.Info("reaction", "message", e.MessageID, "counts", counts)
	case waack.StatusEvent:
		if _, err := r.tracker.ObserveContext(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// status answers what the replicas together know of a sent message.
func (r *replica) status(w http.ResponseWriter, req *http.Request) {
	st, ok, err := r.tracker.StatusContext(req.Context(), req.URL.Query().Get("id"))
	switch {
	case err != nil:
		http.Error(w, "store unavailable", http.StatusServiceUnavailable)
	case !ok:
		http.Error(w, "unknown message", http.StatusNotFound)
	default:
		fmt.Fprintln(w, st)
	}
}
