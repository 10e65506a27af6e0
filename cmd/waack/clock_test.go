package main

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

func TestClockReadsAndAdvancesTheSandbox(t *testing.T) {
	srv := sandbox(t)
	start := srv.Now()

	o := runCmd(t, nil, "clock", "--sandbox", srv.URL())
	require.Equal(t, exitOK, o.code, o.all())
	assert.Equal(t, "sandbox clock: "+start.UTC().Format(time.RFC3339Nano)+"\n", o.stdout)

	o = runCmd(t, nil, "clock", "+25h", "--sandbox", srv.URL()) // a flag after the argument
	require.Equal(t, exitOK, o.code, o.all())
	assert.Equal(t, 25*time.Hour, srv.Now().Sub(start))
	assert.Contains(t, o.stdout, "✓ sandbox clock advanced 25h: now "+srv.Now().UTC().Format(time.RFC3339Nano))

	// The sandbox's address may come from the environment; days work.
	o = runCmd(t, map[string]string{varSandboxURL: srv.URL()}, "clock", "+31d", "--json")
	require.Equal(t, exitOK, o.code, o.all())
	assert.Equal(t, 25*time.Hour+31*24*time.Hour, srv.Now().Sub(start))
	var got clockJSON
	require.NoError(t, json.Unmarshal([]byte(o.stdout), &got), o.stdout)
	assert.True(t, got.OK)
	assert.Equal(t, "31d", got.Advanced)
	assert.Equal(t, srv.Now().UTC().Format(time.RFC3339Nano), got.Now)
}

func TestClockErrors(t *testing.T) {
	srv := sandbox(t)
	start := srv.Now()
	for _, bad := range []string{"+soon", "+-1h", "+0s", "+500d"} {
		o := runCmd(t, nil, "clock", bad, "--sandbox", srv.URL())
		assert.Equal(t, exitValidation, o.code, bad+": "+o.all())
		assert.Contains(t, o.stderr, "waack clock: the sandbox refused: advance:", bad)
	}
	assert.Equal(t, start, srv.Now(), "a refused move does not move the clock")

	o := runCmd(t, nil, "clock", "+1h", "+2h", "--sandbox", srv.URL())
	assert.Equal(t, exitUsage, o.code)
	o = runCmd(t, nil, "clock", "--sandbox", "ftp://127.0.0.1:8025")
	assert.Equal(t, exitUsage, o.code)
	assert.Contains(t, o.stderr, "must be the sandbox's base URL")

	o = runCmd(t, nil, "clock", "+1h", "--sandbox", "http://"+closedPort(t))
	assert.Equal(t, exitNetwork, o.code)
	assert.Contains(t, o.stderr, "no sandbox answered at http://127.0.0.1:1")
	assert.Contains(t, o.stderr, "start one with `waack sandbox`")
}

// The 24-hour and 30-day rules, by hand: the customer writes, the clock
// moves, and the provider calls meet the rules as they would for real.
func TestClockShowsTheRulesByHand(t *testing.T) {
	srv := sandbox(t)
	for _, p := range providersOf(srv) {
		t.Run(p.Name(), func(t *testing.T) {
			from := map[string]string{waack.ProviderCloudAPI: "15550000001", waack.ProviderOneMsg: "15550000002", waack.ProviderWawp: "15550000003"}[p.Name()]
			o := runCmd(t, nil, "customer", "say", "--sandbox", srv.URL(), "--provider", p.Name(), "--from", from, "Hello?")
			require.Equal(t, exitOK, o.code, o.all())
			in := printedID(t, o.stdout)
			vars := envFor(srv, p)

			o = runCmd(t, nil, "clock", "+31d", "--sandbox", srv.URL())
			require.Equal(t, exitOK, o.code, o.all())

			// A reaction to the 31-day-old message is accepted, then fails.
			o = runCmd(t, vars, "react", "--to", from, "--message-id", in, "--emoji", "🙏")
			require.Equal(t, exitOK, o.code, o.all())
			reaction := chatMessageOf(t, srv, p, from, printedID(t, o.stdout))
			assert.Equal(t, waack.StatusFailed, reaction.Status)

			// A text after the 24-hour window: refused at once by 1MSG,
			// accepted and then failed elsewhere.
			o = runCmd(t, vars, "send", "--to", from, "--text", "Still there?")
			if p.Name() == waack.ProviderOneMsg {
				assert.Equal(t, exitAPI, o.code, o.all())
				assert.Contains(t, o.stderr, "hint: over 24 hours since the customer last wrote")
				return
			}
			require.Equal(t, exitOK, o.code, o.all())
			assert.Equal(t, waack.StatusFailed, chatMessageOf(t, srv, p, from, printedID(t, o.stdout)).Status)
		})
	}
}

// chatMessageOf finds a message of customer from's chat by id.
func chatMessageOf(t *testing.T, srv *waacktest.Server, p waack.Provider, from, id string) waacktest.Message {
	t.Helper()
	chat, ok := srv.Chat(p, from)
	require.True(t, ok)
	for _, m := range chat.Messages {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("message %s is not in the chat", id)
	return waacktest.Message{}
}
