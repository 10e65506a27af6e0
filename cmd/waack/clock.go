package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

func clockCommand() *command {
	return &command{
		name:     "clock",
		summary:  "read or advance a running sandbox's clock (+25h, +31d) to show the time rules",
		synopsis: "waack clock [+DURATION] [--sandbox URL] [--json]",
		about: `Prints the clock of a running waack sandbox, or moves it forward: +1h, +25h,
+31d (whole days first, then a Go duration: +1d12h, +90m). Nothing else
moves it: the sandbox stamps every message with its own clock, so time passes
only when you say so.

After +25h a text to a customer who has not written since is outside the
24-hour window: the Cloud API reports it failed (131047), 1MSG refuses it.
After +31d a reaction to an older message is accepted, then reported failed
(131009). The web view follows the clock live; "typing…" ends after 25 s of
it.`,
		examples: `  waack clock              # what time is it in the sandbox?
  waack clock +25h         # the customer's 24-hour window closes
  waack clock +31d --sandbox http://127.0.0.1:9000`,
		sections: []flagSection{{title: "Flags", names: []string{"sandbox", "json"}}},
		run:      runClock,
	}
}

// clockJSON is the outcome --json prints.
type clockJSON struct {
	Command  string     `json:"command"`
	OK       bool       `json:"ok"`
	Now      string     `json:"now,omitempty"`      // the sandbox clock after the call, RFC 3339
	Advanced string     `json:"advanced,omitempty"` // the move asked for, e.g. "25h"
	ExitCode int        `json:"exit_code"`
	Error    *errorJSON `json:"error,omitempty"`
}

func runClock(ctx context.Context, e *env, c *command, args []string) int {
	fs := newFlagSet(c)
	sandboxURL := addSandboxFlag(fs)
	jsonOut := fs.Bool("json", false, "print the outcome as one JSON object on stdout")
	pos, done, code := e.parseArgs(c, fs, args)
	if done {
		return code
	}
	if len(pos) > 1 {
		return e.usageError(c, "one duration at a time, e.g. +25h")
	}
	api, err := newSandboxAPI(*sandboxURL, e.getenv)
	if err != nil {
		return e.usageError(c, "%v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, sandboxTimeout)
	defer cancel()
	var out struct {
		Now string `json:"now"`
	}
	res := clockJSON{Command: c.name}
	if len(pos) == 0 {
		err = api.do(ctx, http.MethodGet, "/_waack/clock", nil, &out)
	} else {
		// The sandbox owns the rules of what a move may be; it names the
		// problem with a refused one.
		res.Advanced = strings.TrimPrefix(pos[0], "+")
		err = api.do(ctx, http.MethodPost, "/_waack/clock", map[string]string{"advance": res.Advanced}, &out)
	}
	res.Now, res.OK, res.ExitCode = out.Now, err == nil, sandboxExitCode(err)
	if err != nil {
		res.Error = &errorJSON{Message: err.Error()}
	}
	switch {
	case *jsonOut:
		writeJSON(e.stdout, res)
	case err != nil:
		fmt.Fprintf(e.stderr, "waack clock: %v\n", err)
	case res.Advanced != "":
		fmt.Fprintf(e.stdout, "✓ sandbox clock advanced %s: now %s\n", res.Advanced, res.Now)
	default:
		fmt.Fprintf(e.stdout, "sandbox clock: %s\n", res.Now)
	}
	return res.ExitCode
}
