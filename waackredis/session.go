package waackredis

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/waack/waack"
)

// SessionStore is a waack.SessionStore shared by every replica (see
// NewSessionStore).
type SessionStore struct {
	rdb       redis.UniversalClient
	prefix    string
	retention time.Duration
}

var _ waack.SessionStore = (*SessionStore)(nil)

// NewSessionStore returns a store for waack.WithSessionStore on rdb.
//
// Touch is one Lua script that only moves a chat's time forward, so a late
// older message on one replica cannot shorten a window another replica
// opened. Keys: "<prefix>session:<chat>", the Unix milliseconds of the
// last inbound message (72 bytes of Redis memory with a phone
// number), kept until WithTTL (DefaultSessionRetention) after the window
// closed: a closed window stays known as closed that long, then the chat
// counts as never seen. It reads WithPrefix and WithTTL.
func NewSessionStore(rdb redis.UniversalClient, opts ...Option) *SessionStore {
	c := newConfig(opts)
	return &SessionStore{rdb: rdb, prefix: c.prefix + "session:", retention: c.ttlOr(DefaultSessionRetention)}
}

// touchScript sets KEYS[1] to ARGV[1] (ms) with TTL ARGV[2] (ms) unless
// it already holds a later time.
var touchScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur and tonumber(cur) >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`)

// Touch implements waack.SessionStore.
func (s *SessionStore) Touch(ctx context.Context, chat string, at time.Time, keep time.Duration) error {
	ttl := time.Until(at.Add(keep + s.retention))
	if ttl < time.Millisecond {
		return nil // closed and past retention: nothing left to remember
	}
	if err := touchScript.Run(ctx, s.rdb, []string{s.prefix + chat}, at.UnixMilli(), ttl.Milliseconds()).Err(); err != nil {
		return fmt.Errorf("waackredis: session touch: %w", err)
	}
	return nil
}

// Last implements waack.SessionStore.
func (s *SessionStore) Last(ctx context.Context, chat string) (time.Time, bool, error) {
	ms, err := s.rdb.Get(ctx, s.prefix+chat).Int64()
	switch {
	case errors.Is(err, redis.Nil):
		return time.Time{}, false, nil
	case err != nil:
		return time.Time{}, false, fmt.Errorf("waackredis: session last: %w", err)
	}
	return time.UnixMilli(ms).UTC(), true, nil
}
