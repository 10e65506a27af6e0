package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
)

// blockVars reads the WAACK_* lines the sandbox printed under a heading.
func blockVars(t *testing.T, out, heading string) map[string]string {
	t.Helper()
	i := strings.Index(out, "\n"+heading+"\n")
	require.GreaterOrEqual(t, i, 0, "no %s block in %q", heading, out)
	block := out[i+len(heading)+2:]
	if j := strings.Index(block, "\n\n"); j >= 0 {
		block = block[:j]
	}
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^  (WAACK_[A-Z_]+)=(.*)$`).FindAllStringSubmatch(block, -1) {
		vars[m[1]] = m[2]
	}
	return vars
}

func TestSandboxPrintsAWorkingConfiguration(t *testing.T) {
	const token, appSecret = "sandbox-cli-test-token", "sandbox-cli-app-secret"
	hooks := make(chan *http.Request, 16)
	bodies := make(chan []byte, 16)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		hooks <- r
		bodies <- b
	}))
	defer receiver.Close()

	r := startServer(t, nil, "sandbox", "--addr", "127.0.0.1:0", "--token", token,
		"--cloudapi-webhook-url", receiver.URL+"/hook", "--cloudapi-webhook-secret", appSecret)
	out := r.stdout.String()
	base := "http://" + r.addr
	assert.Contains(t, out, "web view   "+base+"/ (watch the chats")
	assert.Contains(t, out, `waack.CloudAPI{PhoneNumberID: "`)
	assert.Contains(t, out, `waack.OneMsg{ChannelID: "`)
	assert.Contains(t, out, `waack.Wawp{InstanceID: "`)
	assert.Contains(t, out, "webhooks → "+receiver.URL+"/hook (with the given secret)")
	assert.Contains(t, out, "webhooks → none (see --wawp-webhook-url)")
	assert.NotContains(t, out, appSecret)

	for heading, provider := range map[string]string{"Cloud API": "cloudapi", "1MSG": "1msg", "Wawp": "wawp"} {
		vars := blockVars(t, out, heading)
		assert.Equal(t, provider, vars["WAACK_PROVIDER"])
		assert.Equal(t, base, vars["WAACK_BASE_URL"])
		// A given token is never printed: the user has it already.
		assert.Equal(t, givenToken, vars["WAACK_TOKEN"])
		vars["WAACK_TOKEN"] = token
		// The printed lines are a working configuration for the call commands.
		o := runCmd(t, vars, "react", "--to", customer, "--message-id", "false_16505551234@c.us_3EB0UNKNOWN", "--emoji", "👍")
		assert.Equal(t, exitOK, o.code, heading+": "+o.all())
		assertNoSecrets(t, o, token)
	}

	// The Cloud API reaction's target is unknown: its failed status comes
	// by webhook, signed with the app secret.
	select {
	case req := <-hooks:
		body := <-bodies
		assert.Equal(t, "/hook", req.URL.Path)
		assert.NoError(t, waack.VerifyCloudAPISignature(body, req.Header.Get("X-Hub-Signature-256"), appSecret))
	case <-time.After(10 * time.Second):
		t.Fatal("no webhook reached the receiver")
	}
	o := r.stop(t)
	assert.Equal(t, exitOK, o.code)
	assert.Contains(t, o.stdout, `AccessToken: os.Getenv("WAACK_TOKEN")`)
	assertNoSecrets(t, o, token, appSecret)
}

// Without --token the sandbox makes its own tokens, which exist for this
// run only: those it prints, since nothing works without them.
func TestSandboxPrintsItsOwnTokens(t *testing.T) {
	r := startServer(t, nil, "sandbox", "--addr", "127.0.0.1:0")
	out := r.stdout.String()
	vars := blockVars(t, out, "1MSG")
	require.NotEmpty(t, vars["WAACK_TOKEN"])
	assert.NotEqual(t, givenToken, vars["WAACK_TOKEN"])
	assert.Contains(t, out, `Token: "`+vars["WAACK_TOKEN"]+`"`)
	o := runCmd(t, vars, "react", "--to", customer, "--message-id", "wamid.UNKNOWN", "--emoji", "👍")
	assert.Equal(t, exitOK, o.code, o.all())
	r.stop(t)
}

func TestSandboxErrors(t *testing.T) {
	o := runCmd(t, nil, "sandbox", "--addr", "127.0.0.1:0", "--wawp-webhook-secret", "s3cret-value")
	assert.Equal(t, exitUsage, o.code)
	assert.Contains(t, o.stderr, "a webhook secret without its webhook URL")
	assert.NotContains(t, o.all(), "s3cret-value")

	o = runCmd(t, nil, "sandbox", "--addr", "127.0.0.1:0", "--1msg-webhook-url", "ftp://example.com/hook")
	assert.Equal(t, exitUsage, o.code)
	assert.Contains(t, o.stderr, "not an absolute http(s) URL")

	r := startServer(t, nil, "sandbox", "--addr", "127.0.0.1:0")
	o = runCmd(t, nil, "sandbox", "--addr", r.addr)
	assert.Equal(t, exitOther, o.code)
	assert.Contains(t, o.stderr, "address already in use")
}
