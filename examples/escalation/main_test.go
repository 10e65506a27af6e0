package main

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/testkit"
	"github.com/waack/waack/waacktest"
)

const customer = "+1 650 555 1234"

var providers = []struct {
	name string
	of   func(*waacktest.Server) waack.Provider
}{
	{waack.ProviderCloudAPI, func(s *waacktest.Server) waack.Provider { return s.CloudAPI() }},
	{waack.ProviderOneMsg, func(s *waacktest.Server) waack.Provider { return s.OneMsg() }},
	{waack.ProviderWawp, func(s *waacktest.Server) waack.Provider { return s.Wawp() }},
}

// desk is the escalator behind a verified webhook endpoint the sandbox
// posts to, with a conversation already going: the customer wrote and the
// business answered twice.
type desk struct {
	t       *testing.T
	sandbox *waacktest.Server
	p       waack.Provider
	logs    *testkit.SyncBuffer
	replies []string // the business's two answers
}

func newDesk(t *testing.T, of func(*waacktest.Server) waack.Provider) *desk {
	t.Helper()
	d := &desk{t: t, sandbox: waacktest.NewServer(), logs: &testkit.SyncBuffer{}}
	t.Cleanup(d.sandbox.Close)
	d.p = of(d.sandbox)
	client, err := waack.New(d.p, waack.WithRetry(waack.RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond}))
	require.NoError(t, err)
	esc := newEscalator(client, slog.New(slog.NewTextHandler(d.logs, nil)))
	h, err := waack.NewWebhookHandler(d.p, waack.WebhookConfig{AppSecret: "hook-secret", Secret: "hook-secret", OnEvent: esc.OnEvent})
	require.NoError(t, err)
	hook := httptest.NewServer(h)
	t.Cleanup(hook.Close)
	require.NoError(t, d.sandbox.SetWebhook(d.p, hook.URL, "hook-secret"))

	in := d.sandbox.Inbound(d.p, customer, "My order arrived broken")
	for _, text := range []string{"Sorry to hear that! Could you send a photo?", "We can offer a 10% discount."} {
		sent, err := client.SendText(d.ctx(), waack.Text{To: customer, Body: text, ReplyTo: in})
		require.NoError(t, err)
		d.replies = append(d.replies, sent.ID)
	}
	d.flush()
	return d
}

func (d *desk) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	d.t.Cleanup(cancel)
	return ctx
}

// react has the customer react to the business's reply i and waits until
// the escalator saw it.
func (d *desk) react(i int, emoji string) {
	d.t.Helper()
	require.NotEmpty(d.t, d.sandbox.React(d.p, customer, d.replies[i], emoji))
	d.flush()
}

func (d *desk) flush() {
	d.t.Helper()
	require.NoError(d.t, d.sandbox.Flush(d.ctx()))
}

// handovers counts the handover texts the customer got.
func (d *desk) handovers() int {
	d.t.Helper()
	chat, ok := d.sandbox.Chat(d.p, customer)
	require.True(d.t, ok)
	n := 0
	for _, m := range chat.Messages {
		if m.Direction == waacktest.FromBusiness && m.Text == handoverText {
			n++
		}
	}
	return n
}

func (d *desk) escalationLogs() int {
	return strings.Count(d.logs.String(), `msg="escalated to a human agent"`)
}

func TestEscalatesAfterTwoNegativeReactions(t *testing.T) {
	for _, prov := range providers {
		t.Run(prov.name, func(t *testing.T) {
			t.Parallel()
			d := newDesk(t, prov.of)
			d.react(0, "😢")
			assert.Zero(t, d.handovers(), "one unhappy reaction is not enough")

			d.sandbox.Advance(9 * time.Minute)
			d.react(1, "😠")
			assert.Equal(t, 1, d.handovers())
			assert.Equal(t, 1, d.escalationLogs())

			// More anger does not escalate the chat again.
			d.react(0, "😡")
			d.react(1, "👎")
			assert.Equal(t, 1, d.handovers())
			assert.Equal(t, 1, d.escalationLogs())
			for _, dl := range d.sandbox.Deliveries() {
				assert.True(t, dl.Delivered, "%d %s", dl.StatusCode, dl.Error)
			}
		})
	}
}

func TestDoesNotEscalate(t *testing.T) {
	for _, prov := range providers {
		t.Run(prov.name, func(t *testing.T) {
			t.Parallel()
			cases := map[string]func(d *desk){
				"too far apart": func(d *desk) {
					d.react(0, "😢")
					d.sandbox.Advance(11 * time.Minute)
					d.react(1, "😢")
				},
				"same message twice": func(d *desk) {
					d.react(0, "😢")
					d.react(0, "😠")
				},
				"changed to happy": func(d *desk) {
					d.react(0, "😢")
					d.react(0, "👍")
					d.react(1, "😠")
				},
				"removed": func(d *desk) {
					d.react(0, "😭")
					d.react(0, "")
					d.react(1, "😠")
				},
				"not negative": func(d *desk) {
					d.react(0, "❤️")
					d.react(1, "😂")
				},
			}
			for name, play := range cases {
				d := newDesk(t, prov.of)
				play(d)
				assert.Zero(t, d.handovers(), name)
				assert.Zero(t, d.escalationLogs(), name)
			}
		})
	}
}

// When the handover text is refused, the webhook is answered 500 and the
// provider's redelivery escalates: the customer still gets exactly one.
func TestEscalationRetriedOnRedelivery(t *testing.T) {
	for _, prov := range providers {
		t.Run(prov.name, func(t *testing.T) {
			t.Parallel()
			d := newDesk(t, prov.of)
			d.react(0, "😢")
			d.sandbox.FailNext(1, waacktest.FaultThrottle429) // Retry-After 1 s, longer than the retry policy waits
			d.react(1, "😢")

			assert.Equal(t, 1, d.handovers())
			assert.Equal(t, 1, d.escalationLogs())
			retried := 0
			for _, dl := range d.sandbox.Deliveries() {
				assert.True(t, dl.Delivered, "%d %s", dl.StatusCode, dl.Error)
				if dl.Attempts > 1 {
					retried++
					assert.Equal(t, 2, dl.Attempts, "the reaction's webhook: 500, then 200")
				}
			}
			assert.Equal(t, 1, retried)
		})
	}
}

// Webhooks may arrive out of order: a late reaction counts by its own
// timestamp.
func TestRecordOutOfOrder(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	unhappy := func(msg string, at time.Time) waack.ReactionEvent {
		return waack.ReactionEvent{From: "16505551234", ChatID: "16505551234", MessageID: msg, Emoji: "😢", Timestamp: at}
	}
	e := newEscalator(nil, slog.New(slog.DiscardHandler))
	assert.False(t, e.record("a", unhappy("m2", t0)))
	assert.False(t, e.record("a", unhappy("m1", t0.Add(-11*time.Minute))), "older than the window")
	assert.True(t, e.record("a", unhappy("m3", t0.Add(-9*time.Minute))), "late, but within ten minutes of m2")
	assert.False(t, e.record("a", unhappy("m4", t0)), "escalated once")
}
