package waack

import (
	"container/list"
	"context"
	"fmt"
	"sync"
	"time"
)

// Defaults of SessionWindows.
const (
	// DefaultSessionLength is WhatsApp's customer service window: 24 hours
	// from the customer's last message.
	DefaultSessionLength = 24 * time.Hour
	// DefaultSessionCapacity is how many chats SessionWindows remembers
	// unless WithSessionCapacity says otherwise.
	DefaultSessionCapacity = 100_000
)

// SessionOption configures SessionWindows.
type SessionOption func(*SessionWindows)

// WithSessionLength sets how long a window stays open after the customer's
// last message, e.g. 72 hours for free-entry-point (click-to-WhatsApp ad)
// chats. d <= 0 keeps DefaultSessionLength.
func WithSessionLength(d time.Duration) SessionOption {
	return func(w *SessionWindows) { w.length = max(d, 0) }
}

// WithSessionCapacity bounds how many chats are remembered; when full, the
// chat whose window was refreshed longest ago is forgotten and counts as
// never seen. n <= 0 keeps DefaultSessionCapacity.
func WithSessionCapacity(n int) SessionOption {
	return func(w *SessionWindows) { w.capacity = max(n, 0) }
}

// WithStrictSessions makes a chat never seen (or forgotten) count as
// closed. Without it such a chat counts as open: the tracker may have
// started after the customer wrote, and the provider has the last word.
func WithStrictSessions() SessionOption {
	return func(w *SessionWindows) { w.strict = true }
}

// WithSessionClock replaces time.Now as the clock of Observe (for messages
// without a timestamp) and of the client's WithSessionGuard; tests and the
// sandbox (waacktest.Server.Now) pass their own.
func WithSessionClock(now func() time.Time) SessionOption {
	return func(w *SessionWindows) { w.now = now }
}

// WithSessionStore keeps the windows in store (e.g.
// waackredis.NewSessionStore), shared by every replica: a message received
// on one opens the chat's window on all. Capacity is then the store's
// business. Use ObserveContext and OpenContext to see the store's errors;
// Observe drops them, Open reports a failing store as a chat never seen,
// and the client's session guard fails the call with the store's error.
func WithSessionStore(store SessionStore) SessionOption {
	return func(w *SessionWindows) { w.store = store }
}

// SessionWindows tracks each chat's 24-hour customer service window from
// inbound messages, so that a backend knows before sending whether a free-form
// message (text, reaction, read receipt) can go out or a template is needed
// (Graph error 131047). Feed it every MessageEvent. It is safe for
// concurrent use and its zero value is ready with default settings.
//
// Chats are one whatever the spelling: "+1 650-555-1234", "16505551234"
// and "16505551234@c.us" (or "@s.whatsapp.net") are the same chat; other
// ids (groups, BSUIDs) compare case-insensitively.
//
// Passed to the client with WithSessionGuard, it is checked before
// SendText, React and Acknowledge: a chat whose window is known to be
// closed fails fast with an error matching ErrSessionWindowClosed, without
// a request. A chat never seen passes, unless WithStrictSessions is set.
type SessionWindows struct {
	store SessionStore // WithSessionStore; nil keeps windows in process

	mu       sync.Mutex
	length   time.Duration
	capacity int
	strict   bool
	now      func() time.Time

	chats map[string]*list.Element // key -> element holding *sessionChat
	order *list.List               // least recently refreshed first
}

// sessionChat is the last inbound message time of one chat.
type sessionChat struct {
	key  string
	last time.Time
}

// NewSessionWindows returns SessionWindows with the given options.
func NewSessionWindows(opts ...SessionOption) *SessionWindows {
	w := &SessionWindows{}
	for _, o := range opts {
		if o != nil {
			o(w)
		}
	}
	w.mu.Lock()
	w.init()
	w.mu.Unlock()
	return w
}

// clock is the current time by the windows' clock.
func (w *SessionWindows) clock() time.Time {
	w.mu.Lock()
	w.init()
	now := w.now
	w.mu.Unlock()
	return now()
}

// init fills in defaults, so that the zero value works. Callers hold mu.
func (w *SessionWindows) init() {
	if w.chats != nil {
		return
	}
	if w.length <= 0 {
		w.length = DefaultSessionLength
	}
	if w.capacity <= 0 {
		w.capacity = DefaultSessionCapacity
	}
	if w.now == nil {
		w.now = time.Now
	}
	w.chats = make(map[string]*list.Element)
	w.order = list.New()
}

// Observe opens or refreshes the window of the message's chat (ev.ChatID,
// else ev.From) from ev.Timestamp, or from now when it has none. An older
// message arriving late never moves a window backwards.
func (w *SessionWindows) Observe(ev MessageEvent) {
	_ = w.ObserveContext(context.Background(), ev)
}

// ObserveContext is Observe with a context for the windows' store, whose
// failure it returns. Without a store it never fails.
func (w *SessionWindows) ObserveContext(ctx context.Context, ev MessageEvent) error {
	chat := ev.ChatID
	if chat == "" {
		chat = ev.From
	}
	key := chatKey(chat)
	if key == "" {
		return nil
	}
	at := ev.Timestamp
	if at.IsZero() {
		at = w.clock()
	}
	if w.store != nil {
		return w.store.Touch(ctx, key, at, w.window())
	}
	w.touch(key, at)
	return nil
}

// window is the configured window length.
func (w *SessionWindows) window() time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.init()
	return w.length
}

// touch refreshes a chat in process.
func (w *SessionWindows) touch(key string, at time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.init()
	if e, ok := w.chats[key]; ok {
		c := e.Value.(*sessionChat)
		if at.After(c.last) {
			c.last = at
			w.order.MoveToBack(e)
		}
		return
	}
	if len(w.chats) >= w.capacity {
		oldest := w.order.Front()
		delete(w.chats, w.order.Remove(oldest).(*sessionChat).key)
	}
	w.chats[key] = w.order.PushBack(&sessionChat{key: key, last: at})
}

// Open reports whether the chat's window is open at now, and when it
// closes (or closed). For a chat never seen, expires is the zero time and
// open is true unless WithStrictSessions is set.
func (w *SessionWindows) Open(chat string, now time.Time) (expires time.Time, open bool) {
	expires, open, _ = w.OpenContext(context.Background(), chat, now)
	return expires, open
}

// OpenContext is Open with a context for the windows' store, whose failure
// it returns (with the answer for a chat never seen). Without a store it
// never fails.
func (w *SessionWindows) OpenContext(ctx context.Context, chat string, now time.Time) (expires time.Time, open bool, err error) {
	expires, seen, err := w.expires(ctx, chat)
	if !seen {
		return time.Time{}, !w.strict, err
	}
	return expires, now.Before(expires), nil
}

// check is the client's session guard: nil when the chat's window is open
// at now (or the chat was never seen, unless strict), else an error
// matching ErrSessionWindowClosed that says when it closed. A nil
// *SessionWindows guards nothing.
func (w *SessionWindows) check(chat string, now time.Time) error {
	if w == nil {
		return nil
	}
	expires, seen, err := w.expires(context.Background(), chat)
	switch {
	case err != nil:
		return err
	case !seen && w.strict:
		return fmt.Errorf("%w: no inbound message seen from this chat", ErrSessionWindowClosed)
	case !seen || now.Before(expires):
		return nil
	}
	return fmt.Errorf("%w: closed at %s, %s after the last inbound message",
		ErrSessionWindowClosed, expires.UTC().Format(time.RFC3339), w.length)
}

// expires returns when the chat's window closes, and false for a chat
// never seen.
func (w *SessionWindows) expires(ctx context.Context, chat string) (time.Time, bool, error) {
	key := chatKey(chat)
	if w.store != nil {
		if key == "" {
			return time.Time{}, false, nil
		}
		last, ok, err := w.store.Last(ctx, key)
		if err != nil || !ok {
			return time.Time{}, false, err
		}
		return last.Add(w.window()), true, nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.init()
	e, ok := w.chats[key]
	if !ok {
		return time.Time{}, false, nil
	}
	return e.Value.(*sessionChat).last.Add(w.length), true, nil
}
