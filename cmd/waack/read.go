package main

import (
	"context"

	"github.com/waack/waack"
)

func readCommand() *command {
	return &command{
		name:     "read",
		summary:  "mark a customer's message read (blue ticks), optionally typing…",
		synopsis: "waack read --message-id ID [--from PHONE] [--typing] [flags]",
		about: `Marks an inbound message, and the earlier ones of its chat, read. With
--typing the customer also sees "typing…" for up to 25 seconds or until your
reply (Cloud API, 1MSG): use it only when a reply follows. Wawp has no typing
indicator: there --typing is not sent, and the output says so. Wawp needs the
sender, taken from --from or from a serialized id (false_<phone>@c.us_<key>).`,
		examples: `  waack read --phone-number-id 106540352242922 --message-id wamid.HBgL… --typing
  waack read --provider wawp --instance-id 123456789012 --message-id false_16505551234@c.us_3EB0C767D097`,
		sections: callSections("message-id", "from", "typing"),
		run:      runRead,
	}
}

func runRead(ctx context.Context, e *env, c *command, args []string) int {
	cl := newCall(c)
	msgID := cl.fs.String("message-id", "", "the customer's message")
	from := cl.fs.String("from", "", "the sender's phone or chat id (Wawp; optional for serialized ids)")
	typing := cl.fs.Bool("typing", false, "also show the typing indicator")
	if done, code := e.parse(c, cl.fs, args); done {
		return code
	}
	if done, code := e.require(c, [2]string{"message-id", *msgID}); done {
		return code
	}
	client, code := cl.client(e)
	if client == nil {
		return code
	}
	ctx, cancel := cl.context(ctx)
	defer cancel()
	err := client.MarkRead(ctx, waack.ReadReceipt{MessageID: *msgID, From: *from, Typing: *typing})
	typed, note := typingOutcome(client, *typing)
	headline := *msgID + " marked read"
	if typed {
		headline += ", typing indicator on"
	}
	return cl.report(e, result{Provider: client.Provider(), Headline: headline, MessageID: *msgID, Typing: &typed, Note: note}, err)
}
