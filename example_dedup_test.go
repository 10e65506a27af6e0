package waack_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/waack/waack"
)

// redisCommands is the little of a Redis client a shared Deduper needs.
// Package waackredis has a complete one (waackredis.NewDeduper: one round
// trip per claim, batches, pipelines shared by concurrent deliveries); this
// shows what any shared Deduper must get right. With
// github.com/redis/go-redis/v9 a four-line adapter provides it:
//
//	SetNX: return rdb.SetNX(ctx, key, value, ttl).Result()
//	Get:   v, err := rdb.Get(ctx, key).Result(); if err == redis.Nil { return "", nil }; return v, err
//	Set:   return rdb.Set(ctx, key, value, ttl).Err()
//	Del:   return rdb.Del(ctx, key).Err()
type redisCommands interface {
	SetNX(ctx context.Context, key, value string, ttl time.Duration) (bool, error)
	Get(ctx context.Context, key string) (string, error)
	Set(ctx context.Context, key, value string, ttl time.Duration) error
	Del(ctx context.Context, key string) error
}

// redisDeduper de-duplicates webhooks across every process behind a load
// balancer. Seen reserves the key with SET NX and a short TTL, so that a
// concurrent delivery of the same event (on any process) is answered 503
// and retried by the provider (ErrInFlight: reporting it as seen would lose
// the event if the first delivery then failed), and a reservation left by
// a crashed process expires; Done keeps the key as long
// as the provider may redeliver (Meta: up to 7 days); Release frees the
// reservation when OnEvent failed, so the redelivery is processed.
type redisDeduper struct {
	rdb      redisCommands
	inFlight time.Duration // longer than OnEvent may take
	keep     time.Duration
}

func (d redisDeduper) Seen(ctx context.Context, key string) (bool, error) {
	reserved, err := d.rdb.SetNX(ctx, "waack:"+key, "in-flight", d.inFlight)
	if err != nil || reserved {
		return false, err // an error answers 500; the provider retries
	}
	v, err := d.rdb.Get(ctx, "waack:"+key)
	switch {
	case err != nil:
		return false, err
	case v == "done":
		return true, nil
	}
	return false, waack.ErrInFlight // or just released: the retry will tell
}

func (d redisDeduper) Done(ctx context.Context, key string) error {
	return d.rdb.Set(ctx, "waack:"+key, "done", d.keep)
}

// Release deletes the reservation. (If OnEvent can outlive inFlight, store a
// random token in Seen and delete with a compare-and-delete script instead,
// so as not to free another process's reservation.)
func (d redisDeduper) Release(ctx context.Context, key string) error {
	return d.rdb.Del(ctx, "waack:"+key)
}

// Share de-duplication between processes through Redis.
func ExampleDeduper_redis() {
	var rdb redisCommands = newFakeRedis() // in production: the go-redis adapter
	h, err := waack.NewWebhookHandler(waack.Wawp{}, waack.WebhookConfig{
		Secret: "long-random-secret",
		Dedup:  redisDeduper{rdb: rdb, inFlight: time.Minute, keep: 8 * 24 * time.Hour},
		OnEvent: func(ctx context.Context, ev waack.Event) error {
			if m, ok := ev.(waack.MessageEvent); ok {
				fmt.Printf("message from %s: %s\n", m.From, m.Text)
			}
			return nil
		},
	})
	if err != nil {
		panic(err)
	}
	body := `{"id":"evt_1","event":"message","payload":{"id":"false_11111111111@c.us_AAAA","from":"11111111111@c.us","body":"Hello"}}`
	for range 2 { // Wawp retried: the second delivery is dropped
		req := httptest.NewRequest(http.MethodPost, "/hooks/wawp?secret=long-random-secret", strings.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println("answer:", rec.Code)
	}
	// Output:
	// message from 11111111111: Hello
	// answer: 200
	// answer: 200
}

// fakeRedis stands in for a Redis server so that the example runs; it
// ignores TTLs.
type fakeRedis struct {
	mu sync.Mutex
	m  map[string]string
}

func newFakeRedis() *fakeRedis { return &fakeRedis{m: map[string]string{}} }

func (r *fakeRedis) SetNX(_ context.Context, key, value string, _ time.Duration) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.m[key]; ok {
		return false, nil
	}
	r.m[key] = value
	return true, nil
}

func (r *fakeRedis) Get(_ context.Context, key string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.m[key], nil
}

func (r *fakeRedis) Set(_ context.Context, key, value string, _ time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[key] = value
	return nil
}

func (r *fakeRedis) Del(_ context.Context, key string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.m, key)
	return nil
}
