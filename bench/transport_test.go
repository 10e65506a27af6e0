package bench

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
)

// The client sends through resty and reads the answer itself (see
// README.md). These tests pin what the root package's tests do not reach:
// the headers on the wire, the 1 MiB answer cap, and inflating a gzip
// answer the transport left alone.

// answerServer answers every request with body, after h looked at the
// request.
func answerServer(t *testing.T, h func(w http.ResponseWriter, r *http.Request), body []byte) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h != nil {
			h(w, r)
		}
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func react(t *testing.T, baseURL string, opts ...waack.Option) (*waack.Sent, error) {
	t.Helper()
	c, err := waack.New(waack.CloudAPI{PhoneNumberID: phoneNumberID, AccessToken: accessToken, BaseURL: baseURL}, opts...)
	require.NoError(t, err)
	return c.React(context.Background(), waack.Reaction{To: customer, MessageID: inboundID, Emoji: thumbsUp})
}

func TestRequestHeadersOnTheWire(t *testing.T) {
	var got http.Header
	var length int64
	url := answerServer(t, func(_ http.ResponseWriter, r *http.Request) {
		got, length = r.Header.Clone(), r.ContentLength
	}, []byte(sendAnswer))
	_, err := react(t, url)
	require.NoError(t, err)
	assert.Equal(t, []string{"application/json"}, got.Values("Accept"))
	assert.Equal(t, []string{"application/json"}, got.Values("Content-Type"))
	assert.Equal(t, []string{"Bearer " + accessToken}, got.Values("Authorization"))
	assert.Equal(t, []string{"waack-go/" + waack.Version}, got.Values("User-Agent"))
	assert.Positive(t, length, "Content-Length is declared, the body is not chunked")
}

func TestAnswerCapIsOneMiB(t *testing.T) {
	// A valid answer padded with spaces to exactly the cap is read; one
	// byte more is refused (ErrAnswerTooLarge).
	padded := func(n int) []byte {
		return append([]byte(sendAnswer), bytes.Repeat([]byte(" "), n-len(sendAnswer))...)
	}
	sent, err := react(t, answerServer(t, nil, padded(1<<20)))
	require.NoError(t, err)
	assert.NotEmpty(t, sent.ID)

	_, err = react(t, answerServer(t, nil, padded(1<<20+1)), waack.WithRetry(waack.RetryPolicy{MaxAttempts: 1}))
	require.ErrorIs(t, err, waack.ErrAnswerTooLarge)
	assert.Contains(t, err.Error(), "waack: cloudapi react:")
}

func TestGzipAnswerLeftCompressedIsInflated(t *testing.T) {
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	_, _ = zw.Write([]byte(sendAnswer))
	require.NoError(t, zw.Close())
	url := answerServer(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.Header.Get("Accept-Encoding"), "the transport did not ask for gzip")
		w.Header().Set("Content-Encoding", "gzip")
	}, zipped.Bytes())
	// A transport that does not decompress leaves the body as it came.
	hc := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	sent, err := react(t, url, waack.WithHTTPClient(hc))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(sent.ID, "wamid."), sent.ID)
}
