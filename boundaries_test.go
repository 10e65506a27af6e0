package waack

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each boundary below was crossed by a hostile network or a careless caller
// before it was fixed.

func TestNewRefusesNilPointerProviders(t *testing.T) {
	for name, p := range map[string]Provider{
		"*CloudAPI": (*CloudAPI)(nil), "*OneMsg": (*OneMsg)(nil), "*Wawp": (*Wawp)(nil),
	} {
		t.Run(name, func(t *testing.T) {
			var c *Client
			var err error
			require.NotPanics(t, func() { c, err = New(p) })
			assert.Nil(t, c)
			assert.ErrorIs(t, err, ErrInvalidConfig)
		})
	}
}

// Every refusal of a real shape matches a documented sentinel, the most
// specific one where the provider's table has it.
func TestEveryRefusalMatchesASentinel(t *testing.T) {
	cases := []struct {
		name   string
		p      Provider
		read   bool
		status int
		body   string
		want   error
	}{
		{"graph 131051 unsupported type", testCloud, false, 400, graphErr(131051, "Message type unknown"), ErrInvalidParameter},
		{"graph 133010 not registered", testCloud, false, 400, graphErr(133010, "Account not registered"), ErrAccountRestricted},
		{"graph 132000 parameter count", testCloud, false, 400, graphErr(132000, "Number of parameters does not match"), ErrInvalidParameter},
		{"graph 131053 media upload", testCloud, false, 400, graphErr(131053, "Media upload error"), ErrInvalidParameter},
		{"graph 404 code 803", testCloud, false, 404, graphErr(803, "Some of the aliases you requested do not exist"), ErrInvalidParameter},
		{"graph unknown code", testCloud, false, 400, graphErr(999999, "Something new"), ErrRejected},
		{"HTML 404", testCloud, false, 404, "<html><body>Not Found</body></html>", ErrRejected},
		{"405", testCloud, false, 405, `{"error":{"message":"Method not allowed","code":0}}`, ErrRejected},
		{"409", testCloud, false, 409, `conflict`, ErrRejected},
		{"413", testCloud, false, 413, `<html>Request Entity Too Large</html>`, ErrRejected},
		{"cloud success false on a read", testCloud, true, 200, `{"success":false}`, ErrRejected},
		{"1msg 402", testOne, false, 402, `{"error":"Payment required: the channel is not paid"}`, ErrAccountRestricted},
		{"1msg 404", testOne, false, 404, `{"error":"Channel not found"}`, ErrRejected},
		{"1msg sent false", testOne, false, 200, `{"sent":false,"message":"Wrong phone"}`, ErrNotSent},
		{"wawp NestJS 404", testWawp, false, 404, `{"statusCode":404,"message":"Cannot POST /v2/send/x","error":"Not Found"}`, ErrRejected},
		{"wawp NestJS 422", testWawp, false, 422, `{"statusCode":422,"message":"Not available on this engine","error":"Unprocessable Entity"}`, ErrInvalidParameter},
		{"wawp success false code 200", testWawp, false, 200, `{"success":false,"code":200}`, ErrRejected},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, mt := setup(t, tc.p)
			mt.RegisterNoResponder(httpmock.NewStringResponder(tc.status, tc.body))
			var err error
			if tc.read {
				err = c.MarkRead(context.Background(), ReadReceipt{MessageID: "wamid.X", From: "16505551234"})
			} else {
				_, err = c.React(context.Background(), Reaction{To: "16505551234", MessageID: "wamid.X", Emoji: "👍"})
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.want)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.status, apiErr.HTTPStatus)
		})
	}
	wawpCode := &APIError{Provider: ProviderWawp, Op: OpReact, HTTPStatus: 200, Code: 200}
	assert.NotErrorIs(t, wawpCode, ErrForbidden, "Wawp's code 200 is no Graph permission error")
	wawpOne := &APIError{Provider: ProviderWawp, Op: OpReact, HTTPStatus: 200, Code: 1}
	assert.NotErrorIs(t, wawpOne, ErrServiceUnavailable)
	assert.False(t, wawpOne.Retryable(), "Wawp's code 1 is not Graph's retryable unknown error")
}

func graphErr(code int, msg string) string {
	return `{"error":{"message":"(#` + strconv.Itoa(code) + `) ` + msg + `","type":"OAuthException","code":` + strconv.Itoa(code) + `,"fbtrace_id":"T"}}`
}

// A gateway's 5xx proves nothing about a text, whatever its body says: it
// is sent once and ends in ErrOutcomeUnknown, carrying its tracking id.
func TestGateway5xxNeverResendsAText(t *testing.T) {
	for _, tc := range []struct {
		p    Provider
		body string
	}{
		{testCloud, `{"error":{"message":"upstream request timeout"}}`},
		{testOne, `{"error":"Gateway Timeout"}`},
		{testWawp, `{"error":"Gateway Timeout"}`},
	} {
		t.Run(tc.p.Name(), func(t *testing.T) {
			c, mt := setup(t, tc.p)
			mt.RegisterNoResponder(httpmock.NewStringResponder(504, tc.body))
			text := Text{To: "16505551234", Body: "hello"}
			if tc.p.Name() == ProviderCloudAPI {
				text.TrackingID = "order-42"
			}
			_, err := c.SendText(context.Background(), text)
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
			assert.Equal(t, 1, mt.GetTotalCallCount(), "sent once")
			var ou *OutcomeUnknownError
			if assert.ErrorAs(t, err, &ou) {
				assert.Equal(t, text.TrackingID, ou.TrackingID)
				assert.Equal(t, OpSendText, ou.Op)
			}
		})
	}
}

// A success status that names no message, or a message and an error at
// once, is not a silent success.
func TestContradictorySuccessIsAnUnknownOutcome(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Provider
		body string
	}{
		{"cloud id and error", testCloud, `{"messages":[{"id":"wamid.A"}],"error":{"message":"x","code":131000}}`},
		{"1msg sent and error", testOne, `{"sent":true,"id":"wamid.A","error":"queue failed"}`},
		{"wawp without id", testWawp, `{"success":true}`},
		{"wawp empty", testWawp, ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, mt := setup(t, tc.p)
			mt.RegisterNoResponder(httpmock.NewStringResponder(200, tc.body))
			sent, err := c.SendText(context.Background(), Text{To: "16505551234", Body: "hello"})
			assert.Nil(t, sent)
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
			assert.Equal(t, 1, mt.GetTotalCallCount())
		})
	}
}

// A credential echoed JSON-escaped, across the 512-byte cut of a field,
// leaves no prefix of itself in the error, the trace id or the debug log.
func TestEscapedTokenAcrossTheCutDoesNotLeak(t *testing.T) {
	token := "abcdefgh/ijklmnop/qrstuvwx/relay-key"
	p := CloudAPI{PhoneNumberID: "1", AccessToken: token, BaseURL: "https://relay.test", AuthHeader: "D360-API-KEY"}
	var logs bytes.Buffer
	c, mt := setup(t, p, WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	escaped := strings.ReplaceAll(token, "/", `\/`)
	msg := strings.Repeat("x", 500) + escaped
	mt.RegisterNoResponder(httpmock.NewStringResponder(400,
		`{"error":{"message":"`+msg+`","code":100,"error_data":{"details":"`+escaped+`"},"fbtrace_id":"`+escaped+`"}}`))
	_, err := c.React(context.Background(), Reaction{To: "16505551234", MessageID: "wamid.X", Emoji: "👍"})
	require.Error(t, err)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	for _, s := range []string{err.Error(), apiErr.TraceID, apiErr.Details, apiErr.Message, logs.String()} {
		assert.NotContains(t, s, token[:8])
		assert.NotContains(t, s, `abcdefgh\/`)
	}
}

// A JSON null (or {}) among a batch's items is no event.
func TestNullBatchItemsAreNoEvents(t *testing.T) {
	body := []byte(`{"entry":[{"changes":[{"field":"messages","value":{"messages":[null,{}],"statuses":[null],"errors":[null]}}]}]}`)
	evs, err := ParseCloudAPIWebhook(body)
	require.NoError(t, err)
	assert.Empty(t, evs)
	evs, err = ParseOneMsgWebhook([]byte(`{"messages":[null],"ack":[null,{}]}`))
	require.NoError(t, err)
	assert.Empty(t, evs)
	h, s := cloudHandler(t, WebhookConfig{})
	assert.Equal(t, http.StatusOK, serve(t, h, signedPost(body)).Code)
	assert.Zero(t, s.calls)
}

// A panicking OnEvent answers 500 (the provider redelivers) and is logged
// without the event's content or a secret.
func TestPanickingOnEventIsLoggedWithoutSecrets(t *testing.T) {
	var logs bytes.Buffer
	body := fixture(t, "cloudapi", "message_only.json")
	h, err := NewWebhookHandler(CloudAPI{}, WebhookConfig{
		AppSecret: testAppSecret,
		OnEvent:   func(context.Context, Event) error { panic("secret " + testAppSecret) },
		Logger:    slog.New(slog.NewTextHandler(&logs, nil)),
	})
	require.NoError(t, err)
	assert.Equal(t, http.StatusInternalServerError, serve(t, h, signedPost(body)).Code)
	assert.Contains(t, logs.String(), "panicked")
	assert.NotContains(t, logs.String(), testAppSecret)
	assert.NotContains(t, logs.String(), "Is the shop open")
}
