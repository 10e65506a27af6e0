// Command session-reply sends the reply a support desk keeps as a template
// with placeholders, quoting the customer's message:
//
//	«Hello, {{1}}! We received your request about «{{2}}». An agent will answer within the hour.»
//
//	WAACK_PROVIDER=1msg WAACK_CHANNEL_ID=… WAACK_TOKEN=… WAACK_TO=16505551234 \
//	WAACK_NAME=Alexey WAACK_TOPIC=CRM [WAACK_REPLY_TO=wamid.…] go run ./examples/session-reply
//
// WAACK_TO is the customer, WAACK_NAME and WAACK_TOPIC fill {{1}} and {{2}},
// and WAACK_REPLY_TO, when set, is the customer's message the reply quotes.
// The program uses only waack's public API: copy this directory into your
// own module as it is.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/waack/waack"
)

const reply = "Hello, {{1}}! We received your request about «{{2}}». An agent will answer within the hour."

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "session-reply:", err)
		os.Exit(1)
	}
}

func run() error {
	env := environment{getenv: os.Getenv}
	p, err := env.provider()
	if err != nil {
		return err
	}
	to, name, topic := env.need("WAACK_TO"), env.need("WAACK_NAME"), env.need("WAACK_TOPIC")
	if err := env.err(); err != nil {
		return err
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
