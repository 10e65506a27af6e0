package main

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
)

func TestLoadConfigNamesWhatIsMissing(t *testing.T) {
	_, err := loadConfig(func(k string) string {
		if k == "WAACK_TOKEN" {
			return "secret-token"
		}
		return ""
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "WAACK_PHONE_NUMBER_ID")
	assert.Contains(t, err.Error(), "WAACK_APP_SECRET")
	assert.NotContains(t, err.Error(), "secret-token")
}

// The replica is wired without touching Redis until a request needs it:
// Meta's handshake works, and a webhook with Redis unreachable is a 5xx
// (Meta redelivers), never a 200.
func TestReplicaWithoutRedis(t *testing.T) {
	env := map[string]string{"WAACK_PHONE_NUMBER_ID": "106540352242922", "WAACK_TOKEN": "t", "WAACK_APP_SECRET": "s", "WAACK_VERIFY_TOKEN": "v"}
	cfg, err := loadConfig(func(k string) string { return env[k] })
	require.NoError(t, err)
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialerRetries: 1})
	defer rdb.Close()
	r, err := newReplica(cfg, rdb, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	srv := httptest.NewServer(r.mux)
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/webhook?hub.mode=subscribe&hub.verify_token=v&hub.challenge=42")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, "42", string(body))

	hook := []byte(`{"entry":[{"changes":[{"field":"messages","value":{"messages":[{"from":"16505551234","id":"wamid.IN","type":"text","text":{"body":"hi"}}]}}]}]}`)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/webhook", bytes.NewReader(hook))
	req.Header.Set("X-Hub-Signature-256", waack.SignCloudAPIWebhook(hook, "s"))
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.GreaterOrEqual(t, resp.StatusCode, 500, "the event could not be claimed: Meta must redeliver")

	resp, err = http.Get(srv.URL + "/status?id=wamid.X")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
}
