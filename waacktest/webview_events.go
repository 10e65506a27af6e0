package waacktest

import (
	"encoding/json"
	"net/http"
	"time"
)

// eventCoalesce is how long the event stream waits after a change before
// sending, so that a burst (a text, its sent and delivered statuses, a
// webhook) reaches the page as one snapshot. Real time: the sandbox clock
// does not move by itself.
const eventCoalesce = 30 * time.Millisecond

// serveEvents streams the view's state as server-sent events: one "chats"
// event with the full snapshot at once and after every change. Sending the
// whole state keeps the page simple and lets it never miss an update. The
// stream ends when the client leaves or the server closes.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	changes, cancel := s.Subscribe()
	defer cancel()
	h := w.Header()
	setWebHeaders(h)
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	// retry: how soon the browser reconnects after the stream ends.
	if _, err := w.Write([]byte("retry: 1000\n\n")); err != nil {
		return
	}
	ctx := r.Context()
	for {
		if s.writeEvent(w, rc) != nil {
			return
		}
		// Close closes the subscription only after every connection ended,
		// so done is what ends the stream when the server closes.
		select {
		case <-ctx.Done():
			return
		case <-s.done:
			return
		case _, ok := <-changes:
			if !ok {
				return
			}
		}
		wait := time.NewTimer(eventCoalesce)
		select {
		case <-ctx.Done():
			wait.Stop()
			return
		case <-s.done:
			wait.Stop()
			return
		case <-wait.C:
		}
		select { // the burst is in the snapshot about to be sent
		case <-changes:
		default:
		}
	}
}

func (s *Server) writeEvent(w http.ResponseWriter, rc *http.ResponseController) error {
	b, err := json.Marshal(s.viewState())
	if err != nil {
		return err
	}
	// JSON has no raw line breaks, so the snapshot fits one data line.
	if _, err := w.Write(append(append([]byte("event: chats\ndata: "), b...), "\n\n"...)); err != nil {
		return err
	}
	return rc.Flush()
}
