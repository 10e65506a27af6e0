package wawp

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Wawp names throttling in text only; the decoder must still class it as
// throttling (retried) rather than as a bad parameter.
func TestThrottleTextBecomesGraphCode(t *testing.T) {
	d := New(testInstance, testToken)
	cases := []struct {
		status int
		body   string
		code   int
	}{
		{400, `{"error":"Rate limit hit"}`, 130429},
		{429, `{"statusCode":429,"message":"ThrottlerException: Too Many Requests"}`, 130429},
		{400, `{"error":{"message":"slow down","code":"rate_limited"}}`, 130429},
		{400, `{"error":"(Business Account, Consumer Account) pair rate limit hit"}`, 131056},
		{400, `{"error":{"message":"Rate limit hit","code":4}}`, 4},
		{400, `{"error":"Bad Request - chatId is required"}`, 0},
	}
	for _, tc := range cases {
		_, f := d.DecodeSend(tc.status, []byte(tc.body))
		require.NotNil(t, f, tc.body)
		assert.True(t, f.Recognised, tc.body)
		assert.Equal(t, tc.code, f.Code, tc.body)
		assert.Equal(t, tc.code, d.DecodeRead(tc.status, []byte(tc.body)).Code, tc.body)
	}
}
