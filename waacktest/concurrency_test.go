package waacktest_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack/waacktest"
)

func TestConcurrentCalls(t *testing.T) {
	const perProvider = 40
	srv := newServer(t, waacktest.WithWebhookBatch(4))
	receivers := map[string]*receiver{}
	for _, d := range drivers {
		receivers[d.name] = hook(t, srv, d.provider(srv), "s")
	}
	changes, cancel := srv.Subscribe()
	defer cancel()

	var wg sync.WaitGroup
	for _, d := range drivers {
		in := srv.Inbound(d.provider(srv), customer, "hi")
		for i := range perProvider {
			wg.Go(func() {
				a := d.text(t, srv, fmt.Sprintf("text %d", i))
				assert.Equal(t, 200, a.status, "%s", a.body)
				assert.Equal(t, 200, d.react(t, srv, in, "👍").status)
				assert.Equal(t, 200, d.read(t, srv, in).status)
			})
			wg.Go(func() {
				srv.Inbound(d.provider(srv), fmt.Sprintf("4477009%05d", i), "parallel")
				_ = srv.Chats()
				_ = srv.Requests()
				_ = srv.Reactions(in)
				_ = srv.Deliveries()
			})
		}
	}
	wg.Wait()
	flush(t, srv)

	assert.Len(t, srv.Requests(), 3*3*perProvider)
	assert.Len(t, srv.Chats(), 3*(perProvider+1))
	for _, d := range drivers {
		chat, ok := srv.Chat(d.provider(srv), customer)
		require.True(t, ok)
		assert.Len(t, chat.Messages, 1+2*perProvider, d.name)
		// Every text got sent and delivered, every reaction sent, and
		// each status came exactly once.
		seen := map[string]int{}
		for _, s := range d.statuses(t, receivers[d.name].all()) {
			seen[s]++
		}
		assert.Len(t, seen, 3*perProvider, d.name)
		for s, n := range seen {
			assert.Equal(t, 1, n, s)
		}
	}
	select {
	case <-changes:
	default:
		t.Error("subscribers hear about changes")
	}
}
