package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
)

const appSecret = "listen-test-app-secret"

// cloudBody is a Cloud API webhook carrying one text message.
const cloudBody = `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{` +
	`"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},` +
	`"contacts":[{"profile":{"name":"Alexey"},"wa_id":"16505551234"}],` +
	`"messages":[{"from":"16505551234","id":"wamid.LISTEN1","timestamp":"1736931600","type":"text","text":{"body":"Where is my order?"}}]}}]}]}`

func post(t *testing.T, url string, body string, header http.Header) int {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header = header
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	return resp.StatusCode
}

func TestListenVerifiesAndPrintsCloudAPIEvents(t *testing.T) {
	vars := map[string]string{"WAACK_APP_SECRET": appSecret, "WAACK_VERIFY_TOKEN": "verify-me-please"}
	r := startServer(t, vars, "listen", "--addr", "127.0.0.1:0", "--provider", "cloudapi")
	url := "http://" + r.addr + "/webhook"

	good := http.Header{"X-Hub-Signature-256": {waack.SignCloudAPIWebhook([]byte(cloudBody), appSecret)}}
	assert.Equal(t, http.StatusOK, post(t, url, cloudBody, good))
	bad := http.Header{"X-Hub-Signature-256": {waack.SignCloudAPIWebhook([]byte(cloudBody), "another-secret")}}
	assert.Equal(t, http.StatusUnauthorized, post(t, url, cloudBody, bad))
	assert.Equal(t, http.StatusUnauthorized, post(t, url, cloudBody, http.Header{}))
	assert.Equal(t, http.StatusNotFound, post(t, "http://"+r.addr+"/elsewhere", cloudBody, good))

	resp, err := http.Get(url + "?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=1158201444")
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusOK, resp.StatusCode)

	o := r.stop(t)
	assert.Equal(t, exitOK, o.code)
	lines := strings.Split(strings.TrimSpace(o.stdout), "\n")
	require.Len(t, lines, 1, "only the verified body is an event: %q", o.stdout)
	assert.Regexp(t, `^\d\d:\d\d:\d\d  cloudapi  message   wamid.LISTEN1  from 16505551234 \(Alexey\): "Where is my order\?"$`, lines[0])
	assert.Contains(t, o.stderr, "cloudapi webhooks on "+url+" (signature checked)")
	assert.Equal(t, 2, strings.Count(o.stderr, "refused POST /webhook → 401 Unauthorized: signature or secret missing or wrong"))
	assert.Contains(t, o.stderr, "refused POST /elsewhere → 404")
	assert.Contains(t, o.stderr, "subscription handshake answered")
	assertNoSecrets(t, o, appSecret, "verify-me-please")
}

func TestListenReceivesSandboxWebhooks(t *testing.T) {
	const secret = "listen-test-webhook-secret"
	srv := sandbox(t)
	for _, p := range []waack.Provider{srv.OneMsg(), srv.Wawp()} {
		t.Run(p.Name(), func(t *testing.T) {
			r := startServer(t, map[string]string{"WAACK_WEBHOOK_SECRET": secret, "WAACK_PROVIDER": p.Name()},
				"listen", "--addr", "127.0.0.1:0", "--path", "/hooks/wa", "--json")
			require.NoError(t, srv.SetWebhook(p, "http://"+r.addr+"/hooks/wa", secret))
			in := srv.Inbound(p, customer, "Hello")
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			require.NoError(t, srv.Flush(ctx))
			require.NoError(t, srv.SetWebhook(p, "", ""))

			o := r.stop(t)
			assert.Equal(t, exitOK, o.code)
			var ev eventJSON
			require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(o.stdout)), &ev), o.stdout)
			assert.Equal(t, p.Name(), ev.Provider)
			assert.Equal(t, "message", ev.Kind)
			assert.Equal(t, in, ev.ID)
			assert.Equal(t, "Hello", ev.Text)
			assert.Contains(t, o.stderr, "register http://"+r.addr+"/hooks/wa?secret=<your WAACK_WEBHOOK_SECRET>")
			assertNoSecrets(t, o, append(secretsOf(srv), secret)...)
		})
	}
}

func TestListenUsageErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		vars map[string]string
		args []string
		want string
	}{
		"cloudapi without app secret": {nil, []string{"--provider", "cloudapi"}, "Cloud API webhooks are signed: set WAACK_APP_SECRET"},
		"1msg without secret":         {nil, []string{"--provider", "1msg"}, "1msg webhooks are not signed: set WAACK_WEBHOOK_SECRET"},
		"wawp from env":               {map[string]string{"WAACK_PROVIDER": "wawp", "WAACK_APP_SECRET": fakeToken}, nil, "wawp webhooks are not signed"},
		"secret for cloudapi":         {nil, []string{"--secret", fakeToken}, "--secret does not apply to cloudapi webhooks"},
		"app secret for wawp":         {nil, []string{"--provider", "wawp", "--app-secret", fakeToken}, "--app-secret does not apply to wawp webhooks"},
		"unknown provider":            {nil, []string{"--provider", "sms"}, `unknown provider "sms"`},
		"relative path":               {map[string]string{"WAACK_APP_SECRET": fakeToken}, []string{"--path", "webhook"}, "--path must start with /"},
	} {
		t.Run(name, func(t *testing.T) {
			o := runCmd(t, tc.vars, append([]string{"listen", "--addr", "127.0.0.1:0"}, tc.args...)...)
			assert.Equal(t, exitUsage, o.code, o.all())
			assert.Contains(t, o.stderr, tc.want)
			assertNoSecrets(t, o)
		})
	}
}

func TestListenInsecureAcceptsUnsigned(t *testing.T) {
	r := startServer(t, nil, "listen", "--addr", "127.0.0.1:0", "--insecure-skip-verify")
	assert.Equal(t, http.StatusOK, post(t, "http://"+r.addr+"/webhook", cloudBody, http.Header{}))
	o := r.stop(t)
	assert.Contains(t, o.stdout, "wamid.LISTEN1")
	assert.Contains(t, o.stderr, "NOT verified")
}

func TestListenPortTaken(t *testing.T) {
	r := startServer(t, map[string]string{"WAACK_APP_SECRET": appSecret}, "listen", "--addr", "127.0.0.1:0")
	o := runCmd(t, map[string]string{"WAACK_APP_SECRET": appSecret}, "listen", "--addr", r.addr)
	assert.Equal(t, exitOther, o.code)
	assert.Contains(t, o.stderr, "address already in use")
}

// cloudStatusBody is a Cloud API status webhook for message id.
func cloudStatusBody(id, status string) string {
	return `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{` +
		`"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},` +
		`"statuses":[{"id":"` + id + `","status":"` + status + `","timestamp":"1736931601","recipient_id":"16505551234"}]}}]}]}`
}

// A redelivered event is printed again, marked as a repeat; a status of a
// message listen saw says what that message was; Ctrl-C prints a line.
func TestListenMarksRepeatsAndKnownMessages(t *testing.T) {
	r := startServer(t, map[string]string{"WAACK_APP_SECRET": appSecret}, "listen", "--addr", "127.0.0.1:0")
	url := "http://" + r.addr + "/webhook"
	send := func(body string) {
		t.Helper()
		h := http.Header{"X-Hub-Signature-256": {waack.SignCloudAPIWebhook([]byte(body), appSecret)}}
		require.Equal(t, http.StatusOK, post(t, url, body, h))
	}
	send(cloudBody)
	send(cloudBody) // the provider delivers again
	send(cloudStatusBody("wamid.LISTEN1", "read"))
	send(cloudStatusBody("wamid.UNKNOWN", "sent"))

	o := r.stop(t)
	assert.Equal(t, exitOK, o.code)
	lines := strings.Split(strings.TrimSpace(o.stdout), "\n")
	require.Len(t, lines, 4, o.stdout)
	assert.NotContains(t, lines[0], "repeat")
	assert.True(t, strings.HasSuffix(lines[1], `"Where is my order?"  ↻ repeat (delivered before)`), lines[1])
	assert.True(t, strings.HasSuffix(lines[2], "wamid.LISTEN1  to 16505551234: read (text)"), lines[2])
	assert.True(t, strings.HasSuffix(lines[3], "wamid.UNKNOWN  to 16505551234: sent"), "nothing claimed for an unknown message: %s", lines[3])
	assert.Contains(t, o.stderr, "waack listen: stopped; 4 events received, 1 of them repeats\n")
}

func TestListenJSONMarksRepeats(t *testing.T) {
	r := startServer(t, nil, "listen", "--addr", "127.0.0.1:0", "--insecure-skip-verify", "--json")
	url := "http://" + r.addr + "/webhook"
	for _, body := range []string{cloudBody, cloudBody, cloudStatusBody("wamid.LISTEN1", "read")} {
		require.Equal(t, http.StatusOK, post(t, url, body, http.Header{}))
	}
	o := r.stop(t)
	var got []eventJSON
	for _, line := range strings.Split(strings.TrimSpace(o.stdout), "\n") {
		var ev eventJSON
		require.NoError(t, json.Unmarshal([]byte(line), &ev), line)
		got = append(got, ev)
	}
	require.Len(t, got, 3)
	assert.False(t, got[0].Repeat)
	assert.True(t, got[1].Repeat)
	assert.Equal(t, "text", got[2].About)
	assert.Contains(t, o.stderr, "stopped; 3 events received, 1 of them repeats")
}

func TestListenStopsWithALineWhenIdle(t *testing.T) {
	r := startServer(t, map[string]string{"WAACK_APP_SECRET": appSecret}, "listen", "--addr", "127.0.0.1:0")
	o := r.stop(t)
	assert.Equal(t, exitOK, o.code)
	assert.Contains(t, o.stderr, "waack listen: stopped; no events received\n")
}
