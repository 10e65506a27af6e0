package main

import (
	"context"
	"fmt"
	"io"

	"github.com/waack/waack"
)

// commands lists every command in the order `waack help` shows them.
func commands() []*command {
	return []*command{
		demoCommand(), sandboxCommand(), customerCommand(), clockCommand(), listenCommand(),
		reactCommand(), unreactCommand(), readCommand(), sendCommand(), ackCommand(),
		versionCommand(),
	}
}

func lookup(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// run dispatches `waack <command> [flags]`.
func (e *env) run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		e.overview(e.stderr)
		return exitUsage
	}
	switch name := args[0]; {
	case isHelpWord(name):
		return e.help(ctx, args[1:])
	case name == "--version", name == "-version":
		return e.run(ctx, append([]string{"version"}, args[1:]...))
	default:
		c := lookup(name)
		if c == nil {
			fmt.Fprintf(e.stderr, "waack: unknown command %q\nRun 'waack help' for the list of commands.\n", name)
			return exitUsage
		}
		return c.run(ctx, e, c, args[1:])
	}
}

// help prints the overview, or one command's usage for `waack help <command>`.
func (e *env) help(ctx context.Context, args []string) int {
	switch {
	case len(args) == 0, len(args) == 1 && isHelpWord(args[0]):
		// `waack help --help` and `waack help help` ask for help, too.
		e.overview(e.stdout)
		return exitOK
	case len(args) > 1:
		fmt.Fprintf(e.stderr, "waack help: one command at a time\nRun 'waack help' for the list of commands.\n")
		return exitUsage
	}
	c := lookup(args[0])
	if c == nil {
		fmt.Fprintf(e.stderr, "waack help: unknown command %q\nRun 'waack help' for the list of commands.\n", args[0])
		return exitUsage
	}
	return c.run(ctx, e, c, []string{"-h"})
}

func isHelpWord(s string) bool {
	switch s {
	case "help", "-h", "-help", "--help":
		return true
	}
	return false
}

func (e *env) overview(w io.Writer) {
	fmt.Fprint(w, `waack acknowledges WhatsApp customers fast: react, mark read, reply, and
learn from webhooks what happened — on Meta's Cloud API, 1MSG and Wawp.

Usage: waack <command> [flags]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `  help      this text; 'waack help <command>' or 'waack <command> -h' for a command
  --version the same as 'waack version'

Provider calls (react, unreact, read, send, ack) are configured by flags or by
the environment; a flag wins over its variable:

  WAACK_PROVIDER         cloudapi (default), 1msg or wawp       --provider
  WAACK_PHONE_NUMBER_ID  Cloud API phone number id              --phone-number-id
  WAACK_CHANNEL_ID       1MSG channel id                        --channel-id
  WAACK_INSTANCE_ID      Wawp instance id                       --instance-id
  WAACK_TOKEN            access token (prefer it to --token)    --token
  WAACK_BASE_URL         API base URL, e.g. the sandbox's       --base-url
  WAACK_GRAPH_VERSION    Cloud API Graph version                --graph-version
  WAACK_AUTH_HEADER      Cloud API token header (relays)        --auth-header

The webhook receiver (listen) reads WAACK_APP_SECRET, WAACK_VERIFY_TOKEN and
WAACK_WEBHOOK_SECRET. No command prints a token or secret it was given.

Exit codes:
  0  success
  1  other failure (a demo step misbehaved, a port is taken, a file is unreadable)
  2  usage: unknown command, bad or missing flags or credentials
  3  validation: waack refused the input before sending (phone, emoji,
     message id, text, configuration)
  4  API: the provider refused the call (an *APIError, 1MSG "sent": false
     included)
  5  network: no usable answer (connection failed, --timeout passed, or the
     outcome is unknown: check the status webhook before resending)

Examples:
  waack demo                                   # the whole flow, no account needed
  waack sandbox --addr 127.0.0.1:8025          # a fake provider for your own code
  waack listen --provider cloudapi --addr 127.0.0.1:8080
  WAACK_TOKEN=… waack ack --phone-number-id 106540352242922 --from 16505551234 --message-id wamid.… --typing
`)
}

func versionCommand() *command {
	return &command{
		name:     "version",
		summary:  "print the waack version",
		synopsis: "waack version (or waack --version)",
		about:    "Prints the version of the waack SDK this command was built with.",
		examples: "  waack version",
		run: func(_ context.Context, e *env, c *command, args []string) int {
			if done, code := e.parse(c, newFlagSet(c), args); done {
				return code
			}
			fmt.Fprintln(e.stdout, "waack", waack.Version)
			return exitOK
		},
	}
}
