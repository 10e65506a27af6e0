package waack

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSetWebhook(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		urls []string
		body string
	}{
		{[]string{"https://hooks.example.com/wa?secret=s1"}, `{"webhookUrl":"https://hooks.example.com/wa?secret=s1"}`},
		{[]string{"https://a.example.com/1", "http://127.0.0.1:9/2"}, `{"webhookUrl":["https://a.example.com/1","http://127.0.0.1:9/2"]}`},
	} {
		c, mt := setup(t, testOne)
		var got string
		mt.RegisterResponder(http.MethodPost, "https://api.1msg.test/ODI371267300/webhook?token="+oneToken, func(r *http.Request) (*http.Response, error) {
			b, _ := io.ReadAll(r.Body)
			got = string(b)
			return httpmock.NewStringResponse(200, `{"set":true,"message":"ok"}`), nil
		})
		require.NoError(t, c.SetWebhook(ctx, tc.urls...))
		assert.Equal(t, tc.body, got)
	}

	c, mt := setup(t, testOne)
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, `{"set":false,"message":"bad url"}`))
	assert.Error(t, c.SetWebhook(ctx, "https://a.example.com"))

	for _, bad := range [][]string{nil, {"ftp://x"}, {"http://example.com/plain"}, {"/relative"}, make([]string, 6)} {
		c, mt := setup(t, testOne)
		assert.ErrorIs(t, c.SetWebhook(ctx, bad...), ErrInvalidConfig)
		assert.Zero(t, mt.GetTotalCallCount())
	}
	for _, p := range []Provider{testCloud, testWawp} {
		c, mt := setup(t, p)
		assert.ErrorIs(t, c.SetWebhook(ctx, "https://a.example.com"), ErrUnsupported)
		_, err := c.DeliveryStatus(ctx, "wamid.1")
		assert.ErrorIs(t, err, ErrUnsupported)
		assert.Zero(t, mt.GetTotalCallCount())
	}
}

func TestDeliveryStatus(t *testing.T) {
	c, mt := setup(t, testOne)
	mt.RegisterResponder(http.MethodGet, "https://api.1msg.test/ODI371267300/hookInfo?messageId=wamid.X&token="+oneToken,
		httpmock.NewStringResponder(200, `{"hooks":[
			{"id":"wamid.X","type":"message","status":"sent","timestamp":"1654864094","recipient_id":"556123122026","pricing":{"billable":true}},
			{"id":"wamid.X","status":"failed","timestamp":1654864099,"recipient_id":"556123122026","errors":[{"code":131047,"title":"Re-engagement message"}]}]}`))
	got, err := c.DeliveryStatus(context.Background(), "wamid.X")
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, StatusEvent{Provider: ProviderOneMsg, NumberID: "ODI371267300", MessageID: "wamid.X", Recipient: "556123122026",
		Status: StatusSent, Timestamp: time.Unix(1654864094, 0).UTC(), Pricing: &Pricing{Billable: true}}, got[0])
	assert.Equal(t, StatusFailed, got[1].Status)
	assert.ErrorIs(t, got[1].Err, ErrSessionWindowClosed)

	c, mt = setup(t, testOne)
	mt.RegisterNoResponder(httpmock.NewStringResponder(401, `{"error":"Wrong token"}`))
	_, err = c.DeliveryStatus(context.Background(), "wamid.X")
	assert.ErrorIs(t, err, ErrUnauthorized)
	_, err = c.DeliveryStatus(context.Background(), "")
	assert.ErrorIs(t, err, ErrInvalidMessageID)
}
