package main

import (
	"strings"
	"sync"

	"github.com/waack/waack"
)

// recallCapacity bounds what a recall remembers: enough for a debugging
// session, a fixed amount of memory however long listen runs.
const recallCapacity = 10_000

// recall remembers what this process saw arrive by webhook and what it sent
// itself, for its output: a redelivered event is marked as a repeat, and a
// status says whether it is about a reaction or a text when that is known.
// Webhooks never say so themselves. Safe for concurrent use.
type recall struct {
	mu    sync.Mutex
	seen  boundedMap[struct{}] // event keys
	about boundedMap[string]   // message id → "reaction 👍", "text"…
}

func newRecall(capacity int) *recall {
	return &recall{seen: newBoundedMap[struct{}](capacity), about: newBoundedMap[string](capacity)}
}

// sent records that message id is ours and what it is ("reaction 👍",
// "text").
func (r *recall) sent(id, what string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.about.put(id, what)
}

// observe records ev and reports whether the same event arrived before and,
// for a status, what its message is, when known.
func (r *recall) observe(ev waack.Event) (repeat bool, about string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if key := eventKey(ev); key != "" {
		_, repeat = r.seen.get(key)
		r.seen.put(key, struct{}{})
	}
	switch ev := ev.(type) {
	case waack.MessageEvent:
		what := "text"
		if ev.Type != "" && ev.Type != "text" && ev.Type != "chat" { // 1MSG calls texts "chat"
			what = ev.Type
		}
		r.about.put(ev.ID, what)
	case waack.ReactionEvent:
		if ev.ID != "" && !ev.Removed {
			r.about.put(ev.ID, "reaction "+ev.Emoji)
		}
	case waack.StatusEvent:
		about, _ = r.about.get(ev.MessageID)
	}
	return repeat, about
}

// eventKey names one event, the way the webhook handler's de-duplication
// does: the same message, the same reaction with the same emoji, or the
// same status of the same message. Errors have no key: each is shown.
func eventKey(ev waack.Event) string {
	var parts []string
	switch ev := ev.(type) {
	case waack.MessageEvent:
		parts = []string{"msg", ev.ID}
	case waack.ReactionEvent:
		what := ev.Emoji
		if ev.Removed {
			what = "removed"
		}
		parts = []string{"reaction", ev.ID, ev.From, ev.MessageID, what}
	case waack.StatusEvent:
		parts = []string{"status", ev.MessageID, string(ev.Status)}
	default:
		return ""
	}
	if parts[1] == "" && len(parts) == 2 {
		return "" // a message without an id cannot be told from another
	}
	return ev.EventProvider() + "|" + strings.Join(parts, "|")
}

// boundedMap is a map that forgets its oldest key once it holds capacity
// keys.
type boundedMap[V any] struct {
	m     map[string]V
	order []string // ring of the keys, oldest at next once full
	next  int
}

func newBoundedMap[V any](capacity int) boundedMap[V] {
	capacity = max(capacity, 1)
	return boundedMap[V]{m: make(map[string]V), order: make([]string, 0, capacity)}
}

func (b *boundedMap[V]) get(k string) (V, bool) {
	v, ok := b.m[k]
	return v, ok
}

func (b *boundedMap[V]) put(k string, v V) {
	if _, ok := b.m[k]; ok {
		b.m[k] = v
		return
	}
	if len(b.order) < cap(b.order) {
		b.order = append(b.order, k)
	} else {
		delete(b.m, b.order[b.next])
		b.order[b.next] = k
		b.next = (b.next + 1) % len(b.order)
	}
	b.m[k] = v
}
