package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// env is what a command may touch of the outside world. Tests fill it with
// buffers and a fake environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// listening, when set, learns the address a server command (listen,
	// sandbox) bound, so tests can use port 0.
	listening func(addr string)
}

// command is one `waack <name>`. Its usage text is assembled from the
// fields and its flag set, so `-h` and `waack help <name>` agree.
type command struct {
	name     string
	summary  string // one line for `waack help`
	synopsis string // e.g. "waack react --to PHONE --message-id ID --emoji EMOJI [flags]"
	about    string // what it does, a paragraph or two
	examples string // indented shell lines
	// sections groups flag names under headings in the usage text; flags
	// in no section are listed under "Flags".
	sections []flagSection
	run      func(ctx context.Context, e *env, c *command, args []string) int
}

type flagSection struct {
	title string
	names []string
}

// newFlagSet returns a flag set that reports errors to the caller instead of
// printing or exiting.
func newFlagSet(c *command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses args. done reports that the command must stop now with code:
// after -h/--help (usage on stdout, 0) or a usage error (stderr, 2).
func (e *env) parse(c *command, fs *flag.FlagSet, args []string) (done bool, code int) {
	if done, code := e.parseFlags(c, fs, args); done {
		return done, code
	}
	if fs.NArg() > 0 {
		// The argument itself is not echoed: a misplaced value may be a secret.
		return true, e.usageError(c, "unexpected argument: %s takes flags only (misplaced value, or a flag after it?)", c.name)
	}
	return false, exitOK
}

// parseArgs is parse for a command that takes arguments too: flags may
// come before, between or after them (waack clock +25h --sandbox URL);
// everything after "--" is an argument.
func (e *env) parseArgs(c *command, fs *flag.FlagSet, args []string) (pos []string, done bool, code int) {
	for {
		if done, code := e.parseFlags(c, fs, args); done {
			return nil, done, code
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, false, exitOK
		}
		if i := len(args) - len(rest) - 1; i >= 0 && args[i] == "--" {
			return append(pos, rest...), false, exitOK
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// parseFlags parses flags up to the first argument; done after -h or a
// usage error.
func (e *env) parseFlags(c *command, fs *flag.FlagSet, args []string) (done bool, code int) {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		e.usage(c, fs, e.stdout)
		return true, exitOK
	case err != nil:
		return true, e.usageError(c, "%v", err)
	}
	return false, exitOK
}

// usageError reports a usage mistake on stderr and returns exitUsage.
func (e *env) usageError(c *command, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "waack %s: %s\nRun 'waack %s -h' for usage.\n", c.name, fmt.Sprintf(format, args...), c.name)
	return exitUsage
}

// require reports the first of the named flags whose value is blank.
func (e *env) require(c *command, flags ...[2]string) (done bool, code int) {
	for _, f := range flags {
		if strings.TrimSpace(f[1]) == "" {
			return true, e.usageError(c, "missing --%s", f[0])
		}
	}
	return false, exitOK
}

// usage writes the command's usage text: synopsis, description, flags by
// section, examples.
func (e *env) usage(c *command, fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", c.synopsis, strings.TrimSpace(c.about))
	listed := map[string]bool{}
	for _, s := range c.sections {
		for _, n := range s.names {
			listed[n] = true
		}
	}
	var rest []string
	fs.VisitAll(func(f *flag.Flag) {
		if !listed[f.Name] {
			rest = append(rest, f.Name)
		}
	})
	sections := c.sections
	if len(rest) > 0 {
		sections = append([]flagSection{{title: "Flags", names: rest}}, sections...)
	}
	for _, s := range sections {
		fmt.Fprintf(w, "\n%s:\n", s.title)
		for _, n := range s.names {
			writeFlag(w, fs.Lookup(n))
		}
	}
	if c.examples != "" {
		fmt.Fprintf(w, "\nExamples:\n%s\n", strings.TrimRight(c.examples, "\n"))
	}
}

// writeFlag prints one flag like flag.PrintDefaults, with two dashes and
// without zero defaults. Defaults are only ever literals of this program,
// never environment values.
func writeFlag(w io.Writer, f *flag.Flag) {
	if f == nil {
		return
	}
	typ, usage := flag.UnquoteUsage(f)
	line := "  --" + f.Name
	if typ != "" {
		line += " " + typ
	}
	switch f.DefValue {
	case "", "false", "0", "0s":
	default:
		usage += fmt.Sprintf(" (default %s)", f.DefValue)
	}
	fmt.Fprintf(w, "%s\n      %s\n", line, usage)
}
