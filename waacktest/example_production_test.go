package waacktest_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

// collect starts a webhook receiver that keeps the bodies it gets.
func collect() (*httptest.Server, *[]string) {
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b)) // one worker per provider: no concurrent calls
	}))
	return srv, &bodies
}

// A customer with a WhatsApp username is known only by a business-scoped
// user id: the webhook has from_user_id and no phone, and the business
// answers with "recipient" instead of "to".
func ExampleServer_InboundBSUID() {
	srv := waacktest.NewServer()
	defer srv.Close()
	receiver, bodies := collect()
	defer receiver.Close()
	_ = srv.SetWebhook(srv.CloudAPI(), receiver.URL, "app-secret")

	in := srv.InboundBSUID(srv.CloudAPI(), "US.13491208655302741918", "sheena.nelson", "Hi!")

	cfg := srv.CloudAPI()
	body := `{"messaging_product":"whatsapp","recipient_type":"individual","recipient":"US.13491208655302741918",` +
		`"type":"reaction","reaction":{"message_id":"` + in + `","emoji":"👍"}}`
	req, _ := http.NewRequest(http.MethodPost, cfg.BaseURL+"/"+cfg.Version+"/"+cfg.PhoneNumberID+"/messages", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+cfg.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	answer, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	fmt.Println(strings.Contains(string(answer), `"contacts":[{"input":"US.13491208655302741918","user_id":"US.13491208655302741918"}]`))

	_ = srv.Flush(context.Background())
	fmt.Println(strings.Contains((*bodies)[0], `"from_user_id":"US.13491208655302741918"`))
	fmt.Println(strings.Contains((*bodies)[0], `"username":"sheena.nelson"`))
	fmt.Println(strings.Contains((*bodies)[1], `"recipient_user_id":"US.13491208655302741918"`))
	// Output:
	// true
	// true
	// true
	// true
}

// One sandbox, two business numbers: each webhook says which number it is
// for, and each number is answered with its own configuration.
func ExampleServer_AddNumber() {
	srv := waacktest.NewServer()
	defer srv.Close()
	receiver, bodies := collect()
	defer receiver.Close()
	_ = srv.SetWebhook(srv.CloudAPI(), receiver.URL, "app-secret")

	second, _ := srv.AddNumber(srv.CloudAPI(), "+1 555 000 2222")
	srv.Inbound(srv.CloudAPI(), "+1 650 555 1234", "to the first number")
	srv.Inbound(second, "+1 650 555 1234", "to the second number")

	_ = srv.Flush(context.Background())
	fmt.Println(strings.Contains((*bodies)[0], `"phone_number_id":"`+srv.CloudAPI().PhoneNumberID+`"`))
	fmt.Println(strings.Contains((*bodies)[1], `"phone_number_id":"`+second.(waack.CloudAPI).PhoneNumberID+`"`))
	fmt.Println(len(srv.Chats()))
	// Output:
	// true
	// true
	// 2
}

// Notices and echoes are not customer messages: a deletion, an edit and a
// message the business sent from its phone each have their own webhook.
func ExampleServer_Revoke() {
	srv := waacktest.NewServer()
	defer srv.Close()
	in := srv.Inbound(srv.CloudAPI(), "+1 650 555 1234", "Where is my order?")
	edit := srv.Edit(in, "Where is order 42?")
	revoke := srv.Revoke(in)
	echo := srv.BusinessEcho(srv.CloudAPI(), "+1 650 555 1234", "Answered from the app")

	chat, _ := srv.Chat(srv.CloudAPI(), "+1 650 555 1234")
	for _, m := range chat.Messages {
		fmt.Println(m.Type, m.Direction, m.ID == edit || m.ID == revoke || m.ID == echo, m.Revoked, m.Echo)
	}
	fmt.Println(srv.Revoke(srv.Inbound(srv.OneMsg(), "+1 650 555 1234", "hi")) == "") // 1MSG has no such webhook
	// Output:
	// text customer false true false
	// edit customer true false false
	// revoke customer true false false
	// text business true false true
	// true
}
