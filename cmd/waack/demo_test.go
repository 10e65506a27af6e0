package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/rivo/uniseg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack/internal/testkit"
	"github.com/waack/waack/waacktest"
)

func TestDemoPassesOnEveryProvider(t *testing.T) {
	o := runCmd(t, map[string]string{"WAACK_TOKEN": fakeToken}, "demo")
	require.Equal(t, exitOK, o.code, o.all())
	assert.Empty(t, o.stderr)
	// Lines are wrapped to 100 columns: compare with white space collapsed.
	flat := strings.Join(strings.Fields(o.stdout), " ")
	for _, want := range []string{
		"Cloud API (cloudapi)", "1MSG (1msg)", "Wawp (wawp)",
		"customer writes", `webhook message wamid.`, `"Hi! My CRM export fails since this morning."`,
		"HTTP 401 for a webhook signed with another app secret", "HTTP 401 for a webhook with a wrong secret",
		"👍 as reaction wamid.", ", read, typing…", "👍 as reaction true_16505", "read (no typing flag on Wawp's read call)",
		"⏳ as reaction wamid.", "✅ as reaction wamid.", ", replacing ⏳",
		`"Hello, Customer 1234! We received your request about «CRM export». An agent will answer within the hour."`,
		"statuses by webhook: sent → delivered → read",
		"to 16505551234: sent (reaction 👍)", "to 16505551234: sent (reaction ⏳)", "to 16505551234: sent (reaction ✅)",
		"to 16505551234: sent (text)", "to 16505551234: delivered (text)", "to 16505551234: read (text)",
		"to 16505551234: failed (reaction 🙏) — waack: cloudapi webhook:",
		"accepted, then failed: ErrTargetTooOld (131009)",
		"accepted, then failed: ErrSessionWindowClosed (131047)",
		"refused by the call: ErrSessionWindowClosed, ErrNotSent",
		"accepted, then failed (Wawp's failed ack carries no reason)",
		"✓ all 28 steps behaved as the real APIs do",
	} {
		assert.Contains(t, flat, want)
	}
	assert.Equal(t, 28+1, strings.Count(o.stdout, "✓"), "one ✓ per step and the summary")
	assert.NotContains(t, o.stdout, "✗")
	assertNoSecrets(t, o, demoAppSecret, demoSecret, fakeToken)
}

// The demo fits a 100-column terminal, ids shortened in the middle or,
// with --verbose, whole; the words a newcomer meets first are explained
// once.
func TestDemoFitsAHundredColumns(t *testing.T) {
	for _, args := range [][]string{{"demo"}, {"demo", "--verbose"}} {
		o := runCmd(t, nil, args...)
		require.Equal(t, exitOK, o.code, o.all())
		for i, line := range strings.Split(o.stdout, "\n") {
			assert.LessOrEqual(t, uniseg.StringWidth(line), demoWidth, "%v line %d: %q", args, i+1, line)
		}
		for _, term := range []string{"  webhook      an HTTP POST", "  wamid        the id", "  24 h window  a free-form text"} {
			assert.Equal(t, 1, strings.Count(o.stdout, term), "%v explains %q once", args, term)
		}
		ids := regexp.MustCompile(`wamid\.[A-Za-z0-9+/=]+`).FindAllString(o.stdout, -1)
		require.NotEmpty(t, ids)
		if len(args) == 1 {
			assert.Contains(t, o.stdout, "wamid.HBgL…")
			for _, id := range ids {
				assert.Less(t, len(id), 12, "a whole id without --verbose: %s", id)
			}
			continue
		}
		assert.NotContains(t, o.stdout, "…AAA", "a shortened id with --verbose")
		for _, id := range ids {
			assert.Greater(t, len(id), 40, "a shortened id with --verbose: %s", id)
		}
	}
}

// Shortened ids still tell the demo's messages apart.
func TestDemoShortIDsAreDistinct(t *testing.T) {
	srv, err := waacktest.Start(waacktest.WithStartTime(demoStart))
	require.NoError(t, err)
	defer srv.Close()
	var stdout, stderr testkit.SyncBuffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	require.Equal(t, exitOK, e.demo(context.Background(), srv, nil, false), stdout.String())
	short := map[string]string{}
	n := 0
	for _, chat := range srv.Chats() {
		for _, m := range chat.Messages {
			n++
			if other, ok := short[shortID(m.ID)]; ok {
				t.Errorf("%s and %s both print as %s", other, m.ID, shortID(m.ID))
			}
			short[shortID(m.ID)] = m.ID
		}
	}
	assert.GreaterOrEqual(t, n, 20, "every message of the three chats")
}

func TestWrapLine(t *testing.T) {
	assert.Equal(t, []string{"short"}, wrapLine("short", 10, 2))
	assert.Equal(t, []string{"  aaa bbb", "    ccc", "    dddd"}, wrapLine("  aaa bbb ccc dddd", 9, 4))
	assert.Equal(t, []string{"👍👍 a", "  b"}, wrapLine("👍👍 a b", 6, 2), "emoji are two columns wide")
	assert.Equal(t, []string{"x", "  waytoolongword"}, wrapLine("x waytoolongword", 6, 2), "a long word is not cut")
	assert.Equal(t, "wamid.HBgL…AyNUNDMQA=", shortID("wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzRUIwOTEwQTJERUM4OTAyNUNDMQA="))
	assert.Equal(t, "wamid.SHORT", shortID("wamid.SHORT"))
}

func TestDemoIsDeterministicApartFromAddresses(t *testing.T) {
	first := runCmd(t, nil, "demo", "--provider", "cloudapi")
	second := runCmd(t, nil, "demo", "--provider", "cloudapi")
	require.Equal(t, exitOK, first.code, first.all())
	strip := func(s string) string { return s[strings.Index(s, "\nCloud API"):] }
	assert.Equal(t, strip(first.stdout), strip(second.stdout))
}

func TestDemoForOneProvider(t *testing.T) {
	o := runCmd(t, nil, "demo", "--provider", "wawp")
	require.Equal(t, exitOK, o.code, o.all())
	assert.Contains(t, o.stdout, "Wawp (wawp)")
	assert.NotContains(t, o.stdout, "Cloud API (cloudapi)")
	assert.Contains(t, o.stdout, "✓ all 9 steps")

	for _, bad := range []string{"", "sms"} {
		o = runCmd(t, nil, "demo", "--provider", bad)
		assert.Equal(t, exitUsage, o.code, bad)
	}
}

func TestDemoReportsTheStepThatMisbehaved(t *testing.T) {
	srv := waacktest.NewServer()
	defer srv.Close()
	// Every attempt of the first call (the acknowledgement's reaction) fails.
	srv.FailNext(5, waacktest.FaultServerError)
	var stdout, stderr testkit.SyncBuffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	code := e.demo(context.Background(), srv, srv.CloudAPI(), false)
	assert.Equal(t, exitOther, code)
	out := stdout.String()
	assert.Contains(t, out, "✓ 1  customer writes")
	assert.Contains(t, out, "✗    acknowledge: react + read")
	assert.Contains(t, out, "the remaining Cloud API steps are skipped")
	assert.Contains(t, out, "✗ 1 of 3 steps did not behave as the real APIs do:\n  Cloud API, step 1 (acknowledge: react + read):")
	assertNoSecrets(t, outcome{stdout: out, stderr: stderr.String()}, secretsOf(srv)...)
}
