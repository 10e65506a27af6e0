// Command queue-worker is a Cloud API webhook endpoint in two processes:
// the receiver verifies each webhook, stores it in a Redis stream and
// answers at once; workers take the stored deliveries and acknowledge each
// customer message (👍 + blue ticks), however slow the provider is. A
// worker that crashes loses nothing: another takes its deliveries over.
//
//	WAACK_APP_SECRET=… WAACK_VERIFY_TOKEN=… go run ./examples/queue-worker receive
//	WAACK_PHONE_NUMBER_ID=… WAACK_TOKEN=… go run ./examples/queue-worker work
//
// Both read WAACK_REDIS (host:port, default 127.0.0.1:6379). The receiver
// listens on WAACK_ADDR (default ":8080") at /webhook; run as many
// workers as you like, each with its own WAACK_WORKER name (default host
// name and process id). Ctrl-C stops either gracefully.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/waack/waack"
	"github.com/waack/waack/waackredis"
)

const webhookPath = "/webhook"

// queueConfig is the one queue both halves use.
var queueConfig = waackredis.QueueConfig{Stream: "waack:webhooks", Group: "workers"}

func main() {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(os.Args[1:], os.Getenv, logger); err != nil {
		fmt.Fprintln(os.Stderr, "queue-worker:", err)
		os.Exit(1)
	}
}

func run(args []string, getenv func(string) string, logger *slog.Logger) error {
	if len(args) != 1 || (args[0] != "receive" && args[0] != "work") {
		return errors.New("usage: queue-worker receive|work")
	}
	addr := or(getenv("WAACK_REDIS"), "127.0.0.1:6379")
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	q, err := waackredis.NewQueue(rdb, queueConfig)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if args[0] == "receive" {
		return receive(ctx, q, getenv, logger)
	}
	return work(ctx, q, waackredis.NewDeduper(rdb), getenv, logger)
}

// receive serves the webhook endpoint until ctx is done.
func receive(ctx context.Context, q *waackredis.Queue, getenv func(string) string, logger *slog.Logger) error {
	h, err := newReceiver(q, getenv("WAACK_APP_SECRET"), getenv("WAACK_VERIFY_TOKEN"), logger)
	if err != nil {
		return err
	}
	s := &http.Server{Addr: or(getenv("WAACK_ADDR"), ":8080"), Handler: h, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- s.ListenAndServe() }()
	logger.Info("receiving", "addr", s.Addr, "path", webhookPath)
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return s.Shutdown(shutdown)
}

// newReceiver is the receiving half: verify, store, answer.
func newReceiver(q *waackredis.Queue, appSecret, verifyToken string, logger *slog.Logger) (http.Handler, error) {
	h, err := waack.NewWebhookHandler(waack.CloudAPI{}, waack.WebhookConfig{
		AppSecret:   appSecret,
		VerifyToken: verifyToken,
		Enqueue:     q.Enqueue, // 200 only once Redis has the body
		Logger:      logger,
	})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle(webhookPath, h)
	return mux, nil
}

// work runs one worker until ctx is done.
func work(ctx context.Context, q *waackredis.Queue, dedup waack.Deduper, getenv func(string) string, logger *slog.Logger) error {
	client, err := waack.New(waack.CloudAPI{PhoneNumberID: getenv("WAACK_PHONE_NUMBER_ID"), AccessToken: getenv("WAACK_TOKEN")},
		waack.WithLogger(logger))
	if err != nil {
		return err
	}
	host, _ := os.Hostname()
	name := or(getenv("WAACK_WORKER"), host+"-"+strconv.Itoa(os.Getpid()))
	logger.Info("working", "consumer", name)
	return q.Work(ctx, name, workerConfig(client, dedup, logger))
}

// workerConfig is the processing half. Every worker must share dedup (the
// Redis one, waackredis.NewDeduper): each event then runs once, whichever
// worker gets its delivery, also after a takeover.
func workerConfig(client *waack.Client, dedup waack.Deduper, logger *slog.Logger) waack.WebhookConfig {
	return waack.WebhookConfig{
		Dedup:  dedup,
		Logger: logger,
		OnEvent: func(ctx context.Context, ev waack.Event) error {
			m, ok := ev.(waack.MessageEvent)
			if !ok {
				return nil
			}
			d, _ := waack.DeliveryFromContext(ctx)
			_, err := client.Acknowledge(ctx, waack.Ack{From: m.ChatID, MessageID: m.ID})
			logger.Info("acknowledged", "message", m.ID, "attempt", d.Attempt,
				"waited", time.Since(d.Received).Round(time.Millisecond), "err", err)
			return err // an error retries the delivery, then dead-letters it
		},
	}
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
