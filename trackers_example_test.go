package waack_test

import (
	"context"
	"fmt"
	"time"

	"github.com/waack/waack"
)

func ExampleStatusTracker() {
	tracker := waack.NewStatusTracker()

	// In the webhook handler: feed every StatusEvent.
	tracker.Observe(waack.StatusEvent{MessageID: "wamid.A", Status: waack.StatusSent})
	tracker.Observe(waack.StatusEvent{MessageID: "wamid.A", Status: waack.StatusRead})
	// A late, redelivered "delivered" does not move the message back.
	fmt.Println(tracker.Observe(waack.StatusEvent{MessageID: "wamid.A", Status: waack.StatusDelivered}))

	// Elsewhere: wait, with a deadline, until the customer got the message.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ev, err := tracker.Wait(ctx, "wamid.A", waack.StatusDelivered)
	fmt.Println(ev.Status, err)
	// Output:
	// false
	// read <nil>
}

func ExampleSessionWindows() {
	windows := waack.NewSessionWindows(waack.WithStrictSessions())
	wrote := time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)
	windows.Observe(waack.MessageEvent{ChatID: "16505551234@c.us", Timestamp: wrote})

	expires, open := windows.Open("+1 650-555-1234", wrote.Add(2*time.Hour))
	fmt.Println(open, expires.Format(time.RFC3339))
	_, open = windows.Open("+1 650-555-1234", wrote.Add(25*time.Hour))
	fmt.Println(open)
	// Output:
	// true 2026-03-02T09:30:00Z
	// false
}

func ExampleReactionTally() {
	var votes waack.ReactionTally // the zero value is ready
	poll := "wamid.poll"
	for _, ev := range []waack.ReactionEvent{
		{From: "16505551234", MessageID: poll, Emoji: "👍"},
		{From: "16505550000", MessageID: poll, Emoji: "👍"},
		{From: "16505559999", MessageID: poll, Emoji: "👎"},
		{From: "16505550000", MessageID: poll, Emoji: "👎"}, // changed their mind
		{From: "16505559999", MessageID: poll, Removed: true},
	} {
		votes.Observe(ev)
	}
	fmt.Println(votes.Counts(poll))
	// Output: map[👍:1 👎:1]
}
