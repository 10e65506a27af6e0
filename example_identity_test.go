package waack_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

// A customer who set a username may reach you without a phone number:
// the event names them by business-scoped user id, and ChatID is the
// address to answer to, for them as for everyone.
func ExampleMessageEvent_chatID() {
	srv := waacktest.NewServer()
	defer srv.Close()
	id := srv.InboundBSUID(srv.CloudAPI(), "US.13491208655302741918", "lee", "hi")
	ev := waack.MessageEvent{ID: id, ChatID: "US.13491208655302741918"} // as your webhook receives it

	c, err := waack.New(srv.CloudAPI())
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sent, err := c.Acknowledge(ctx, waack.Ack{From: ev.ChatID, MessageID: ev.ID})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sent.To, srv.Reactions(id)["business"], srv.IsRead(id))
	// Output:
	// US.13491208655302741918 👍 true
}

// One webhook endpoint for several business numbers: each event is
// answered from the client of the number that received it.
func ExampleNumbers() {
	sales, err := waack.New(waack.CloudAPI{PhoneNumberID: "106540352242922", AccessToken: "token-a"})
	if err != nil {
		log.Fatal(err)
	}
	support, err := waack.New(waack.CloudAPI{PhoneNumberID: "106540352242923", AccessToken: "token-b"})
	if err != nil {
		log.Fatal(err)
	}
	numbers, err := waack.NewNumbers(sales, support)
	if err != nil {
		log.Fatal(err)
	}

	// In OnEvent:
	ev := waack.MessageEvent{Provider: waack.ProviderCloudAPI, NumberID: "106540352242923", ID: "wamid.A", ChatID: "16505551234"}
	c, err := numbers.For(ev)
	fmt.Println(c.NumberID(), err)

	_, err = numbers.For(waack.MessageEvent{Provider: waack.ProviderCloudAPI, NumberID: "999"})
	fmt.Println(errors.Is(err, waack.ErrUnknownNumber))
	// Output:
	// 106540352242923 <nil>
	// true
}

// A text whose answer was lost may have reached the customer: resolve it
// from the status webhooks by its tracking id instead of sending it again.
func ExampleStatusTracker_WaitTracking() {
	tracker := waack.NewStatusTracker()
	// Your webhook handler feeds the tracker; the status echoes the id.
	tracker.Observe(waack.StatusEvent{MessageID: "wamid.A", Status: waack.StatusSent, TrackingID: "order-42"})

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// After SendText failed with an *waack.OutcomeUnknownError whose
	// TrackingID is "order-42":
	ev, err := tracker.WaitTracking(ctx, "order-42", waack.StatusSent)
	fmt.Println(ev.MessageID, ev.Status, err)
	// Output:
	// wamid.A sent <nil>
}
