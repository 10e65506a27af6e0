package waacktest

import (
	"context"
	"io"
	"net/http"
	"time"
)

// maxBody caps a request body; the real APIs reject far smaller ones.
const maxBody = 1 << 20

// command is one validated API call, the same for every dialect.
type command struct {
	provider  string
	number    *number  // the business number called; nil only when authentication failed
	op        string   // waack.OpReact, OpUnreact, OpMarkRead, OpSendText; 1MSG also OpSetWebhook, opGetWebhook, OpDeliveryStatus
	to        string   // the recipient as the caller wrote it (Cloud API echoes it)
	customer  string   // the recipient's digits; "" when the call names none (a read)
	messageID string   // reaction target; 1MSG hookInfo: the message asked about
	emoji     string   // "" removes
	text      string   // text body
	replyTo   string   // quoted message of a text
	typing    bool     // read: show the typing indicator
	readIDs   []string // read: the messages to mark (Wawp: none means the whole chat)
	tracking  string   // Cloud API biz_opaque_callback_data, echoed in the statuses

	webhookURLs []string // 1MSG set webhook: the new URLs
}

// outcome is what applying a command did.
type outcome struct {
	id      string    // the new message's id
	at      time.Time // when it was sent
	refused bool      // 1MSG: not sent, the 24-hour window is closed
	err     *apiError // a synchronous refusal found against the state

	urls  []string      // 1MSG webhook calls: the URLs set or stored
	hooks []cloudStatus // 1MSG hookInfo: the message's statuses in Meta's format
}

// apiError is a refusal before a dialect renders it in its envelope.
type apiError struct {
	status     int
	code       int    // Graph error code
	subcode    int    // Graph error_subcode
	typ        string // Graph error type; "OAuthException" when empty
	title      string // Graph title
	raw        bool   // Graph message is title as is, without "(#code) "
	details    string // Graph error_data.details
	plain      string // 1MSG and Wawp error text; when empty 1MSG passes the Graph error on, Wawp says title
	retryAfter string // Retry-After header value
}

// reply is an HTTP answer.
type reply struct {
	status      int
	contentType string
	retryAfter  string
	body        []byte
}

func jsonReply(status int, v any) reply {
	return reply{status: status, contentType: "application/json", body: encodeJSON(v)}
}

// serveAPI runs one API call: read, validate, inject a fault or apply,
// answer, and record it in the request log.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, d dialect) {
	if !s.enter() {
		http.Error(w, "server closed", http.StatusServiceUnavailable)
		return
	}
	defer s.leave()

	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var (
		cmd  command
		perr *apiError
	)
	if readErr != nil {
		perr = invalidParam("The request body could not be read or is larger than 1 MiB.")
	} else {
		cmd, perr = d.parse(s, r, body)
	}
	f := s.takeFault()
	rec := Request{
		Time:     s.Now(),
		Method:   r.Method,
		Path:     r.URL.Path,
		Query:    redactQuery(r.URL.Query()),
		Provider: d.name(),
		Op:       cmd.op,
		Body:     s.redactBody(body),
		Fault:    f.String(),
	}

	var rep reply
	if f.applied() {
		rep = s.handle(d, cmd, perr)
	} else if e, ok := f.refusal(); ok {
		rep = d.refuse(s, e)
	}
	switch f.kind {
	case faultDropBeforeApply, faultDropAfterRead:
		s.record(rec)
		dropConnection(w)
		return
	case faultSlow:
		if !s.wait(r.Context(), f.delay) {
			s.record(rec)
			dropConnection(w) // returning would answer an empty 200
			return
		}
	case faultMalformedJSON:
		rep = reply{status: http.StatusOK, contentType: rep.contentType, body: rep.body[:len(rep.body)/2]}
	case faultBadGateway:
		rep = reply{status: http.StatusBadGateway, contentType: "text/html", body: []byte(badGatewayPage)}
	}
	rec.StatusCode = rep.status
	s.record(rec)
	write(w, rep)
}

// handle answers a call without faults: its validation error, or the
// outcome of applying it.
func (s *Server) handle(d dialect, cmd command, perr *apiError) reply {
	if perr != nil {
		return d.refuse(s, *perr)
	}
	s.mu.Lock()
	out, own := d.applyOwn(s, cmd)
	if !own {
		switch cmd.op {
		case opMarkRead:
			out = s.applyRead(cmd)
		case opSendText:
			out = s.applyText(cmd)
		default:
			out = s.applyReact(cmd)
		}
	}
	s.mu.Unlock()
	if out.err != nil {
		return d.refuse(s, *out.err)
	}
	return d.answer(s, cmd, out)
}

func write(w http.ResponseWriter, rep reply) {
	if rep.contentType != "" {
		w.Header().Set("Content-Type", rep.contentType)
	}
	if rep.retryAfter != "" {
		w.Header().Set("Retry-After", rep.retryAfter)
	}
	w.WriteHeader(rep.status)
	_, _ = w.Write(rep.body)
}

// dropConnection closes the client's connection without an answer.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		// Not reachable with the net/http server this package runs; panic
		// so the request fails without an answer all the same.
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// wait sleeps for d; false when the client gave up or the server closed.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.done:
		return false
	}
}

// invalidParam is Graph's "(#100) Invalid parameter" with details.
func invalidParam(details string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: 100, title: "Invalid parameter", details: details, plain: details}
}
