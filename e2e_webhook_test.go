package waack_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
)

// A customer's message reaches OnEvent through the provider's verified
// webhook with everything needed to answer it.
func TestE2EInboundMessage(t *testing.T) {
	forEachProvider(t, func(t *testing.T, prov e2eProvider) {
		r := newRig(t, prov)
		id := r.srv.Inbound(r.p, e2eCustomer, "Where is my order #42? Ünïcödé 🚚")
		r.flush()

		msgs := eventsOf[waack.MessageEvent](r)
		require.Len(t, msgs, 1)
		m := msgs[0]
		assert.Equal(t, prov.name, m.Provider)
		assert.Equal(t, id, m.ID)
		assert.Equal(t, e2ePhone, m.From)
		assert.Equal(t, prov.chatID, m.ChatID)
		assert.Equal(t, "Where is my order #42? Ünïcödé 🚚", m.Text)
		assert.True(t, m.Timestamp.Equal(r.srv.Now()), "timestamp %s, sandbox clock %s", m.Timestamp, r.srv.Now())

		// The event opened the chat's window, on the sandbox's clock too.
		_, open := r.windows.Open(m.ChatID, r.srv.Now())
		assert.True(t, open)
	})
}

// The endpoint refuses bodies without the provider's signature or secret,
// and never hands them to OnEvent.
func TestE2EWebhookAuthentication(t *testing.T) {
	forEachProvider(t, func(t *testing.T, prov e2eProvider) {
		r := newRig(t, prov)
		r.inbound("hello")
		body := r.lastDelivery().Body

		assert.Equal(t, http.StatusUnauthorized, r.post(body, false))

		// A wrong secret is no better than none.
		wrong, err := http.NewRequestWithContext(r.ctx(), http.MethodPost,
			r.hook.URL+"/webhook?"+url.Values{waack.SecretQueryParam: {"guess"}}.Encode(), bytes.NewReader(body))
		require.NoError(t, err)
		wrong.Header.Set("X-Hub-Signature-256", waack.SignCloudAPIWebhook(body, "guess"))
		resp, err := r.hook.Client().Do(wrong)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

		assert.Len(t, eventsOf[waack.MessageEvent](r), 1, "only the sandbox's own delivery was handled")
	})
}

// Meta's subscription handshake works through the same endpoint.
func TestE2ECloudAPIHandshake(t *testing.T) {
	r := newRig(t, e2eProviders[0])
	q := url.Values{"hub.mode": {"subscribe"}, "hub.verify_token": {e2eVerifyToken}, "hub.challenge": {"1158201444"}}
	resp, err := r.hook.Client().Get(r.hook.URL + "/webhook?" + q.Encode())
	require.NoError(t, err)
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "1158201444", string(b))

	q.Set("hub.verify_token", "guess")
	resp, err = r.hook.Client().Get(r.hook.URL + "/webhook?" + q.Encode())
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
}

// Providers deliver at least once: the same signed body POSTed again is
// answered 200 and reaches OnEvent only once.
func TestE2EDuplicateDelivery(t *testing.T) {
	forEachProvider(t, func(t *testing.T, prov e2eProvider) {
		r := newRig(t, prov)
		in := r.inbound("hello")
		sent, err := r.client.SendText(r.ctx(), waack.Text{To: in.From, Body: "Hi!"})
		require.NoError(t, err)
		r.flush()
		before := len(eventsOf[waack.StatusEvent](r))
		require.NotZero(t, before)

		for _, d := range r.srv.Deliveries() {
			assert.Equal(t, http.StatusOK, r.post(d.Body, true), "redelivery of %s", d.Body)
		}
		assert.Len(t, messagesWithID(r, in.ID), 1)
		assert.Len(t, eventsOf[waack.StatusEvent](r), before)
		assert.Equal(t, []waack.Status{waack.StatusSent, waack.StatusDelivered}, r.statuses(sent.ID))
	})
}

// A customer's reaction to the business's reply arrives as a ReactionEvent,
// its change and removal too, and ReactionTally counts what shows now.
func TestE2ECustomerReactions(t *testing.T) {
	forEachProvider(t, func(t *testing.T, prov e2eProvider) {
		r := newRig(t, prov)
		in := r.inbound("Is the blue one in stock?")
		reply, err := r.client.SendText(r.ctx(), waack.Text{To: in.From, Body: "Yes, 3 left.", ReplyTo: in.ID})
		require.NoError(t, err)

		steps := []struct {
			emoji string
			want  map[string]int
		}{
			{"❤️", map[string]int{"❤️": 1}},
			{"👍", map[string]int{"👍": 1}}, // a new reaction replaces the old one
			{"", map[string]int{}},        // removed
		}
		for _, step := range steps {
			id := r.srv.React(r.p, e2eCustomer, reply.ID, step.emoji)
			require.NotEmpty(t, id)
			r.flush()

			evs := eventsOf[waack.ReactionEvent](r)
			require.NotEmpty(t, evs)
			ev := evs[len(evs)-1]
			assert.Equal(t, prov.name, ev.Provider)
			assert.Equal(t, id, ev.ID)
			assert.Equal(t, e2ePhone, ev.From)
			assert.Equal(t, prov.chatID, ev.ChatID)
			assert.Equal(t, reply.ID, ev.MessageID)
			assert.Equal(t, step.emoji, ev.Emoji)
			assert.Equal(t, step.emoji == "", ev.Removed)
			assert.Equal(t, step.want, r.tally.Counts(reply.ID), "after %q", step.emoji)
		}
		assert.Len(t, eventsOf[waack.ReactionEvent](r), len(steps))
		assert.Empty(t, eventsOf[waack.ErrorEvent](r))
	})
}
