package waacktest_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack/waacktest"
)

// view mirrors the JSON of /_waack/chats, as the page reads it.
type view struct {
	Now      time.Time `json:"now"`
	Business string    `json:"business"`
	Chats    []struct {
		Provider        string    `json:"provider"`
		Customer        string    `json:"customer"`
		ChatID          string    `json:"chatId"`
		WindowOpen      bool      `json:"windowOpen"`
		WindowOpenUntil time.Time `json:"windowOpenUntil"`
		Typing          bool      `json:"typing"`
		Messages        []struct {
			ID        string `json:"id"`
			From      string `json:"from"`
			Type      string `json:"type"`
			Text      string `json:"text"`
			Ref       string `json:"ref"`
			Status    string `json:"status"`
			ErrorCode int    `json:"errorCode"`
			Read      bool   `json:"read"`
			Reactions []struct {
				By    string `json:"by"`
				Emoji string `json:"emoji"`
			} `json:"reactions"`
		} `json:"messages"`
	} `json:"chats"`
}

func getView(t *testing.T, srv *waacktest.Server) view {
	t.Helper()
	a := do(t, http.MethodGet, srv.URL()+"/_waack/chats", "")
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	assert.Equal(t, "application/json; charset=utf-8", a.header.Get("Content-Type"))
	var v view
	require.NoError(t, json.Unmarshal(a.body, &v), "%s", a.body)
	return v
}

func TestWebViewPage(t *testing.T) {
	srv := newServer(t)
	a := do(t, http.MethodGet, srv.URL()+"/", "")
	require.Equal(t, http.StatusOK, a.status)
	assert.Equal(t, "text/html; charset=utf-8", a.header.Get("Content-Type"))
	assert.Contains(t, a.header.Get("Content-Security-Policy"), "default-src 'none'", "nothing from elsewhere")
	assert.Contains(t, string(a.body), `<script src="/_waack/static/app.js"`)

	for path, kind := range map[string]string{"/_waack/static/app.js": "javascript", "/_waack/static/style.css": "text/css"} {
		a := do(t, http.MethodGet, srv.URL()+path, "")
		require.Equal(t, http.StatusOK, a.status, path)
		assert.Contains(t, a.header.Get("Content-Type"), kind, path)
		assert.NotContains(t, string(a.body), "http://", "%s loads nothing from elsewhere", path)
		assert.NotContains(t, string(a.body), "https://", path)
	}

	// Only "/" itself is the page; the dialects' paths keep their answers.
	assert.Equal(t, http.StatusNotFound, do(t, http.MethodGet, srv.URL()+"/nope", "").status)
	assert.Equal(t, http.StatusMethodNotAllowed, do(t, http.MethodPost, srv.URL()+"/", "").status)
	assert.Equal(t, http.StatusNotFound, do(t, http.MethodGet, srv.URL()+"/_waack/static/missing.js", "").status)
	unauthenticated := do(t, http.MethodPost, cloudURL(srv), `{}`)
	assert.Equal(t, http.StatusUnauthorized, unauthenticated.status, "%s", unauthenticated.body)
}

func TestWebViewChatsJSON(t *testing.T) {
	srv := newServer(t)
	v := getView(t, srv)
	assert.Empty(t, v.Chats)
	assert.Equal(t, srv.BusinessPhone(), v.Business)
	assert.True(t, v.Now.Equal(srv.Now()))

	in := srv.Inbound(srv.CloudAPI(), customer, "Where is <b>my</b> order?")
	reply := sentID(t, cloud(t, srv, js(t, map[string]any{"messaging_product": "whatsapp", "to": customerDigits,
		"type": "text", "text": map[string]any{"body": "On its way"}})))
	cloud(t, srv, js(t, map[string]any{"messaging_product": "whatsapp", "to": customerDigits,
		"type": "reaction", "reaction": map[string]string{"message_id": in, "emoji": "👍"}}))
	cloud(t, srv, js(t, map[string]any{"messaging_product": "whatsapp", "status": "read", "message_id": in,
		"typing_indicator": map[string]string{"type": "text"}}))
	require.NotEmpty(t, srv.React(srv.CloudAPI(), customer, reply, "❤️"))
	require.True(t, srv.Read(reply))

	v = getView(t, srv)
	require.Len(t, v.Chats, 1)
	c := v.Chats[0]
	assert.Equal(t, "cloudapi", c.Provider)
	assert.Equal(t, customerDigits, c.Customer)
	assert.True(t, c.WindowOpen)
	assert.True(t, c.Typing, "read with typing")
	require.Len(t, c.Messages, 4) // inbound, reply, business reaction, customer reaction

	first := c.Messages[0]
	assert.Equal(t, in, first.ID)
	assert.Equal(t, "customer", first.From)
	assert.Equal(t, "Where is <b>my</b> order?", first.Text, "texts are data, not markup")
	assert.True(t, first.Read)
	require.Len(t, first.Reactions, 1)
	assert.Equal(t, "business", first.Reactions[0].By)
	assert.Equal(t, "👍", first.Reactions[0].Emoji)

	second := c.Messages[1]
	assert.Equal(t, reply, second.ID)
	assert.Equal(t, "business", second.From)
	assert.Equal(t, "read", second.Status)
	require.Len(t, second.Reactions, 1)
	assert.Equal(t, "customer", second.Reactions[0].By)
	assert.Equal(t, "❤️", second.Reactions[0].Emoji)

	assert.Equal(t, "reaction", c.Messages[2].Type)
	assert.Equal(t, in, c.Messages[2].Ref)

	// The typing indicator ends on the sandbox clock; the window too.
	srv.Advance(26 * time.Second)
	assert.False(t, getView(t, srv).Chats[0].Typing)
	srv.Advance(25 * time.Hour)
	late := sentID(t, cloud(t, srv, js(t, map[string]any{"messaging_product": "whatsapp", "to": customerDigits,
		"type": "text", "text": map[string]any{"body": "Too late"}})))
	c = getView(t, srv).Chats[0]
	assert.False(t, c.WindowOpen)
	last := c.Messages[len(c.Messages)-1]
	assert.Equal(t, late, last.ID)
	assert.Equal(t, "failed", last.Status)
	assert.Equal(t, 131047, last.ErrorCode)
}

func sentID(t *testing.T, a answer) string {
	t.Helper()
	require.Equal(t, http.StatusOK, a.status, "%s", a.body)
	id, _ := get(t, a.json(t), "messages", 0, "id").(string)
	require.NotEmpty(t, id)
	return id
}

// sse reads server-sent events from a stream.
type sse struct{ r *bufio.Reader }

// next returns the next event's name and data.
func (s sse) next() (name, data string, err error) {
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			return "", "", err
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "" && name != "":
			return name, data, nil
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data += strings.TrimPrefix(line, "data: ")
		}
	}
}

// openEvents opens the event stream; the request ends with ctx.
func openEvents(ctx context.Context, t *testing.T, srv *waacktest.Server) (sse, *http.Response) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL()+"/_waack/events", nil)
	require.NoError(t, err)
	resp, err := (&http.Client{Transport: client.Transport}).Do(req) // no client timeout: the stream is long
	require.NoError(t, err)
	t.Cleanup(func() { _ = resp.Body.Close() })
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "text/event-stream; charset=utf-8", resp.Header.Get("Content-Type"))
	return sse{bufio.NewReader(resp.Body)}, resp
}

func TestWebViewEventsFollowChanges(t *testing.T) {
	srv := newServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	events, _ := openEvents(ctx, t, srv)

	name, data, err := events.next()
	require.NoError(t, err)
	assert.Equal(t, "chats", name)
	var v view
	require.NoError(t, json.Unmarshal([]byte(data), &v), data)
	assert.Empty(t, v.Chats, "the current state comes at once")

	in := srv.Inbound(srv.Wawp(), customer, "Hello there")
	for {
		name, data, err = events.next()
		require.NoError(t, err, "an event follows the change")
		require.Equal(t, "chats", name)
		v = view{}
		require.NoError(t, json.Unmarshal([]byte(data), &v), data)
		if len(v.Chats) > 0 {
			break
		}
	}
	require.Len(t, v.Chats, 1)
	assert.Equal(t, "wawp", v.Chats[0].Provider)
	assert.Equal(t, customerDigits+"@c.us", v.Chats[0].ChatID)
	require.Len(t, v.Chats[0].Messages, 1)
	assert.Equal(t, in, v.Chats[0].Messages[0].ID)
	assert.Equal(t, "Hello there", v.Chats[0].Messages[0].Text)
}

func TestWebViewEventsEndWhenTheClientLeaves(t *testing.T) {
	srv := newServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	events, _ := openEvents(ctx, t, srv)
	_, _, err := events.next()
	require.NoError(t, err)
	cancel()
	// The handler must notice and return: Close waits for it, and
	// TestMain's leak check finds it if it did not.
	srv.Close()
}

func TestWebViewEventsEndWhenTheServerCloses(t *testing.T) {
	srv := newServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	events, _ := openEvents(ctx, t, srv)
	_, _, err := events.next()
	require.NoError(t, err)

	srv.Close() // returns only once every connection's handler returned
	for err == nil {
		_, _, err = events.next()
	}
	require.False(t, errors.Is(err, context.DeadlineExceeded), "the stream ended by itself, not by the test's deadline: %v", err)
	assert.True(t, errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "connection reset"), "%v", err)
}
