package waackredis_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/waack/waack"
	"github.com/waack/waack/waackredis"
)

// Every replica builds its webhook handler with the same Redis: an event
// is handled once, whichever replica gets it. (Not run: it needs a Redis.)
func ExampleNewDeduper() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	h, err := waack.NewWebhookHandler(waack.CloudAPI{}, waack.WebhookConfig{
		AppSecret: "meta-app-secret",
		Dedup:     waackredis.NewDeduper(rdb), // keeps done events 8 days
		OnEvent: func(ctx context.Context, ev waack.Event) error {
			fmt.Printf("%T\n", ev)
			return nil
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	http.Handle("/webhook", h)
}

// Three replicas sending for one number stay within its limits together:
// 80 messages a second and Meta's pair rate, not 80 each.
func ExampleNewLimiter() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	l, err := waackredis.NewLimiter(rdb,
		waackredis.WithPrefix("waack:106540352242922:"), // one limiter per number
		waackredis.WithRate(waack.CloudAPIThroughput, 10),
		waackredis.WithPairPacing(waack.PairPacing{}))
	if err != nil {
		log.Fatal(err)
	}
	client, err := waack.New(waack.CloudAPI{PhoneNumberID: "106540352242922", AccessToken: "token"}, waack.WithLimiter(l))
	if err != nil {
		log.Fatal(err)
	}
	_ = client
}

// A Wait on this replica ends when any replica observes the status.
func ExampleNewStatusStore() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	tracker := waack.NewStatusTracker(waack.WithTrackerStore(waackredis.NewStatusStore(rdb)))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ev, err := tracker.Wait(ctx, "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBAA", waack.StatusDelivered)
	if err != nil {
		log.Print(err) // failed, the deadline, or Redis unreachable
		return
	}
	fmt.Println("delivered at", ev.Timestamp)
}
