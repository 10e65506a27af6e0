package waacktest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

func TestConfigsPointAtTheServer(t *testing.T) {
	srv := newServer(t)
	require.True(t, strings.HasPrefix(srv.URL(), "http://127.0.0.1:"), srv.URL())
	c, o, w := srv.CloudAPI(), srv.OneMsg(), srv.Wawp()
	assert.Equal(t, srv.URL(), c.BaseURL)
	assert.Equal(t, srv.URL(), o.BaseURL)
	assert.Equal(t, srv.URL(), w.BaseURL)
	assert.Equal(t, waack.DefaultGraphVersion, c.Version)
	tokens := map[string]bool{c.AccessToken: true, o.Token: true, w.AccessToken: true}
	assert.Len(t, tokens, 3, "each provider has its own random token")
	assert.NotEqual(t, c.AccessToken, newServer(t).CloudAPI().AccessToken, "and each server")
	assert.Equal(t, "cloudapi", c.Name())
	assert.Equal(t, "15550783881", srv.BusinessPhone())
}

func TestFixedAddress(t *testing.T) {
	first := newServer(t)
	addr := strings.TrimPrefix(first.URL(), "http://")
	_, err := waacktest.Start(waacktest.WithAddr(addr))
	require.Error(t, err, "the address is taken")
	assert.Panics(t, func() { waacktest.NewServer(waacktest.WithAddr(addr)) })
	first.Close()

	srv, err := waacktest.Start(waacktest.WithAddr(addr))
	require.NoError(t, err)
	defer srv.Close()
	assert.Equal(t, "http://"+addr, srv.URL())
}

func TestCloseStopsEverything(t *testing.T) {
	srv := waacktest.NewServer()
	rcv := newReceiver(t)
	rcv.hold, rcv.arrived = make(chan struct{}), make(chan struct{})
	defer close(rcv.hold)
	require.NoError(t, srv.SetWebhook(srv.CloudAPI(), rcv.srv.URL, "s"))
	changes, cancel := srv.Subscribe()
	srv.Inbound(srv.CloudAPI(), customer, "held")
	srv.Inbound(srv.CloudAPI(), customer, "queued")
	<-rcv.arrived

	srv.Close() // with a webhook POST in flight and one queued
	srv.Close()
	require.NoError(t, srv.Flush(context.Background()), "nothing is left to wait for")
	for range changes {
		// drain until Close closes the channel
	}
	cancel() // after Close: harmless
	_, err := try(context.Background(), http.MethodPost, cloudURL(srv), `{}`)
	assert.Error(t, err, "the listener is closed")
	late, _ := srv.Subscribe()
	_, open := <-late
	assert.False(t, open, "subscribing after Close gives a closed channel")
	// TestMain checks that no goroutine of the server is left.
}

func TestSubscribe(t *testing.T) {
	srv := newServer(t)
	changes, cancel := srv.Subscribe()
	srv.Advance(time.Minute)
	srv.Inbound(srv.CloudAPI(), customer, "one")
	srv.Inbound(srv.CloudAPI(), customer, "two")
	_, ok := <-changes
	assert.True(t, ok)
	select {
	case <-changes:
		t.Fatal("changes are coalesced into one pending signal")
	default:
	}
	cancel()
	cancel()
	_, ok = <-changes
	assert.False(t, ok, "cancel closes the channel")
	srv.Inbound(srv.CloudAPI(), customer, "three") // no send on a closed channel
}

func TestChatsSnapshot(t *testing.T) {
	start := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	srv := newServer(t, waacktest.WithStartTime(start))
	a := srv.Inbound(srv.Wawp(), "447441429009", "first chat")
	srv.Advance(time.Minute)
	b := srv.Inbound(srv.CloudAPI(), customer, "second chat")
	require.Equal(t, 200, drivers[0].react(t, srv, b, "👍").status)
	require.Equal(t, 200, drivers[0].read(t, srv, b).status)

	chats := srv.Chats()
	require.Len(t, chats, 2)
	assert.Equal(t, waacktest.Chat{
		Provider: "wawp", Number: srv.Wawp().InstanceID, BusinessPhone: srv.BusinessPhone(),
		Customer: "447441429009", ChatID: "447441429009@c.us",
		WindowOpenUntil: start.Add(24 * time.Hour),
		Messages: []waacktest.Message{{ID: a, Direction: waacktest.FromCustomer, Type: waacktest.TypeText,
			Text: "first chat", Time: start}},
	}, chats[0])
	cloud := chats[1]
	require.Len(t, cloud.Messages, 2)
	assert.Equal(t, map[string]string{"business": "👍"}, cloud.Messages[0].Reactions)
	assert.True(t, cloud.Messages[0].Read)
	assert.Equal(t, waacktest.TypeReaction, cloud.Messages[1].Type)
	assert.Equal(t, b, cloud.Messages[1].Ref)
	assert.Equal(t, waack.StatusSent, cloud.Messages[1].Status)

	// Snapshots are copies.
	cloud.Messages[0].Reactions["business"] = "👎"
	assert.Equal(t, map[string]string{"business": "👍"}, srv.Reactions(b))
	r := srv.Reactions(b)
	r["x"] = "y"
	assert.Len(t, srv.Reactions(b), 1)
}
