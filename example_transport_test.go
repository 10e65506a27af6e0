package waack_test

import (
	"context"
	"fmt"
	"log"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

// Share the resty client the program already configured (proxy, TLS,
// tracing middleware): its middleware runs on waack's requests, while
// waack keeps its own retries, redaction and answer cap, and never follows
// a redirect.
func ExampleWithRestyClient() {
	srv := waacktest.NewServer()
	defer srv.Close()
	in := srv.Inbound(srv.CloudAPI(), "+1 650 555 1234", "Where is my order?")

	var traced atomic.Int32
	rc := resty.New().
		SetTimeout(30 * time.Second).
		OnBeforeRequest(func(_ *resty.Client, r *resty.Request) error {
			r.SetHeader("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
			traced.Add(1)
			return nil
		})
	c, err := waack.New(srv.CloudAPI(), waack.WithRestyClient(rc))
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.React(ctx, waack.Reaction{To: "+1 650 555 1234", MessageID: in, Emoji: "👀"}); err != nil {
		log.Fatal(err)
	}
	fmt.Println(srv.Reactions(in)["business"], traced.Load())
	// Output: 👀 1
}
