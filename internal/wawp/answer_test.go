package wawp

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/waack/waack/internal/wire"
)

// sendSuccesses are the answer shapes engines give for a sent message.
var sendSuccesses = []struct {
	name, body, id string
}{
	{"id as a string", `{"id":"true_16505551234@c.us_3EB0AAAA","ack":0}`, "true_16505551234@c.us_3EB0AAAA"},
	{
		"whatsapp-web.js id object",
		`{"id":{"fromMe":true,"remote":"16505551234@c.us","id":"3EB0BBBB","_serialized":"true_16505551234@c.us_3EB0BBBB"},"ack":1}`,
		"true_16505551234@c.us_3EB0BBBB",
	},
	{
		"Wawp's documented _data form",
		`{"_data":{"id":{"fromMe":true,"remote":"000000000000@c.us","id":"MSG_ID_123456","_serialized":"true_000000000000@c.us_MSG_ID_123456"},"ack":0},"extra":[1]}`,
		"true_000000000000@c.us_MSG_ID_123456",
	},
	{
		"Baileys key",
		`{"key":{"remoteJid":"16505551234@s.whatsapp.net","fromMe":true,"id":"BAE5F1"},"message":{"conversation":"hi"},"status":1}`,
		"BAE5F1",
	},
	{"id wins over _data", `{"id":"A","_data":{"id":{"_serialized":"B"}},"key":{"id":"C"}}`, "A"},
	{"mistyped id", `{"id":42,"key":{"id":"K"}}`, "K"},
}

// A 2xx that names no message, or names one next to an error, proves
// nothing about the message: the pipeline must not count it as sent.
func TestDecodeSendSuccessWithoutIDIsAmbiguous(t *testing.T) {
	d := New(testInstance, testToken)
	for _, body := range []string{`{"success":true}`, `{"queued":1}`, ``, `{"id":"A","error":"failed"}`, `{"id":"A","success":false}`} {
		sent, f := d.DecodeSend(200, []byte(body))
		assert.Equal(t, wire.Sent{}, sent, body)
		if assert.NotNil(t, f, body) {
			assert.False(t, f.Recognised, body)
		}
	}
}

func TestDecodeSendSuccess(t *testing.T) {
	d := New(testInstance, testToken)
	for _, tc := range sendSuccesses {
		t.Run(tc.name, func(t *testing.T) {
			sent, f := d.DecodeSend(200, []byte(tc.body))
			assert.Nil(t, f)
			assert.Equal(t, wire.Sent{ID: tc.id}, sent)
		})
	}
}

// failureCases hold for both decoders.
var failureCases = []struct {
	name   string
	status int
	body   string
	want   wire.Failure
}{
	{
		name: "NestJS HttpException", status: 400,
		body: `{"statusCode":400,"message":"chatId is required","error":"Bad Request"}`,
		want: wire.Failure{Title: "Bad Request", Message: "chatId is required", Recognised: true},
	},
	{
		name: "NestJS validation list", status: 400,
		body: `{"statusCode":400,"message":["chatId must be a string","message should not be empty"],"error":"Bad Request"}`,
		want: wire.Failure{Title: "Bad Request", Message: "chatId must be a string; message should not be empty", Recognised: true},
	},
	{
		name: "string code", status: 502,
		body: `{"code":"wawp_upstream_error","message":"Upstream WhatsApp engine failed"}`,
		want: wire.Failure{Type: "wawp_upstream_error", Message: "Upstream WhatsApp engine failed", Recognised: true},
	},
	{
		name: "error as a code", status: 403, body: `{"error":"quota_reached","message":"Quota or limit reached"}`,
		want: wire.Failure{Type: "quota_reached", Message: "Quota or limit reached", Recognised: true},
	},
	{
		name: "error as a sentence", status: 401, body: `{"error":"Invalid or missing access token"}`,
		want: wire.Failure{Message: "Invalid or missing access token", Recognised: true},
	},
	{
		name: "error object", status: 403,
		body: `{"error":{"message":"Webhooks need a paid plan","code":"subscription_required"}}`,
		want: wire.Failure{Type: "subscription_required", Message: "Webhooks need a paid plan", Recognised: true},
	},
	{
		name: "error object with a numeric code, key and details", status: 404,
		body: `{"error":{"code":404,"key":"FILE_NOT_FOUND","message":"File not found","details":"no such file"}}`,
		want: wire.Failure{Code: 404, Type: "FILE_NOT_FOUND", Message: "File not found", Details: "no such file", Recognised: true},
	},
	{
		name: "numeric code as a string", status: 429, body: `{"code":"429","message":"Too many requests"}`,
		want: wire.Failure{Code: 429, Message: "Too many requests", Recognised: true},
	},
	{
		name: "WAHA 500 exception, request echo not read", status: 500,
		body: `{"statusCode":500,"timestamp":"2026-01-01T00:00:00Z","exception":{"message":"Session is not started","name":"Error","stack":"Error: at x"},` +
			`"request":{"path":"/v2/send/text","method":"POST","query":{"access_token":"acc3ss-secret"}},"version":"2024.10.8"}`,
		want: wire.Failure{Title: "Error", Message: "Session is not started", Recognised: true},
	},
	{
		name: "success false in a 200", status: 200, body: `{"success":false,"message":"Instance is not connected"}`,
		want: wire.Failure{Message: "Instance is not connected", Recognised: true},
	},
	{
		name: "error field in a 200", status: 200, body: `{"error":"wawp_upstream_error"}`,
		want: wire.Failure{Type: "wawp_upstream_error", Recognised: true},
	},
	{
		name: "HTML 502 page", status: 502, body: "<html><body><h1>502 Bad Gateway</h1>\n</body></html>",
		want: wire.Failure{Message: "no Wawp error body: <html><body><h1>502 Bad Gateway</h1> </body></html>"},
	},
	{name: "empty 503", status: 503, body: "", want: wire.Failure{Message: "no Wawp error body: empty body"}},
	{
		name: "truncated JSON", status: 500, body: `{"statusCode":500,"mess`,
		want: wire.Failure{Message: `no Wawp error body: {"statusCode":500,"mess`},
	},
	{
		name: "gateway message without Wawp's shape", status: 504, body: `{"message":"Endpoint request timed out"}`,
		want: wire.Failure{Message: `no Wawp error body: {"message":"Endpoint request timed out"}`},
	},
}

func TestDecodeFailures(t *testing.T) {
	d := New(testInstance, testToken)
	for _, tc := range failureCases {
		t.Run(tc.name, func(t *testing.T) {
			sent, f := d.DecodeSend(tc.status, []byte(tc.body))
			assert.Equal(t, wire.Sent{}, sent)
			if assert.NotNil(t, f) {
				assert.Equal(t, tc.want, *f)
			}
			if assert.NotNil(t, d.DecodeRead(tc.status, []byte(tc.body))) {
				assert.Equal(t, tc.want, *d.DecodeRead(tc.status, []byte(tc.body)))
			}
		})
	}
}

func TestDecodeSendNonJSONSuccessIsAmbiguous(t *testing.T) {
	for _, body := range []string{`OK`, `<html>sent</html>`, `{"id":"true_1@c.us_A"`} {
		sent, f := New(testInstance, testToken).DecodeSend(200, []byte(body))
		assert.Equal(t, wire.Sent{}, sent)
		if assert.NotNil(t, f, body) {
			assert.False(t, f.Recognised)
		}
	}
}

func TestDecodeReadSucceedsOnAny2xxWithoutAnError(t *testing.T) {
	d := New(testInstance, testToken)
	for _, body := range []string{``, `true`, `{}`, `{"ids":["x"]}`, `OK`, `{"success":true}`} {
		assert.Nil(t, d.DecodeRead(200, []byte(body)), body)
		assert.Nil(t, d.DecodeRead(201, []byte(body)), body)
	}
}
