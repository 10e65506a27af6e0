package waack

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNumbersAnswersEachEventFromItsNumber(t *testing.T) {
	a, err := New(CloudAPI{PhoneNumberID: "111", AccessToken: "ta"})
	require.NoError(t, err)
	b, err := New(CloudAPI{PhoneNumberID: "222", AccessToken: "tb"})
	require.NoError(t, err)
	n, err := NewNumbers(a, b)
	require.NoError(t, err)
	got, err := n.For(MessageEvent{Provider: ProviderCloudAPI, NumberID: "222"})
	require.NoError(t, err)
	assert.Same(t, b, got)
	got, err = n.For(StatusEvent{Provider: ProviderCloudAPI, NumberID: "111"})
	require.NoError(t, err)
	assert.Same(t, a, got)
	_, err = n.For(MessageEvent{Provider: ProviderCloudAPI, NumberID: "333"})
	assert.ErrorIs(t, err, ErrUnknownNumber, "never answered from another number")
	_, err = n.For(MessageEvent{Provider: ProviderCloudAPI})
	assert.ErrorIs(t, err, ErrUnknownNumber, "no number and two clients: no guess")
	_, err = NewNumbers(a, a)
	assert.ErrorIs(t, err, ErrInvalidConfig)

	one, err := NewNumbers(a)
	require.NoError(t, err)
	got, err = one.For(ReactionEvent{Provider: ProviderCloudAPI})
	require.NoError(t, err)
	assert.Same(t, a, got, "a payload without a number goes to the only client")
}

// Any one of several Meta app secrets verifies a signature; none other does.
func TestWebhookHandlerAppSecrets(t *testing.T) {
	body := fixture(t, "cloudapi", "message_only.json")
	h, s := newHandler(t, CloudAPI{}, WebhookConfig{AppSecret: "first-app", AppSecrets: []string{"second-app"}, Dedup: NoDedup()})
	for _, secret := range []string{"first-app", "second-app"} {
		req := signedPost(body)
		req.Header.Set("X-Hub-Signature-256", SignCloudAPIWebhook(body, secret))
		assert.Equal(t, http.StatusOK, serve(t, h, req).Code, secret)
	}
	req := signedPost(body)
	req.Header.Set("X-Hub-Signature-256", SignCloudAPIWebhook(body, "third-app"))
	assert.Equal(t, http.StatusUnauthorized, serve(t, h, req).Code)
	assert.Equal(t, 2, s.calls)
}
