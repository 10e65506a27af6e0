// Command ack acknowledges one inbound WhatsApp message the way a support
// desk does: a 👍 reaction plus a read receipt (with the typing indicator
// when a reply follows).
//
//	WAACK_PROVIDER=cloudapi WAACK_PHONE_NUMBER_ID=… WAACK_TOKEN=… \
//	WAACK_FROM=16505551234 WAACK_MESSAGE_ID=wamid.… go run ./examples/ack
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/envconfig"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "ack:", err)
		os.Exit(1)
	}
}

func run() error {
	p, err := envconfig.Provider(os.Getenv)
	if err != nil {
		return err
	}
	from, msgID := os.Getenv("WAACK_FROM"), os.Getenv("WAACK_MESSAGE_ID")
	if from == "" || msgID == "" {
		return fmt.Errorf("set WAACK_FROM (the customer's phone) and WAACK_MESSAGE_ID (their message)")
	}
	c, err := waack.New(p)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	sent, err := c.Acknowledge(ctx, waack.Ack{From: from, MessageID: msgID, Typing: os.Getenv("WAACK_TYPING") == "1"})
	if sent != nil {
		fmt.Println("reaction", sent.ID)
	}
	if err != nil {
		return err
	}
	fmt.Println("marked read", msgID)
	return nil
}
