// Command ack acknowledges one inbound WhatsApp message the way a support
// desk does: a 👍 reaction plus a read receipt (with the typing indicator
// when a reply follows).
//
//	WAACK_PROVIDER=cloudapi WAACK_PHONE_NUMBER_ID=… WAACK_TOKEN=… \
//	WAACK_FROM=16505551234 WAACK_MESSAGE_ID=wamid.… [WAACK_TYPING=1] go run ./examples/ack
//
// The program uses only waack's public API: copy this directory into your
// own module as it is.
package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/waack/waack"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "ack:", err)
		os.Exit(1)
	}
}

func run() error {
	env := environment{getenv: os.Getenv}
	p, err := env.provider()
	if err != nil {
		return err
	}
	from, msgID := env.need("WAACK_FROM"), env.need("WAACK_MESSAGE_ID")
	if err := env.err(); err != nil {
		return err
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
