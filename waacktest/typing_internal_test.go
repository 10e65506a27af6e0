package waacktest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTypingEndsInRealTime: with the sandbox clock standing still (a
// person watching the page), the indicator still ends, and the live view
// is told so it can redraw.
func TestTypingEndsInRealTime(t *testing.T) {
	s := NewServer()
	defer s.Close()
	s.realTyping = 50 * time.Millisecond
	in := s.Inbound(s.CloudAPI(), "16505551234", "Hi")
	s.mu.Lock()
	c := s.chatFor("cloudapi", s.numbers["cloudapi"][0], "16505551234", false)
	out := s.applyRead(command{provider: "cloudapi", number: c.number, readIDs: []string{in}, typing: true})
	s.mu.Unlock()
	require.Nil(t, out.err)

	changes, cancel := s.Subscribe()
	defer cancel()
	chat, _ := s.Chat(s.CloudAPI(), "16505551234")
	assert.Equal(t, s.Now().Add(typingLength), chat.TypingUntil, "25 s on the sandbox clock")
	select {
	case <-changes:
	case <-time.After(5 * time.Second):
		t.Fatal("the live view was not woken when typing ended")
	}
	chat, _ = s.Chat(s.CloudAPI(), "16505551234")
	assert.True(t, chat.TypingUntil.IsZero(), "over in real time, although the sandbox clock did not move")
	assert.False(t, s.viewState().Chats[0].Typing)
}

// TestCloseStopsTypingTimers: a closed server leaves no timer behind.
func TestCloseStopsTypingTimers(t *testing.T) {
	s := NewServer()
	in := s.Inbound(s.Wawp(), "16505551234", "Hi")
	s.mu.Lock()
	c := s.msgs[in].chat
	s.applyRead(command{provider: "wawp", number: c.number, customer: "16505551234", readIDs: []string{in}, typing: true})
	assert.Len(t, s.timers, 1)
	s.mu.Unlock()
	s.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	assert.Empty(t, s.timers)
}
