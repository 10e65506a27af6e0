package waackredis

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/waack/waack"
)

// StatusStore is a waack.StatusStore shared by every replica (see
// NewStatusStore).
type StatusStore struct {
	rdb    redis.UniversalClient
	prefix string
	ttl    time.Duration
	hub    *hub
}

var _ waack.StatusStore = (*StatusStore)(nil)

// NewStatusStore returns a store for waack.WithTrackerStore on rdb.
//
// Advance is one Lua script: it compares the status's rank
// (waack.Status.Rank) with the stored one and writes only a move forward
// (failed is final), so replicas racing on one message end where the most
// advanced status leads; a change is published on "<prefix>status", which
// wakes the Waits of every replica (one subscription per store, open while
// some Wait is). A Wait also loads again after the subscription lost its
// connection, so a change made meanwhile is not missed; nothing polls.
//
// Keys: "<prefix>status:<message id>", a hash of the rank, the status and
// the rest of the event as short JSON (provider, recipient, timestamp to
// the millisecond, and for a failure the provider's error): about 220
// bytes of Redis memory (MEMORY USAGE) with Meta's 58-byte ids, up to
// about 800 for a failure with a long error, kept WithTTL (DefaultStatusTTL) after the
// message was first seen. It reads WithPrefix and WithTTL.
func NewStatusStore(rdb redis.UniversalClient, opts ...Option) *StatusStore {
	c := newConfig(opts)
	return &StatusStore{
		rdb:    rdb,
		prefix: c.prefix + "status:",
		ttl:    c.ttlOr(DefaultStatusTTL),
		hub:    newHub(rdb, c.prefix+"status"),
	}
}

// advanceScript applies StatusTracker's forward-only rule atomically.
// KEYS[1] the record; ARGV: rank, status, event JSON, TTL in ms, channel,
// message id. Ranks: 0 unknown, 1..4 sent..played, 5 failed.
var advanceScript = redis.NewScript(`
local cur = redis.call('HMGET', KEYS[1], 'r', 's')
local r = tonumber(ARGV[1])
local fresh = not cur[1]
if not fresh then
	local cr = tonumber(cur[1])
	if cr == 5 then return 0 end
	if r ~= 5 then
		if r == 0 then
			if cr ~= 0 or cur[2] == ARGV[2] then return 0 end
		elseif r <= cr then
			return 0
		end
	end
end
redis.call('HSET', KEYS[1], 'r', ARGV[1], 's', ARGV[2], 'e', ARGV[3])
if fresh then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
redis.call('PUBLISH', ARGV[5], ARGV[6])
return 1`)

// storedEvent is what a record keeps of an event besides its id (the key)
// and status (a field of its own): short names and no empty fields, since
// every byte is paid per message for days.
type storedEvent struct {
	Provider  string          `json:"p,omitempty"`
	Recipient string          `json:"r,omitempty"`
	At        int64           `json:"t,omitempty"` // Unix ms; 0 for none
	Err       *waack.APIError `json:"e,omitempty"`
}

// Advance implements waack.StatusStore.
func (s *StatusStore) Advance(ctx context.Context, ev waack.StatusEvent) (bool, error) {
	stored := storedEvent{Provider: ev.Provider, Recipient: ev.Recipient, Err: ev.Err}
	if !ev.Timestamp.IsZero() {
		stored.At = ev.Timestamp.UnixMilli()
	}
	body, err := json.Marshal(stored)
	if err != nil {
		return false, fmt.Errorf("waackredis: status: %w", err)
	}
	n, err := advanceScript.Run(ctx, s.rdb, []string{s.prefix + ev.MessageID},
		ev.Status.Rank(), string(ev.Status), body, s.ttl.Milliseconds(), s.hub.channel, ev.MessageID).Int()
	if err != nil {
		return false, fmt.Errorf("waackredis: status advance: %w", err)
	}
	return n == 1, nil
}

// Load implements waack.StatusStore.
func (s *StatusStore) Load(ctx context.Context, messageID string) (waack.StatusEvent, bool, error) {
	fields, err := s.rdb.HMGet(ctx, s.prefix+messageID, "s", "e").Result()
	if err != nil {
		return waack.StatusEvent{}, false, fmt.Errorf("waackredis: status load: %w", err)
	}
	status, ok1 := fields[0].(string)
	body, ok2 := fields[1].(string)
	if !ok1 || !ok2 {
		return waack.StatusEvent{}, false, nil // no record (or one being written)
	}
	var stored storedEvent
	if err := json.Unmarshal([]byte(body), &stored); err != nil {
		return waack.StatusEvent{}, false, fmt.Errorf("waackredis: status load: stored event: %w", err)
	}
	ev := waack.StatusEvent{Provider: stored.Provider, MessageID: messageID, Recipient: stored.Recipient,
		Status: waack.Status(status), Err: stored.Err}
	if stored.At != 0 {
		ev.Timestamp = time.UnixMilli(stored.At).UTC() // as the parsers give it
	}
	return ev, true, nil
}

// Watch implements waack.StatusStore.
func (s *StatusStore) Watch(ctx context.Context, messageID string) (<-chan struct{}, func(), error) {
	return s.hub.watch(ctx, messageID)
}
