package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/envconfig"
)

// defaultTimeout bounds a call, retries included.
const defaultTimeout = 15 * time.Second

// call is the part every provider call command shares: provider flags,
// --timeout and --json, building the client, and reporting the outcome.
type call struct {
	c       *command
	fs      *flag.FlagSet
	pf      *providerFlags
	timeout time.Duration
	json    bool
}

// newCall returns the shared flags; the command adds its own to call.fs.
func newCall(c *command) *call {
	cl := &call{c: c, fs: newFlagSet(c)}
	cl.pf = addProviderFlags(cl.fs)
	cl.fs.DurationVar(&cl.timeout, "timeout", defaultTimeout, "give up after this long, retries included")
	cl.fs.BoolVar(&cl.json, "json", false, "print the outcome as one JSON object on stdout")
	return cl
}

// callSections is the usage layout of a call command whose own flags are
// own.
func callSections(own ...string) []flagSection {
	return []flagSection{
		{title: "Flags", names: append(own, "timeout", "json")},
		providerFlagSection(),
	}
}

// client parses nothing: it builds the client from the parsed flags and the
// environment, reporting a usage (2) or validation (3) error itself.
func (cl *call) client(e *env) (*waack.Client, int) {
	if cl.timeout <= 0 {
		return nil, e.usageError(cl.c, "--timeout must be positive")
	}
	p, err := cl.pf.provider(e.getenv)
	if err != nil {
		return nil, e.usageError(cl.c, "%v", err)
	}
	if cl.pf.tokenFlagGiven() {
		fmt.Fprintf(e.stderr, "waack %s: warning: --token is visible to other users of this machine (ps); prefer %s\n", cl.c.name, envconfig.VarToken)
	}
	c, err := waack.New(p)
	if err != nil {
		return nil, cl.report(e, result{}, err)
	}
	return c, exitOK
}

// context bounds the call by --timeout.
func (cl *call) context(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, cl.timeout)
}

// secret is the token in use, to scrub from anything printed (defence in
// depth: waack's errors never carry it).
func (cl *call) secret(e *env) string {
	return cl.pf.getenv(e.getenv)(envconfig.VarToken)
}

// report prints the outcome — res on success; res (whatever went out) and
// err on failure — and returns the exit code.
func (cl *call) report(e *env, res result, err error) int {
	res.Command = cl.c.name
	res.ExitCode = callExitCode(err)
	res.OK = err == nil
	if err != nil {
		res.Error = newErrorJSON(err, cl.secret(e))
	}
	if cl.json {
		writeJSON(e.stdout, res)
		return res.ExitCode
	}
	if res.ID != "" || res.OK {
		writeResult(e.stdout, res)
	}
	if err != nil {
		writeError(e.stderr, cl.c.name, err, cl.secret(e))
	}
	return res.ExitCode
}
