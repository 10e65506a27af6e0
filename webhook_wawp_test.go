package waack

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseWawpWebhook(t *testing.T) {
	const p = ProviderWawp
	tests := []struct {
		file string
		want []Event
	}{
		{"message.json", onNumber("default", "",
			MessageEvent{Provider: p, ID: "false_11111111111@c.us_AAAAAAAAAAAAAAAAAAAA", From: "11111111111", ChatID: "11111111111@c.us",
				Type: "chat", Text: "Can I change my delivery address?", ReplyTo: "true_11111111111@c.us_BBBBBBBBBBBBBBBBBBBB",
				ContactName: "Maria", Timestamp: at(1741249702)},
		)},
		{"message_media.json", onNumber("default", "",
			MessageEvent{Provider: p, ID: "false_11111111111@c.us_CCCC", From: "11111111111", ChatID: "11111111111@c.us",
				Type: "media", Text: "the receipt", ContactName: "Maria", Timestamp: at(1741249703)},
		)},
		{"message_group.json", []Event{
			MessageEvent{Provider: p, ID: "false_120363025246125486@g.us_DDDD_33333333333@c.us", From: "33333333333",
				ChatID: "120363025246125486@g.us", GroupID: "120363025246125486@g.us", Type: "chat", Text: "hello group", ContactName: "Pat", Timestamp: at(1741249704)},
		}},
		{"message_any_inbound.json", []Event{
			MessageEvent{Provider: p, ID: "false_11111111111@c.us_EEEE", From: "11111111111", ChatID: "11111111111@c.us",
				Type: "text", Text: "inbound seen via message.any", Timestamp: at(1741249705)},
		}},
		{"message_any_fromme.json", []Event{
			EchoEvent{Provider: p, ID: "true_11111111111@c.us_FFFF", To: "11111111111", Type: "text", Text: "our own reply", Timestamp: at(1741249706)},
		}},
		{"reaction_waha.json", onNumber("default", "",
			ReactionEvent{Provider: p, ID: "false_79111111@c.us_11111111111111111111111111111111", From: "79111111", ChatID: "79111111@c.us",
				MessageID: "true_79111111@c.us_22222222222222222222222222222222", Emoji: "🙏",
				Timestamp: time.Unix(1710481111, 853*int64(time.Millisecond)).UTC()},
		)},
		{"reaction_wawp.json", onNumber("default", "",
			ReactionEvent{Provider: p, ID: "false_11111111111@c.us_GGGG", From: "11111111111", ChatID: "11111111111@c.us",
				MessageID: "false_11111111111@c.us_AAAAA", Emoji: "❤️",
				Timestamp: time.Unix(1634567890, 123*int64(time.Millisecond)).UTC()},
		)},
		{"reaction_removed.json", []Event{
			ReactionEvent{Provider: p, ID: "false_79111111@c.us_33333333333333333333333333333333", From: "79111111", ChatID: "79111111@c.us",
				MessageID: "true_79111111@c.us_22222222222222222222222222222222", Removed: true, Timestamp: at(1710481200)},
		}},
		{"ack_read.json", []Event{
			StatusEvent{Provider: p, MessageID: "true_11111111111@c.us_4CC5EDD64BC22EBA6D639F2AF571346C", Recipient: "11111111111",
				Status: StatusRead, Timestamp: at(1741249800)},
		}},
		{"ack_error.json", []Event{
			StatusEvent{Provider: p, MessageID: "true_11111111111@c.us_HHHH", Recipient: "11111111111", Status: StatusFailed,
				Timestamp: at(1741249801), Err: &APIError{Provider: p, Op: OpWebhook, Message: "message failed (ack ERROR)"}},
		}},
		{"ack_pending.json", nil},
		{"ack_name_only.json", []Event{
			StatusEvent{Provider: p, MessageID: "true_120363025246125486@g.us_JJJJ_9999@lid", Recipient: "120363025246125486@g.us",
				Status: StatusDelivered, Timestamp: at(1741249803)},
		}},
		{"ack_unknown.json", []Event{
			StatusEvent{Provider: p, MessageID: "true_11111111111@c.us_KKKK", Recipient: "11111111111", Status: "UNKNOWN", Timestamp: at(1741249804)},
		}},
		{"session_status.json", nil},
		{"revoked.json", onNumber("123456789012", "",
			NoticeEvent{Provider: p, ID: "false_11111111111@c.us_REVOKE", From: "11111111111", ChatID: "11111111111@c.us",
				Kind: "revoke", MessageID: "false_11111111111@c.us_AAAA", Timestamp: at(1741249900)},
		)},
		{"edited.json", onNumber("123456789012", "",
			NoticeEvent{Provider: p, ID: "false_11111111111@c.us_EDIT", From: "11111111111", ChatID: "11111111111@c.us",
				Kind: "edit", MessageID: "false_11111111111@c.us_AAAA", Text: "the corrected text", Timestamp: at(1741249901)},
		)},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseWawpWebhook(fixture(t, "wawp", tt.file))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseWawpWebhookAckNumbers(t *testing.T) {
	tests := []struct {
		payload string
		want    Status
		none    bool
	}{
		{`"ack":-1`, StatusFailed, false},
		{`"ack":0`, "", true},
		{`"ack":1`, StatusSent, false},
		{`"ack":2`, StatusDelivered, false},
		{`"ack":3`, StatusRead, false},
		{`"ack":4`, StatusPlayed, false},
		{`"ack":"3"`, StatusRead, false},
		{`"ack":3,"ackName":"DEVICE"`, StatusRead, false}, // the number wins
		{`"ack":7,"ackName":"read"`, StatusRead, false},   // unknown number: the name
		{`"ackName":"PLAYED"`, StatusPlayed, false},
		{`"ackName":"PENDING"`, "", true},
		{`"ack":2.5`, "2.5", false},
		{`"ack":12`, "12", false},
		{`"ack":null`, "", false},
	}
	for _, tt := range tests {
		body := []byte(`{"event":"message.ack","payload":{"id":"true_11111111111@c.us_X",` + tt.payload + `}}`)
		evs, err := ParseWawpWebhook(body)
		require.NoError(t, err, tt.payload)
		if tt.none {
			assert.Empty(t, evs, tt.payload)
			continue
		}
		require.Len(t, evs, 1, tt.payload)
		st := evs[0].(StatusEvent)
		assert.Equal(t, tt.want, st.Status, tt.payload)
		assert.Equal(t, tt.want == StatusFailed, st.Err != nil, tt.payload)
	}
}

func TestParseWawpWebhookSkipsOwnReaction(t *testing.T) {
	body := []byte(`{"event":"message.reaction","payload":{"id":"true_1@c.us_R","fromMe":true,"reaction":{"text":"👍","messageId":"false_1@c.us_M"}}}`)
	evs, err := ParseWawpWebhook(body)
	require.NoError(t, err)
	assert.Empty(t, evs)
}

func TestParseWawpWebhookAckRecipientFallbacks(t *testing.T) {
	for payload, want := range map[string]string{
		`"id":"ABC","chatId":"491701234567@c.us"`:                            "491701234567",
		`"id":"true_491701234567@c.us_ABC"`:                                  "491701234567",
		`"id":"ABC","fromMe":true,"from":"me@c.us","to":"491701234567@c.us"`: "491701234567",
		`"id":"ABC","from":"491701234567@c.us"`:                              "491701234567",
		`"id":"ABC","from":"120363025246125486@g.us"`:                        "120363025246125486@g.us",
	} {
		evs, err := ParseWawpWebhook([]byte(`{"event":"message.ack","payload":{"ack":2,` + payload + `}}`))
		require.NoError(t, err)
		require.Len(t, evs, 1)
		assert.Equal(t, want, evs[0].(StatusEvent).Recipient, payload)
	}
}

func TestParseWawpWebhookTimestamps(t *testing.T) {
	for payloadTS, want := range map[string]time.Time{
		`"timestamp":1741249702`:        at(1741249702),
		`"timestamp":"1741249702"`:      at(1741249702),
		`"timestamp":1741249702.25`:     time.Unix(1741249702, 250e6).UTC(),
		`"timestamp":1741249702999`:     time.Unix(1741249702, 999e6).UTC(), // milliseconds in the payload
		`"timestamp":null`:              time.Unix(1700000000, 500e6).UTC(), // the envelope's
		`"timestamp":"not a timestamp"`: time.Unix(1700000000, 500e6).UTC(),
	} {
		body := `{"event":"message","timestamp":1700000000500,"payload":{"id":"false_1@c.us_A","from":"status@broadcast",` + payloadTS + `}}`
		evs, err := ParseWawpWebhook([]byte(body))
		require.NoError(t, err)
		require.Len(t, evs, 1)
		m := evs[0].(MessageEvent)
		assert.Equal(t, want, m.Timestamp, payloadTS)
		assert.Empty(t, m.From, "status@broadcast is not a person")
	}
}
