package waack

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// maxKeyBytes bounds a dedup key, so that the memory a Deduper holds is
// bounded by its key count even for payloads with absurdly long ids.
const maxKeyBytes = 256

// dedupKey names an event for a Deduper (see Deduper for the forms), or ""
// when the event has no id to name it by.
func dedupKey(ev Event) string {
	switch e := ev.(type) {
	case MessageEvent:
		if e.ID != "" {
			return boundKey(e.Provider, "msg", e.ID)
		}
	case ReactionEvent:
		if e.ID != "" {
			what := e.Emoji
			if e.Removed {
				what = "removed"
			}
			return boundKey(e.Provider, "reaction", e.ID, what)
		}
	case StatusEvent:
		if e.MessageID != "" {
			return boundKey(e.Provider, "status", e.MessageID, string(e.Status))
		}
	case NoticeEvent:
		if e.ID != "" || e.MessageID != "" {
			return boundKey(e.Provider, "notice", e.Kind, e.ID, e.MessageID)
		}
	case EchoEvent:
		if e.ID != "" {
			return boundKey(e.Provider, "echo", e.ID)
		}
	}
	return ""
}

// boundKey is provider|rest, rest being the parts joined by "|", or
// provider|sha256|<hex of rest> when that would be longer than maxKeyBytes.
// The usual key costs one allocation: the handler makes one per event.
func boundKey(provider string, parts ...string) string {
	n := len(provider)
	for _, p := range parts {
		n += 1 + len(p)
	}
	if n <= maxKeyBytes {
		var b strings.Builder
		b.Grow(n)
		b.WriteString(provider)
		for _, p := range parts {
			b.WriteByte('|')
			b.WriteString(p)
		}
		return b.String()
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "|")))
	return provider + "|sha256|" + hex.EncodeToString(sum[:])
}
