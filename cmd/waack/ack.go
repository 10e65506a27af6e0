package main

import (
	"context"

	"github.com/waack/waack"
)

func ackCommand() *command {
	return &command{
		name:     "ack",
		summary:  "acknowledge a customer's message: 👍 reaction + read receipt",
		synopsis: "waack ack --from PHONE --message-id ID [--emoji EMOJI] [--typing] [flags]",
		about: `Reacts to an inbound message (👍 unless --emoji says otherwise) and marks it
read, in that order, the way a support desk says "got it". Both are attempted
even if one fails; the reaction's own id is printed when it went out.
--typing also shows "typing…" on the Cloud API and 1MSG; Wawp has no typing
indicator, so there the read receipt goes out alone and the output says so.`,
		examples: `  export WAACK_PHONE_NUMBER_ID=106540352242922 WAACK_TOKEN=…
  waack ack --from 16505551234 --message-id wamid.HBgL… --typing
  waack ack --from 16505551234 --message-id wamid.HBgL… --emoji 🙏 --json`,
		sections: callSections("from", "message-id", "emoji", "typing"),
		run:      runAck,
	}
}

func runAck(ctx context.Context, e *env, c *command, args []string) int {
	cl := newCall(c)
	from := cl.fs.String("from", "", "the customer who sent the message (phone or chat id)")
	msgID := cl.fs.String("message-id", "", "the customer's message")
	emoji := cl.fs.String("emoji", "", "the reaction (default "+waack.DefaultAckEmoji+")")
	typing := cl.fs.Bool("typing", false, "also show the typing indicator (a reply follows; Cloud API and 1MSG only)")
	if done, code := e.parse(c, cl.fs, args); done {
		return code
	}
	if done, code := e.require(c, [2]string{"from", *from}, [2]string{"message-id", *msgID}); done {
		return code
	}
	client, code := cl.client(e)
	if client == nil {
		return code
	}
	ctx, cancel := cl.context(ctx)
	defer cancel()
	sent, err := client.Acknowledge(ctx, waack.Ack{From: *from, MessageID: *msgID, Emoji: *emoji, Typing: *typing})
	shown := displayEmoji(*emoji)
	if shown == "" {
		shown = waack.DefaultAckEmoji
	}
	typed, note := typingOutcome(client, *typing)
	headline := *msgID + " acknowledged: " + shown + " + read"
	if err != nil && sent != nil {
		headline = "reaction " + shown + " on " + *msgID + " accepted; marking it read failed"
	}
	if typed {
		headline += " (typing…)"
	}
	res := result{Provider: client.Provider(), Headline: headline, MessageID: *msgID, Emoji: shown, Typing: &typed, Note: note, IDIs: "the reaction's own id"}
	return cl.report(e, res.withSent(sent), err)
}
