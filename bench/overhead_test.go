package bench

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// cannedTransport answers every request with sendAnswer without any I/O,
// so that what remains of a send is the client's own work.
type cannedTransport struct{}

func (cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return &http.Response{
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"application/json"}, "Content-Length": {strconv.Itoa(len(sendAnswer))}},
		Body:          io.NopCloser(bytes.NewReader([]byte(sendAnswer))),
		ContentLength: int64(len(sendAnswer)),
		Request:       r,
	}, nil
}

// cannedBase is the base URL of the in-memory benchmarks: loopback, so
// that waack accepts plain http, and never dialled.
const cannedBase = "http://127.0.0.1:1"

// BenchmarkReactOverhead is BenchmarkReact without the network: both
// clients send through a transport that answers from memory, so ns/op and
// allocs/op are the client-side work alone (the waack client here is
// built WithHTTPClient, its only non-default option). It is a diagnostic
// for profiling, with far less noise than the loopback benchmarks.
func BenchmarkReactOverhead(b *testing.B) {
	hc := &http.Client{Transport: cannedTransport{}, Timeout: 30 * time.Second}
	for _, im := range []impl{
		{"raw", func(_ testing.TB, baseURL string) sender { return rawSenderWith(hc, baseURL) }},
		{"resty", func(_ testing.TB, baseURL string) sender { return restySenderWith(hc, baseURL) }},
		{"waack", func(tb testing.TB, baseURL string) sender { return newWaackSenderWith(tb, baseURL, hc) }},
	} {
		b.Run("impl="+im.name, func(b *testing.B) {
			send := im.new(b, cannedBase)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if err := send(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
