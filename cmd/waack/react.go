package main

import (
	"context"

	"github.com/waack/waack"
)

func reactCommand() *command {
	return &command{
		name:     "react",
		summary:  "put an emoji on a customer's message",
		synopsis: "waack react --to PHONE --message-id ID --emoji EMOJI [flags]",
		about: `Reacts to a message with one emoji (👍, ⏳, ✅…); a new reaction replaces the
previous one. Acceptance is all the call learns: a target over 30 days old is
reported later, by a failed status webhook (see waack listen).
The emoji may be given in the text form \uD83D\uDC4D as well.`,
		examples: `  export WAACK_TOKEN=…   # not --token: flags show in ps
  waack react --phone-number-id 106540352242922 --to 16505551234 --message-id wamid.HBgL… --emoji 👍
  waack react --provider 1msg --channel-id ODI371267300 --to 16505551234 --message-id wamid.… --emoji ⏳ --json`,
		sections: callSections("to", "message-id", "emoji"),
		run:      runReact,
	}
}

func runReact(ctx context.Context, e *env, c *command, args []string) int {
	cl := newCall(c)
	to := cl.fs.String("to", "", "the customer: a phone number, or a chat id (1MSG, Wawp)")
	msgID := cl.fs.String("message-id", "", "the message to react to")
	emoji := cl.fs.String("emoji", "", "exactly one emoji")
	if done, code := e.parse(c, cl.fs, args); done {
		return code
	}
	if done, code := e.require(c, [2]string{"to", *to}, [2]string{"message-id", *msgID}, [2]string{"emoji", *emoji}); done {
		return code
	}
	client, code := cl.client(e)
	if client == nil {
		return code
	}
	ctx, cancel := cl.context(ctx)
	defer cancel()
	sent, err := client.React(ctx, waack.Reaction{To: *to, MessageID: *msgID, Emoji: *emoji})
	res := result{Provider: client.Provider(), Headline: "reaction " + displayEmoji(*emoji) + " on " + *msgID + " accepted", MessageID: *msgID, Emoji: displayEmoji(*emoji), IDIs: "the reaction's own id"}
	return cl.report(e, res.withSent(sent), err)
}
