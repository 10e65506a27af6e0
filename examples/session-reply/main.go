// Command session-reply sends the reply a support desk keeps as a template
// with placeholders, quoting the customer's message:
//
//	«Hello, {{1}}! We received your request about «{{2}}». An agent will answer within the hour.»
//
//	WAACK_PROVIDER=1msg WAACK_CHANNEL_ID=… WAACK_TOKEN=… WAACK_TO=16505551234 \
//	WAACK_NAME=Alexey WAACK_TOPIC=CRM [WAACK_REPLY_TO=wamid.…] go run ./examples/session-reply
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/envconfig"
)

const reply = "Hello, {{1}}! We received your request about «{{2}}». An agent will answer within the hour."

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "session-reply:", err)
		os.Exit(1)
	}
}

func run() error {
	p, err := envconfig.Provider(os.Getenv)
	if err != nil {
		return err
	}
	to, name, topic := os.Getenv("WAACK_TO"), os.Getenv("WAACK_NAME"), os.Getenv("WAACK_TOPIC")
	if to == "" || name == "" || topic == "" {
		return fmt.Errorf("set WAACK_TO, WAACK_NAME and WAACK_TOPIC")
	}
	body, err := waack.FillPlaceholders(reply, name, topic)
	if err != nil {
		return err
	}
	c, err := waack.New(p)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	sent, err := c.SendText(ctx, waack.Text{To: to, Body: body, ReplyTo: os.Getenv("WAACK_REPLY_TO")})
	switch {
	case errors.Is(err, waack.ErrSessionWindowClosed):
		return fmt.Errorf("the customer's 24-hour window is closed: send an approved template instead (%w)", err)
	case errors.Is(err, waack.ErrOutcomeUnknown):
		return fmt.Errorf("the reply may or may not have been sent; check the status webhook before sending again (%w)", err)
	case err != nil:
		return err
	}
	fmt.Println("sent", sent.ID)
	return nil
}
