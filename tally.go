package waack

import (
	"context"
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
//
// With a Store (e.g. waackredis.NewTallyStore) the votes live there, shared
// by every replica. Use ObserveContext, CountsContext and ResetContext to
// see the store's errors; Observe and Reset drop them, and Counts reports a
// failing store as no votes.
type ReactionTally struct {
	// Store keeps the votes when set; nil keeps them in process. Set it
	// before the first use.
	Store TallyStore

	mu    sync.Mutex
	votes map[string]map[string]vote // message id -> voter -> vote
}

// vote is one voter's current reaction; emoji "" is a withdrawn vote, kept
// so that a late, older reaction cannot bring it back.
type vote struct {
	emoji string
	at    time.Time
}

// NewReactionTally returns a tally whose votes live in store (nil: in
// process, like the zero value).
func NewReactionTally(store TallyStore) *ReactionTally {
	return &ReactionTally{Store: store}
}

// Observe records a reaction or its removal. Events without the target
// message id, or without a sender (ev.From, else ev.ChatID), are ignored.
func (t *ReactionTally) Observe(ev ReactionEvent) {
	_ = t.ObserveContext(context.Background(), ev)
}

// ObserveContext is Observe with a context for the store, whose failure it
// returns. Without a store it never fails.
func (t *ReactionTally) ObserveContext(ctx context.Context, ev ReactionEvent) error {
	voter := ev.From
	if voter == "" {
		voter = ev.ChatID
	}
	voter = chatKey(voter)
	if ev.MessageID == "" || voter == "" {
		return nil
	}
	emoji := ev.Emoji
	if ev.Removed {
		emoji = ""
	}
	if t.Store != nil {
		return t.Store.Vote(ctx, ev.MessageID, voter, emoji, ev.Timestamp)
	}
	t.vote(ev.MessageID, voter, emoji, ev.Timestamp)
	return nil
}

// vote records a vote in process.
func (t *ReactionTally) vote(messageID, voter, emoji string, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.votes == nil {
		t.votes = make(map[string]map[string]vote)
	}
	vs := t.votes[messageID]
	if vs == nil {
		vs = make(map[string]vote)
		t.votes[messageID] = vs
	}
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
	counts, err := t.CountsContext(context.Background(), messageID)
	if err != nil {
		return map[string]int{}
	}
	return counts
}

// CountsContext is Counts with a context for the store, whose failure it
// returns. Without a store it never fails.
func (t *ReactionTally) CountsContext(ctx context.Context, messageID string) (map[string]int, error) {
	if t.Store != nil {
		return t.Store.Counts(ctx, messageID)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	counts := make(map[string]int)
	for _, v := range t.votes[messageID] {
		if v.emoji != "" {
			counts[v.emoji]++
		}
	}
	return counts, nil
}

// Reset forgets every vote on the message, e.g. once a poll is closed.
func (t *ReactionTally) Reset(messageID string) {
	_ = t.ResetContext(context.Background(), messageID)
}

// ResetContext is Reset with a context for the store, whose failure it
// returns. Without a store it never fails.
func (t *ReactionTally) ResetContext(ctx context.Context, messageID string) error {
	if t.Store != nil {
		return t.Store.Reset(ctx, messageID)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.votes, messageID)
	return nil
}
