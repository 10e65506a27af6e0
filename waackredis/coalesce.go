package waackredis

import (
	"context"
	"sync"

	"github.com/redis/go-redis/v9"
)

// coalescer sends the commands of concurrent callers together: while one
// pipeline is in flight, the callers that arrive queue theirs, and the
// next pipeline carries them all. A lone caller pays one round trip, as
// with a plain command; 64 concurrent webhook deliveries share a round
// trip among many of them (group commit), which is what lets a batched
// body cost less than one round trip. The first caller of an idle
// coalescer sends the pipeline itself, so the sequential case starts no
// goroutine.
type coalescer struct {
	rdb redis.UniversalClient

	mu      sync.Mutex
	queue   []*pendingCmds
	sending bool
}

// pendingCmds is one caller's share of a pipeline: queue adds its n
// commands, done is closed once they have their answers.
type pendingCmds struct {
	queue func(redis.Cmdable)
	n     int
	done  chan struct{}
}

// do runs queue's commands in the next pipeline and returns once they have
// answered; each command carries its own result or error. The pipeline
// runs without the caller's context, so that one caller giving up cannot
// fail the others' commands; go-redis's own timeouts bound it.
func (c *coalescer) do(n int, queue func(redis.Cmdable)) {
	p := &pendingCmds{queue: queue, n: n, done: make(chan struct{})}
	c.mu.Lock()
	c.queue = append(c.queue, p)
	lead := !c.sending
	c.sending = true
	c.mu.Unlock()
	if lead {
		c.send()
	}
	<-p.done
}

// send pipelines what is queued, once; if more arrived meanwhile, a
// goroutine carries on, so that the leader returns with its own answers.
func (c *coalescer) send() {
	c.mu.Lock()
	batch := c.queue
	c.queue = nil
	c.mu.Unlock()

	if len(batch) == 1 && batch[0].n == 1 {
		// One command alone: sent as a plain command, which go-redis does
		// with less work than a pipeline of one.
		batch[0].queue(c.rdb)
	} else {
		pipe := c.rdb.Pipeline()
		for _, p := range batch {
			p.queue(pipe)
		}
		_, _ = pipe.Exec(context.Background())
	}
	for _, p := range batch {
		close(p.done)
	}

	c.mu.Lock()
	more := len(c.queue) > 0
	c.sending = more
	c.mu.Unlock()
	if more {
		go c.send()
	}
}
