package main

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/testkit"
	"github.com/waack/waack/waacktest"
)

const customer = "+1 650 555 1234"

// The whole loop on the sandbox: a customer writes, the server is told by
// webhook and acknowledges; the customer reacts, the server counts it;
// the statuses of the acknowledgement are tracked.
func TestServerAcknowledgesInbound(t *testing.T) {
	for _, tc := range []struct {
		name string
		of   func(*waacktest.Server) waack.Provider
	}{
		{"cloudapi", func(s *waacktest.Server) waack.Provider { return s.CloudAPI() }},
		{"1msg", func(s *waacktest.Server) waack.Provider { return s.OneMsg() }},
		{"wawp", func(s *waacktest.Server) waack.Provider { return s.Wawp() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sandbox := waacktest.NewServer()
			t.Cleanup(sandbox.Close)
			p := tc.of(sandbox)

			var logs testkit.SyncBuffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			client, err := waack.New(p, waack.WithLogger(logger))
			require.NoError(t, err)
			cfg := config{provider: p, appSecret: "app-secret", verifyToken: "verify-token", secret: "hook-secret"}
			s, err := newServer(cfg, client, logger)
			require.NoError(t, err)
			hook := httptest.NewServer(s.Handler)
			t.Cleanup(hook.Close)
			secret := cfg.secret
			if tc.name == waack.ProviderCloudAPI {
				secret = cfg.appSecret
			}
			require.NoError(t, sandbox.SetWebhook(p, hook.URL+webhookPath, secret))

			in := sandbox.Inbound(p, customer, "My parcel has not arrived")
			flush(t, sandbox) // the message webhook, and with it the acknowledgement
			assert.Equal(t, map[string]string{"business": "👍"}, sandbox.Reactions(in))
			assert.True(t, sandbox.IsRead(in))

			flush(t, sandbox) // the reaction's status webhook
			reaction := lastBusinessMessage(t, sandbox, p)
			st, ok := s.tracker.Status(reaction)
			assert.True(t, ok)
			assert.Equal(t, waack.StatusSent, st)

			require.NotEmpty(t, sandbox.React(p, customer, in, "🙏"))
			flush(t, sandbox)
			assert.Equal(t, map[string]int{"🙏": 1}, s.tally.Counts(in))

			out := logs.String()
			assert.Contains(t, out, "msg=acknowledged")
			assert.Contains(t, out, "msg=reaction")
			assert.Contains(t, out, "msg=status")
			for _, secret := range []string{"app-secret", "hook-secret", "verify-token", token(p)} {
				assert.NotContains(t, out, secret)
			}
			for _, d := range sandbox.Deliveries() {
				assert.True(t, d.Delivered, "%d %s", d.StatusCode, d.Error)
			}
		})
	}
}

// A body without the provider's signature or secret is refused.
func TestServerRefusesUnauthenticated(t *testing.T) {
	sandbox := waacktest.NewServer()
	t.Cleanup(sandbox.Close)
	client, err := waack.New(sandbox.OneMsg())
	require.NoError(t, err)
	s, err := newServer(config{provider: sandbox.OneMsg(), secret: "hook-secret"}, client, slog.New(slog.DiscardHandler))
	require.NoError(t, err)

	rec := httptest.NewRecorder()
	body := `{"messages":[{"id":"wamid.X","body":"hi","type":"chat","chatId":"16505551234@c.us","time":1}]}`
	s.Handler.ServeHTTP(rec, httptest.NewRequest("POST", webhookPath, strings.NewReader(body)))
	assert.Equal(t, 401, rec.Code)
	assert.Empty(t, sandbox.Requests(), "nothing was acknowledged")
}

func TestLoadConfig(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	cloud := []string{"WAACK_PROVIDER", "cloudapi", "WAACK_PHONE_NUMBER_ID", "106540352242922", "WAACK_TOKEN", "EAAGsecret"}

	cfg, err := loadConfig(env(append(cloud, "WAACK_APP_SECRET", "s3cret", "WAACK_VERIFY_TOKEN", "vt")...))
	require.NoError(t, err)
	assert.Equal(t, "s3cret", cfg.appSecret)
	assert.Equal(t, ":8080", cfg.addr)

	for name, tc := range map[string]struct {
		env     func(string) string
		missing string
	}{
		"cloud without webhook secrets": {env(cloud...), "WAACK_APP_SECRET, WAACK_VERIFY_TOKEN"},
		"1msg without webhook secret": {
			env("WAACK_PROVIDER", "1msg", "WAACK_CHANNEL_ID", "ODI1", "WAACK_TOKEN", "tok", "WAACK_ADDR", ":9000"),
			"WAACK_WEBHOOK_SECRET",
		},
		"wawp without credentials": {env("WAACK_PROVIDER", "wawp", "WAACK_WEBHOOK_SECRET", "hook"), "WAACK_INSTANCE_ID, WAACK_TOKEN"},
	} {
		_, err := loadConfig(tc.env)
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), "missing environment variable(s): "+tc.missing, name)
		assert.NotContains(t, err.Error(), "EAAGsecret", name)
	}
}

func flush(t *testing.T, s *waacktest.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, s.Flush(ctx))
}

func lastBusinessMessage(t *testing.T, s *waacktest.Server, p waack.Provider) string {
	t.Helper()
	chat, ok := s.Chat(p, customer)
	require.True(t, ok)
	for i := len(chat.Messages) - 1; i >= 0; i-- {
		if chat.Messages[i].Direction == waacktest.FromBusiness {
			return chat.Messages[i].ID
		}
	}
	t.Fatal("no business message")
	return ""
}

func token(p waack.Provider) string {
	switch c := p.(type) {
	case waack.CloudAPI:
		return c.AccessToken
	case waack.OneMsg:
		return c.Token
	case waack.Wawp:
		return c.AccessToken
	}
	return ""
}
