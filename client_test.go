package waack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Credentials used by the tests; none of them may ever surface in an error
// or a log line.
const (
	cloudToken = "EAAGm0PX4ZCpsBA-cloud-secret"
	oneToken   = "1msg-secret-token-q7"
	wawpToken  = "wawp-secret-access-token-z9"
)

var (
	testCloud = CloudAPI{PhoneNumberID: "106540352242922", AccessToken: cloudToken, BaseURL: "https://graph.test"}
	testOne   = OneMsg{ChannelID: "ODI371267300", Token: oneToken, BaseURL: "https://api.1msg.test"}
	testWawp  = Wawp{InstanceID: "123456789012", AccessToken: wawpToken, BaseURL: "https://api.wawp.test"}
)

// fastRetry keeps retry tests quick without changing what is retried.
var fastRetry = WithRetry(RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 20 * time.Millisecond})

// setup returns a client whose requests go to a fresh httpmock transport
// (no global state, so tests may run in parallel).
func setup(t *testing.T, p Provider, opts ...Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	c, err := New(p, append([]Option{WithHTTPClient(&http.Client{Transport: mt}), fastRetry}, opts...)...)
	require.NoError(t, err)
	return c, mt
}

func TestNewRejectsBadConfig(t *testing.T) {
	cases := map[string]Provider{
		"nil":                      nil,
		"cloud without token":      CloudAPI{PhoneNumberID: "1"},
		"cloud without phone id":   CloudAPI{AccessToken: "t"},
		"cloud phone id with path": CloudAPI{PhoneNumberID: "1/../2", AccessToken: "t"},
		"cloud plain http":         CloudAPI{PhoneNumberID: "1", AccessToken: "t", BaseURL: "http://graph.facebook.com"},
		"cloud relative url":       CloudAPI{PhoneNumberID: "1", AccessToken: "t", BaseURL: "graph.facebook.com"},
		"cloud ftp":                CloudAPI{PhoneNumberID: "1", AccessToken: "t", BaseURL: "ftp://127.0.0.1"},
		"cloud url with userinfo":  CloudAPI{PhoneNumberID: "1", AccessToken: "t", BaseURL: "https://u:p@graph.test"},
		"1msg without token":       OneMsg{ChannelID: "c"},
		"1msg without channel":     OneMsg{Token: "t"},
		"1msg private http":        OneMsg{ChannelID: "c", Token: "t", BaseURL: "http://10.0.0.1"},
		"wawp without token":       Wawp{InstanceID: "i"},
		"wawp without instance":    Wawp{AccessToken: "t"},
		"wawp blank instance":      Wawp{InstanceID: "  ", AccessToken: "t"},
	}
	for name, p := range cases {
		t.Run(name, func(t *testing.T) {
			c, err := New(p)
			assert.Nil(t, c)
			assert.ErrorIs(t, err, ErrInvalidConfig)
			if err != nil {
				assert.NotContains(t, err.Error(), "secret")
			}
		})
	}
	for _, base := range []string{"http://127.0.0.1:8025", "http://localhost:1/", "http://[::1]:9", "https://graph.facebook.com/"} {
		_, err := New(CloudAPI{PhoneNumberID: "1", AccessToken: "t", BaseURL: base})
		assert.NoError(t, err, base)
	}
	_, err := New(testCloud, WithRetry(RetryPolicy{MaxAttempts: -1}))
	assert.ErrorIs(t, err, ErrInvalidConfig)
	_, err = New(testCloud, WithHTTPClient(nil))
	assert.ErrorIs(t, err, ErrInvalidConfig)
}

func TestDefaultTransportKeepsConnectionsForBursts(t *testing.T) {
	c, err := New(testCloud)
	require.NoError(t, err)
	tr, ok := c.tr.rc.GetClient().Transport.(*http.Transport)
	require.True(t, ok)
	assert.GreaterOrEqual(t, tr.MaxIdleConnsPerHost, 64)
	assert.GreaterOrEqual(t, tr.MaxIdleConns, tr.MaxIdleConnsPerHost)
}

func TestWithHTTPClientDoesNotModifyCallersClient(t *testing.T) {
	hc := &http.Client{}
	_, err := New(testCloud, WithHTTPClient(hc))
	require.NoError(t, err)
	assert.Nil(t, hc.Transport)
}

// wireCase is one call on one provider and what must reach the wire.
type wireCase struct {
	name   string
	p      Provider
	call   func(*Client) (*Sent, error)
	method string
	url    string // with query
	body   string // JSON, compared semantically (the dialect tests pin bytes)
	answer string
	want   *Sent
}

func wireCases() []wireCase {
	ctx := context.Background()
	react := func(c *Client) (*Sent, error) {
		return c.React(ctx, Reaction{To: "+1 (650) 555-1234", MessageID: "wamid.IN1", Emoji: "👍"})
	}
	unreact := func(c *Client) (*Sent, error) { return c.Unreact(ctx, "16505551234", "wamid.IN1") }
	read := func(c *Client) (*Sent, error) {
		return nil, c.MarkRead(ctx, ReadReceipt{MessageID: "wamid.IN1", Typing: true})
	}
	text := func(c *Client) (*Sent, error) {
		return c.SendText(ctx, Text{To: "16505551234", Body: "Hi <b> & «ok»", ReplyTo: "wamid.IN1", PreviewURL: true})
	}
	cloudURL := "https://graph.test/v23.0/106540352242922/messages"
	cloudOK := `{"messaging_product":"whatsapp","contacts":[{"input":"16505551234","wa_id":"16505551234","user_id":"US.1"}],"messages":[{"id":"wamid.OUT","message_status":"accepted","extra":1}]}`
	cloudSent := &Sent{ID: "wamid.OUT", To: "16505551234", WaID: "16505551234", UserID: "US.1", Status: "accepted"}
	oneQ := "?token=" + oneToken
	oneOK := `{"sent":true,"id":"wamid.OUT","message":"Sent to 16505551234@c.us","description":"Message has been sent to the provider"}`
	oneSent := &Sent{ID: "wamid.OUT", To: "16505551234"}
	wawpQ := "?access_token=" + wawpToken + "&instance_id=123456789012"
	wawpMsg := "true_16505551234@c.us_3EB0OUT"
	wawpOK := `{"id":{"fromMe":true,"remote":"16505551234@c.us","id":"3EB0OUT","_serialized":"` + wawpMsg + `"},"ack":0}`
	wawpSent := &Sent{ID: wawpMsg, To: "16505551234@c.us"}
	wawpIn := "false_16505551234@c.us_3EB0IN"
	return []wireCase{
		{"cloud react", testCloud, react, http.MethodPost, cloudURL,
			`{"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"reaction","reaction":{"message_id":"wamid.IN1","emoji":"👍"}}`, cloudOK, cloudSent},
		{"cloud unreact", testCloud, unreact, http.MethodPost, cloudURL,
			`{"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"reaction","reaction":{"message_id":"wamid.IN1","emoji":""}}`, cloudOK, cloudSent},
		{"cloud read", testCloud, read, http.MethodPost, cloudURL,
			`{"messaging_product":"whatsapp","status":"read","message_id":"wamid.IN1","typing_indicator":{"type":"text"}}`, `{"success":true}`, nil},
		{"cloud text", testCloud, text, http.MethodPost, cloudURL,
			`{"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"text","text":{"body":"Hi <b> & «ok»","preview_url":true},"context":{"message_id":"wamid.IN1"}}`, cloudOK, cloudSent},
		{"1msg react", testOne, react, http.MethodPost, "https://api.1msg.test/ODI371267300/sendReaction" + oneQ,
			`{"phone":"16505551234","body":"👍","quotedMsgId":"wamid.IN1"}`, oneOK, oneSent},
		{"1msg unreact", testOne, unreact, http.MethodPost, "https://api.1msg.test/ODI371267300/sendReaction" + oneQ,
			`{"phone":"16505551234","body":"","quotedMsgId":"wamid.IN1"}`, oneOK, oneSent},
		{"1msg read", testOne, read, http.MethodPost, "https://api.1msg.test/ODI371267300/readMessage" + oneQ,
			`{"messageId":"wamid.IN1","typingIndicator":true}`, `{"result":"success"}`, nil},
		{"1msg text", testOne, text, http.MethodPost, "https://api.1msg.test/ODI371267300/sendMessage" + oneQ,
			`{"phone":16505551234,"body":"Hi <b> & «ok»","quotedMsgId":"wamid.IN1"}`, oneOK, oneSent},
		{"wawp react", testWawp, func(c *Client) (*Sent, error) {
			return c.React(ctx, Reaction{To: "16505551234", MessageID: wawpIn, Emoji: "👍"})
		}, http.MethodPut, "https://api.wawp.test/v2/send/reaction" + wawpQ,
			`{"instance_id":"123456789012","access_token":"` + wawpToken + `","chatId":"16505551234@c.us","messageId":"` + wawpIn + `","reaction":"👍"}`, wawpOK, wawpSent},
		{"wawp unreact", testWawp, func(c *Client) (*Sent, error) { return c.Unreact(ctx, "16505551234@c.us", wawpIn) },
			http.MethodPut, "https://api.wawp.test/v2/send/reaction" + wawpQ,
			`{"instance_id":"123456789012","access_token":"` + wawpToken + `","chatId":"16505551234@c.us","messageId":"` + wawpIn + `","reaction":""}`, wawpOK, wawpSent},
		{"wawp read derives the chat", testWawp, func(c *Client) (*Sent, error) {
			return nil, c.MarkRead(ctx, ReadReceipt{MessageID: wawpIn})
		}, http.MethodPost, "https://api.wawp.test/v2/send/seen" + wawpQ,
			`{"instance_id":"123456789012","access_token":"` + wawpToken + `","chatId":"16505551234@c.us","messageIds":["` + wawpIn + `"]}`, `{}`, nil},
		{"wawp text", testWawp, func(c *Client) (*Sent, error) {
			return c.SendText(ctx, Text{To: "16505551234", Body: "Hi <b> & «ok»", ReplyTo: wawpIn})
		}, http.MethodPost, "https://api.wawp.test/v2/send/text" + wawpQ,
			`{"instance_id":"123456789012","access_token":"` + wawpToken + `","chatId":"16505551234@c.us","message":"Hi <b> & «ok»","reply_to":"` + wawpIn + `"}`, wawpOK, wawpSent},
	}
}

func TestWireFormats(t *testing.T) {
	for _, tc := range wireCases() {
		t.Run(tc.name, func(t *testing.T) {
			c, mt := setup(t, tc.p)
			var gotBody []byte
			var gotHeader http.Header
			mt.RegisterResponder(tc.method, tc.url, func(r *http.Request) (*http.Response, error) {
				gotBody, _ = io.ReadAll(r.Body)
				gotHeader = r.Header
				return httpmock.NewStringResponse(200, tc.answer), nil
			})
			sent, err := tc.call(c)
			require.NoError(t, err)
			assert.Equal(t, tc.want, sent)
			assert.Equal(t, 1, mt.GetTotalCallCount())
			assert.JSONEq(t, tc.body, string(gotBody))
			assert.NotContains(t, string(gotBody), `\u003c`, "HTML must not be escaped")
			assert.Equal(t, "application/json", gotHeader.Get("Content-Type"))
			assert.Equal(t, "waack-go/"+Version, gotHeader.Get("User-Agent"))
			if tc.p.Name() == ProviderCloudAPI {
				assert.Equal(t, "Bearer "+cloudToken, gotHeader.Get("Authorization"))
			} else {
				assert.Empty(t, gotHeader.Get("Authorization"))
			}
		})
	}
}

func TestCloudAPIRelayAuthHeader(t *testing.T) {
	p := testCloud
	p.AuthHeader = "D360-API-KEY"
	c, mt := setup(t, p, WithUserAgent("support-bot/2"))
	mt.RegisterResponder(http.MethodPost, "https://graph.test/v23.0/106540352242922/messages", func(r *http.Request) (*http.Response, error) {
		assert.Equal(t, cloudToken, r.Header.Get("D360-API-KEY"))
		assert.Empty(t, r.Header.Get("Authorization"))
		assert.Equal(t, "support-bot/2", r.Header.Get("User-Agent"))
		return httpmock.NewStringResponse(200, `{"success":true}`), nil
	})
	require.NoError(t, c.MarkRead(context.Background(), ReadReceipt{MessageID: "wamid.X"}))
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestValidationBeforeAnyRequest(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("a", 4097)
	cases := []struct {
		name string
		p    Provider
		run  func(*Client) error
		want error
	}{
		{"react bad phone", testCloud, func(c *Client) error {
			_, err := c.React(ctx, Reaction{To: "call me", MessageID: "wamid.1", Emoji: "👍"})
			return err
		}, ErrInvalidPhone},
		{"react text emoji", testCloud, func(c *Client) error {
			_, err := c.React(ctx, Reaction{To: "16505551234", MessageID: "wamid.1", Emoji: "ok"})
			return err
		}, ErrInvalidEmoji},
		{"react two emoji", testOne, func(c *Client) error {
			_, err := c.React(ctx, Reaction{To: "16505551234", MessageID: "wamid.1", Emoji: "👍👍"})
			return err
		}, ErrInvalidEmoji},
		{"react empty emoji is not removal", testWawp, func(c *Client) error {
			_, err := c.React(ctx, Reaction{To: "16505551234", MessageID: "false_1@c.us_A", Emoji: ""})
			return err
		}, ErrInvalidEmoji},
		{"react message id with space", testCloud, func(c *Client) error {
			_, err := c.React(ctx, Reaction{To: "16505551234", MessageID: "wamid 1", Emoji: "👍"})
			return err
		}, ErrInvalidMessageID},
		{"unreact empty id", testOne, func(c *Client) error {
			_, err := c.Unreact(ctx, "16505551234", "")
			return err
		}, ErrInvalidMessageID},
		{"read long id", testCloud, func(c *Client) error {
			return c.MarkRead(ctx, ReadReceipt{MessageID: strings.Repeat("x", 257)})
		}, ErrInvalidMessageID},
		{"wawp read without chat", testWawp, func(c *Client) error {
			return c.MarkRead(ctx, ReadReceipt{MessageID: "3EB0PLAIN"})
		}, ErrInvalidPhone},
		{"text empty", testCloud, func(c *Client) error {
			_, err := c.SendText(ctx, Text{To: "16505551234", Body: ""})
			return err
		}, ErrInvalidText},
		{"text too long", testOne, func(c *Client) error {
			_, err := c.SendText(ctx, Text{To: "16505551234", Body: long})
			return err
		}, ErrInvalidText},
		{"text bad reply id", testWawp, func(c *Client) error {
			_, err := c.SendText(ctx, Text{To: "16505551234", Body: "hi", ReplyTo: "a b"})
			return err
		}, ErrInvalidMessageID},
		{"ack bad phone", testCloud, func(c *Client) error {
			_, err := c.Acknowledge(ctx, Ack{From: "12", MessageID: "wamid.1"})
			return err
		}, ErrInvalidPhone},
		{"ack bad emoji", testOne, func(c *Client) error {
			_, err := c.Acknowledge(ctx, Ack{From: "16505551234", MessageID: "wamid.1", Emoji: "yes"})
			return err
		}, ErrInvalidEmoji},
		{"ack bad id", testWawp, func(c *Client) error {
			_, err := c.Acknowledge(ctx, Ack{From: "16505551234", MessageID: ""})
			return err
		}, ErrInvalidMessageID},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, mt := setup(t, tc.p)
			err := tc.run(c)
			assert.ErrorIs(t, err, tc.want)
			assert.Zero(t, mt.GetTotalCallCount(), "no request may be made for bad input")
		})
	}
}

func TestIdempotentCallsRetryTransientFailures(t *testing.T) {
	throttled := `{"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429,"error_data":{"messaging_product":"whatsapp","details":"Cloud API message throughput has been reached."},"fbtrace_id":"Az8"}}`
	c, mt := setup(t, testCloud)
	mt.RegisterResponder(http.MethodPost, "=~/messages$",
		httpmock.NewStringResponder(400, throttled).Times(1).
			Then(httpmock.NewErrorResponder(errors.New("connection reset by peer")).Times(1)).
			Then(httpmock.NewStringResponder(200, `{"messages":[{"id":"wamid.OK"}]}`)))
	sent, err := c.React(context.Background(), Reaction{To: "16505551234", MessageID: "wamid.1", Emoji: "⏳"})
	require.NoError(t, err)
	assert.Equal(t, "wamid.OK", sent.ID)
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

func TestRetriesStopAtMaxAttempts(t *testing.T) {
	c, mt := setup(t, testOne)
	mt.RegisterResponder(http.MethodPost, "=~/readMessage", httpmock.NewStringResponder(503, `<html>busy</html>`))
	err := c.MarkRead(context.Background(), ReadReceipt{MessageID: "wamid.1"})
	assert.ErrorIs(t, err, ErrServiceUnavailable)
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

func TestPermanentErrorsAreNotRetried(t *testing.T) {
	c, mt := setup(t, testCloud)
	mt.RegisterResponder(http.MethodPost, "=~/messages$", httpmock.NewStringResponder(400,
		`{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100,"fbtrace_id":"A1"}}`))
	_, err := c.React(context.Background(), Reaction{To: "16505551234", MessageID: "wamid.1", Emoji: "👍"})
	assert.ErrorIs(t, err, ErrInvalidParameter)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, APIError{Provider: "cloudapi", Op: "react", HTTPStatus: 400, Code: 100, Type: "OAuthException",
		Title: "Invalid parameter", Message: "(#100) Invalid parameter", TraceID: "A1"}, *apiErr)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestSendTextRetriesOnlyProvenRejections(t *testing.T) {
	throttled := `{"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429}}`
	c, mt := setup(t, testCloud)
	mt.RegisterResponder(http.MethodPost, "=~/messages$",
		httpmock.NewStringResponder(400, throttled).Times(1).
			Then(httpmock.NewStringResponder(200, `{"messages":[{"id":"wamid.T"}]}`)))
	sent, err := c.SendText(context.Background(), Text{To: "16505551234", Body: "We received your request"})
	require.NoError(t, err)
	assert.Equal(t, "wamid.T", sent.ID)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestSendTextNeverResendsAfterAmbiguousFailure(t *testing.T) {
	cases := map[string]httpmock.Responder{
		"connection dropped":   httpmock.NewErrorResponder(io.ErrUnexpectedEOF),
		"html 502":             httpmock.NewStringResponder(502, "<html><body>Bad Gateway</body></html>"),
		"500 with empty body":  httpmock.NewStringResponder(500, ""),
		"200 truncated answer": httpmock.NewStringResponder(200, `{"messages":[{"id":"wam`),
	}
	for name, responder := range cases {
		for _, p := range []Provider{testCloud, testOne} {
			t.Run(name+"/"+p.Name(), func(t *testing.T) {
				c, mt := setup(t, p)
				mt.RegisterNoResponder(responder)
				_, err := c.SendText(context.Background(), Text{To: "16505551234", Body: "hello"})
				assert.ErrorIs(t, err, ErrOutcomeUnknown)
				assert.Equal(t, 1, mt.GetTotalCallCount(), "an ambiguous send must not be resent")
			})
		}
	}
}

func TestRetryAfterLongerThanMaxBackoffIsReturned(t *testing.T) {
	c, mt := setup(t, testWawp)
	mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(429, `{"message":"slow down"}`)
		r.Header.Set("Retry-After", "30")
		return r, nil
	})
	_, err := c.React(context.Background(), Reaction{To: "16505551234", MessageID: "false_16505551234@c.us_A", Emoji: "✅"})
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, ErrRateLimited)
	assert.Equal(t, 30*time.Second, apiErr.RetryAfter)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestContextDeadlineStopsRetries(t *testing.T) {
	c, mt := setup(t, testCloud, WithRetry(RetryPolicy{MaxAttempts: 10, MinBackoff: time.Hour, MaxBackoff: time.Hour}))
	mt.RegisterNoResponder(httpmock.NewStringResponder(503, `{"error":{"code":2,"message":"down"}}`))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := c.MarkRead(ctx, ReadReceipt{MessageID: "wamid.1"})
	assert.ErrorIs(t, err, ErrServiceUnavailable)
	assert.Equal(t, 1, mt.GetTotalCallCount(), "a wait past the deadline is not started")

	cancelled, cancelNow := context.WithCancel(context.Background())
	cancelNow()
	err = c.MarkRead(cancelled, ReadReceipt{MessageID: "wamid.1"})
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, mt.GetTotalCallCount(), "a cancelled context sends nothing")
}

func TestCancelDuringBackoff(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	// The caller gives up as the client starts waiting to retry.
	logger := slog.New(onMessage{msg: "waack retry", do: cancel})
	c, mt := setup(t, testCloud, WithLogger(logger), WithRetry(RetryPolicy{MaxAttempts: 3, MinBackoff: time.Hour, MaxBackoff: time.Hour}))
	mt.RegisterNoResponder(httpmock.NewStringResponder(503, ""))
	_, err := c.React(ctx, Reaction{To: "16505551234", MessageID: "wamid.1", Emoji: "👍"})
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, ErrServiceUnavailable)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

// onMessage is a slog.Handler that runs do when a record with message msg
// is logged.
type onMessage struct {
	msg string
	do  func()
}

func (h onMessage) Enabled(context.Context, slog.Level) bool { return true }
func (h onMessage) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h onMessage) WithGroup(string) slog.Handler            { return h }
func (h onMessage) Handle(_ context.Context, r slog.Record) error {
	if r.Message == h.msg {
		h.do()
	}
	return nil
}

func TestOneMsgNotSent(t *testing.T) {
	c, mt := setup(t, testOne)
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, `{"sent":false,"message":"Dialog window is closed. Use a template."}`))
	_, err := c.SendText(context.Background(), Text{To: "16505551234", Body: "hello"})
	assert.ErrorIs(t, err, ErrNotSent)
	assert.ErrorIs(t, err, ErrSessionWindowClosed)
	assert.Equal(t, 1, mt.GetTotalCallCount())

	c, mt = setup(t, testOne)
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, `{"sent":false,"message":"empty body"}`))
	_, err = c.React(context.Background(), Reaction{To: "16505551234@c.us", MessageID: "wamid.1", Emoji: "👍"})
	assert.ErrorIs(t, err, ErrNotSent)
	assert.NotErrorIs(t, err, ErrSessionWindowClosed)
}

func TestAcknowledgeAttemptsBothAndJoinsErrors(t *testing.T) {
	c, mt := setup(t, testCloud)
	var bodies []string
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if strings.Contains(string(b), `"reaction"`) {
			return httpmock.NewStringResponse(400, `{"error":{"code":131009,"message":"(#131009) Parameter value is not valid"}}`), nil
		}
		return httpmock.NewStringResponse(200, `{"success":true}`), nil
	})
	sent, err := c.Acknowledge(context.Background(), Ack{From: "16505551234", MessageID: "wamid.IN"})
	assert.Nil(t, sent)
	assert.ErrorIs(t, err, ErrTargetTooOld)
	require.Len(t, bodies, 2, "the read receipt is sent even though the reaction failed")
	assert.Contains(t, bodies[0], `"emoji":"👍"`, "👍 by default")
	assert.Contains(t, bodies[1], `"status":"read"`)

	c, mt = setup(t, testOne)
	mt.RegisterResponder(http.MethodPost, "=~/sendReaction", httpmock.NewStringResponder(200, `{"sent":true,"id":"wamid.R"}`))
	mt.RegisterResponder(http.MethodPost, "=~/readMessage", httpmock.NewStringResponder(401, `{"error":"Wrong token \"`+oneToken+`\" for channel"}`))
	sent, err = c.Acknowledge(context.Background(), Ack{From: "16505551234", MessageID: "wamid.IN", Emoji: "✅", Typing: true})
	require.NotNil(t, sent)
	assert.Equal(t, "wamid.R", sent.ID)
	assert.ErrorIs(t, err, ErrUnauthorized)
	assert.NotContains(t, err.Error(), oneToken)
}

// TestNoTokenInErrorsOrLogs drives every provider through failures that
// could carry a credential: transport errors (whose *url.Error prints the
// URL with 1MSG's and Wawp's query secrets) and provider texts echoing it.
func TestNoTokenInErrorsOrLogs(t *testing.T) {
	// Each responder echoes the client's own secret, as 1MSG's 401 text
	// does, once whole and once where a length cap would cut it.
	responders := map[string]func(secret string) httpmock.Responder{
		"transport error": func(string) httpmock.Responder {
			return httpmock.NewErrorResponder(errors.New("dial tcp: connection refused"))
		},
		"echoed token": func(s string) httpmock.Responder {
			return httpmock.NewStringResponder(401, `{"error":"Wrong token \"`+s+`\" for channel \"1\". Please provide token as a GET parameter."}`)
		},
		"graph echo": func(s string) httpmock.Responder {
			return httpmock.NewStringResponder(400, `{"error":{"code":190,"message":"token `+s+` expired","error_data":{"details":"`+s+`"}}}`)
		},
		"token across the cap": func(s string) httpmock.Responder {
			return httpmock.NewStringResponder(502, "<html>"+strings.Repeat("x", 190)+s+"</html>")
		},
		"wawp nest echo": func(s string) httpmock.Responder {
			return httpmock.NewStringResponder(500, `{"statusCode":500,"exception":{"message":"boom `+s+`"},"request":{"query":{"access_token":"`+s+`"}}}`)
		},
	}
	for name, responder := range responders {
		for _, p := range []Provider{testCloud, testOne, testWawp} {
			t.Run(name+"/"+p.Name(), func(t *testing.T) {
				ep, err := p.endpoint()
				require.NoError(t, err)
				secret := ep.secrets[0]
				var logs bytes.Buffer
				logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
				c, mt := setup(t, p, WithLogger(logger))
				mt.RegisterNoResponder(responder(secret))
				ctx := context.Background()
				_, err1 := c.React(ctx, Reaction{To: "16505551234", MessageID: "false_16505551234@c.us_A", Emoji: "👍"})
				err2 := c.MarkRead(ctx, ReadReceipt{MessageID: "false_16505551234@c.us_A", Typing: true})
				_, err3 := c.SendText(ctx, Text{To: "16505551234", Body: "hi"})
				_, err4 := c.Acknowledge(ctx, Ack{From: "16505551234", MessageID: "false_16505551234@c.us_A"})
				for _, err := range []error{err1, err2, err3, err4} {
					require.Error(t, err)
					assert.NotContains(t, err.Error(), secret)
					assert.NotContains(t, fmtAll(err), secret)
					assert.NotContains(t, fmt.Sprintf("%+v %#v", err, err), secret)
				}
				require.NotEmpty(t, logs.String(), "attempts are logged at debug level")
				assert.NotContains(t, logs.String(), secret)
			})
		}
	}
}

// fmtAll prints an error chain the way a careless caller might (%+v of
// every wrapped error).
func fmtAll(err error) string {
	var b strings.Builder
	for e := err; e != nil; e = errors.Unwrap(e) {
		b.WriteString(e.Error())
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, inner := range j.Unwrap() {
				b.WriteString(fmtAll(inner))
			}
		}
	}
	return b.String()
}

func TestLoggerRecordsAttemptsAndRetries(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, mt := setup(t, testCloud, WithLogger(logger))
	mt.RegisterNoResponder(httpmock.NewStringResponder(400, `{"error":{"code":130429,"message":"(#130429) Rate limit hit"}}`).Times(1).
		Then(httpmock.NewStringResponder(200, `{"success":true}`)))
	require.NoError(t, c.MarkRead(context.Background(), ReadReceipt{MessageID: "wamid.1"}))
	out := logs.String()
	assert.Contains(t, out, `"msg":"waack attempt failed"`)
	assert.Contains(t, out, `"msg":"waack retry"`)
	assert.Contains(t, out, `"msg":"waack attempt"`)
	assert.Contains(t, out, `"op":"mark_read"`)
	assert.Contains(t, out, `"provider":"cloudapi"`)
	assert.Contains(t, out, `"status":400`)
	assert.Contains(t, out, `"code":130429`)
}

func TestSessionGuardFailsFastOnClosedWindow(t *testing.T) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	w := NewSessionWindows(WithSessionClock(func() time.Time { return now }))
	w.Observe(MessageEvent{ChatID: "16505551234@c.us", Timestamp: now.Add(-25 * time.Hour)})
	w.Observe(MessageEvent{From: "+44 20 7946 0958", Timestamp: now.Add(-time.Hour)})
	c, mt := setup(t, testCloud, WithSessionGuard(w))
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, `{"messages":[{"id":"wamid.OK"}],"success":true}`))
	ctx := context.Background()

	_, err := c.SendText(ctx, Text{To: "+1 650-555-1234", Body: "hi"})
	assert.ErrorIs(t, err, ErrSessionWindowClosed)
	_, err = c.React(ctx, Reaction{To: "16505551234", MessageID: "wamid.1", Emoji: "👍"})
	assert.ErrorIs(t, err, ErrSessionWindowClosed)
	_, err = c.Acknowledge(ctx, Ack{From: "16505551234", MessageID: "wamid.1"})
	assert.ErrorIs(t, err, ErrSessionWindowClosed)
	assert.Zero(t, mt.GetTotalCallCount(), "a closed window fails before any request")

	require.NoError(t, c.MarkRead(ctx, ReadReceipt{MessageID: "wamid.1", From: "16505551234"}), "reads are not guarded")
	_, err = c.SendText(ctx, Text{To: "442079460958", Body: "hi"})
	assert.NoError(t, err, "an open window passes")
	_, err = c.SendText(ctx, Text{To: "15550001111", Body: "hi"})
	assert.NoError(t, err, "a chat never seen passes unless strict")
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

// TestReplacedDefaultTransportIsUsed: httpmock.Activate (and some programs)
// swap http.DefaultTransport for another RoundTripper; New must not panic
// and must send through it.
func TestReplacedDefaultTransportIsUsed(t *testing.T) {
	httpmock.Activate()
	defer httpmock.DeactivateAndReset()
	httpmock.RegisterNoResponder(httpmock.NewStringResponder(200, `{"success":true}`))
	c, err := New(testCloud)
	require.NoError(t, err)
	require.NoError(t, c.MarkRead(context.Background(), ReadReceipt{MessageID: "wamid.1"}))
	assert.Equal(t, 1, httpmock.GetTotalCallCount())
}
