package waack

import (
	"context"
	"time"
)

// The stores below let several processes (replicas behind a load
// balancer) share what StatusTracker, SessionWindows and ReactionTally
// know; package waackredis implements them on Redis. Without a store each
// keeps its state in process, which is the default and needs nothing else.
// Every store method reports a failure of the store as an error, and every
// method must be safe for concurrent use.

// StatusStore keeps a StatusTracker's records (WithTrackerStore). The
// forward-only rule is the store's to apply atomically: two replicas
// observing "read" and "delivered" at once must end with "read", and
// nothing moves a message out of StatusFailed.
type StatusStore interface {
	// Advance records ev if it moves its message forward by the rules of
	// StatusTracker (Status.Rank orders the statuses) and reports whether
	// it did. A change must reach every Watch of the message, whichever
	// replica watches.
	Advance(ctx context.Context, ev StatusEvent) (bool, error)
	// Load returns the message's recorded event, and false when the store
	// has none.
	Load(ctx context.Context, messageID string) (StatusEvent, bool, error)
	// Watch signals on changed (without blocking the store; signals may
	// coalesce) whenever the message may have a new status: an Advance of
	// it on any replica after Watch returned, or a lost connection after
	// which a change may have been missed. The caller then Loads again,
	// and calls stop once done watching.
	Watch(ctx context.Context, messageID string) (changed <-chan struct{}, stop func(), err error)
}

// SessionStore keeps SessionWindows' last inbound message time per chat
// (WithSessionStore). Chats arrive as normalized keys.
type SessionStore interface {
	// Touch moves the chat's last inbound time forward to at, never back,
	// atomically, and keeps it for at least keep after at.
	Touch(ctx context.Context, chat string, at time.Time, keep time.Duration) error
	// Last returns the chat's last inbound time, and false when the store
	// has none.
	Last(ctx context.Context, chat string) (time.Time, bool, error)
}

// TallyStore keeps ReactionTally's votes (ReactionTally.Store,
// NewReactionTally). Voters arrive as normalized keys.
type TallyStore interface {
	// Vote records voter's current emoji on the message ("" withdraws the
	// vote), atomically: an at older than the voter's recorded vote is
	// ignored; a zero at applies and keeps the recorded time.
	Vote(ctx context.Context, messageID, voter, emoji string, at time.Time) error
	// Counts returns how many voters currently use each emoji on the
	// message; emojis nobody uses are absent.
	Counts(ctx context.Context, messageID string) (map[string]int, error)
	// Reset forgets every vote on the message.
	Reset(ctx context.Context, messageID string) error
}
