package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

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
// status or error (the provider is the caller's to show). Texts are quoted so that a newline in them cannot break
// the one-line-per-event layout.
func eventLine(ev waack.Event) string {
	var rest string
	switch ev := ev.(type) {
	case waack.MessageEvent:
		rest = ev.ID + "  from " + orDash(ev.From)
		if ev.ContactName != "" {
			rest += " (" + ev.ContactName + ")"
		}
		if ev.ReplyTo != "" {
			rest += ", replying to " + ev.ReplyTo
		}
		if ev.Type != "" && ev.Type != "text" && ev.Type != "chat" { // 1MSG calls texts "chat"
			rest += ", " + ev.Type
		}
		if ev.Text != "" {
			rest += ": " + strconv.Quote(ev.Text)
		}
	case waack.ReactionEvent:
		what := ev.Emoji
		if ev.Removed {
			what = "removed"
		}
		rest = orDash(ev.ID) + "  from " + orDash(ev.From) + " on " + orDash(ev.MessageID) + ": " + what
	case waack.StatusEvent:
		rest = ev.MessageID + "  to " + orDash(ev.Recipient) + ": " + string(ev.Status)
		if ev.Err != nil {
			rest += " — " + oneLine(ev.Err.Error())
		}
	case waack.ErrorEvent:
		if ev.Err != nil {
			rest = oneLine(ev.Err.Error())
		}
	}
	return fmt.Sprintf("%-8s  %s", eventKind(ev), rest)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// oneLine folds line breaks a provider put into an error text.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
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
