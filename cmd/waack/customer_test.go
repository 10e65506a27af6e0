package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

// The customer's side, from the command line: write, then react to and
// read the business's reply, each printing the id the next command needs.
func TestCustomerSayReactRead(t *testing.T) {
	srv := sandbox(t)
	for _, p := range providersOf(srv) {
		t.Run(p.Name(), func(t *testing.T) {
			at := map[string]string{varSandboxURL: srv.URL()}
			o := runCmd(t, at, "customer", "say", "--provider", p.Name(), "My", "order", "is", "late")
			require.Equal(t, exitOK, o.code, o.all())
			in := printedID(t, o.stdout)
			assert.Contains(t, o.stdout, "✓ the customer "+defaultCustomer+" wrote to the business on "+p.Name())
			assert.Contains(t, o.stdout, "next      waack ack --from "+defaultCustomer+" --message-id "+in)
			m := chatMessage(t, srv, p, in)
			assert.Equal(t, waacktest.FromCustomer, m.Direction)
			assert.Equal(t, "My order is late", m.Text)

			// The printed id is what the one-shot commands take.
			vars := envFor(srv, p)
			o = runCmd(t, vars, "ack", "--from", customer, "--message-id", in)
			require.Equal(t, exitOK, o.code, o.all())
			o = runCmd(t, vars, "send", "--to", customer, "--text", "On its way.", "--reply-to", in)
			require.Equal(t, exitOK, o.code, o.all())
			reply := printedID(t, o.stdout)

			// Without --provider and --from, the chat is the message's.
			o = runCmd(t, at, "customer", "react", "--message-id", reply, "--emoji", `\uD83D\uDE4F`)
			require.Equal(t, exitOK, o.code, o.all())
			assert.Contains(t, o.stdout, "✓ the customer reacted 🙏 to "+reply)
			reaction := printedID(t, o.stdout)
			assert.Equal(t, "🙏", srv.Reactions(reply)[customer])
			assert.Equal(t, waacktest.TypeReaction, chatMessage(t, srv, p, reaction).Type)

			o = runCmd(t, at, "customer", "react", "--message-id", reply, "--remove", "--json")
			require.Equal(t, exitOK, o.code, o.all())
			assert.Empty(t, srv.Reactions(reply)[customer])

			o = runCmd(t, at, "customer", "read", "--message-id", reply, "--json")
			require.Equal(t, exitOK, o.code, o.all())
			var got result
			require.NoError(t, json.Unmarshal([]byte(o.stdout), &got), o.stdout)
			assert.Equal(t, "customer read", got.Command)
			assert.Equal(t, reply, got.ID)
			assert.Equal(t, waack.StatusRead, chatMessage(t, srv, p, reply).Status)
		})
	}
}

func TestCustomerSayReplyingFromAnotherPhone(t *testing.T) {
	srv := sandbox(t)
	o := runCmd(t, nil, "customer", "say", "--sandbox", srv.URL(), "--from", "+1 650 555 0000", "--json", "--", "--not-a-flag")
	require.Equal(t, exitOK, o.code, o.all())
	var got result
	require.NoError(t, json.Unmarshal([]byte(o.stdout), &got), o.stdout)
	assert.Equal(t, "customer say", got.Command)
	assert.Equal(t, "cloudapi", got.Provider)
	chat, ok := srv.Chat(srv.CloudAPI(), "16505550000")
	require.True(t, ok)
	require.Len(t, chat.Messages, 1)
	assert.Equal(t, got.ID, chat.Messages[0].ID)
	assert.Equal(t, "--not-a-flag", chat.Messages[0].Text, "after -- everything is text")
}

func TestCustomerErrors(t *testing.T) {
	srv := sandbox(t)
	in := srv.Inbound(srv.CloudAPI(), customer, "hi")
	at := map[string]string{varSandboxURL: srv.URL()}
	for name, tc := range map[string]struct {
		args []string
		code int
		want string
	}{
		"no action":        {[]string{}, exitUsage, "say, react or read?"},
		"unknown action":   {[]string{"shout"}, exitUsage, `unknown action "shout"`},
		"say nothing":      {[]string{"say"}, exitUsage, "say what?"},
		"react no id":      {[]string{"react", "--emoji", "👍"}, exitUsage, "react needs --message-id"},
		"react no emoji":   {[]string{"react", "--message-id", in}, exitUsage, "react needs --emoji EMOJI or --remove"},
		"react both":       {[]string{"react", "--message-id", in, "--emoji", "👍", "--remove"}, exitUsage, "react needs --emoji EMOJI or --remove"},
		"read with text":   {[]string{"read", "--message-id", in, "hello"}, exitUsage, "read takes flags only"},
		"unknown provider": {[]string{"say", "--provider", "sms", "hi"}, exitUsage, `unknown provider "sms"`},
		"bad phone":        {[]string{"say", "--from", "call me", "hi"}, exitValidation, "the sandbox refused: from:"},
		"unknown message":  {[]string{"react", "--message-id", "wamid.NOPE", "--emoji", "👍"}, exitValidation, `no chat has a message "wamid.NOPE"`},
		"own message read": {[]string{"read", "--message-id", in}, exitValidation, "is not a business text the customer can read"},
		"two emojis":       {[]string{"react", "--message-id", in, "--emoji", "👍👍", "--provider", "cloudapi"}, exitValidation, "is not one emoji"},
	} {
		t.Run(name, func(t *testing.T) {
			o := runCmd(t, at, append([]string{"customer"}, tc.args...)...)
			assert.Equal(t, tc.code, o.code, o.all())
			assert.Contains(t, o.stderr, tc.want)
			assert.Empty(t, o.stdout)
		})
	}
	o := runCmd(t, nil, "customer", "say", "--sandbox", "http://"+closedPort(t), "hi")
	assert.Equal(t, exitNetwork, o.code)
	assert.Contains(t, o.stderr, "no sandbox answered")
}

// The sandbox tells the user how to drive it from another terminal.
func TestSandboxPrintsHowToDriveIt(t *testing.T) {
	r := startServer(t, nil, "sandbox", "--addr", "127.0.0.1:0")
	out := r.stdout.String()
	base := "http://" + r.addr
	assert.Contains(t, out, "waack customer say --sandbox "+base+" 'Hi!'")
	assert.Contains(t, out, "waack clock --sandbox "+base+" +25h")
	r.stop(t)
}
