package onemsg

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/waack/waack/internal/wire"
)

func TestDecodeSendSuccess(t *testing.T) {
	cases := []struct {
		name, body string
		want       wire.Sent
	}{
		{
			name: "sent with a wamid",
			body: `{"sent":true,"id":"wamid.HBgLMTY1","message":"Sent to 16505551234@c.us","description":"Message has been sent to the provider"}`,
			want: wire.Sent{ID: "wamid.HBgLMTY1"},
		},
		{
			name: "legacy id and unknown fields",
			body: `{"sent":true,"id":"gBGGeRhGZTEfAgkJCh2wAz4ZH-8","queueNumber":3,"extra":{"a":[1]}}`,
			want: wire.Sent{ID: "gBGGeRhGZTEfAgkJCh2wAz4ZH-8"},
		},
		{name: "sent without an id", body: `{"sent":true}`, want: wire.Sent{}},
		{name: "an id without sent", body: `{"id":"wamid.X"}`, want: wire.Sent{ID: "wamid.X"}},
	}
	d := New(testChannel, testToken)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sent, f := d.DecodeSend(200, []byte(tc.body))
			assert.Nil(t, f)
			assert.Equal(t, tc.want, sent)
		})
	}
}

// failureCases hold for DecodeSend; the read decoder reads the same error
// bodies the same way, apart from NotSent.
var failureCases = []struct {
	name   string
	status int
	body   string
	want   wire.Failure
}{
	{
		name: "sent false, plain", status: 200, body: `{"sent":false,"message":"empty body"}`,
		want: wire.Failure{Message: "empty body", NotSent: true, Recognised: true},
	},
	{
		name: "sent false, dialog window closed", status: 200,
		body: `{"sent":false,"message":"Dialog window is closed","description":"Use a template to start the conversation"}`,
		want: wire.Failure{
			Message: "Dialog window is closed", Details: "Use a template to start the conversation",
			NotSent: true, WindowClosed: true, Recognised: true,
		},
	},
	{
		name: "sent false, 131047 in the description", status: 200,
		body: `{"sent":false,"description":"Meta error 131047"}`,
		want: wire.Failure{Message: "Meta error 131047", NotSent: true, WindowClosed: true, Recognised: true},
	},
	{
		name: "sent false, outside the allowed window", status: 200,
		body: `{"sent":false,"message":"Message is OUTSIDE the allowed window"}`,
		want: wire.Failure{Message: "Message is OUTSIDE the allowed window", NotSent: true, WindowClosed: true, Recognised: true},
	},
	{
		name: "sent false, 24 hours have passed", status: 200,
		body: `{"sent":false,"message":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."}`,
		want: wire.Failure{
			Message: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
			NotSent: true, WindowClosed: true, Recognised: true,
		},
	},
	{
		name: "sent false, 24-hour window", status: 200,
		body: `{"sent":false,"error":"The 24-hour customer service window has expired"}`,
		want: wire.Failure{Message: "The 24-hour customer service window has expired", NotSent: true, WindowClosed: true, Recognised: true},
	},
	{
		name: "sent false, 24 hours that are not a window", status: 200,
		body: `{"sent":false,"message":"Daily limit reached, resets in 24 hours"}`,
		want: wire.Failure{Message: "Daily limit reached, resets in 24 hours", NotSent: true, Recognised: true},
	},
	{
		name: "sent false with Meta's error passed through", status: 200,
		body: `{"sent":false,"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,` +
			`"error_user_title":"Re-engagement message","error_user_msg":"More than 24 hours have passed."}}`,
		want: wire.Failure{
			Code: 131047, Type: "OAuthException", Title: "Re-engagement message", Message: "(#131047) Re-engagement message",
			Details: "More than 24 hours have passed.", NotSent: true, WindowClosed: true, Recognised: true,
		},
	},
	{
		name: "legacy 401 keeps its text, token included", status: 401,
		body: `{"error":"Wrong token \"tok3n-secret\" for channel \"123\". Please provide token as a GET parameter."}`,
		want: wire.Failure{Message: `Wrong token "tok3n-secret" for channel "123". Please provide token as a GET parameter.`, Recognised: true},
	},
	{
		name: "error object with error_code as a string", status: 400,
		body: `{"error":{"message":"Invalid parameter","error_code":"100"}}`,
		want: wire.Failure{Code: 100, Message: "Invalid parameter", Recognised: true},
	},
	{
		name: "string code goes to Type", status: 429,
		body: `{"error":"Too many requests","code":"rate_limited"}`,
		want: wire.Failure{Type: "rate_limited", Message: "Too many requests", Recognised: true},
	},
	{
		name: "error in a 200 without sent", status: 200, body: `{"error":"template is not defined"}`,
		want: wire.Failure{Message: "template is not defined", Recognised: true},
	},
	{
		name: "HTML 502 page", status: 502, body: "<html><body><h1>502 Bad Gateway</h1>\n</body></html>",
		want: wire.Failure{Message: "no 1MSG answer: <html><body><h1>502 Bad Gateway</h1> </body></html>"},
	},
	{name: "empty 503", status: 503, body: "", want: wire.Failure{Message: "no 1MSG answer: empty body"}},
	{
		name: "truncated JSON", status: 500, body: `{"error":"Internal ser`,
		want: wire.Failure{Message: `no 1MSG answer: {"error":"Internal ser`},
	},
	{
		name: "gateway JSON without error", status: 500, body: `{"message":"Internal server error"}`,
		want: wire.Failure{Message: `no 1MSG answer: {"message":"Internal server error"}`},
	},
}

func TestDecodeSendFailures(t *testing.T) {
	d := New(testChannel, testToken)
	for _, tc := range failureCases {
		t.Run(tc.name, func(t *testing.T) {
			sent, f := d.DecodeSend(tc.status, []byte(tc.body))
			assert.Equal(t, wire.Sent{}, sent)
			if assert.NotNil(t, f) {
				assert.Equal(t, tc.want, *f)
			}
		})
	}
}

func TestDecodeSendAmbiguous(t *testing.T) {
	for _, tc := range []struct{ name, body string }{
		{"queued job", `{"sent":false,"jobId":"a1b2","message":"queued"}`},
		{"neither sent nor id", `{}`},
		{"not JSON", `OK`},
		{"JSON array", `[]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sent, f := New(testChannel, testToken).DecodeSend(200, []byte(tc.body))
			assert.Equal(t, wire.Sent{}, sent)
			if assert.NotNil(t, f) {
				assert.False(t, f.Recognised)
				assert.False(t, f.NotSent, "a queued or odd answer is not a refusal")
				assert.NotEmpty(t, f.Message)
			}
		})
	}
}

func TestDecodeRead(t *testing.T) {
	d := New(testChannel, testToken)
	for _, body := range []string{`{"result":"success"}`, ``, `{"result":"success","extra":1}`} {
		assert.Nil(t, d.DecodeRead(200, []byte(body)), body)
	}
	for _, tc := range failureCases {
		t.Run(tc.name, func(t *testing.T) {
			f := d.DecodeRead(tc.status, []byte(tc.body))
			want := tc.want
			if assert.NotNil(t, f) {
				assert.Equal(t, want.Recognised, f.Recognised)
				assert.Equal(t, want.Message, f.Message)
				assert.Equal(t, want.Code, f.Code)
				assert.Equal(t, want.WindowClosed, f.WindowClosed)
			}
		})
	}
	f := d.DecodeRead(200, []byte(`<html>OK</html>`))
	if assert.NotNil(t, f) {
		assert.False(t, f.Recognised)
	}
}
