package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/testkit"
	"github.com/waack/waack/waacktest"
)

// fakeToken stands for a real token in the environment; it must never be
// printed.
const fakeToken = "fake-env-token-must-not-leak-0001"

// outcome is what one in-process run of the command produced.
type outcome struct {
	code           int
	stdout, stderr string
}

func (o outcome) all() string { return o.stdout + o.stderr }

// runWith runs `waack args…` in-process with the given environment and
// stdin.
func runWith(t *testing.T, vars map[string]string, stdin string, args ...string) outcome {
	t.Helper()
	var stdout, stderr testkit.SyncBuffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &stdout, stderr: &stderr, getenv: func(k string) string { return vars[k] }}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code := e.run(ctx, args)
	return outcome{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// runCmd runs `waack args…` with an environment and no stdin.
func runCmd(t *testing.T, vars map[string]string, args ...string) outcome {
	t.Helper()
	return runWith(t, vars, "", args...)
}

// sandbox starts a waacktest server for one test.
func sandbox(t *testing.T) *waacktest.Server {
	t.Helper()
	srv := waacktest.NewServer()
	t.Cleanup(srv.Close)
	return srv
}

// secretsOf lists every credential the test knows, none of which may be
// printed.
func secretsOf(srv *waacktest.Server) []string {
	out := []string{fakeToken}
	if srv != nil {
		out = append(out, srv.CloudAPI().AccessToken, srv.OneMsg().Token, srv.Wawp().AccessToken)
	}
	return out
}

func assertNoSecrets(t *testing.T, o outcome, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		require.NotEmpty(t, s)
		assert.NotContains(t, o.all(), s, "a secret was printed")
	}
}

// envFor is the WAACK_* environment that points a call command at the
// sandbox as provider p.
func envFor(srv *waacktest.Server, p waack.Provider) map[string]string {
	switch p := p.(type) {
	case waack.CloudAPI:
		return map[string]string{"WAACK_PROVIDER": "cloudapi", "WAACK_BASE_URL": p.BaseURL, "WAACK_PHONE_NUMBER_ID": p.PhoneNumberID, "WAACK_TOKEN": p.AccessToken}
	case waack.OneMsg:
		return map[string]string{"WAACK_PROVIDER": "1msg", "WAACK_BASE_URL": p.BaseURL, "WAACK_CHANNEL_ID": p.ChannelID, "WAACK_TOKEN": p.Token}
	case waack.Wawp:
		return map[string]string{"WAACK_PROVIDER": "wawp", "WAACK_BASE_URL": p.BaseURL, "WAACK_INSTANCE_ID": p.InstanceID, "WAACK_TOKEN": p.AccessToken}
	}
	return nil
}

// providersOf lists the sandbox's three provider configurations.
func providersOf(srv *waacktest.Server) []waack.Provider {
	return []waack.Provider{srv.CloudAPI(), srv.OneMsg(), srv.Wawp()}
}

// closedPort returns a loopback address nothing listens on. Port 1
// (tcpmux) lies below the ephemeral range, so no listener of a concurrent
// test can be given it, as could happen to a port picked and closed again.
func closedPort(*testing.T) string { return "127.0.0.1:1" }

func with(m map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}
