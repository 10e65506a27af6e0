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

// One client per provider account. The sandbox hands out working
// configurations; in production they hold your ids and tokens.
func ExampleNew() {
	srv := waacktest.NewServer()
	defer srv.Close()

	// In production: waack.CloudAPI{PhoneNumberID: "106540352242922", AccessToken: os.Getenv("WA_TOKEN")}
	for _, p := range []waack.Provider{srv.CloudAPI(), srv.OneMsg(), srv.Wawp()} {
		c, err := waack.New(p)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(c.Provider())
	}

	// A missing credential is reported by New, not by the first call.
	_, err := waack.New(waack.OneMsg{ChannelID: "ODI371267300"})
	fmt.Println(errors.Is(err, waack.ErrInvalidConfig))
	// Output:
	// cloudapi
	// 1msg
	// wawp
	// true
}

// Show ⏳ while the request is worked on, then ✅: a new reaction replaces
// the previous one.
func ExampleClient_React() {
	srv := waacktest.NewServer()
	defer srv.Close()
	in := srv.Inbound(srv.OneMsg(), "+1 650 555 1234", "Please cancel my order")

	c, err := waack.New(srv.OneMsg())
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, emoji := range []string{"⏳", "✅"} {
		if _, err := c.React(ctx, waack.Reaction{To: "+1 650 555 1234", MessageID: in, Emoji: emoji}); err != nil {
			log.Fatal(err)
		}
		fmt.Println(srv.Reactions(in)["business"])
	}
	// Output:
	// ⏳
	// ✅
}

// Take the business's reaction off a message.
func ExampleClient_Unreact() {
	srv := waacktest.NewServer()
	defer srv.Close()
	in := srv.Inbound(srv.Wawp(), "+1 650 555 1234", "Is the shop open today?")

	c, err := waack.New(srv.Wawp())
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.React(ctx, waack.Reaction{To: "16505551234@c.us", MessageID: in, Emoji: "👀"}); err != nil {
		log.Fatal(err)
	}
	fmt.Println(srv.Reactions(in))
	if _, err := c.Unreact(ctx, "16505551234@c.us", in); err != nil {
		log.Fatal(err)
	}
	fmt.Println(srv.Reactions(in))
	// Output:
	// map[business:👀]
	// map[]
}

// Marking a message read marks the customer's earlier messages read too.
// Wawp needs the chat: here it is derived from the serialized message id.
func ExampleClient_MarkRead() {
	srv := waacktest.NewServer()
	defer srv.Close()
	first := srv.Inbound(srv.Wawp(), "+1 650 555 1234", "Hi")
	second := srv.Inbound(srv.Wawp(), "+1 650 555 1234", "I have a question")
	third := srv.Inbound(srv.Wawp(), "+1 650 555 1234", "about my invoice")

	c, err := waack.New(srv.Wawp())
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.MarkRead(ctx, waack.ReadReceipt{MessageID: second}); err != nil {
		log.Fatal(err)
	}
	fmt.Println(srv.IsRead(first), srv.IsRead(second), srv.IsRead(third))
	// Output: true true false
}

// Reply from a template with placeholders, quoting the customer's message.
// Once the 24-hour window has closed, a session text is refused: send an
// approved template instead.
func ExampleClient_SendText() {
	srv := waacktest.NewServer()
	defer srv.Close()
	in := srv.Inbound(srv.CloudAPI(), "+1 650 555 1234", "Hello, I need help with the CRM")

	c, err := waack.New(srv.CloudAPI())
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	body, err := waack.FillPlaceholders("Hello, {{1}}! We received your request about «{{2}}».", "Alexey", "CRM")
	if err != nil {
		log.Fatal(err)
	}
	sent, err := c.SendText(ctx, waack.Text{To: "+1 650 555 1234", Body: body, ReplyTo: in})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sent.To)

	// 1MSG refuses a text outside the window at once; the Cloud API reports
	// it later, by a failed status webhook.
	one, err := waack.New(srv.OneMsg())
	if err != nil {
		log.Fatal(err)
	}
	srv.Inbound(srv.OneMsg(), "+1 650 555 1234", "Hello?")
	srv.Advance(25 * time.Hour)
	_, err = one.SendText(ctx, waack.Text{To: "+1 650 555 1234", Body: "Sorry for the wait!"})
	fmt.Println(errors.Is(err, waack.ErrSessionWindowClosed))
	// Output:
	// 16505551234
	// true
}

// Acknowledge a customer's message the moment it arrives: 👍, blue ticks,
// and "typing…" because a reply follows.
func ExampleClient_Acknowledge() {
	srv := waacktest.NewServer()
	defer srv.Close()
	in := srv.Inbound(srv.CloudAPI(), "+1 650 555 1234", "Where is my order?")

	c, err := waack.New(srv.CloudAPI())
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// In a webhook handler: waack.Ack{From: msg.From, MessageID: msg.ID, Typing: true}
	if _, err := c.Acknowledge(ctx, waack.Ack{From: "16505551234", MessageID: in, Typing: true}); err != nil {
		log.Print(err) // both halves were attempted; errors.Is works on either
	}
	chat, _ := srv.Chat(srv.CloudAPI(), "16505551234")
	fmt.Println(srv.Reactions(in)["business"], srv.IsRead(in), chat.TypingUntil.After(srv.Now()))
	// Output: 👍 true true
}
