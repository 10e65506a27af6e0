package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

const customer = "16505551234"

// printedID is the id line of a call's human output.
func printedID(t *testing.T, stdout string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^  id +(\S+)(?:  \(.*\))?$`).FindStringSubmatch(stdout)
	require.NotNil(t, m, "no id line in %q", stdout)
	return m[1]
}

// chatMessage finds a message of the customer's chat by id.
func chatMessage(t *testing.T, srv *waacktest.Server, p waack.Provider, id string) waacktest.Message {
	t.Helper()
	chat, ok := srv.Chat(p, customer)
	require.True(t, ok)
	for _, m := range chat.Messages {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("message %s is not in the chat", id)
	return waacktest.Message{}
}

func TestCallsSucceedOnEveryProvider(t *testing.T) {
	srv := sandbox(t)
	for _, p := range providersOf(srv) {
		t.Run(p.Name(), func(t *testing.T) {
			vars := envFor(srv, p)
			in := srv.Inbound(p, "+"+customer, "Where is my order?")
			require.NotEmpty(t, in)

			o := runCmd(t, vars, "react", "--to", customer, "--message-id", in, "--emoji", "⏳")
			require.Equal(t, exitOK, o.code, o.all())
			assert.Contains(t, o.stdout, "✓ reaction ⏳ on "+in+" accepted")
			reaction := chatMessage(t, srv, p, printedID(t, o.stdout))
			assert.Equal(t, waacktest.TypeReaction, reaction.Type)
			assert.Equal(t, "⏳", srv.Reactions(in)["business"])
			if p.Name() == waack.ProviderCloudAPI {
				assert.Regexp(t, `(?m)^  wa_id +`+customer+`$`, o.stdout)
			}
			assertNoSecrets(t, o, secretsOf(srv)...)

			o = runCmd(t, vars, "unreact", "--to", customer, "--message-id", in)
			require.Equal(t, exitOK, o.code, o.all())
			assert.Empty(t, srv.Reactions(in)["business"])

			o = runCmd(t, vars, "read", "--message-id", in, "--typing")
			require.Equal(t, exitOK, o.code, o.all())
			if p.Name() == waack.ProviderWawp {
				assert.Contains(t, o.stdout, in+" marked read\n")
				assert.Contains(t, o.stdout, "Wawp has no typing indicator")
			} else {
				assert.Contains(t, o.stdout, in+" marked read, typing indicator on")
			}
			assert.True(t, srv.IsRead(in))

			o = runCmd(t, vars, "send", "--to", customer, "--text", "Hello, {{1}}! About «{{2}}»: on its way.", "--value", "Alexey", "--value", "order 42", "--reply-to", in)
			require.Equal(t, exitOK, o.code, o.all())
			text := chatMessage(t, srv, p, printedID(t, o.stdout))
			assert.Equal(t, "Hello, Alexey! About «order 42»: on its way.", text.Text)
			assert.Equal(t, in, text.Ref)

			in2 := srv.Inbound(p, "+"+customer, "And my invoice?")
			o = runCmd(t, vars, "ack", "--from", customer, "--message-id", in2, "--typing")
			require.Equal(t, exitOK, o.code, o.all())
			assert.Contains(t, o.stdout, in2+" acknowledged: 👍 + read")
			assert.Equal(t, "👍", srv.Reactions(in2)["business"])
			assert.True(t, srv.IsRead(in2))
			assertNoSecrets(t, o, secretsOf(srv)...)
		})
	}
}

func TestJSONOutput(t *testing.T) {
	srv := sandbox(t)
	p := srv.CloudAPI()
	in := srv.Inbound(p, customer, "hi")
	o := runCmd(t, envFor(srv, p), "react", "--to", customer, "--message-id", in, "--emoji", `\uD83D\uDC4D`, "--json")
	require.Equal(t, exitOK, o.code, o.all())
	assert.Empty(t, o.stderr)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(o.stdout), &got), o.stdout)
	assert.Equal(t, "react", got["command"])
	assert.Equal(t, "cloudapi", got["provider"])
	assert.Equal(t, true, got["ok"])
	assert.Equal(t, float64(0), got["exit_code"])
	assert.Equal(t, customer, got["wa_id"])
	assert.Equal(t, in, got["message_id"])
	chatMessage(t, srv, p, got["id"].(string))
	assert.Equal(t, "👍", srv.Reactions(in)["business"])
	assertNoSecrets(t, o, secretsOf(srv)...)
}

func TestSendReadsTextFromStdin(t *testing.T) {
	srv := sandbox(t)
	p := srv.OneMsg()
	srv.Inbound(p, customer, "hi")
	o := runWith(t, envFor(srv, p), "Your order has shipped.\n\n", "send", "--to", customer, "--text-file", "-")
	require.Equal(t, exitOK, o.code, o.all())
	assert.Equal(t, "Your order has shipped.", chatMessage(t, srv, p, printedID(t, o.stdout)).Text)
}

func TestSendReadsTextFromFile(t *testing.T) {
	srv := sandbox(t)
	p := srv.Wawp()
	srv.Inbound(p, customer, "hi")
	name := filepath.Join(t.TempDir(), "reply.txt")
	require.NoError(t, os.WriteFile(name, []byte("From a file.\r\n"), 0o600))
	o := runCmd(t, envFor(srv, p), "send", "--to", customer, "--text-file", name)
	require.Equal(t, exitOK, o.code, o.all())
	assert.Equal(t, "From a file.", chatMessage(t, srv, p, printedID(t, o.stdout)).Text)

	o = runCmd(t, envFor(srv, p), "send", "--to", customer, "--text-file", name+".missing")
	assert.Equal(t, exitOther, o.code)
}

func TestFlagsOverrideEnvironment(t *testing.T) {
	srv := sandbox(t)
	p := srv.OneMsg()
	in := srv.Inbound(p, customer, "hi")
	// The environment points at another provider with a wrong token; the
	// flags select 1MSG and its credentials.
	vars := map[string]string{"WAACK_PROVIDER": "cloudapi", "WAACK_TOKEN": fakeToken, "WAACK_BASE_URL": "http://" + closedPort(t)}
	o := runCmd(t, vars, "react", "--provider", "1msg", "--channel-id", p.ChannelID, "--token", p.Token, "--base-url", p.BaseURL,
		"--to", customer, "--message-id", in, "--emoji", "✅")
	require.Equal(t, exitOK, o.code, o.all())
	assert.Equal(t, "✅", srv.Reactions(in)["business"])
	assert.Contains(t, o.stderr, "warning: --token is visible")
	assertNoSecrets(t, o, secretsOf(srv)...)
}

func TestCallUsageErrorsExit2WithoutRequests(t *testing.T) {
	srv := sandbox(t)
	vars := envFor(srv, srv.CloudAPI())
	for name, tc := range map[string]struct {
		vars map[string]string
		args []string
		want string
	}{
		"missing --to":             {vars, []string{"react", "--message-id", "wamid.X", "--emoji", "👍"}, "missing --to"},
		"missing --emoji":          {vars, []string{"react", "--to", customer, "--message-id", "wamid.X"}, "missing --emoji"},
		"missing --message-id":     {vars, []string{"read"}, "missing --message-id"},
		"missing --text":           {vars, []string{"send", "--to", customer}, "missing --text"},
		"both texts":               {vars, []string{"send", "--to", customer, "--text", "a", "--text-file", "-"}, "not both"},
		"missing --from":           {vars, []string{"ack", "--message-id", "wamid.X"}, "missing --from"},
		"zero timeout":             {vars, []string{"unreact", "--to", customer, "--message-id", "wamid.X", "--timeout", "0s"}, "--timeout must be positive"},
		"no credentials":           {nil, []string{"read", "--message-id", "wamid.X"}, "missing --phone-number-id (or WAACK_PHONE_NUMBER_ID), --token (or WAACK_TOKEN) for provider cloudapi"},
		"missing token":            {with(vars, "WAACK_TOKEN", ""), []string{"read", "--message-id", "wamid.X"}, "missing --token (or WAACK_TOKEN)"},
		"1msg without channel":     {with(vars, "WAACK_PROVIDER", "1msg"), []string{"read", "--message-id", "wamid.X"}, "missing --channel-id (or WAACK_CHANNEL_ID) for provider 1msg"},
		"unknown provider":         {vars, []string{"read", "--message-id", "wamid.X", "--provider", "telegram"}, `unknown provider "telegram"`},
		"unknown provider in env":  {with(vars, "WAACK_PROVIDER", "sms"), []string{"read", "--message-id", "wamid.X"}, `unknown provider "sms"`},
		"wawp without instance id": {with(vars, "WAACK_PROVIDER", "wawp", "WAACK_TOKEN", fakeToken), []string{"ack", "--from", customer, "--message-id", "x"}, "missing --instance-id (or WAACK_INSTANCE_ID)"},
	} {
		t.Run(name, func(t *testing.T) {
			o := runCmd(t, tc.vars, tc.args...)
			assert.Equal(t, exitUsage, o.code, o.all())
			assert.Contains(t, o.stderr, tc.want)
			assert.Contains(t, o.stderr, "-h' for usage")
			assert.Empty(t, o.stdout)
			assertNoSecrets(t, o, secretsOf(srv)...)
		})
	}
	assert.Empty(t, srv.Requests())
}

func TestValidationErrorsExit3WithoutRequests(t *testing.T) {
	srv := sandbox(t)
	for _, p := range providersOf(srv) {
		vars := envFor(srv, p)
		for name, args := range map[string][]string{
			"bad phone":         {"react", "--to", "call me", "--message-id", "wamid.X", "--emoji", "👍"},
			"two emojis":        {"react", "--to", customer, "--message-id", "wamid.X", "--emoji", "👍👍"},
			"not an emoji":      {"ack", "--from", customer, "--message-id", "wamid.X", "--emoji", "ok"},
			"spaced message id": {"unreact", "--to", customer, "--message-id", "wamid X"},
			"long text":         {"send", "--to", customer, "--text", strings.Repeat("a", 4097)},
			"unused value":      {"send", "--to", customer, "--text", "Hello, {{1}}!", "--value", "a", "--value", "b"},
			"missing value":     {"send", "--to", customer, "--text", "Hello, {{1}} and {{2}}!", "--value", "a"},
		} {
			t.Run(p.Name()+"/"+name, func(t *testing.T) {
				o := runCmd(t, vars, args...)
				assert.Equal(t, exitValidation, o.code, o.all())
				assert.Contains(t, o.stderr, "waack "+args[0]+": waack: invalid")
				assertNoSecrets(t, o, secretsOf(srv)...)
			})
		}
	}
	t.Run("plain http base URL", func(t *testing.T) {
		o := runCmd(t, with(envFor(srv, srv.CloudAPI()), "WAACK_BASE_URL", "http://graph.example.com"), "read", "--message-id", "wamid.X")
		assert.Equal(t, exitValidation, o.code, o.all())
		assert.Contains(t, o.stderr, "invalid configuration")
		assertNoSecrets(t, o, secretsOf(srv)...)
	})
	t.Run("json", func(t *testing.T) {
		o := runCmd(t, envFor(srv, srv.Wawp()), "react", "--to", "x", "--message-id", "m", "--emoji", "👍", "--json")
		assert.Equal(t, exitValidation, o.code)
		var got result
		require.NoError(t, json.Unmarshal([]byte(o.stdout), &got), o.stdout)
		assert.False(t, got.OK)
		assert.Equal(t, exitValidation, got.ExitCode)
		require.NotNil(t, got.Error)
		assert.Equal(t, []string{"ErrInvalidPhone"}, got.Error.Matches)
	})
	assert.Empty(t, srv.Requests(), "validation must fail before any request")
}

func TestAPIErrorsExit4(t *testing.T) {
	srv := sandbox(t)
	for _, p := range providersOf(srv) {
		t.Run(p.Name()+"/bad token", func(t *testing.T) {
			in := srv.Inbound(p, customer, "hi")
			o := runCmd(t, with(envFor(srv, p), "WAACK_TOKEN", fakeToken), "ack", "--from", customer, "--message-id", in)
			assert.Equal(t, exitAPI, o.code, o.all())
			assert.Contains(t, o.stderr, "hint: the token is missing, wrong or expired")
			assertNoSecrets(t, o, secretsOf(srv)...)

			o = runCmd(t, with(envFor(srv, p), "WAACK_TOKEN", ""), "react", "--token", fakeToken, "--to", customer, "--message-id", in, "--emoji", "👍", "--json")
			assert.Equal(t, exitAPI, o.code, o.all())
			var got result
			require.NoError(t, json.Unmarshal([]byte(o.stdout), &got), o.stdout)
			require.NotNil(t, got.Error)
			assert.Contains(t, got.Error.Matches, "ErrUnauthorized")
			assert.Equal(t, p.Name(), got.Error.Provider)
			assert.Equal(t, waack.OpReact, got.Error.Op)
			assertNoSecrets(t, o, secretsOf(srv)...)
		})
	}
	t.Run("1msg window closed", func(t *testing.T) {
		p := srv.OneMsg()
		srv.Inbound(p, "+15550001111", "hi")
		srv.Advance(25 * time.Hour)
		o := runCmd(t, envFor(srv, p), "send", "--to", "15550001111", "--text", "late", "--json")
		assert.Equal(t, exitAPI, o.code, o.all())
		var got result
		require.NoError(t, json.Unmarshal([]byte(o.stdout), &got))
		assert.Subset(t, got.Error.Matches, []string{"ErrSessionWindowClosed", "ErrNotSent"})
	})
}

func TestNetworkErrorsExit5(t *testing.T) {
	base := "http://" + closedPort(t)
	vars := map[string]string{"WAACK_PHONE_NUMBER_ID": "106540352242922", "WAACK_TOKEN": fakeToken, "WAACK_BASE_URL": base}
	for _, args := range [][]string{
		{"react", "--to", customer, "--message-id", "wamid.X", "--emoji", "👍"},
		{"read", "--message-id", "wamid.X"},
		{"send", "--to", customer, "--text", "hi"},
	} {
		t.Run(args[0], func(t *testing.T) {
			o := runCmd(t, vars, append(args, "--timeout", "10s")...)
			assert.Equal(t, exitNetwork, o.code, o.all())
			assert.Contains(t, o.stderr, "hint:")
			assertNoSecrets(t, o)
		})
	}
}

func TestTimeoutIsOutcomeUnknownForTexts(t *testing.T) {
	srv := sandbox(t)
	p := srv.CloudAPI()
	srv.Inbound(p, customer, "hi")
	srv.FailNext(1, waacktest.FaultSlow.WithDelay(10*time.Second))
	o := runCmd(t, envFor(srv, p), "send", "--to", customer, "--text", "slow", "--timeout", "300ms")
	assert.Equal(t, exitNetwork, o.code, o.all())
	assert.Contains(t, o.stderr, "check the status webhook (waack listen) before sending again")
	assertNoSecrets(t, o, secretsOf(srv)...)
}

// A text with a placeholder left unfilled is refused before sending, with
// FillPlaceholders' own verdict, whether or not --value was given.
func TestSendRefusesUnfilledPlaceholders(t *testing.T) {
	srv := sandbox(t)
	p := srv.Wawp()
	srv.Inbound(p, customer, "hi")
	for name, tc := range map[string]struct {
		stdin  string
		args   []string
		text   string
		values []string
	}{
		"no value":        {"", []string{"--text", "Hi {{1}}"}, "Hi {{1}}", nil},
		"second unfilled": {"", []string{"--text", "Hi {{1}}, about {{2}}", "--value", "Alexey"}, "Hi {{1}}, about {{2}}", []string{"Alexey"}},
		"malformed":       {"", []string{"--text", "Hi {{ 1 }}"}, "Hi {{ 1 }}", nil},
		"from stdin":      {"Your order {{1}} has shipped.\n", []string{"--text-file", "-"}, "Your order {{1}} has shipped.", nil},
	} {
		t.Run(name, func(t *testing.T) {
			_, want := waack.FillPlaceholders(tc.text, tc.values...)
			require.ErrorIs(t, want, waack.ErrInvalidText)
			o := runWith(t, envFor(srv, p), tc.stdin, append([]string{"send", "--to", customer}, tc.args...)...)
			assert.Equal(t, exitValidation, o.code, o.all())
			assert.Contains(t, o.stderr, "waack send: "+want.Error())
			assert.Empty(t, o.stdout)
		})
	}
	assert.Empty(t, srv.Requests(), "a text with a raw placeholder reached the provider")
}

// --typing is reported as what went out: Wawp's read call has no typing
// flag, so neither the human output nor --json may claim it.
func TestTypingIsReportedAsSent(t *testing.T) {
	srv := sandbox(t)
	for _, p := range providersOf(srv) {
		t.Run(p.Name(), func(t *testing.T) {
			vars := envFor(srv, p)
			in := srv.Inbound(p, customer, "hi")
			human := runCmd(t, vars, "ack", "--from", customer, "--message-id", in, "--typing")
			require.Equal(t, exitOK, human.code, human.all())
			in2 := srv.Inbound(p, customer, "again")
			o := runCmd(t, vars, "ack", "--from", customer, "--message-id", in2, "--typing", "--json")
			require.Equal(t, exitOK, o.code, o.all())
			var got map[string]any
			require.NoError(t, json.Unmarshal([]byte(o.stdout), &got), o.stdout)
			chat, ok := srv.Chat(p, customer)
			require.True(t, ok)
			typingShown := chat.TypingUntil.After(srv.Now())

			if p.Name() == waack.ProviderWawp {
				assert.False(t, typingShown, "the sandbox shows Wawp typing")
				assert.NotContains(t, human.stdout, "typing…")
				assert.Contains(t, human.stdout, "note      Wawp has no typing indicator: --typing was not sent")
				assert.Equal(t, false, got["typing"])
				assert.Contains(t, got["note"], "Wawp has no typing indicator")
				return
			}
			assert.True(t, typingShown)
			assert.Contains(t, human.stdout, in+" acknowledged: 👍 + read (typing…)")
			assert.NotContains(t, human.stdout, "note")
			assert.Equal(t, true, got["typing"])
			assert.NotContains(t, got, "note")
		})
	}
	t.Run("without --typing", func(t *testing.T) {
		p := srv.CloudAPI()
		in := srv.Inbound(p, customer, "hi")
		o := runCmd(t, envFor(srv, p), "read", "--message-id", in, "--json")
		require.Equal(t, exitOK, o.code, o.all())
		assert.Contains(t, o.stdout, `"typing":false`)
	})
}

// The escape form of an emoji is decoded by waack; the output shows the
// emoji the customer sees, not the escape text.
func TestReactPrintsTheDecodedEmoji(t *testing.T) {
	srv := sandbox(t)
	p := srv.CloudAPI()
	in := srv.Inbound(p, customer, "hi")
	o := runCmd(t, envFor(srv, p), "react", "--to", customer, "--message-id", in, "--emoji", `\uD83D\uDC4D`)
	require.Equal(t, exitOK, o.code, o.all())
	assert.Contains(t, o.stdout, "✓ reaction 👍 on "+in+" accepted")
	assert.NotContains(t, o.stdout, `\u`)
	assert.Equal(t, "👍", srv.Reactions(in)["business"])
	assert.Equal(t, "👍", displayEmoji("👍"))
	assert.Equal(t, `\uD83D`, displayEmoji(`\uD83D`), "what JSON cannot decode is shown as given")
}
