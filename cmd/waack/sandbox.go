package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/envconfig"
	"github.com/waack/waack/waacktest"
)

func sandboxCommand() *command {
	return &command{
		name:     "sandbox",
		summary:  "run the fake provider (Cloud API, 1MSG, Wawp) for your own code",
		synopsis: "waack sandbox [--addr HOST:PORT] [--token TOKEN] [--<provider>-webhook-url URL [--<provider>-webhook-secret S]]...",
		about: `Runs the waacktest sandbox until Ctrl-C: one local server that speaks the Cloud
API, 1MSG and Wawp at their real paths, applies their rules (24-hour window,
30-day reaction limit…) and posts their webhooks. It prints the base URL and
credentials to paste into your configuration, as WAACK_* lines and as Go
values, and the address of its web view, where you can also play the
customer: start a chat, write, react and read, each pushing its webhook.
From another terminal, waack customer does the same and waack clock moves
the sandbox's clock (+25h, +31d) to show the 24-hour and 30-day rules.

The tokens are the sandbox's own: random on each run, and printed. --token
fixes one token for all three providers; like every secret a command is
given, it is never printed (the lines show a placeholder instead). Webhooks go where the --<provider>-webhook-url flags say; Cloud API
bodies are signed with --cloudapi-webhook-secret as the app secret, 1MSG and
Wawp URLs get ?secret=<--…-webhook-secret> appended.`,
		examples: `  waack sandbox
  waack sandbox --addr 127.0.0.1:8025 --token dev-token \
    --cloudapi-webhook-url http://127.0.0.1:8080/webhook --cloudapi-webhook-secret dev-app-secret
  # in another terminal: waack listen --provider cloudapi --app-secret dev-app-secret`,
		sections: []flagSection{{title: "Flags", names: []string{
			"addr", "token", "cloudapi-webhook-url", "cloudapi-webhook-secret",
			"1msg-webhook-url", "1msg-webhook-secret", "wawp-webhook-url", "wawp-webhook-secret",
		}}},
		run: runSandbox,
	}
}

// sandboxProvider is one provider's webhook flags.
type sandboxProvider struct {
	title  string
	p      func(*waacktest.Server) waack.Provider
	url    *string
	secret *string
}

func runSandbox(ctx context.Context, e *env, c *command, args []string) int {
	fs := newFlagSet(c)
	addr := fs.String("addr", "127.0.0.1:8025", "address to listen on")
	token := fs.String("token", "", "the sandbox's token for all three providers (default random)")
	providers := []*sandboxProvider{
		{title: "Cloud API", p: func(s *waacktest.Server) waack.Provider { return s.CloudAPI() }},
		{title: "1MSG", p: func(s *waacktest.Server) waack.Provider { return s.OneMsg() }},
		{title: "Wawp", p: func(s *waacktest.Server) waack.Provider { return s.Wawp() }},
	}
	for i, name := range []string{waack.ProviderCloudAPI, waack.ProviderOneMsg, waack.ProviderWawp} {
		what := "secret appended as ?secret="
		if i == 0 {
			what = "app secret signing the bodies"
		}
		providers[i].url = fs.String(name+"-webhook-url", "", "post "+name+" webhooks to this URL")
		providers[i].secret = fs.String(name+"-webhook-secret", "", "the "+what)
	}
	if done, code := e.parse(c, fs, args); done {
		return code
	}
	for _, sp := range providers {
		if *sp.secret != "" && *sp.url == "" {
			return e.usageError(c, "a webhook secret without its webhook URL")
		}
	}
	opts := []waacktest.Option{waacktest.WithAddr(*addr), waacktest.WithLogger(slog.New(slog.NewTextHandler(e.stderr, nil)))}
	if *token != "" {
		opts = append(opts, waacktest.WithToken(*token))
	}
	srv, err := waacktest.Start(opts...)
	if err != nil {
		fmt.Fprintf(e.stderr, "waack sandbox: %v\n", err)
		return exitOther
	}
	defer srv.Close()
	for _, sp := range providers {
		if *sp.url == "" {
			continue
		}
		if err := srv.SetWebhook(sp.p(srv), *sp.url, *sp.secret); err != nil {
			return e.usageError(c, "%v", err)
		}
	}
	printSandbox(e.stdout, srv, providers, *token != "")
	if e.listening != nil {
		e.listening(strings.TrimPrefix(srv.URL(), "http://"))
	}
	<-ctx.Done()
	fmt.Fprintln(e.stderr, "waack sandbox: stopped")
	return exitOK
}

// givenToken stands for a token the user chose with --token: like every
// command, the sandbox never prints a token it was given, only its own
// random ones, which exist for this run alone.
const givenToken = "<the --token you gave>"

func printSandbox(w io.Writer, srv *waacktest.Server, providers []*sandboxProvider, tokenGiven bool) {
	base := srv.URL()
	// tok is the token line's value, goTok the Go expression for it.
	tok := func(t string) (string, string) {
		if tokenGiven {
			return givenToken, `os.Getenv("` + envconfig.VarToken + `")`
		}
		return t, strconv.Quote(t)
	}
	fmt.Fprintf(w, "waack sandbox: Cloud API, 1MSG and Wawp on %s; Ctrl-C to stop\n\n", base)
	fmt.Fprintf(w, "  web view   %s/ (watch the chats, or play the customer: New chat, write, react, read)\n", base)
	fmt.Fprintf(w, "  business   +%s (the number customers write to)\n", srv.BusinessPhone())
	at := ""
	if base != defaultSandboxURL {
		at = " --sandbox " + base
	}
	fmt.Fprintf(w, "  customer   waack customer say%s 'Hi!' (writes as a customer, prints the message id)\n", at)
	fmt.Fprintf(w, "  clock      waack clock%s +25h (moves the sandbox clock: +25h closes the 24 h window)\n", at)
	for _, sp := range providers {
		fmt.Fprintf(w, "\n%s\n", sp.title)
		var lines []string
		switch p := sp.p(srv).(type) {
		case waack.CloudAPI:
			t, goT := tok(p.AccessToken)
			lines = []string{
				envconfig.VarProvider + "=" + p.Name(),
				envconfig.VarBaseURL + "=" + p.BaseURL,
				envconfig.VarPhoneNumberID + "=" + p.PhoneNumberID,
				envconfig.VarGraphVersion + "=" + p.Version,
				envconfig.VarToken + "=" + t,
				fmt.Sprintf("waack.CloudAPI{PhoneNumberID: %q, AccessToken: %s, BaseURL: %q, Version: %q}", p.PhoneNumberID, goT, p.BaseURL, p.Version),
			}
		case waack.OneMsg:
			t, goT := tok(p.Token)
			lines = []string{
				envconfig.VarProvider + "=" + p.Name(),
				envconfig.VarBaseURL + "=" + p.BaseURL,
				envconfig.VarChannelID + "=" + p.ChannelID,
				envconfig.VarToken + "=" + t,
				fmt.Sprintf("waack.OneMsg{ChannelID: %q, Token: %s, BaseURL: %q}", p.ChannelID, goT, p.BaseURL),
			}
		case waack.Wawp:
			t, goT := tok(p.AccessToken)
			lines = []string{
				envconfig.VarProvider + "=" + p.Name(),
				envconfig.VarBaseURL + "=" + p.BaseURL,
				envconfig.VarInstanceID + "=" + p.InstanceID,
				envconfig.VarToken + "=" + t,
				fmt.Sprintf("waack.Wawp{InstanceID: %q, AccessToken: %s, BaseURL: %q}", p.InstanceID, goT, p.BaseURL),
			}
		}
		for _, l := range lines {
			fmt.Fprintf(w, "  %s\n", l)
		}
		hook := "none (see --" + sp.p(srv).Name() + "-webhook-url)"
		if *sp.url != "" {
			hook = *sp.url
			if *sp.secret != "" {
				hook += " (with the given secret)"
			}
		}
		fmt.Fprintf(w, "  webhooks → %s\n", hook)
	}
}
