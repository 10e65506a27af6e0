package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/waack/waack"
)

// maxTextFile bounds what --text-file reads; a text is at most 4096
// characters, so anything near this is refused by validation anyway.
const maxTextFile = 64 << 10

func sendCommand() *command {
	return &command{
		name:     "send",
		summary:  "send a session text (a reply within the 24-hour window)",
		synopsis: "waack send --to PHONE (--text TEXT | --text-file FILE) [--value V]... [--reply-to ID] [flags]",
		about: `Sends a free-form text, possibly quoting the customer's message (--reply-to).
It only reaches a customer who wrote within the last 24 hours; outside that
window providers refuse it or report it failed (ErrSessionWindowClosed).

--value fills the text's placeholders {{1}}, {{2}}… in order; every
placeholder needs a value and every value a placeholder, by the rules of
waack.FillPlaceholders: a text with a placeholder left unfilled is refused
(exit 3), never sent. --text-file - reads the text from stdin (trailing
newlines removed).

A text is never resent after an ambiguous failure (exit 5): check the status
webhook before sending again.`,
		examples: `  waack send --to 16505551234 --text "Thanks, we are on it." --reply-to wamid.HBgL…
  waack send --to 16505551234 --text 'Hello, {{1}}! We received your request about «{{2}}».' --value Alexey --value CRM
  echo "Your order has shipped." | waack send --provider 1msg --channel-id ODI371267300 --to 16505551234 --text-file -`,
		sections: callSections("to", "text", "text-file", "value", "reply-to", "preview-url"),
		run:      runSend,
	}
}

func runSend(ctx context.Context, e *env, c *command, args []string) int {
	cl := newCall(c)
	to := cl.fs.String("to", "", "the customer: a phone number, or a chat id (1MSG, Wawp)")
	text := cl.fs.String("text", "", "the text, 1–4096 characters")
	textFile := cl.fs.String("text-file", "", "read the text from this file (- for stdin)")
	var values []string
	cl.fs.Func("value", "the `text` of a placeholder: the first --value fills {{1}}, the next {{2}}… (repeatable)", func(v string) error {
		values = append(values, v)
		return nil
	})
	replyTo := cl.fs.String("reply-to", "", "quote this message (a contextual reply)")
	preview := cl.fs.Bool("preview-url", false, "ask WhatsApp to preview the first URL (Cloud API)")
	if done, code := e.parse(c, cl.fs, args); done {
		return code
	}
	if *text != "" && *textFile != "" {
		return e.usageError(c, "give --text or --text-file, not both")
	}
	if done, code := e.require(c, [2]string{"to", *to}); done {
		return code
	}
	body := *text
	if *textFile != "" {
		var err error
		if body, err = e.readText(*textFile); err != nil {
			fmt.Fprintf(e.stderr, "waack send: %v\n", err)
			return exitOther
		}
	} else if done, code := e.require(c, [2]string{"text", body}); done {
		return code
	}
	client, code := cl.client(e)
	if client == nil {
		return code
	}
	res := result{Provider: client.Provider(), Headline: "text accepted (delivery is reported by the status webhook)", IDIs: "the text's id"}
	// Always filled, values or not: a text with a {{1}} left in it would
	// show the customer the raw placeholder.
	body, err := waack.FillPlaceholders(body, values...)
	if err != nil {
		return cl.report(e, res, err)
	}
	ctx, cancel := cl.context(ctx)
	defer cancel()
	sent, err := client.SendText(ctx, waack.Text{To: *to, Body: body, ReplyTo: *replyTo, PreviewURL: *preview})
	return cl.report(e, res.withSent(sent), err)
}

// readText reads a text from a file or, for "-", stdin, without the
// trailing newlines a shell or editor adds.
func (e *env) readText(name string) (string, error) {
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return "", err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxTextFile))
	if err != nil {
		return "", fmt.Errorf("reading --text-file: %w", err)
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}
