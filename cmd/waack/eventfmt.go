package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/waack/waack"
)

// eventKind names an event's type in one word.
func eventKind(ev waack.Event) string {
	switch ev.(type) {
	case waack.MessageEvent:
		return "message"
	case waack.ReactionEvent:
		return "reaction"
	case waack.StatusEvent:
		return "status"
	case waack.ErrorEvent:
		return "error"
	}
	return "unknown"
}

// eventLine describes an event on one line: kind, id, who, and the emoji,
// status or error (the provider is the caller's to show). about, when not
// empty, is what a status's message is ("reaction 👍", "text"), which the
// webhook does not say but the caller may know (see recall). Webhook fields are
// the sender's to choose, so texts are quoted and every other field has its
// control characters escaped: a newline cannot break the one-line-per-event
// layout, nor an escape sequence take over the terminal.
func eventLine(ev waack.Event, about string) string {
	return eventFormat{}.line(ev, about)
}

// eventFormat lays events out for people. With short set, ids are
// shortened in the middle (the demo, whose lines must fit a terminal);
// listen prints them whole, to be copied.
type eventFormat struct{ short bool }

func (f eventFormat) id(s string) string {
	if f.short {
		return shortID(field(s))
	}
	return field(s)
}

// line is eventLine in this format.
func (f eventFormat) line(ev waack.Event, about string) string {
	var rest string
	switch ev := ev.(type) {
	case waack.MessageEvent:
		rest = f.id(ev.ID) + "  from " + field(ev.From)
		if ev.ContactName != "" {
			rest += " (" + field(ev.ContactName) + ")"
		}
		if ev.ReplyTo != "" {
			rest += ", replying to " + f.id(ev.ReplyTo)
		}
		if ev.Type != "" && ev.Type != "text" && ev.Type != "chat" { // 1MSG calls texts "chat"
			rest += ", " + field(ev.Type)
		}
		if ev.Text != "" {
			rest += ": " + strconv.Quote(ev.Text)
		}
	case waack.ReactionEvent:
		what := field(ev.Emoji)
		if ev.Removed {
			what = "removed"
		}
		rest = f.id(ev.ID) + "  from " + field(ev.From) + " on " + f.id(ev.MessageID) + ": " + what
	case waack.StatusEvent:
		rest = f.id(ev.MessageID) + "  to " + field(ev.Recipient) + ": " + field(string(ev.Status))
		if about != "" {
			rest += " (" + printable(about) + ")"
		}
		if ev.Err != nil {
			rest += " — " + errorText(ev.Err)
		}
	case waack.ErrorEvent:
		if ev.Err != nil {
			rest = errorText(ev.Err)
		}
	}
	return fmt.Sprintf("%-8s  %s", eventKind(ev), rest)
}

// field is a webhook value made printable; "-" when empty.
func field(s string) string {
	if s == "" {
		return "-"
	}
	return printable(s)
}

// errorText is a provider's error on one line: the line breaks some
// providers put into their texts become spaces.
func errorText(err error) string {
	return printable(strings.Join(strings.Fields(err.Error()), " "))
}

// printable escapes control characters, line and paragraph separators and
// invalid UTF-8 bytes Go style (\n, \x1b, \u2028, \xff).
func printable(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[0])
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[:size])
		}
		s = s[size:]
	}
	return b.String()
}

// eventJSON is one event for machines (waack listen --json).
type eventJSON struct {
	Received    string     `json:"received"` // when the webhook arrived, RFC 3339
	Provider    string     `json:"provider"`
	Kind        string     `json:"kind"`
	ID          string     `json:"id,omitempty"`
	From        string     `json:"from,omitempty"`
	ChatID      string     `json:"chat_id,omitempty"`
	Recipient   string     `json:"recipient,omitempty"`
	ContactName string     `json:"contact_name,omitempty"`
	Type        string     `json:"type,omitempty"`
	Text        string     `json:"text,omitempty"`
	ReplyTo     string     `json:"reply_to,omitempty"`
	MessageID   string     `json:"message_id,omitempty"` // the message a reaction or status is about
	Emoji       string     `json:"emoji,omitempty"`
	Removed     bool       `json:"removed,omitempty"`
	Status      string     `json:"status,omitempty"`
	Timestamp   string     `json:"timestamp,omitempty"` // the provider's, RFC 3339
	About       string     `json:"about,omitempty"`     // a status's message, when known: "reaction 👍", "text"
	Repeat      bool       `json:"repeat,omitempty"`    // the same event arrived before (a redelivery)
	Error       *errorJSON `json:"error,omitempty"`
}

func newEventJSON(ev waack.Event, received time.Time) eventJSON {
	out := eventJSON{Received: received.Format(time.RFC3339Nano), Provider: ev.EventProvider(), Kind: eventKind(ev)}
	var ts time.Time
	switch ev := ev.(type) {
	case waack.MessageEvent:
		out.ID, out.From, out.ChatID, out.ContactName = ev.ID, ev.From, ev.ChatID, ev.ContactName
		out.Type, out.Text, out.ReplyTo, ts = ev.Type, ev.Text, ev.ReplyTo, ev.Timestamp
	case waack.ReactionEvent:
		out.ID, out.From, out.ChatID, out.MessageID = ev.ID, ev.From, ev.ChatID, ev.MessageID
		out.Emoji, out.Removed, ts = ev.Emoji, ev.Removed, ev.Timestamp
	case waack.StatusEvent:
		out.MessageID, out.Recipient, out.Status, ts = ev.MessageID, ev.Recipient, string(ev.Status), ev.Timestamp
		if ev.Err != nil {
			out.Error = newErrorJSON(ev.Err, "")
		}
	case waack.ErrorEvent:
		if ev.Err != nil {
			out.Error = newErrorJSON(ev.Err, "")
		}
	}
	if !ts.IsZero() {
		out.Timestamp = ts.Format(time.RFC3339)
	}
	return out
}
