package waack_test

// End-to-end tests of the 1MSG-only channel calls: Client.SetWebhook
// decides where the sandbox pushes, and Client.DeliveryStatus reads back
// the statuses the sandbox reported.

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

// e2eOneMsg is the 1MSG row of the provider table.
func e2eOneMsg(t *testing.T) e2eProvider {
	t.Helper()
	for _, p := range e2eProviders {
		if p.name == waack.ProviderOneMsg {
			return p
		}
	}
	t.Fatal("no 1msg row in e2eProviders")
	return e2eProvider{}
}

// hookURL is a URL of the rig's webhook handler with secret in the query,
// the way a 1MSG user registers it.
func (r *rig) hookURL(path, secret string) string {
	return r.hook.URL + path + "?" + url.Values{waack.SecretQueryParam: {secret}}.Encode()
}

// The URLs given to Client.SetWebhook are where 1MSG pushes from then on,
// each push to every URL, and NewWebhookHandler accepts only the push
// whose URL carries its secret.
func TestE2EOneMsgSetWebhook(t *testing.T) {
	t.Parallel()
	r := newRig(t, e2eOneMsg(t), waacktest.WithWebhookRetry(1, 0))
	require.NoError(t, r.srv.SetWebhook(r.p, "", ""), "forget the rig's URL: only the API's setting counts")

	require.NoError(t, r.client.SetWebhook(r.ctx(), r.hookURL("/via-api", e2eHookSecret), r.hookURL("/wrong", "not-the-secret")))
	first := r.srv.Inbound(r.p, e2eCustomer, "hola")
	require.NoError(t, r.srv.Flush(r.ctx()))

	msgs := messagesWithID(r, first)
	require.Len(t, msgs, 1, "the push to the URL with the right secret was accepted, the other refused")
	assert.Equal(t, "hola", msgs[0].Text)
	assert.Equal(t, e2ePhone+"@c.us", msgs[0].ChatID)
	ds := r.srv.Deliveries()
	require.Len(t, ds, 2, "one push per URL")
	assert.True(t, ds[0].Delivered)
	assert.True(t, strings.HasPrefix(ds[0].URL, r.hook.URL+"/via-api?"), ds[0].URL)
	assert.False(t, ds[1].Delivered)
	assert.Equal(t, 401, ds[1].StatusCode, "the handler checks the secret in the URL")

	// A new call replaces the list: one URL from now on.
	require.NoError(t, r.client.SetWebhook(r.ctx(), r.hookURL("/only", e2eHookSecret)))
	second := r.srv.Inbound(r.p, e2eCustomer, "¿sigues ahí?")
	require.NoError(t, r.srv.Flush(r.ctx()))
	require.Len(t, messagesWithID(r, second), 1)
	ds = r.srv.Deliveries()
	require.Len(t, ds, 3)
	assert.True(t, ds[2].Delivered)
	assert.True(t, strings.HasPrefix(ds[2].URL, r.hook.URL+"/only?"), ds[2].URL)

	for _, req := range r.srv.Requests() {
		assert.Equal(t, waack.OpSetWebhook, req.Op)
		assert.NotContains(t, string(req.Body), e2eHookSecret, "the sandbox does not keep the secret")
	}
}

// DeliveryStatus reads back what the webhooks said about a text: sent,
// delivered, read, with the sandbox's timestamps.
func TestE2EOneMsgDeliveryStatusOfText(t *testing.T) {
	t.Parallel()
	r := newRig(t, e2eOneMsg(t))
	in := r.inbound("Is my order on its way?")
	sent, err := r.client.SendText(r.ctx(), waack.Text{To: in.ChatID, Body: "Yes, it ships today."})
	require.NoError(t, err)
	sentAt := r.srv.Now()
	r.srv.Advance(2 * time.Minute)
	require.True(t, r.srv.Read(sent.ID))

	evs, err := r.client.DeliveryStatus(r.ctx(), sent.ID)
	require.NoError(t, err)
	require.Len(t, evs, 3)
	var got []waack.Status
	for _, ev := range evs {
		got = append(got, ev.Status)
		assert.Equal(t, waack.ProviderOneMsg, ev.Provider)
		assert.Equal(t, sent.ID, ev.MessageID)
		assert.Equal(t, e2ePhone, ev.Recipient)
		assert.Nil(t, ev.Err)
	}
	assert.Equal(t, []waack.Status{waack.StatusSent, waack.StatusDelivered, waack.StatusRead}, got)
	assert.True(t, evs[0].Timestamp.Equal(sentAt.Truncate(time.Second)), "%s", evs[0].Timestamp)
	assert.True(t, evs[2].Timestamp.Equal(r.srv.Now().Truncate(time.Second)), "%s", evs[2].Timestamp)

	r.flush()
	assert.Equal(t, got, r.statuses(sent.ID), "the same statuses the webhooks reported")

	evs, err = r.client.DeliveryStatus(r.ctx(), "wamid.unknown")
	require.NoError(t, err)
	assert.Empty(t, evs, "nothing recorded for an unknown message")
}

// A reaction to a message over 30 days old: DeliveryStatus reports the
// failure with its code, so that errors.Is finds ErrTargetTooOld.
func TestE2EOneMsgDeliveryStatusOfFailedReaction(t *testing.T) {
	t.Parallel()
	r := newRig(t, e2eOneMsg(t))
	in := r.inbound("Thanks!")
	r.srv.Advance(31 * 24 * time.Hour)

	sent, err := r.client.React(r.ctx(), waack.Reaction{To: in.ChatID, MessageID: in.ID, Emoji: "👍"})
	require.NoError(t, err, "accepted: the failure comes afterwards")
	evs, err := r.client.DeliveryStatus(r.ctx(), sent.ID)
	require.NoError(t, err)
	require.Len(t, evs, 1)
	ev := evs[0]
	assert.Equal(t, waack.StatusFailed, ev.Status)
	assert.Equal(t, sent.ID, ev.MessageID)
	require.NotNil(t, ev.Err)
	assert.ErrorIs(t, ev.Err, waack.ErrTargetTooOld)
	assert.Equal(t, 131009, ev.Err.Code)
	assert.Equal(t, waack.OpWebhook, ev.Err.Op)
	assert.Empty(t, r.srv.Reactions(in.ID), "nothing shows on the old message")
}
