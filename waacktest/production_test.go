package waacktest_test

import (
	"bytes"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

const (
	bsuid    = "US.13491208655302741918"
	username = "sheena.nelson"
)

// numberOf is the business number id a configuration names.
func numberOf(p waack.Provider) string {
	switch c := p.(type) {
	case waack.CloudAPI:
		return c.PhoneNumberID
	case waack.OneMsg:
		return c.ChannelID
	case waack.Wawp:
		return c.InstanceID
	}
	return ""
}

// TestGoldenProduction pins, per dialect, the webhooks of what production
// traffic has beyond the basics: a second business number, a customer's
// edit and deletion, a number-change notice and a business echo. The
// methods a provider has no webhook for return "".
func TestGoldenProduction(t *testing.T) {
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			srv := newServer(t, waacktest.WithStartTime(time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)))
			rcv := hook(t, srv, d.provider(srv), "golden-secret")
			var out bytes.Buffer
			say := func(what, id string) { fmt.Fprintf(&out, "%s → %q\n", what, id) }

			second, err := srv.AddNumber(d.provider(srv), "")
			require.NoError(t, err)
			fmt.Fprintf(&out, "second number %s\n", numberOf(second))
			in := srv.Inbound(second, customer, "Hi, second number here")
			say("inbound", in)
			c, err := waack.New(second, waack.WithHTTPClient(client))
			require.NoError(t, err)
			sent, err := c.SendText(callCtx(t), waack.Text{To: customer, Body: "Hello from number two"})
			require.NoError(t, err)
			say("text", sent.ID)
			srv.Advance(time.Minute)
			say("edit", srv.Edit(in, "Hi, 2nd number here"))
			say("revoke", srv.Revoke(in))
			say("system", srv.SystemNotice(second, customer, "+1 650 555 9999"))
			say("echo", srv.BusinessEcho(second, customer, "Sent from the app"))

			flush(t, srv)
			for _, p := range rcv.all() {
				fmt.Fprintf(&out, "webhook %s\n", p.body)
				assert.Contains(t, string(p.body), numberOf(second), "every webhook names the number")
			}
			golden(t, filepath.Join("testdata", d.name+"_production.golden"), out.Bytes())

			chat, ok := srv.Chat(second, customer)
			require.True(t, ok)
			assert.Equal(t, numberOf(second), chat.Number)
			_, onDefault := srv.Chat(d.provider(srv), customer)
			assert.False(t, onDefault, "the default number has no chat with the customer")
		})
	}
}

func TestSeveralNumbers(t *testing.T) {
	srv := newServer(t)
	rcv := hook(t, srv, srv.CloudAPI(), "")
	second, err := srv.AddNumber(srv.CloudAPI(), "+1 555 000 2222")
	require.NoError(t, err)
	sc := second.(waack.CloudAPI)
	assert.NotEqual(t, srv.CloudAPI().PhoneNumberID, sc.PhoneNumberID)
	assert.Equal(t, srv.CloudAPI().AccessToken, sc.AccessToken)

	a := srv.Inbound(srv.CloudAPI(), customer, "to the first")
	b := srv.Inbound(second, customer, "to the second")
	flush(t, srv)
	posts := rcv.all()
	require.Len(t, posts, 2)
	meta := func(i int) any {
		return get(t, decode(t, posts[i].body), "entry", 0, "changes", 0, "value", "metadata")
	}
	assert.Equal(t, map[string]any{"display_phone_number": "15550783881", "phone_number_id": srv.CloudAPI().PhoneNumberID}, meta(0))
	assert.Equal(t, map[string]any{"display_phone_number": "15550002222", "phone_number_id": sc.PhoneNumberID}, meta(1))

	// Each number answers for its own chats only.
	c, err := waack.New(second, waack.WithHTTPClient(client))
	require.NoError(t, err)
	require.NoError(t, c.MarkRead(callCtx(t), waack.ReadReceipt{MessageID: b}))
	assert.True(t, srv.IsRead(b))
	assert.Error(t, c.MarkRead(callCtx(t), waack.ReadReceipt{MessageID: a}), "a message of the other number")
	assert.False(t, srv.IsRead(a))
	assert.Len(t, srv.Chats(), 2)

	_, err = srv.AddNumber(srv.CloudAPI(), "15550002222")
	assert.ErrorContains(t, err, "already has")
	_, err = srv.AddNumber(srv.CloudAPI(), "nope")
	assert.Error(t, err)
	assert.Empty(t, srv.Inbound(waack.CloudAPI{PhoneNumberID: "999"}, customer, "x"), "an unknown number")

	// Unknown numbers are refused on the API, as Graph refuses an unknown object.
	bad := do(t, http.MethodPost, srv.URL()+"/v23.0/999/messages", `{}`, "Authorization", "Bearer "+sc.AccessToken)
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.EqualValues(t, 33, get(t, bad.json(t), "error", "error_subcode"))
}

func TestBSUIDCustomer(t *testing.T) {
	srv := newServer(t)
	rcv := hook(t, srv, srv.CloudAPI(), "")
	in := srv.InboundBSUID(srv.CloudAPI(), bsuid, username, "Hi, I have a username")
	require.NotEmpty(t, in)
	assert.Empty(t, srv.InboundBSUID(srv.Wawp(), bsuid, username, "x"), "Wawp has no BSUID customers")
	assert.Empty(t, srv.InboundBSUID(srv.OneMsg(), bsuid, "", "x"), "nor does 1MSG")
	assert.Empty(t, srv.InboundBSUID(srv.CloudAPI(), "16505551234", "", "x"), "a phone is not a BSUID")
	flush(t, srv)
	require.Len(t, rcv.all(), 1)
	value := get(t, decode(t, rcv.all()[0].body), "entry", 0, "changes", 0, "value")
	assert.Equal(t, []any{map[string]any{"profile": map[string]any{"name": "Customer 1918", "username": username}, "user_id": bsuid}},
		get(t, value, "contacts"), "user_id and username, no wa_id")
	msg := get(t, value, "messages", 0).(map[string]any)
	assert.Equal(t, bsuid, msg["from_user_id"])
	assert.NotContains(t, msg, "from")

	// The business answers by BSUID: "recipient" instead of "to".
	send := func(body map[string]any) answer {
		base := map[string]any{"messaging_product": "whatsapp", "recipient_type": "individual"}
		for k, v := range body {
			base[k] = v
		}
		return cloud(t, srv, js(t, base))
	}
	a := send(map[string]any{"recipient": bsuid, "type": "reaction", "reaction": map[string]string{"message_id": in, "emoji": "👍"}})
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	assert.Equal(t, []any{map[string]any{"input": bsuid, "user_id": bsuid}}, get(t, a.json(t), "contacts"))
	assert.Equal(t, map[string]string{"business": "👍"}, srv.Reactions(in))
	a = send(map[string]any{"recipient": bsuid, "type": "text", "text": map[string]any{"body": "Hello @" + username}})
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	text := get(t, a.json(t), "messages", 0, "id").(string)
	read := cloud(t, srv, js(t, map[string]any{"messaging_product": "whatsapp", "status": "read", "message_id": in}))
	assert.Equal(t, http.StatusOK, read.status, "a read needs only the message id")
	assert.True(t, srv.IsRead(in))

	chat, ok := srv.Chat(srv.CloudAPI(), bsuid)
	require.True(t, ok)
	assert.Equal(t, bsuid, chat.Customer)
	assert.Equal(t, bsuid, chat.UserID)
	assert.Equal(t, username, chat.Username)
	assert.Equal(t, text, chat.Messages[2].ID)

	flush(t, srv)
	posts := rcv.all()
	status := get(t, decode(t, posts[len(posts)-1].body), "entry", 0, "changes", 0, "value")
	st := get(t, status, "statuses", 0).(map[string]any)
	assert.Equal(t, text, st["id"])
	assert.Equal(t, bsuid, st["recipient_user_id"])
	assert.NotContains(t, st, "recipient_id", "the phone is not shared")
	assert.Equal(t, bsuid, get(t, status, "contacts", 0, "user_id"), "BSUID statuses carry contacts")

	// Both addresses, or a recipient that is no BSUID: Graph's 100.
	for _, body := range []map[string]any{
		{"to": customerDigits, "recipient": bsuid, "type": "text", "text": map[string]any{"body": "x"}},
		{"recipient": customerDigits, "type": "text", "text": map[string]any{"body": "x"}},
		{"recipient": "us.123", "type": "text", "text": map[string]any{"body": "x"}},
		{"type": "text", "text": map[string]any{"body": "x"}},
	} {
		a := send(body)
		assert.Equal(t, http.StatusBadRequest, a.status, "%v: %s", body, a.body)
		assert.EqualValues(t, 100, get(t, a.json(t), "error", "code"), "%v", body)
	}
}

func TestTrackingIDIsEchoedInStatuses(t *testing.T) {
	srv := newServer(t)
	rcv := hook(t, srv, srv.CloudAPI(), "")
	srv.Inbound(srv.CloudAPI(), customer, "Hi")
	a := cloud(t, srv, js(t, map[string]any{"messaging_product": "whatsapp", "recipient_type": "individual", "to": customerDigits,
		"type": "text", "text": map[string]any{"body": "Order 42 is on its way"}, "biz_opaque_callback_data": "order-42"}))
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	id := get(t, a.json(t), "messages", 0, "id").(string)
	flush(t, srv)
	var statuses []string
	for _, p := range rcv.all()[1:] {
		st := get(t, decode(t, p.body), "entry", 0, "changes", 0, "value", "statuses", 0)
		assert.Equal(t, id, get(t, st, "id"))
		assert.Equal(t, "order-42", get(t, st, "biz_opaque_callback_data"), "%s", p.body)
		statuses = append(statuses, get(t, st, "status").(string))
	}
	assert.Equal(t, []string{"sent", "delivered"}, statuses)
	assert.Equal(t, "free_customer_service", get(t, decode(t, rcv.all()[1].body), "entry", 0, "changes", 0, "value", "statuses", 0, "pricing", "type"))
	chat, _ := srv.Chat(srv.CloudAPI(), customer)
	assert.Equal(t, "order-42", chat.Messages[1].TrackingID)

	for _, body := range []map[string]any{
		{"to": customerDigits, "type": "text", "text": map[string]any{"body": "x"}, "biz_opaque_callback_data": strings.Repeat("x", 513)},
		{"to": customerDigits, "type": "text", "text": map[string]any{"body": "x"}, "biz_opaque_callback_data": 42},
		{"status": "read", "message_id": id, "biz_opaque_callback_data": "x"},
	} {
		body["messaging_product"] = "whatsapp"
		a := cloud(t, srv, js(t, body))
		assert.Equal(t, http.StatusBadRequest, a.status, "%s", a.body)
		assert.EqualValues(t, 100, get(t, a.json(t), "error", "code"))
	}
}

func TestNoticesAndEchoes(t *testing.T) {
	srv := newServer(t)
	hook(t, srv, srv.CloudAPI(), "")
	in := srv.Inbound(srv.CloudAPI(), customer, "Hi")
	srv.Advance(25 * time.Hour)
	other := srv.Inbound(srv.OneMsg(), customer, "Hi on 1MSG")

	assert.Empty(t, srv.Revoke("wamid.unknown"))
	assert.Empty(t, srv.Revoke(other), "1MSG documents no revoke webhook")
	assert.Empty(t, srv.Edit(other, "x"), "nor an edit one")
	assert.Empty(t, srv.SystemNotice(srv.Wawp(), customer, "+16505559999"), "no chat, and WAHA has no system notices")
	assert.Empty(t, srv.Edit(in, ""))

	edit := srv.Edit(in, "Hi there")
	require.NotEmpty(t, edit)
	revoke := srv.Revoke(in)
	require.NotEmpty(t, revoke)
	assert.Empty(t, srv.Revoke(in), "once")
	echo := srv.BusinessEcho(srv.CloudAPI(), customer, "Sent from the app")
	require.NotEmpty(t, echo)

	chat, _ := srv.Chat(srv.CloudAPI(), customer)
	assert.False(t, srv.Now().Before(chat.WindowOpenUntil), "notices and echoes do not reopen the window")
	require.Len(t, chat.Messages, 4)
	assert.True(t, chat.Messages[0].Revoked)
	assert.True(t, chat.Messages[0].Edited)
	assert.Equal(t, "Hi there", chat.Messages[0].Text)
	assert.Equal(t, waacktest.TypeEdit, chat.Messages[1].Type)
	assert.Equal(t, in, chat.Messages[1].Ref)
	assert.Equal(t, waacktest.TypeRevoke, chat.Messages[2].Type)
	assert.True(t, chat.Messages[3].Echo)
	assert.Equal(t, waacktest.FromBusiness, chat.Messages[3].Direction)
	assert.False(t, srv.Read(echo), "the customer reads texts the API sent")

	// A business reaction to a deleted message fails, as Meta documents.
	c := sdk(t, srv)
	srv.Inbound(srv.CloudAPI(), customer, "reopen")
	r, err := c.React(callCtx(t), waack.Reaction{To: customer, MessageID: in, Emoji: "👍"})
	require.NoError(t, err)
	chat, _ = srv.Chat(srv.CloudAPI(), customer)
	last := chat.Messages[len(chat.Messages)-1]
	assert.Equal(t, r.ID, last.ID)
	assert.Equal(t, 131009, last.ErrorCode)
}

func TestCustomerEndpointPlaysABSUIDCustomer(t *testing.T) {
	srv := newServer(t)
	id := customerID(t, customerPost(t, srv, "message", map[string]string{"provider": "cloudapi", "from": bsuid, "username": username, "text": "hi"}))
	chat, ok := srv.Chat(srv.CloudAPI(), bsuid)
	require.True(t, ok)
	assert.Equal(t, id, chat.Messages[0].ID)
	assert.Equal(t, username, chat.Username)
	v := getView(t, srv)
	require.Len(t, v.Chats, 1)

	a := customerPost(t, srv, "message", map[string]string{"provider": "wawp", "from": bsuid, "text": "hi"})
	assert.Equal(t, http.StatusBadRequest, a.status)
	assert.Contains(t, a.json(t)["error"], "business-scoped user id")
	a = customerPost(t, srv, "message", map[string]string{"provider": "cloudapi", "from": customer, "username": username, "text": "hi"})
	assert.Equal(t, http.StatusBadRequest, a.status)
	assert.Contains(t, a.json(t)["error"], "username:")
}
