package waackredis

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// hub shares one Redis subscription among the watchers of a store: a
// message on the channel names the id that changed, and the hub signals
// that id's watchers. The subscription opens with the first watcher and
// closes with the last, so an idle store holds no connection.
type hub struct {
	rdb     redis.UniversalClient
	channel string

	mu       sync.Mutex
	ps       *redis.PubSub // nil while nobody watches
	watchers map[string]map[*watcher]struct{}
}

type watcher struct{ ch chan struct{} }

// signal wakes the watcher without blocking; signals coalesce.
func (w *watcher) signal() {
	select {
	case w.ch <- struct{}{}:
	default:
	}
}

func newHub(rdb redis.UniversalClient, channel string) *hub {
	return &hub{rdb: rdb, channel: channel, watchers: make(map[string]map[*watcher]struct{})}
}

// watch registers a watcher of id; it returns once the subscription is
// confirmed by Redis, so that a change published afterwards reaches it.
func (h *hub) watch(ctx context.Context, id string) (<-chan struct{}, func(), error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.ps == nil {
		ps := h.rdb.Subscribe(ctx, h.channel)
		// The first message is the confirmation (or the failure).
		if _, err := ps.Receive(ctx); err != nil {
			_ = ps.Close()
			return nil, nil, fmt.Errorf("waackredis: subscribe: %w", err)
		}
		h.ps = ps
		go h.run(ps)
	}
	w := &watcher{ch: make(chan struct{}, 1)}
	set := h.watchers[id]
	if set == nil {
		set = make(map[*watcher]struct{})
		h.watchers[id] = set
	}
	set[w] = struct{}{}
	var once sync.Once
	return w.ch, func() { once.Do(func() { h.unwatch(id, w) }) }, nil
}

func (h *hub) unwatch(id string, w *watcher) {
	h.mu.Lock()
	defer h.mu.Unlock()
	set := h.watchers[id]
	delete(set, w)
	if len(set) == 0 {
		delete(h.watchers, id)
	}
	if len(h.watchers) == 0 && h.ps != nil {
		_ = h.ps.Close() // ends run
		h.ps = nil
	}
}

// run reads the subscription until it is closed. After an error (the
// connection was lost: go-redis reconnects and subscribes again on the
// next read) every watcher is signalled, since a change may have been
// published while nobody listened; the pause keeps a Redis that is down
// from spinning the loop.
func (h *hub) run(ps *redis.PubSub) {
	for {
		msg, err := ps.Receive(context.Background())
		if !h.current(ps) {
			return
		}
		switch m := msg.(type) {
		case *redis.Message:
			h.signal(m.Payload)
			continue
		case *redis.Subscription:
			h.signalAll() // subscribed again after a reconnect
			continue
		}
		if err != nil {
			h.signalAll()
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// current reports whether ps is still the hub's subscription.
func (h *hub) current(ps *redis.PubSub) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.ps == ps
}

func (h *hub) signal(id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for w := range h.watchers[id] {
		w.signal()
	}
}

func (h *hub) signalAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, set := range h.watchers {
		for w := range set {
			w.signal()
		}
	}
}
