package waack_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

// Acknowledge: 👍 shows on the customer's message, the message is read,
// the typing indicator shows, and the reaction gets a sent status only.
func TestE2EAcknowledge(t *testing.T) {
	forEachProvider(t, func(t *testing.T, prov e2eProvider) {
		r := newRig(t, prov)
		in := r.inbound("I need help with my invoice")

		sent, err := r.client.Acknowledge(r.ctx(), waack.Ack{From: in.From, MessageID: in.ID, Typing: true})
		require.NoError(t, err)
		require.NotNil(t, sent)
		assert.NotEmpty(t, sent.ID)

		assert.Equal(t, "👍", r.srv.Reactions(in.ID)["business"])
		assert.True(t, r.srv.IsRead(in.ID))
		chat, ok := r.srv.Chat(r.p, e2eCustomer)
		require.True(t, ok)
		assert.Equal(t, prov.typing, chat.TypingUntil.After(r.srv.Now()), "typing indicator until %s", chat.TypingUntil)

		r.flush()
		assertOnlySent(t, r, sent.ID)
	})
}

// assertOnlySent checks that reaction id got its sent status and nothing
// after it: WhatsApp never reports a reaction delivered or read.
func assertOnlySent(t *testing.T, r *rig, id string) {
	t.Helper()
	ev, err := r.wait(id, waack.StatusSent)
	require.NoError(t, err)
	assert.Equal(t, waack.StatusSent, ev.Status)
	st, _ := r.tracker.Status(id)
	assert.Equal(t, waack.StatusSent, st)
	assert.Equal(t, []waack.Status{waack.StatusSent}, r.statuses(id))

	// Every webhook is in (flushed), so a wait for delivered can only end
	// with its context.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = r.tracker.Wait(ctx, id, waack.StatusDelivered)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

// ⏳ while working, then ✅ replaces it, and Unreact takes it away.
func TestE2EReactionReplaceAndUnreact(t *testing.T) {
	forEachProvider(t, func(t *testing.T, prov e2eProvider) {
		r := newRig(t, prov)
		in := r.inbound("Please cancel order 1234")

		for _, emoji := range []string{"⏳", "✅"} {
			sent, err := r.client.React(r.ctx(), waack.Reaction{To: in.From, MessageID: in.ID, Emoji: emoji})
			require.NoError(t, err)
			assert.Equal(t, map[string]string{"business": emoji}, r.srv.Reactions(in.ID))
			r.flush()
			assertOnlySent(t, r, sent.ID)
		}

		sent, err := r.client.Unreact(r.ctx(), in.From, in.ID)
		require.NoError(t, err)
		assert.Empty(t, r.srv.Reactions(in.ID))
		assert.NotNil(t, r.srv.Reactions(in.ID), "the message is still known")
		r.flush()
		assertOnlySent(t, r, sent.ID)
		assert.Empty(t, eventsOf[waack.ReactionEvent](r), "the business's own reactions are not customer reactions")
	})
}

// A session reply built from a template quotes the customer's message and
// goes sent → delivered → read as the customer reads it.
func TestE2ESendTextStatuses(t *testing.T) {
	forEachProvider(t, func(t *testing.T, prov e2eProvider) {
		r := newRig(t, prov)
		in := r.inbound("Hi, I have a question about CRM")

		body, err := waack.FillPlaceholders("Hello, {{1}}! We received your request about «{{2}}».", "Alexey", "CRM")
		require.NoError(t, err)
		sent, err := r.client.SendText(r.ctx(), waack.Text{To: e2eCustomer, Body: body, ReplyTo: in.ID})
		require.NoError(t, err)
		assert.Contains(t, []string{e2ePhone, prov.chatID}, sent.To)

		chat, ok := r.srv.Chat(r.p, e2eCustomer)
		require.True(t, ok)
		last := chat.Messages[len(chat.Messages)-1]
		assert.Equal(t, sent.ID, last.ID)
		assert.Equal(t, "Hello, Alexey! We received your request about «CRM».", last.Text)
		assert.Equal(t, in.ID, last.Ref, "the reply quotes the customer's message")

		_, err = r.wait(sent.ID, waack.StatusDelivered)
		require.NoError(t, err)
		st, _ := r.tracker.Status(sent.ID)
		assert.Equal(t, waack.StatusDelivered, st, "not read before the customer reads it")

		require.True(t, r.srv.Read(sent.ID))
		ev, err := r.wait(sent.ID, waack.StatusRead)
		require.NoError(t, err)
		assert.Equal(t, waack.StatusRead, ev.Status)
		r.flush()
		assert.Equal(t, []waack.Status{waack.StatusSent, waack.StatusDelivered, waack.StatusRead}, r.statuses(sent.ID))
	})
}

// A reaction to a message over 30 days old is accepted and then reported
// failed (Graph 131009).
func TestE2EReactionTargetTooOld(t *testing.T) {
	forEachProvider(t, func(t *testing.T, prov e2eProvider) {
		r := newRig(t, prov)
		in := r.inbound("Thanks!")
		r.srv.Advance(31 * 24 * time.Hour)

		sent, err := r.client.React(r.ctx(), waack.Reaction{To: in.From, MessageID: in.ID, Emoji: "👍"})
		require.NoError(t, err, "accepted: the failure comes by webhook")
		ev, err := r.wait(sent.ID, waack.StatusSent)
		require.ErrorIs(t, err, waack.ErrMessageFailed)
		assert.Equal(t, waack.StatusFailed, ev.Status)
		require.NotNil(t, ev.Err)
		assert.Equal(t, waack.OpWebhook, ev.Err.Op)
		if prov.name == waack.ProviderWawp {
			// WAHA's ack -1 says only ERROR: no code to classify.
			assert.NotErrorIs(t, err, waack.ErrTargetTooOld)
		} else {
			assert.ErrorIs(t, err, waack.ErrTargetTooOld)
			assert.ErrorIs(t, ev.Err, waack.ErrTargetTooOld)
			assert.Equal(t, 131009, ev.Err.Code)
		}
		assert.Empty(t, r.srv.Reactions(in.ID), "nothing shows on the old message")
	})
}

// 25 hours after the customer's last message a session text cannot go out:
// Cloud API and Wawp accept it and report it failed, 1MSG refuses it.
func TestE2ESessionWindowClosed(t *testing.T) {
	forEachProvider(t, func(t *testing.T, prov e2eProvider) {
		r := newRig(t, prov)
		in := r.inbound("Hello?")
		r.srv.Advance(25 * time.Hour)

		sent, err := r.client.SendText(r.ctx(), waack.Text{To: in.From, Body: "Sorry for the wait!"})
		if prov.name == waack.ProviderOneMsg {
			require.ErrorIs(t, err, waack.ErrSessionWindowClosed)
			require.ErrorIs(t, err, waack.ErrNotSent)
			assert.Nil(t, sent)
			return
		}
		require.NoError(t, err, "accepted: the failure comes by webhook")
		ev, err := r.wait(sent.ID, waack.StatusDelivered)
		require.ErrorIs(t, err, waack.ErrMessageFailed)
		assert.Equal(t, waack.StatusFailed, ev.Status)
		require.NotNil(t, ev.Err)
		if prov.name == waack.ProviderCloudAPI {
			assert.ErrorIs(t, err, waack.ErrSessionWindowClosed)
			assert.Equal(t, 131047, ev.Err.Code)
		}
	})
}

// WithSessionGuard refuses, without a request, what the provider would
// refuse once the window is closed, and lets it through again when the
// customer writes.
//
// The guard checks windows against time.Now, so the sandbox's clock is
// started 25 hours in the past: the customer writes then, and Advance
// brings the sandbox to the present, where both clocks agree the window
// closed an hour ago.
func TestE2ESessionGuard(t *testing.T) {
	forEachProvider(t, func(t *testing.T, prov e2eProvider) {
		r := newRig(t, prov, waacktest.WithStartTime(time.Now().Add(-25*time.Hour)))
		guarded := r.newClient(waack.WithSessionGuard(r.windows))
		in := r.inbound("Hello?")
		r.srv.Advance(25 * time.Hour)

		expires, open := r.windows.Open(in.ChatID, r.srv.Now())
		require.False(t, open, "closed on the sandbox's clock")
		assert.True(t, expires.Equal(in.Timestamp.Add(waack.DefaultSessionLength)))

		requests := len(r.srv.Requests())
		calls := map[string]func() error{
			"SendText": func() error {
				_, err := guarded.SendText(r.ctx(), waack.Text{To: e2eCustomer, Body: "Sorry for the wait!"})
				return err
			},
			"React": func() error {
				_, err := guarded.React(r.ctx(), waack.Reaction{To: in.ChatID, MessageID: in.ID, Emoji: "👍"})
				return err
			},
			"Acknowledge": func() error {
				_, err := guarded.Acknowledge(r.ctx(), waack.Ack{From: in.From, MessageID: in.ID})
				return err
			},
		}
		for name, call := range calls {
			assert.ErrorIs(t, call(), waack.ErrSessionWindowClosed, name)
		}
		assert.Len(t, r.srv.Requests(), requests, "the guard sent nothing")

		// The sandbox agrees: unguarded, the text fails (or is refused).
		_, err := r.client.SendText(r.ctx(), waack.Text{To: in.From, Body: "Anyone there?"})
		if err == nil {
			r.flush()
			assert.Contains(t, r.statuses(lastBusinessID(t, r)), waack.StatusFailed)
		} else {
			assert.ErrorIs(t, err, waack.ErrSessionWindowClosed)
		}

		// The customer writes again: the window reopens, the guard lets go.
		again := r.inbound("Still there?")
		_, open = r.windows.Open(again.ChatID, r.srv.Now())
		require.True(t, open)
		for name, call := range calls {
			assert.NoError(t, call(), name)
		}
	})
}

// lastBusinessID is the id of the business's last message in the chat.
func lastBusinessID(t *testing.T, r *rig) string {
	t.Helper()
	chat, ok := r.srv.Chat(r.p, e2eCustomer)
	require.True(t, ok)
	for i := len(chat.Messages) - 1; i >= 0; i-- {
		if m := chat.Messages[i]; m.Direction == waacktest.FromBusiness {
			return m.ID
		}
	}
	t.Fatal("no business message")
	return ""
}

// A wrong credential is ErrUnauthorized, for every call, and the error
// never repeats it.
func TestE2EBadToken(t *testing.T) {
	forEachProvider(t, func(t *testing.T, prov e2eProvider) {
		r := newRig(t, prov)
		in := r.inbound("hello")
		const bad = "wrong-token-0123456789"
		var p waack.Provider
		switch c := r.p.(type) {
		case waack.CloudAPI:
			c.AccessToken = bad
			p = c
		case waack.OneMsg:
			c.Token = bad
			p = c
		case waack.Wawp:
			c.AccessToken = bad
			p = c
		}
		c, err := waack.New(p, e2eRetry)
		require.NoError(t, err)

		_, reactErr := c.React(r.ctx(), waack.Reaction{To: in.From, MessageID: in.ID, Emoji: "👍"})
		readErr := c.MarkRead(r.ctx(), waack.ReadReceipt{From: in.From, MessageID: in.ID})
		_, textErr := c.SendText(r.ctx(), waack.Text{To: in.From, Body: "Hi"})
		for name, err := range map[string]error{"React": reactErr, "MarkRead": readErr, "SendText": textErr} {
			require.ErrorIs(t, err, waack.ErrUnauthorized, name)
			var apiErr *waack.APIError
			require.ErrorAs(t, err, &apiErr, name)
			assert.Equal(t, 401, apiErr.HTTPStatus, name)
			assert.NotContains(t, err.Error(), bad, name)
		}
		assert.Empty(t, r.srv.Reactions(in.ID))
		assert.False(t, r.srv.IsRead(in.ID))
	})
}

// Marking a message read marks the customer's earlier messages read too,
// not the later ones.
func TestE2EMarkReadMarksEarlier(t *testing.T) {
	forEachProvider(t, func(t *testing.T, prov e2eProvider) {
		r := newRig(t, prov)
		first, second, third := r.inbound("one"), r.inbound("two"), r.inbound("three")

		require.NoError(t, r.client.MarkRead(r.ctx(), waack.ReadReceipt{From: second.From, MessageID: second.ID}))
		assert.True(t, r.srv.IsRead(first.ID))
		assert.True(t, r.srv.IsRead(second.ID))
		assert.False(t, r.srv.IsRead(third.ID))
	})
}
