package waacktest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

const day = 24 * time.Hour

func TestReactionGetsOnlySent(t *testing.T) {
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			srv := newServer(t)
			in := srv.Inbound(d.provider(srv), customer, "hi")
			rcv := hook(t, srv, d.provider(srv), "s")
			a := d.react(t, srv, in, "👍")
			require.Equal(t, 200, a.status, "%s", a.body)
			id := d.sentID(t, a)
			require.True(t, srv.Read(d.sentID(t, d.text(t, srv, "and a text"))), "reading works on texts")
			assert.False(t, srv.Read(id), "a reaction is never read")
			flush(t, srv)
			sts := d.statuses(t, rcv.all())
			require.NotEmpty(t, sts)
			assert.Equal(t, id+" "+sentStatus[d.name], sts[0], "a reaction gets sent, and nothing more")
			for _, s := range sts[1:] {
				assert.NotContains(t, s, id)
			}
		})
	}
}

func TestReactionToInvalidTargetFailsLater(t *testing.T) {
	cases := []struct {
		name   string
		target func(t *testing.T, srv *waacktest.Server, d driver) string
	}{
		{"unknown", func(*testing.T, *waacktest.Server, driver) string {
			return "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA"
		}},
		{"over 30 days old", func(_ *testing.T, srv *waacktest.Server, d driver) string {
			in := srv.Inbound(d.provider(srv), customer, "old")
			srv.Advance(31 * day)
			return in
		}},
		{"a reaction", func(t *testing.T, srv *waacktest.Server, d driver) string {
			in := srv.Inbound(d.provider(srv), customer, "hi")
			return d.sentID(t, d.react(t, srv, in, "👍"))
		}},
		{"the customer's reaction", func(t *testing.T, srv *waacktest.Server, d driver) string {
			srv.Inbound(d.provider(srv), customer, "hi")
			text := d.sentID(t, d.text(t, srv, "hello"))
			return srv.React(d.provider(srv), customer, text, "😀")
		}},
		{"another chat's message", func(_ *testing.T, srv *waacktest.Server, d driver) string {
			srv.Inbound(d.provider(srv), customer, "hi")
			return srv.Inbound(d.provider(srv), "+44 7441 429009", "hello")
		}},
	}
	for _, d := range drivers {
		for _, c := range cases {
			t.Run(d.name+"/"+c.name, func(t *testing.T) {
				srv := newServer(t)
				target := c.target(t, srv, d)
				require.NotEmpty(t, target)
				rcv := hook(t, srv, d.provider(srv), "s")
				a := d.react(t, srv, target, "👍")
				require.Equal(t, 200, a.status, "accepted first: %s", a.body)
				id := d.sentID(t, a)
				require.NotEmpty(t, id)
				flush(t, srv)
				assert.Equal(t, []string{id + " " + failedReaction[d.name]}, d.statuses(t, rcv.all()))
				assert.Empty(t, srv.Reactions(target)["business"])
				chat, _ := srv.Chat(d.provider(srv), customer)
				last := chat.Messages[len(chat.Messages)-1]
				assert.Equal(t, waacktest.Message{ID: id, Direction: waacktest.FromBusiness, Type: waacktest.TypeReaction,
					Text: "👍", Ref: target, Time: srv.Now(), Status: waack.StatusFailed, ErrorCode: 131009}, last)
			})
		}
	}
}

func TestReactionWithin30DaysIsDelivered(t *testing.T) {
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			srv := newServer(t)
			in := srv.Inbound(d.provider(srv), customer, "hi")
			srv.Advance(30 * day)
			rcv := hook(t, srv, d.provider(srv), "s")
			id := d.sentID(t, d.react(t, srv, in, "👍"))
			flush(t, srv)
			assert.Equal(t, []string{id + " " + sentStatus[d.name]}, d.statuses(t, rcv.all()))
		})
	}
}

func TestTextOutsideWindow(t *testing.T) {
	want := map[string]string{"cloudapi": "failed 131047", "wawp": "ERROR -1"}
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			srv := newServer(t)
			srv.Inbound(d.provider(srv), customer, "hi")
			srv.Advance(23 * day / 24)
			require.Equal(t, 200, d.text(t, srv, "still open").status)
			srv.Advance(2 * time.Hour) // 25 h after the customer wrote
			rcv := hook(t, srv, d.provider(srv), "s")
			a := d.text(t, srv, "too late")
			require.Equal(t, 200, a.status, "%s", a.body)
			flush(t, srv)
			chat, _ := srv.Chat(d.provider(srv), customer)
			if d.name == "1msg" {
				assert.JSONEq(t, `{"sent":false,"message":"Dialog window is closed. Use a template message to start a new conversation."}`, string(a.body))
				assert.Empty(t, rcv.all(), "a refused text has no webhook")
				assert.Len(t, chat.Messages, 2, "and is not in the chat")
			} else {
				id := d.sentID(t, a)
				require.NotEmpty(t, id)
				assert.Equal(t, []string{id + " " + want[d.name]}, d.statuses(t, rcv.all()))
				last := chat.Messages[len(chat.Messages)-1]
				assert.Equal(t, waack.StatusFailed, last.Status)
				assert.Equal(t, 131047, last.ErrorCode)
			}

			// The customer writes again: the window reopens.
			srv.Inbound(d.provider(srv), customer, "hello?")
			a = d.text(t, srv, "sorry")
			require.Equal(t, 200, a.status)
			chat, _ = srv.Chat(d.provider(srv), customer)
			assert.Equal(t, waack.StatusDelivered, chat.Messages[len(chat.Messages)-1].Status)
			assert.Equal(t, srv.Now().Add(day), chat.WindowOpenUntil)
		})
	}
}

func TestTextToCustomerWhoNeverWrote(t *testing.T) {
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			srv := newServer(t)
			a := d.text(t, srv, "cold outreach")
			require.Equal(t, 200, a.status, "%s", a.body)
			if d.name == "1msg" {
				assert.Equal(t, false, a.json(t)["sent"])
				return
			}
			chat, ok := srv.Chat(d.provider(srv), customer)
			require.True(t, ok)
			assert.True(t, chat.WindowOpenUntil.IsZero())
			assert.Equal(t, 131047, chat.Messages[0].ErrorCode)
		})
	}
}

func TestReactionReplacedAndRemoved(t *testing.T) {
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			srv := newServer(t)
			in := srv.Inbound(d.provider(srv), customer, "hi")
			require.Equal(t, 200, d.react(t, srv, in, "👍").status)
			require.Equal(t, 200, d.react(t, srv, in, "❤️").status)
			assert.Equal(t, map[string]string{"business": "❤️"}, srv.Reactions(in))
			require.NotEmpty(t, srv.React(d.provider(srv), customer, in, "😀"), "a customer may react to their own message")
			assert.Equal(t, map[string]string{"business": "❤️", customerDigits: "😀"}, srv.Reactions(in))
			a := d.react(t, srv, in, "")
			require.Equal(t, 200, a.status, "%s", a.body)
			assert.Equal(t, map[string]string{customerDigits: "😀"}, srv.Reactions(in))
			require.Equal(t, 200, d.react(t, srv, in, "").status, "removing nothing is fine")
			require.Equal(t, srv.Requests()[len(srv.Requests())-1].Op, waack.OpUnreact)
		})
	}
}

func TestMarkReadMarksEarlierMessages(t *testing.T) {
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			srv := newServer(t)
			p := d.provider(srv)
			first := srv.Inbound(p, customer, "one")
			other := srv.Inbound(p, "+44 7441 429009", "another chat")
			second := srv.Inbound(p, customer, "two")
			third := srv.Inbound(p, customer, "three")
			a := d.read(t, srv, second)
			require.Equal(t, 200, a.status, "%s", a.body)
			assert.True(t, srv.IsRead(first))
			assert.True(t, srv.IsRead(second))
			assert.False(t, srv.IsRead(third))
			assert.False(t, srv.IsRead(other))
		})
	}
}

func TestMarkReadRefusesWhatIsNotACustomerMessage(t *testing.T) {
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			srv := newServer(t)
			srv.Inbound(d.provider(srv), customer, "hi")
			own := d.sentID(t, d.text(t, srv, "ours"))
			for _, id := range []string{own, "wamid.unknown", "false_16505551234@c.us_3EB0000000000000AAAA"} {
				a := d.read(t, srv, id)
				assert.Equal(t, 400, a.status, "%s: %s", id, a.body)
				if d.name == "cloudapi" {
					assert.Equal(t, float64(131009), get(t, a.json(t), "error", "code"))
				} else {
					assert.NotEmpty(t, a.json(t)["error"])
				}
			}
		})
	}
}

func TestCustomerReadsTexts(t *testing.T) {
	want := map[string]string{"cloudapi": "read", "1msg": "read", "wawp": "READ 3"}
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			srv := newServer(t)
			in := srv.Inbound(d.provider(srv), customer, "hi")
			first := d.sentID(t, d.text(t, srv, "one"))
			second := d.sentID(t, d.text(t, srv, "two"))
			rcv := hook(t, srv, d.provider(srv), "s")
			require.True(t, srv.Read(second))
			assert.False(t, srv.Read(in), "customers read business messages only")
			assert.False(t, srv.Read("wamid.nope"))
			require.True(t, srv.Read(second), "reading again is harmless")
			flush(t, srv)
			assert.Equal(t, []string{first + " " + want[d.name], second + " " + want[d.name]}, d.statuses(t, rcv.all()))
			chat, _ := srv.Chat(d.provider(srv), customer)
			assert.Equal(t, waack.StatusRead, chat.Messages[1].Status)
			assert.Equal(t, waack.StatusRead, chat.Messages[2].Status)
		})
	}
}

func TestCustomerActionsRejectBadInput(t *testing.T) {
	srv := newServer(t)
	assert.Empty(t, srv.Inbound(nil, customer, "x"))
	assert.Empty(t, srv.Inbound(srv.CloudAPI(), "not a phone", "x"))
	assert.Empty(t, srv.Inbound(srv.CloudAPI(), customer, ""))
	in := srv.Inbound(srv.CloudAPI(), customer, "x")
	assert.Empty(t, srv.React(srv.OneMsg(), customer, in, "👍"), "another provider's chat")
	assert.Empty(t, srv.React(srv.CloudAPI(), customer, "wamid.nope", "👍"))
	assert.Nil(t, srv.Reactions("wamid.nope"))
	assert.False(t, srv.IsRead("wamid.nope"))
	_, ok := srv.Chat(srv.Wawp(), customer)
	assert.False(t, ok)
	assert.Error(t, srv.SetWebhook(nil, "http://127.0.0.1:1/", ""))
	assert.Error(t, srv.SetWebhook(srv.CloudAPI(), "ftp://127.0.0.1/", ""))
	assert.Error(t, srv.SetWebhook(srv.CloudAPI(), "/relative", ""))
}

func TestClockAdvances(t *testing.T) {
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	srv := newServer(t, waacktest.WithStartTime(start))
	assert.Equal(t, start, srv.Now())
	srv.Advance(90 * time.Minute)
	srv.Advance(-time.Hour)
	assert.Equal(t, start.Add(90*time.Minute), srv.Now())
}
