package waack

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack/internal/onemsg"
)

func TestParseOneMsgWebhook(t *testing.T) {
	const p = ProviderOneMsg
	windowClosed := &APIError{Provider: p, Op: OpWebhook,
		Message: "Dialog window is closed. Use a template to start the conversation", windowClosed: true}
	tests := []struct {
		file string
		want []Event
	}{
		{"messages.json", onNumber("VID182868781", "",
			MessageEvent{Provider: p, ID: "wamid.M1", From: "351912345678", ChatID: "351912345678@c.us", Type: "chat",
				Text: "Hello, do you ship to Lisbon?", ContactName: "Rui Costa", Timestamp: at(1753344000)},
			MessageEvent{Provider: p, ID: "wamid.M2", From: "351912345678", ChatID: "351912345678@c.us", Type: "image",
				Text: "This one", ReplyTo: "wamid.OUT1", ContactName: "Rui Costa", Timestamp: at(1753344001)},
			// ECHO1 (fromMe true) and ECHO2 (fromMe "1") are the business's own messages
			EchoEvent{Provider: p, ID: "wamid.ECHO1", To: "351912345678", Type: "chat", Text: "We do!", Timestamp: at(1753344002)},
			EchoEvent{Provider: p, ID: "wamid.ECHO2", To: "351912345678", Type: "chat", Text: "Sent from the phone", Timestamp: at(1753344003)},
			MessageEvent{Provider: p, ID: "wamid.M3", From: "351912345678", ChatID: "351912345678@c.us", Type: "document",
				ContactName: "Rui", Timestamp: at(1753344004)},
			MessageEvent{Provider: p, ID: "wamid.M4", From: "447700900123", ChatID: "120363025246125486@g.us", GroupID: "120363025246125486@g.us", Type: "chat",
				Text: "Team, any news?", ContactName: "Ali", Timestamp: at(1753344005)},
			MessageEvent{Provider: p, ID: "wamid.M5", ChatID: "98765432109876@lid", UserID: "CO.123", Type: "chat",
				Text: "hi", Timestamp: at(1753344006)},
			MessageEvent{Provider: p, ID: "wamid.M6", From: "351912345678", ChatID: "351912345678@c.us", Type: "call_permission_reply",
				Text: `{"name":"x"}`, Timestamp: at(1753344007)},
		)},
		{"reactions.json", onNumber("VID182868781", "",
			ReactionEvent{Provider: p, ID: "wamid.R1", From: "351912345678", ChatID: "351912345678@c.us",
				MessageID: "wamid.OUT1", Emoji: "👍", Timestamp: at(1753344100)},
			ReactionEvent{Provider: p, ID: "wamid.R2", From: "351912345678", ChatID: "351912345678@c.us",
				MessageID: "wamid.OUT1", Removed: true, Timestamp: at(1753344101)},
			ReactionEvent{Provider: p, ID: "wamid.R3", From: "351912345678", ChatID: "351912345678@c.us",
				MessageID: "wamid.OUT2", Removed: true, Timestamp: at(1753344102)},
			// R4 is the business's own reaction
			EchoEvent{Provider: p, ID: "wamid.R4", To: "351912345678", Type: "reaction", Text: "🙏", Timestamp: at(1753344103)},
		)},
		{"acks.json", onNumber("VID182868781", "",
			StatusEvent{Provider: p, MessageID: "wamid.OUT1", Recipient: "351912345678", Status: StatusSent},
			StatusEvent{Provider: p, MessageID: "wamid.OUT1", Recipient: "351912345678", Status: StatusDelivered},
			StatusEvent{Provider: p, MessageID: "true_12020721369@c.us_DF38E6A25B42CC8CCE13EC40F", Recipient: "12020721369", Status: StatusRead},
			StatusEvent{Provider: p, MessageID: "wamid.OUT1", Recipient: "351912345678", Status: StatusRead, Timestamp: at(1753344200)},
			StatusEvent{Provider: p, MessageID: "wamid.VOICE", Recipient: "351912345678", Status: StatusPlayed},
			StatusEvent{Provider: p, MessageID: "wamid.OUT2", Recipient: "351912345678", Status: StatusFailed, Err: windowClosed},
			StatusEvent{Provider: p, MessageID: "wamid.OUT3", Recipient: "CO.998877", RecipientUserID: "CO.998877", Status: StatusFailed,
				Err: &APIError{Provider: p, Op: OpWebhook, Code: 130472, Message: "User's number is part of an experiment"}},
			StatusEvent{Provider: p, MessageID: "wamid.OUT4", Recipient: "15005550006", Status: StatusFailed,
				Err: hookErr(p, 131026, "Message Undeliverable", "Unable to deliver message.")},
			StatusEvent{Provider: p, MessageID: "wamid.OUT5", Recipient: "351912345678", Status: "queued"},
		)},
		{"raw.json", onNumber("VID182868781", "",
			// the channel is the number, whatever Meta's metadata says
			MessageEvent{Provider: p, BusinessPhone: "15550783881", ID: "wamid.RAW1", From: "351912345678", ChatID: "351912345678", Type: "text",
				Text: "raw hello", ContactName: "Rui Costa", Timestamp: at(1753344300)},
			EchoEvent{Provider: p, BusinessPhone: "15550783881", ID: "wamid.RAWECHO", To: "351912345678", Type: "text", Text: "echo", Timestamp: at(1753344301)},
			StatusEvent{Provider: p, MessageID: "wamid.OUT1", Recipient: "351912345678", Status: StatusRead, Timestamp: at(1753344302)},
			EchoEvent{Provider: p, BusinessPhone: "15550783881", ID: "wamid.RAWECHO2", To: "351912345678", Type: "text"},
		)},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ParseOneMsgWebhook(fixture(t, "onemsg", tt.file))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseOneMsgWebhookFailedAckErrors(t *testing.T) {
	evs, err := ParseOneMsgWebhook(fixture(t, "onemsg", "acks.json"))
	require.NoError(t, err)
	byID := map[string]*APIError{}
	for _, ev := range evs {
		if st := ev.(StatusEvent); st.Err != nil {
			byID[st.MessageID] = st.Err
		}
	}
	require.Len(t, byID, 3, "only the failed acks carry an error")
	assert.ErrorIs(t, byID["wamid.OUT2"], ErrSessionWindowClosed)
	assert.NotErrorIs(t, byID["wamid.OUT3"], ErrSessionWindowClosed)
	assert.ErrorIs(t, byID["wamid.OUT4"], ErrUndeliverable)
	assert.Contains(t, byID["wamid.OUT3"].Error(), "part of an experiment")
}

func TestSaysWindowClosed(t *testing.T) {
	for text, want := range map[string]bool{
		"Dialog window is closed":                true,
		"dialog WINDOW IS CLOSED":                true,
		"Message outside the allowed window":     true,
		"Re-engagement message":                  true,
		"(#131047) Re-engagement message":        true,
		"The 24 hour window has expired":         true,
		"User's number is part of an experiment": false,
		"Message Undeliverable":                  false,
		"":                                       false,
		"window":                                 false,
		"closed":                                 false,
		"131026 recipient cannot receive":        false,
	} {
		assert.Equal(t, want, onemsg.WindowClosed(text), text)
	}
}

func TestParseOneMsgWebhookKeepsOrderAcrossKinds(t *testing.T) {
	body := []byte(`{"instanceId":"I","ack":[{"id":"a1","status":"read"}],
		"messages":[{"id":"m1","type":"chat","body":"x","chatId":"351912345678@c.us"}]}`)
	evs, err := ParseOneMsgWebhook(body)
	require.NoError(t, err)
	require.Len(t, evs, 2)
	assert.IsType(t, MessageEvent{}, evs[0], "messages come before acks")
	assert.IsType(t, StatusEvent{}, evs[1])
}

func TestParseOneMsgWebhookErrorUserMessage(t *testing.T) {
	body := []byte(`{"ack":[{"id":"wamid.X","status":"failed","phone":"351912345678",
		"error":{"error_user_title":"Window","error_user_msg":"The 24 hour window is closed"}}]}`)
	evs, err := ParseOneMsgWebhook(body)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	st := evs[0].(StatusEvent)
	require.NotNil(t, st.Err)
	assert.Equal(t, "The 24 hour window is closed", st.Err.Message)
	assert.ErrorIs(t, st.Err, ErrSessionWindowClosed)
}

func TestOneMsgAckTitlesMapToMetaCodes(t *testing.T) {
	body := `{"instanceId":"VID1","ack":[
		{"id":"wamid.R","status":"failed","chatId":"16505551234@c.us","error":"Parameter value is not valid"},
		{"id":"wamid.T","status":"failed","chatId":"16505551234@c.us","error":"User's number is part of an experiment"},
		{"id":"wamid.U","status":"failed","chatId":"16505551234@c.us","error":"Something new"}]}`
	evs, err := ParseOneMsgWebhook([]byte(body))
	require.NoError(t, err)
	require.Len(t, evs, 3)
	tooOld := evs[0].(StatusEvent).Err
	assert.ErrorIs(t, tooOld, ErrTargetTooOld)
	assert.Equal(t, 131009, tooOld.Code)
	assert.Equal(t, 130472, evs[1].(StatusEvent).Err.Code)
	assert.Zero(t, evs[2].(StatusEvent).Err.Code)
}
