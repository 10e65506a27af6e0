package waacktest

import "time"

// The typing indicator lasts 25 seconds of either clock, whichever ends
// first, or until the business replies (Meta: "dismissed once you respond,
// or after 25 seconds"). The sandbox clock covers tests that Advance; real
// time covers a person watching the web view, where the sandbox clock does
// not move by itself.

// startTyping shows the business's typing indicator in c from now on and
// wakes the live view when its real 25 seconds end. s.mu is held.
func (s *Server) startTyping(c *chat, now time.Time) {
	c.typingUntil = now.Add(typingLength)
	c.typingRealUntil = time.Now().Add(s.realTyping)
	if s.isClosed() {
		return
	}
	var t *time.Timer
	t = time.AfterFunc(s.realTyping, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.timers, t)
		s.changedLocked()
	})
	s.timers[t] = struct{}{}
}

// stopTyping dismisses the indicator (the business replied). s.mu is held.
func (c *chat) stopTyping() {
	c.typingUntil, c.typingRealUntil = time.Time{}, time.Time{}
}

// typingEnd is when the indicator ends on the sandbox clock: zero once
// its real time is over too.
func (c *chat) typingEnd() time.Time {
	if !time.Now().Before(c.typingRealUntil) {
		return time.Time{}
	}
	return c.typingUntil
}

// stopTimers stops the real-time wake-ups; Close calls it.
func (s *Server) stopTimers() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for t := range s.timers {
		t.Stop()
		delete(s.timers, t)
	}
}
