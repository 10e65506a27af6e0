package waack

import (
	"sync"
	"time"
)

// ReactionTally counts reactions as votes: ask customers to answer with 👍
// or 👎 and read the result from Counts. Each person has one vote per
// message: a new emoji replaces their old one and removing the reaction
// withdraws it, as WhatsApp itself shows it. Feed it every ReactionEvent.
//
// Webhooks may arrive out of order, so an event older than the voter's last
// one (both with timestamps) is ignored; events without a timestamp apply in
// arrival order. The zero value is ready to use and safe for concurrent use.
// Memory grows with the messages voted on; Reset forgets one.
type ReactionTally struct {
	mu    sync.Mutex
	votes map[string]map[string]vote // message id -> voter -> vote
}

// vote is one voter's current reaction; emoji "" is a withdrawn vote, kept
// so that a late, older reaction cannot bring it back.
type vote struct {
	emoji string
	at    time.Time
}

// Observe records a reaction or its removal. Events without the target
// message id, or without a sender (ev.From, else ev.ChatID), are ignored.
func (t *ReactionTally) Observe(ev ReactionEvent) {
	voter := ev.From
	if voter == "" {
		voter = ev.ChatID
	}
	voter = chatKey(voter)
	if ev.MessageID == "" || voter == "" {
		return
	}
	emoji := ev.Emoji
	if ev.Removed {
		emoji = ""
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.votes == nil {
		t.votes = make(map[string]map[string]vote)
	}
	vs := t.votes[ev.MessageID]
	if vs == nil {
		vs = make(map[string]vote)
		t.votes[ev.MessageID] = vs
	}
	at := ev.Timestamp
	if old, ok := vs[voter]; ok {
		if at.Before(old.at) && !at.IsZero() {
			return
		}
		if at.IsZero() {
			at = old.at // keep guarding against older events still in flight
		}
	}
	vs[voter] = vote{emoji: emoji, at: at}
}

// Counts returns how many people currently react to the message with each
// emoji. Emojis nobody uses are absent; the map is new and the caller's.
func (t *ReactionTally) Counts(messageID string) map[string]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	counts := make(map[string]int)
	for _, v := range t.votes[messageID] {
		if v.emoji != "" {
			counts[v.emoji]++
		}
	}
	return counts
}

// Reset forgets every vote on the message, e.g. once a poll is closed.
func (t *ReactionTally) Reset(messageID string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.votes, messageID)
}
