package waacktest_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/waack/waack/waacktest"
)

// A customer writes; the business reacts with a raw Cloud API call; the
// sandbox shows the reaction and reports it by webhook.
func Example() {
	srv := waacktest.NewServer()
	defer srv.Close()

	// Your webhook endpoint; the sandbox signs Cloud API bodies with the
	// secret given to SetWebhook.
	var webhooks []string
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		webhooks = append(webhooks, string(b)) // one worker per provider: no concurrent calls
	}))
	defer receiver.Close()
	_ = srv.SetWebhook(srv.CloudAPI(), receiver.URL, "app-secret")

	// The customer writes.
	in := srv.Inbound(srv.CloudAPI(), "+1 650 555 1234", "Where is my order?")

	// The business reacts.
	cfg := srv.CloudAPI()
	body := `{"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234",` +
		`"type":"reaction","reaction":{"message_id":"` + in + `","emoji":"👍"}}`
	req, _ := http.NewRequest(http.MethodPost, cfg.BaseURL+"/"+cfg.Version+"/"+cfg.PhoneNumberID+"/messages", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+cfg.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = resp.Body.Close()
	fmt.Println(resp.StatusCode)
	fmt.Println(srv.Reactions(in))

	// Wait for the webhooks: the inbound message, then the reaction's
	// "sent" status.
	_ = srv.Flush(context.Background())
	fmt.Println(len(webhooks), strings.Contains(webhooks[1], `"status":"sent"`))
	// Output:
	// 200
	// map[business:👍]
	// 2 true
}
