package waack

import (
	"cmp"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixture reads testdata/webhooks/<dir>/<name>.
func fixture(t testing.TB, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "webhooks", dir, name))
	require.NoError(t, err)
	return b
}

// at is a Unix time in seconds, as the parsers return it (UTC).
func at(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// The business number of the Cloud API fixtures' metadata.
const (
	testNumberID      = "106540352242922"
	testBusinessPhone = "15550783881"
)

// onNumber sets the number every event is for, as the fixtures' metadata
// says; a BusinessPhone an event already names is kept.
func onNumber(numberID, phone string, evs ...Event) []Event {
	for i, ev := range evs {
		switch e := ev.(type) {
		case MessageEvent:
			e.NumberID, e.BusinessPhone = numberID, cmp.Or(e.BusinessPhone, phone)
			evs[i] = e
		case ReactionEvent:
			e.NumberID, e.BusinessPhone = numberID, cmp.Or(e.BusinessPhone, phone)
			evs[i] = e
		case StatusEvent:
			e.NumberID, e.BusinessPhone = numberID, cmp.Or(e.BusinessPhone, phone)
			evs[i] = e
		case NoticeEvent:
			e.NumberID, e.BusinessPhone = numberID, cmp.Or(e.BusinessPhone, phone)
			evs[i] = e
		case EchoEvent:
			e.NumberID, e.BusinessPhone = numberID, cmp.Or(e.BusinessPhone, phone)
			evs[i] = e
		case ErrorEvent:
			e.NumberID = numberID
			evs[i] = e
		}
	}
	return evs
}

// hookErr is the *APIError a webhook reports.
func hookErr(provider string, code int, title, details string) *APIError {
	return &APIError{Provider: provider, Op: OpWebhook, Code: code, Title: title, Message: title, Details: details}
}

func TestParseCloudAPIWebhook(t *testing.T) {
	const p = ProviderCloudAPI
	tests := []struct {
		file string
		want []Event
	}{
		{"batch.json", append(onNumber(testNumberID, testBusinessPhone,
			MessageEvent{Provider: p, ID: "wamid.IN1", From: "16505551234", ChatID: "16505551234", Type: "text",
				Text: "Where is my order?", ReplyTo: "wamid.OUT0", ContactName: "Sheena Nelson", Timestamp: at(1749416383)},
			MessageEvent{Provider: p, ID: "wamid.IN2", From: "447700900123", ChatID: "447700900123", Type: "image",
				Text: "The parcel", ContactName: "Ali Khan", Timestamp: at(1749416384)},
			ReactionEvent{Provider: p, ID: "wamid.IN3", From: "16505551234", ChatID: "16505551234",
				MessageID: "wamid.OUT0", Emoji: "👍", Timestamp: at(1749416385)},
			StatusEvent{Provider: p, MessageID: "wamid.OUT1", Recipient: "16505551234", Status: StatusSent, Timestamp: at(1749416386),
				Pricing: &Pricing{Category: "service", Type: "free_customer_service", Model: "PMP"}},
			ErrorEvent{Provider: p, Err: hookErr(p, 130429, "Rate limit hit", "Cloud API message throughput has been reached.")},
			// the account_update change is skipped
			StatusEvent{Provider: p, MessageID: "wamid.OUT1", Recipient: "16505551234", Status: StatusDelivered, Timestamp: at(1749416390)},
			StatusEvent{Provider: p, MessageID: "wamid.OUT2", Recipient: "447700900123", Status: StatusRead, Timestamp: at(1749416391)}),
			// second entry: an echo of a message sent from the app (no
			// metadata: the business phone is its sender), then another number
			append([]Event{EchoEvent{Provider: p, BusinessPhone: "15550783882", ID: "wamid.ECHO", To: "491701234567", Type: "text",
				Text: "sent from the app", Timestamp: at(1749416392)}},
				onNumber("106540352242923", "15550783882",
					MessageEvent{Provider: p, ID: "wamid.IN4", From: "491701234567", ChatID: "491701234567", Type: "button",
						Text: "Stop promotions", ReplyTo: "wamid.TEMPLATE", ContactName: "Jonas", Timestamp: at(1749416393)},
					MessageEvent{Provider: p, ID: "wamid.IN5", From: "491701234567", ChatID: "491701234567", Type: "interactive",
						Text: "Track order", ContactName: "Jonas", Timestamp: at(1749416394)})...)...,
		)},
		{"message_only.json", onNumber(testNumberID, testBusinessPhone,
			MessageEvent{Provider: p, ID: "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUVBNUE0MTY0QjQ1QjI1N0M3MQA=",
				From: "16505551234", ChatID: "16505551234", Type: "text", Text: "Hi! Is the shop open today? äöå",
				ContactName: "Sheena Nelson", Timestamp: at(1749416383)},
		)},
		{"status_only.json", onNumber(testNumberID, testBusinessPhone,
			StatusEvent{Provider: p, MessageID: "wamid.OUT1", Recipient: "16505551234", Status: StatusSent, Timestamp: at(1750030073)},
			StatusEvent{Provider: p, MessageID: "wamid.OUT1", Recipient: "16505551234", Status: StatusDelivered, Timestamp: at(1750030074)},
			StatusEvent{Provider: p, MessageID: "wamid.OUT1", Recipient: "16505551234", Status: StatusRead, Timestamp: at(1750030075)},
			StatusEvent{Provider: p, MessageID: "wamid.VOICE", Recipient: "16505551234", Status: StatusPlayed, Timestamp: at(1750030076)},
		)},
		{"status_failed.json", onNumber(testNumberID, testBusinessPhone,
			StatusEvent{Provider: p, MessageID: "wamid.REACTION", Recipient: "16505551234", Status: StatusFailed, Timestamp: at(1750030080),
				Err: hookErr(p, 131009, "Parameter value is not valid", "Reaction message_id is older than 30 days")},
			StatusEvent{Provider: p, MessageID: "wamid.TEXT", Recipient: "16505551234", Status: StatusFailed, Timestamp: at(1750030081),
				Err: hookErr(p, 131047, "Re-engagement message", "Message failed to send because more than 24 hours have passed since the customer last replied to this number.")},
			StatusEvent{Provider: p, MessageID: "wamid.GONE", Recipient: "15005550006", Status: StatusFailed, Timestamp: at(1750030082),
				Err: hookErr(p, 131026, "Message Undeliverable", "Unable to deliver message.")},
			StatusEvent{Provider: p, MessageID: "wamid.BARE", Recipient: "15005550007", Status: StatusFailed, Timestamp: at(1750030083),
				Err: &APIError{Provider: p, Op: OpWebhook}},
		)},
		{"reactions.json", onNumber(testNumberID, testBusinessPhone,
			ReactionEvent{Provider: p, ID: "wamid.R1", From: "16505551234", ChatID: "16505551234", MessageID: "wamid.OUT7", Emoji: "❤️", Timestamp: at(1749416400)},
			ReactionEvent{Provider: p, ID: "wamid.R2", From: "16505551234", ChatID: "16505551234", MessageID: "wamid.OUT7", Removed: true, Timestamp: at(1749416401)},
			ReactionEvent{Provider: p, ID: "wamid.R3", From: "16505551234", ChatID: "16505551234", MessageID: "wamid.OUT8", Removed: true, Timestamp: at(1749416402)},
			ReactionEvent{Provider: p, ID: "wamid.R4", From: "16505551234", ChatID: "16505551234", MessageID: "wamid.OUT8", Emoji: "👍🏽", Timestamp: at(1749416403)},
		)},
		{"bsuid.json", onNumber(testNumberID, testBusinessPhone,
			// From is the phone only: a username customer without one is
			// answered at ChatID, their user id.
			MessageEvent{Provider: p, ID: "wamid.BSUID1", ChatID: "US.13491208655302741918", UserID: "US.13491208655302741918",
				Username: "lee", Type: "text", Text: "hello from a username", ContactName: "Lee", Timestamp: at(1774958400)},
			StatusEvent{Provider: p, MessageID: "wamid.OUTB", Recipient: "US.13491208655302741918",
				RecipientUserID: "US.13491208655302741918", Status: StatusDelivered, Timestamp: at(1774958401)},
		)},
		{"numeric_timestamps.json", onNumber(testNumberID, testBusinessPhone,
			MessageEvent{Provider: p, ID: "wamid.N1", From: "5511987654321", ChatID: "5511987654321", Type: "text",
				Text: "number", ContactName: "Ana", Timestamp: at(1749416383)},
			StatusEvent{Provider: p, MessageID: "wamid.OUTN", Recipient: "5511987654321", Status: StatusRead, Timestamp: at(1749416390)},
		)},
		{"unknown.json", onNumber(testNumberID, testBusinessPhone,
			MessageEvent{Provider: p, ID: "wamid.U1", From: "16505551234", ChatID: "16505551234", Type: "unsupported",
				ContactName: "Sheena Nelson", Timestamp: at(1749416383)},
			MessageEvent{Provider: p, ID: "wamid.U2", From: "16505551234", ChatID: "16505551234", Type: "hologram",
				ContactName: "Sheena Nelson", Timestamp: at(1749416384)},
			MessageEvent{Provider: p, ID: "wamid.U3", From: "16505551234", ChatID: "16505551234", Type: "sticker",
				ContactName: "Sheena Nelson", Timestamp: at(1749416385)},
			StatusEvent{Provider: p, MessageID: "wamid.OUT9", Recipient: "16505551234", Status: "deleted", Timestamp: at(1749416386)},
			StatusEvent{Provider: p, MessageID: "wamid.OUT9", Recipient: "16505551234", Status: "warning", Timestamp: at(1749416387)},
		)},
		{"errors.json", onNumber(testNumberID, testBusinessPhone,
			ErrorEvent{Provider: p, Err: hookErr(p, 130429, "Rate limit hit", "Cloud API message throughput has been reached.")},
			ErrorEvent{Provider: p, Err: hookErr(p, 131000, "Something went wrong", "Unknown error.")},
		)},
		{"production.json", onNumber(testNumberID, testBusinessPhone,
			NoticeEvent{Provider: p, ID: "wamid.REVOKE", From: "16505551234", ChatID: "16505551234", UserID: "US.13491208655302741918",
				Kind: "revoke", MessageID: "wamid.ORIG", Timestamp: at(1750000000)},
			NoticeEvent{Provider: p, ID: "wamid.EDIT", From: "16505551234", ChatID: "16505551234", UserID: "US.13491208655302741918",
				Kind: "edit", MessageID: "wamid.ORIG", Text: "fixed typo", Timestamp: at(1750000001)},
			// the customer did write: an unsupported message stays a message
			MessageEvent{Provider: p, ID: "wamid.UNSUP", From: "16505551234", ChatID: "16505551234", UserID: "US.13491208655302741918",
				ParentUserID: "US.99", Username: "sheena", Type: "unsupported", ContactName: "Sheena Nelson", Timestamp: at(1750000002)},
			MessageEvent{Provider: p, ID: "wamid.GROUP", From: "16505551234", ChatID: "16505551234", UserID: "US.13491208655302741918",
				ParentUserID: "US.99", Username: "sheena", GroupID: "120363025246125486", Type: "text", Text: "hello group",
				ContactName: "Sheena Nelson", Timestamp: at(1750000003)},
			// a system notice comes without contacts
			NoticeEvent{Provider: p, ID: "wamid.SYSTEM", From: "16505551234", ChatID: "16505551234", Kind: "system",
				Text: "User A changed from 16505551234 to 16505559999", Timestamp: at(1750000004)},
			StatusEvent{Provider: p, MessageID: "wamid.OUT", Recipient: "US.13491208655302741918", RecipientUserID: "US.13491208655302741918",
				Status: StatusSent, Timestamp: at(1750000005), TrackingID: "order-42",
				Pricing: &Pricing{Category: "service", Type: "free_customer_service", Model: "PMP"}},
		)},
		{"lenient.json", []Event{
			MessageEvent{Provider: p, ID: "wamid.L1", From: "16505551234", ChatID: "16505551234", Type: "text"},
			MessageEvent{Provider: p, ID: "wamid.L2", From: "16505551234", ChatID: "16505551234", Type: "text"},
			StatusEvent{Provider: p, MessageID: "wamid.L3", Recipient: "16505551234", Status: StatusFailed, Timestamp: at(1000),
				Err: &APIError{Provider: p, Op: OpWebhook}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseCloudAPIWebhook(fixture(t, "cloudapi", tt.file))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseCloudAPIWebhookStatusErrorsMatchSentinels(t *testing.T) {
	evs, err := ParseCloudAPIWebhook(fixture(t, "cloudapi", "status_failed.json"))
	require.NoError(t, err)
	require.Len(t, evs, 4)
	want := []struct {
		is  error
		not error
	}{
		{ErrTargetTooOld, ErrSessionWindowClosed},
		{ErrSessionWindowClosed, ErrTargetTooOld},
		{ErrUndeliverable, ErrSessionWindowClosed},
	}
	for i, w := range want {
		st := evs[i].(StatusEvent)
		assert.ErrorIs(t, st.Err, w.is, st.MessageID)
		assert.NotErrorIs(t, st.Err, w.not, st.MessageID)
		assert.False(t, st.Err.Retryable(), st.MessageID)
		var apiErr *APIError
		require.True(t, errors.As(error(st.Err), &apiErr))
		assert.Zero(t, apiErr.HTTPStatus)
	}
	errEvs, err := ParseCloudAPIWebhook(fixture(t, "cloudapi", "errors.json"))
	require.NoError(t, err)
	assert.ErrorIs(t, errEvs[0].(ErrorEvent).Err, ErrRateLimited)
	assert.True(t, errEvs[0].(ErrorEvent).Err.Retryable())
}

func TestParseCloudAPIWebhookContactName(t *testing.T) {
	body := []byte(`{"entry":[{"changes":[{"field":"messages","value":{
		"contacts":[{"profile":{"name":"A"},"wa_id":"111111111"},{"profile":{"name":"B"},"wa_id":"222222222"}],
		"messages":[
			{"from":"222222222","id":"m1","type":"text"},
			{"from":"333333333","id":"m2","type":"text"}]}}]}]}`)
	evs, err := ParseCloudAPIWebhook(body)
	require.NoError(t, err)
	require.Len(t, evs, 2)
	assert.Equal(t, "B", evs[0].(MessageEvent).ContactName, "matched by wa_id")
	assert.Equal(t, "", evs[1].(MessageEvent).ContactName, "no match among several contacts")

	single := []byte(`{"entry":[{"changes":[{"field":"messages","value":{
		"contacts":[{"profile":{"name":"Only"},"wa_id":"999999999"}],
		"messages":[{"from":"333333333","id":"m3","type":"text"}]}}]}]}`)
	evs, err = ParseCloudAPIWebhook(single)
	require.NoError(t, err)
	assert.Equal(t, "Only", evs[0].(MessageEvent).ContactName, "the only contact")
}

func TestParseWebhooksRejectNonObjects(t *testing.T) {
	parsers := map[string]func([]byte) ([]Event, error){
		ProviderCloudAPI: ParseCloudAPIWebhook,
		ProviderOneMsg:   ParseOneMsgWebhook,
		ProviderWawp:     ParseWawpWebhook,
	}
	bad := []string{"", "   ", "null", "[]", `"text"`, "42", "{", `{"entry":[}`, `{"a":1}x`, "\xff"}
	for name, parse := range parsers {
		for _, b := range bad {
			evs, err := parse([]byte(b))
			assert.ErrorIs(t, err, ErrBadPayload, "%s %q", name, b)
			assert.Nil(t, evs)
		}
		evs, err := parse([]byte(" \n{}"))
		assert.NoError(t, err, name)
		assert.Empty(t, evs, name)
	}
}

func TestParseCloudAPIWebhookTextOfEachType(t *testing.T) {
	body := []byte(`{"entry":[{"changes":[{"field":"messages","value":{"messages":[
		{"id":"1","type":"text","text":{"body":"t"}},
		{"id":"2","type":"image","image":{"caption":"i"}},
		{"id":"3","type":"video","video":{"caption":"v"}},
		{"id":"4","type":"document","document":{"caption":"d","filename":"f.pdf"}},
		{"id":"5","type":"button","button":{"text":"b","payload":"P"}},
		{"id":"6","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"x","title":"br"}}},
		{"id":"7","type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"y","title":"lr"}}},
		{"id":"8","type":"audio","audio":{"id":"a","voice":true}},
		{"id":"9","type":"location","location":{"latitude":1,"longitude":2}}]}}]}]}`)
	evs, err := ParseCloudAPIWebhook(body)
	require.NoError(t, err)
	var texts []string
	for _, ev := range evs {
		texts = append(texts, ev.(MessageEvent).Text)
	}
	assert.Equal(t, []string{"t", "i", "v", "d", "b", "br", "lr", "", ""}, texts)
}
