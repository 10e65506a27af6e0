package main

import (
	"context"
	"github.com/waack/waack/internal/testkit"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack/waacktest"
)

func TestDemoPassesOnEveryProvider(t *testing.T) {
	o := runCmd(t, map[string]string{"WAACK_TOKEN": fakeToken}, "demo")
	require.Equal(t, exitOK, o.code, o.all())
	assert.Empty(t, o.stderr)
	out := o.stdout
	for _, want := range []string{
		"Cloud API (cloudapi)", "1MSG (1msg)", "Wawp (wawp)",
		"customer writes", `webhook  message   `, `"Hi! My CRM export fails since this morning."`,
		"HTTP 401 for a webhook signed with another app secret", "HTTP 401 for a webhook with a wrong secret",
		"👍 wamid.", ", read, typing…", "👍 true_16505551234@c.us_", "read (no typing flag on Wawp's read call)",
		"⏳ wamid.", "✅ wamid.", ", replacing ⏳",
		`"Hello, Customer 1234! We received your request about «CRM export». An agent will answer within the hour."`,
		"statuses by webhook: sent → delivered → read",
		": sent\n", ": delivered\n", ": read\n",
		"accepted, then failed: ErrTargetTooOld (131009)",
		"accepted, then failed: ErrSessionWindowClosed (131047)",
		"refused by the call: ErrSessionWindowClosed, ErrNotSent",
		"accepted, then failed (Wawp's failed ack carries no reason)",
		"✓ all 27 steps behaved as the real APIs do",
	} {
		assert.Contains(t, out, want)
	}
	assert.Equal(t, 27+1, strings.Count(out, "✓"), "one ✓ per step and the summary")
	assert.NotContains(t, out, "✗")
	assertNoSecrets(t, o, demoAppSecret, demoSecret, fakeToken)
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
	code := e.demo(context.Background(), srv, srv.CloudAPI())
	assert.Equal(t, exitOther, code)
	out := stdout.String()
	assert.Contains(t, out, "✓ 1  customer writes")
	assert.Contains(t, out, "✗    acknowledge: react + read")
	assert.Contains(t, out, "the remaining Cloud API steps are skipped")
	assert.Contains(t, out, "✗ 1 of 3 steps did not behave as the real APIs do:\n  Cloud API, step 1 (acknowledge: react + read):")
	assertNoSecrets(t, outcome{stdout: out, stderr: stderr.String()}, secretsOf(srv)...)
}
