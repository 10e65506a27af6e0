package wawp

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack/internal/wire"
)

func classOf(status int, f *wire.Failure) wire.Class {
	return Classify(wire.ErrorInfo{HTTPStatus: status, Code: f.Code, Type: f.Type, Title: f.Title, Message: f.Message, NotSent: f.NotSent})
}

// Wawp names throttling in text only; its table must still class it as
// throttling (retried) rather than as a bad parameter, and its own numeric
// codes never get Graph meanings.
func TestClassifyWawpAnswers(t *testing.T) {
	d := New(testInstance, testToken)
	cases := []struct {
		status int
		body   string
		want   wire.Class
	}{
		{400, `{"error":"Rate limit hit"}`, wire.ClassRateLimited},
		{429, `{"statusCode":429,"message":"ThrottlerException: Too Many Requests"}`, wire.ClassRateLimited},
		{400, `{"error":{"message":"slow down","code":"rate_limited"}}`, wire.ClassRateLimited},
		{400, `{"error":"(Business Account, Consumer Account) pair rate limit hit"}`, wire.ClassPairRateLimited},
		{400, `{"error":{"message":"Rate limit hit","code":4}}`, wire.ClassRateLimited},
		{400, `{"error":"Bad Request - chatId is required"}`, wire.ClassInvalidParameter},
		// Wawp's HTTP-like codes: not Graph's 200 (permission) or 1 (unknown error).
		{200, `{"success":false,"code":200}`, wire.ClassRejected},
		{200, `{"success":false,"code":1,"message":"failed"}`, wire.ClassRejected},
		{200, `{"success":false,"code":401,"message":"bad token"}`, wire.ClassUnauthorized},
		{403, `{"error":"subscription_required"}`, wire.ClassForbidden},
		{403, `{"code":"quota_reached","message":"Quota reached"}`, wire.ClassAccountRestricted},
		{500, `{"code":"wawp_upstream_error","message":"upstream failed"}`, wire.ClassUnavailable},
		{404, `{"statusCode":404,"message":"Instance not found","error":"Not Found"}`, wire.ClassRejected},
		{422, `{"statusCode":422,"message":"Not implemented by the engine","error":"Unprocessable Entity"}`, wire.ClassInvalidParameter},
	}
	for _, tc := range cases {
		_, f := d.DecodeSend(tc.status, []byte(tc.body))
		require.NotNil(t, f, tc.body)
		assert.True(t, f.Recognised, tc.body)
		assert.Equal(t, tc.want, classOf(tc.status, f), tc.body)
		assert.Equal(t, tc.want, classOf(tc.status, d.DecodeRead(tc.status, []byte(tc.body))), tc.body)
	}
}
