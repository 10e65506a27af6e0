package waack

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestSessionKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"16505551234", "16505551234"},
		{"+16505551234", "16505551234"},
		{"+1 650-555-1234", "16505551234"},
		{"1 (650) 555.1234", "16505551234"},
		{"0016505551234", "16505551234"},
		{" 16505551234\t", "16505551234"},
		{"16505551234@c.us", "16505551234"},
		{"16505551234@C.US", "16505551234"},
		{"16505551234@s.whatsapp.net", "16505551234"},
		{"12345678", "12345678"},                               // 8 digits: shortest phone
		{"123456789012345", "123456789012345"},                 // 15 digits: longest phone
		{"1234567", "1234567"},                                 // too short to be a phone: kept as an id
		{"1234567890123456", "1234567890123456"},               // too long: kept as an id
		{"120363012345678901@g.us", "120363012345678901@g.us"}, // a group stays a group
		{"16505551234@G.US", "16505551234@g.us"},               // a group is not its creator's phone
		{"US.13491208655302741918@LID", "us.13491208655302741918@lid"},
		{"US.13491208655302741918", "us.13491208655302741918"},
		{"1650555x1234", "1650555x1234"},
		{"+1+6505551234", "+1+6505551234"},
		{"abc@c.us", "abc@c.us"},
		{"", ""},
		{"   ", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, chatKey(tt.in), "chatKey(%q)", tt.in)
	}
}

var sessionT0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func inbound(chat string, at time.Time) MessageEvent {
	return MessageEvent{Provider: "cloudapi", ID: "wamid.in", From: chat, ChatID: chat, Type: "text", Timestamp: at}
}

func TestSessionWindowsOpenAndClose(t *testing.T) {
	w := NewSessionWindows()
	w.Observe(inbound("16505551234", sessionT0))
	tests := []struct {
		name string
		now  time.Time
		open bool
	}{
		{"right after the message", sessionT0, true},
		{"a second before 24 hours", sessionT0.Add(24*time.Hour - time.Second), true},
		{"at 24 hours", sessionT0.Add(24 * time.Hour), false},
		{"a day later", sessionT0.Add(48 * time.Hour), false},
	}
	for _, tt := range tests {
		expires, open := w.Open("16505551234", tt.now)
		assert.Equal(t, tt.open, open, tt.name)
		assert.True(t, expires.Equal(sessionT0.Add(24*time.Hour)), tt.name)
	}
}

func TestSessionWindowsRefreshNeverMovesBack(t *testing.T) {
	tests := []struct {
		name  string
		times []time.Duration // offsets from sessionT0, in arrival order
		last  time.Duration
	}{
		{"later message refreshes", []time.Duration{0, 5 * time.Hour}, 5 * time.Hour},
		{"older message arriving late is ignored", []time.Duration{5 * time.Hour, 0}, 5 * time.Hour},
		{"repeat changes nothing", []time.Duration{time.Hour, time.Hour}, time.Hour},
	}
	for _, tt := range tests {
		w := NewSessionWindows()
		for _, d := range tt.times {
			w.Observe(inbound("16505551234", sessionT0.Add(d)))
		}
		expires, _ := w.Open("16505551234", sessionT0)
		assert.True(t, expires.Equal(sessionT0.Add(tt.last+24*time.Hour)), "%s: expires %s", tt.name, expires)
	}
}

func TestSessionWindowsKeyEquivalence(t *testing.T) {
	spellings := []string{"+1 650-555-1234", "16505551234", "16505551234@c.us", "16505551234@s.whatsapp.net", "0016505551234"}
	for _, observed := range spellings {
		w := NewSessionWindows(WithStrictSessions())
		w.Observe(inbound(observed, sessionT0))
		for _, asked := range spellings {
			_, open := w.Open(asked, sessionT0.Add(time.Hour))
			assert.True(t, open, "observed %q, asked %q", observed, asked)
		}
		_, open := w.Open("16505551235", sessionT0.Add(time.Hour))
		assert.False(t, open, "another number")
	}
}

func TestSessionWindowsChatFallsBackToFrom(t *testing.T) {
	w := NewSessionWindows(WithStrictSessions())
	w.Observe(MessageEvent{From: "+16505551234", Timestamp: sessionT0})
	_, open := w.Open("16505551234@c.us", sessionT0)
	assert.True(t, open, "From is used when ChatID is empty")

	// ChatID wins over From: a group message opens the group's window.
	w.Observe(MessageEvent{From: "16505550000", ChatID: "120363012345678901@g.us", Timestamp: sessionT0})
	_, open = w.Open("120363012345678901@G.US", sessionT0)
	assert.True(t, open)
	_, open = w.Open("16505550000", sessionT0)
	assert.False(t, open)

	w.Observe(MessageEvent{Timestamp: sessionT0}) // no chat at all: ignored
	assert.Len(t, w.chats, 2)
}

func TestSessionWindowsZeroTimestampUsesClock(t *testing.T) {
	clock := newFakeClock()
	w := NewSessionWindows(WithSessionClock(clock.Now))
	w.Observe(inbound("16505551234", time.Time{}))
	expires, open := w.Open("16505551234", clock.Now())
	assert.True(t, open)
	assert.True(t, expires.Equal(clock.Now().Add(24*time.Hour)))
}

func TestSessionWindowsLength(t *testing.T) {
	w := NewSessionWindows(WithSessionLength(72 * time.Hour))
	w.Observe(inbound("16505551234", sessionT0))
	_, open := w.Open("16505551234", sessionT0.Add(71*time.Hour))
	assert.True(t, open)
	_, open = w.Open("16505551234", sessionT0.Add(72*time.Hour))
	assert.False(t, open)

	for _, d := range []time.Duration{0, -time.Hour} {
		assert.Equal(t, DefaultSessionLength, NewSessionWindows(WithSessionLength(d)).length, "length %s", d)
	}
}

func TestSessionWindowsNeverSeen(t *testing.T) {
	tests := []struct {
		name   string
		opts   []SessionOption
		open   bool
		wantOK bool // check passes
	}{
		{"lenient counts an unknown chat as open", nil, true, true},
		{"strict counts an unknown chat as closed", []SessionOption{WithStrictSessions()}, false, false},
	}
	for _, tt := range tests {
		w := NewSessionWindows(tt.opts...)
		expires, open := w.Open("16505551234", sessionT0)
		assert.Equal(t, tt.open, open, tt.name)
		assert.True(t, expires.IsZero(), tt.name)
		err := w.check("16505551234", sessionT0)
		if tt.wantOK {
			assert.NoError(t, err, tt.name)
		} else {
			assert.ErrorIs(t, err, ErrSessionWindowClosed, tt.name)
			assert.EqualError(t, err, "waack: 24-hour session window closed: no inbound message seen from this chat")
		}
	}
}

func TestSessionWindowsCheck(t *testing.T) {
	for _, strict := range []bool{false, true} {
		var opts []SessionOption
		if strict {
			opts = append(opts, WithStrictSessions())
		}
		w := NewSessionWindows(opts...)
		w.Observe(inbound("16505551234@c.us", sessionT0))
		assert.NoError(t, w.check("+1 650 555 1234", sessionT0.Add(time.Hour)), "strict=%v", strict)

		err := w.check("16505551234", sessionT0.Add(25*time.Hour))
		require.ErrorIs(t, err, ErrSessionWindowClosed, "strict=%v", strict)
		assert.EqualError(t, err, "waack: 24-hour session window closed: closed at 2026-03-02T12:00:00Z, 24h0m0s after the last inbound message")
	}
	var none *SessionWindows
	assert.NoError(t, none.check("16505551234", sessionT0), "a nil guard guards nothing")
}

func TestSessionWindowsCapacity(t *testing.T) {
	w := NewSessionWindows(WithSessionCapacity(2), WithStrictSessions())
	w.Observe(inbound("11111111111", sessionT0))
	w.Observe(inbound("22222222222", sessionT0))
	w.Observe(inbound("11111111111", sessionT0.Add(time.Minute))) // refresh: now the youngest
	w.Observe(inbound("33333333333", sessionT0))
	w.Observe(inbound("11111111111", sessionT0)) // older than what is known: no refresh
	w.Observe(inbound("44444444444", sessionT0))

	now := sessionT0.Add(time.Hour)
	for chat, want := range map[string]bool{"11111111111": false, "22222222222": false, "33333333333": true, "44444444444": true} {
		_, open := w.Open(chat, now)
		assert.Equal(t, want, open, chat)
	}
	assert.Len(t, w.chats, 2)
	assert.Equal(t, 2, w.order.Len())

	for _, n := range []int{0, -5} {
		assert.Equal(t, DefaultSessionCapacity, NewSessionWindows(WithSessionCapacity(n)).capacity, "n=%d", n)
	}
}

func TestSessionWindowsZeroValue(t *testing.T) {
	var w SessionWindows
	_, open := w.Open("16505551234", sessionT0)
	assert.True(t, open, "lenient by default")
	w.Observe(inbound("16505551234", sessionT0))
	expires, open := w.Open("16505551234", sessionT0)
	assert.True(t, open)
	assert.True(t, expires.Equal(sessionT0.Add(DefaultSessionLength)))
}

func TestSessionWindowsConcurrent(t *testing.T) {
	defer goleak.VerifyNone(t)
	w := NewSessionWindows(WithSessionCapacity(50), WithStrictSessions())
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				chat := fmt.Sprintf("1650555%04d", i%40)
				w.Observe(inbound(chat, sessionT0.Add(time.Duration(g*200+i)*time.Second)))
				w.Open(chat+"@c.us", sessionT0)
				_ = w.check(chat, sessionT0)
			}
		})
	}
	wg.Wait()
	// Every chat's window starts at its latest message, whichever goroutine
	// delivered it: chat k was last written by g=3 at i = 160+k.
	for k := range 40 {
		expires, open := w.Open(fmt.Sprintf("+1 650 555 %04d", k), sessionT0)
		require.True(t, open, k)
		assert.True(t, expires.Equal(sessionT0.Add(time.Duration(600+160+k)*time.Second+DefaultSessionLength)), "chat %d: %s", k, expires)
	}
}
