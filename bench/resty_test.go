package bench

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/go-resty/resty/v2"
)

// newRestySender is the resty baseline: a bare resty client configured as
// waack's default one is (the same tuned transport, 30 s timeout, 1 MiB
// answer cap, redirects refused, the same headers), used the way resty's
// documentation shows: a struct body that resty encodes and a result
// struct that it decodes.
func newRestySender(_ testing.TB, baseURL string) sender {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 512
	t.MaxIdleConnsPerHost = 128
	return restySenderWith(&http.Client{Transport: t, Timeout: 30 * time.Second}, baseURL)
}

// restySenderWith is the resty baseline sending through hc.
func restySenderWith(hc *http.Client, baseURL string) sender {
	rc := resty.NewWithClient(hc).
		SetRedirectPolicy(resty.NoRedirectPolicy()).
		SetResponseBodyLimit(1 << 20).
		SetHeaders(map[string]string{
			"Authorization": "Bearer " + accessToken,
			"Content-Type":  "application/json",
			"Accept":        "application/json",
			"User-Agent":    "raw/1.0",
		})
	url := baseURL + "/v23.0/" + phoneNumberID + "/messages"
	return func(ctx context.Context) error {
		var body rawReaction
		body.MessagingProduct, body.RecipientType, body.To, body.Type = "whatsapp", "individual", customer, "reaction"
		body.Reaction.MessageID, body.Reaction.Emoji = inboundID, thumbsUp
		var a rawAnswer
		resp, err := rc.R().SetContext(ctx).SetBody(&body).SetResult(&a).Post(url)
		if err != nil {
			return err
		}
		if resp.IsError() {
			return fmt.Errorf("status %d", resp.StatusCode())
		}
		if len(a.Messages) == 0 || a.Messages[0].ID == "" {
			return errors.New("no message id")
		}
		return nil
	}
}

// BenchmarkReactPairedResty is BenchmarkReactPaired with the bare resty
// client as the baseline: what waack's own work on top of resty costs.
// Its metrics are resty-ns/op, waack-ns/op and waack/resty.
func BenchmarkReactPairedResty(b *testing.B) {
	benchPaired(b, "resty", newRestySender, func(hc *http.Client) sender {
		return restySenderWith(hc, cannedBase)
	})
}
