package main

import (
	"context"
)

func unreactCommand() *command {
	return &command{
		name:     "unreact",
		summary:  "remove the business's reaction from a message",
		synopsis: "waack unreact --to PHONE --message-id ID [flags]",
		about:    `Removes the business's reaction from a message (an empty emoji on the wire).`,
		examples: `  export WAACK_PROVIDER=wawp WAACK_INSTANCE_ID=123456789012 WAACK_TOKEN=…
  waack unreact --to 16505551234@c.us --message-id false_16505551234@c.us_3EB0C767D097`,
		sections: callSections("to", "message-id"),
		run:      runUnreact,
	}
}

func runUnreact(ctx context.Context, e *env, c *command, args []string) int {
	cl := newCall(c)
	to := cl.fs.String("to", "", "the customer: a phone number, or a chat id (1MSG, Wawp)")
	msgID := cl.fs.String("message-id", "", "the message whose reaction to remove")
	if done, code := e.parse(c, cl.fs, args); done {
		return code
	}
	if done, code := e.require(c, [2]string{"to", *to}, [2]string{"message-id", *msgID}); done {
		return code
	}
	client, code := cl.client(e)
	if client == nil {
		return code
	}
	ctx, cancel := cl.context(ctx)
	defer cancel()
	sent, err := client.Unreact(ctx, *to, *msgID)
	res := result{Provider: client.Provider(), Headline: "reaction removed from " + *msgID, MessageID: *msgID, IDIs: "the removal's own id"}
	return cl.report(e, res.withSent(sent), err)
}
