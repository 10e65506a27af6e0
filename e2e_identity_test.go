package waack_test

// End-to-end scenarios of production identities and events: customers
// known only by a business-scoped user id, several business numbers, notices
// and echoes, and tracking ids resolving an unknown outcome.

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

const (
	e2eUserID   = "US.13491208655302741918"
	e2eUsername = "lee.customer"
)

func cloudRig(t *testing.T) *rig {
	t.Helper()
	return newRig(t, e2eProviders[0])
}

// A customer with a username, known only by their user id, is acknowledged
// at ChatID like any other.
func TestE2EUsernameCustomerAcknowledgedByUserID(t *testing.T) {
	r := cloudRig(t)
	id := r.srv.InboundBSUID(r.p, e2eUserID, e2eUsername, "hi")
	require.NotEmpty(t, id)
	r.flush()
	msgs := messagesWithID(r, id)
	require.Len(t, msgs, 1)
	m := msgs[0]
	assert.Empty(t, m.From, "no phone for a username customer")
	assert.Equal(t, e2eUserID, m.ChatID)
	assert.Equal(t, e2eUserID, m.UserID)
	assert.Equal(t, e2eUsername, m.Username)
	assert.Equal(t, r.srv.CloudAPI().PhoneNumberID, m.NumberID)

	sent, err := r.client.Acknowledge(r.ctx(), waack.Ack{From: m.ChatID, MessageID: m.ID})
	require.NoError(t, err)
	assert.Equal(t, e2eUserID, sent.To)
	assert.Equal(t, e2eUserID, sent.UserID)
	r.flush()
	assert.Equal(t, waack.DefaultAckEmoji, r.srv.Reactions(m.ID)["business"])
	assert.True(t, r.srv.IsRead(m.ID))
	_, open := r.windows.Open(m.ChatID, r.srv.Now())
	assert.True(t, open, "the user id's window is open")

	_, err = r.wait(sent.ID, waack.StatusSent)
	require.NoError(t, err)
	for _, st := range eventsOf[waack.StatusEvent](r) {
		if st.MessageID == sent.ID {
			assert.Equal(t, e2eUserID, st.Recipient, "the status names the user id")
			assert.Equal(t, e2eUserID, st.RecipientUserID)
		}
	}
}

// A BSUID cannot be addressed on 1MSG or Wawp: refused before any request.
func TestE2EUserIDRefusedWhereTheProviderHasNoForm(t *testing.T) {
	for _, prov := range e2eProviders[1:] {
		t.Run(prov.name, func(t *testing.T) {
			r := newRig(t, prov)
			before := len(r.srv.Requests())
			_, err := r.client.React(r.ctx(), waack.Reaction{To: e2eUserID, MessageID: "wamid.X", Emoji: "👍"})
			assert.ErrorIs(t, err, waack.ErrUnsupported)
			_, err = r.client.SendText(r.ctx(), waack.Text{To: "16505551234", Body: "x", TrackingID: "t"})
			assert.ErrorIs(t, err, waack.ErrUnsupported)
			assert.Len(t, r.srv.Requests(), before, "no request")
		})
	}
}

// A send whose answer was lost is resolved by its tracking id, echoed in
// the status webhook, instead of a blind resend.
func TestE2ETrackingIDResolvesAnUnknownOutcome(t *testing.T) {
	r := cloudRig(t)
	in := r.inbound("where is my order?")
	r.srv.FailNext(1, waacktest.FaultDropAfterRead)
	_, err := r.client.SendText(r.ctx(), waack.Text{To: in.ChatID, Body: "on its way", TrackingID: "order-42"})
	var unknown *waack.OutcomeUnknownError
	require.True(t, errors.As(err, &unknown), "%v", err)
	assert.Equal(t, "order-42", unknown.TrackingID)
	r.flush()
	ev, err := r.tracker.WaitTracking(r.ctx(), unknown.TrackingID, waack.StatusSent)
	require.NoError(t, err, "the text went out: its status echoes the tracking id")
	assert.Equal(t, "order-42", ev.TrackingID)
	assert.NotEmpty(t, ev.MessageID)
	texts := 0
	for _, q := range r.srv.Requests() {
		if q.Op == waack.OpSendText {
			texts++
		}
	}
	assert.Equal(t, 1, texts, "sent once")
}

// One endpoint, two numbers: each event is answered from the number that
// received it.
func TestE2ESeveralNumbersAnsweredFromTheirOwn(t *testing.T) {
	r := cloudRig(t)
	second, err := r.srv.AddNumber(r.p, "+1 555 010 2000")
	require.NoError(t, err)
	other, err := waack.New(second, e2eRetry)
	require.NoError(t, err)
	numbers, err := waack.NewNumbers(r.client, other)
	require.NoError(t, err)

	id := r.srv.Inbound(second, e2eCustomer, "to the second number")
	require.NotEmpty(t, id)
	r.flush()
	msgs := messagesWithID(r, id)
	require.Len(t, msgs, 1)
	assert.Equal(t, other.NumberID(), msgs[0].NumberID)
	c, err := numbers.For(msgs[0])
	require.NoError(t, err)
	assert.Same(t, other, c)
	_, err = c.Acknowledge(r.ctx(), waack.Ack{From: msgs[0].ChatID, MessageID: msgs[0].ID})
	require.NoError(t, err)

	_, err = numbers.For(waack.MessageEvent{Provider: waack.ProviderCloudAPI, NumberID: "999"})
	assert.ErrorIs(t, err, waack.ErrUnknownNumber)
}

// Deletions, edits, system notices and the business's own messages from
// the app are typed apart from customer messages and open no window.
func TestE2ENoticesAndEchoesAreNotCustomerMessages(t *testing.T) {
	r := cloudRig(t)
	in := r.inbound("first text")
	require.NotEmpty(t, r.srv.Edit(in.ID, "first text, edited"))
	require.NotEmpty(t, r.srv.Revoke(in.ID))
	require.NotEmpty(t, r.srv.BusinessEcho(r.p, e2eCustomer, "sent from the app"))
	require.NotEmpty(t, r.srv.SystemNotice(r.p, e2eCustomer, "+1 650 555 9999"))
	r.flush()
	notices := eventsOf[waack.NoticeEvent](r)
	var kinds []string
	for _, n := range notices {
		kinds = append(kinds, n.Kind)
		if n.Kind != "system" {
			assert.Equal(t, in.ID, n.MessageID, n.Kind)
		}
	}
	assert.ElementsMatch(t, []string{"edit", "revoke", "system"}, kinds)
	echoes := eventsOf[waack.EchoEvent](r)
	require.Len(t, echoes, 1)
	assert.Equal(t, "sent from the app", echoes[0].Text)
	assert.Len(t, eventsOf[waack.MessageEvent](r), 1, "only the customer's text is a MessageEvent")
}
