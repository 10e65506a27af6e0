package waacktest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Server is a fake WhatsApp provider serving the Cloud API, 1MSG and Wawp
// dialects on one loopback listener. Create it with NewServer or Start and
// stop it with Close. All methods are safe for concurrent use.
type Server struct {
	url      string
	srv      *http.Server
	cfg      config
	log      *slog.Logger
	dialects map[string]dialect
	hooks    *dispatcher
	creds    map[string]string // each provider's valid credential; never changes

	// done is closed by Close; it stops waits, webhook workers and
	// subscriptions.
	done      chan struct{}
	closeOnce sync.Once
	serving   sync.WaitGroup // the Serve goroutine and webhook workers
	conns     sync.WaitGroup // open client connections (their goroutines)

	lifeMu   sync.Mutex
	closed   bool
	handlers sync.WaitGroup // API calls in flight

	traceSeq atomic.Uint64 // fbtrace_id values

	mu        sync.Mutex
	offset    time.Duration
	seq       uint64
	numbers   map[string][]*number // each provider's numbers, the default first
	chats     map[chatKey]*chat
	chatOrder []*chat
	msgs      map[string]*message
	faults    []Fault
	requests  []Request
	subs      map[chan struct{}]struct{}
	timers    map[*time.Timer]struct{} // real-time wake-ups of the live view (typing.go)
	// realTyping is how long a typing indicator lasts in real time: 25 s,
	// shorter only in this package's tests.
	realTyping time.Duration
}

// NewServer starts a Server, for tests. It panics if it cannot listen
// (only possible with WithAddr); use Start when the address comes from a
// user.
func NewServer(opts ...Option) *Server {
	s, err := Start(opts...)
	if err != nil {
		panic(err)
	}
	return s
}

// Start starts a Server, or returns why it cannot listen.
func Start(opts ...Option) (*Server, error) {
	cfg := defaults()
	for _, o := range opts {
		o(&cfg)
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return nil, fmt.Errorf("waacktest: listen on %s: %w", cfg.addr, err)
	}
	s := &Server{
		url:    "http://" + ln.Addr().String(),
		cfg:    cfg,
		log:    cfg.logger,
		done:   make(chan struct{}),
		chats:  map[chatKey]*chat{},
		msgs:   map[string]*message{},
		subs:   map[chan struct{}]struct{}{},
		timers: map[*time.Timer]struct{}{},

		realTyping: typingLength,
	}
	s.dialects, s.creds = map[string]dialect{}, map[string]string{}
	for _, d := range dialects() {
		s.dialects[d.name()] = d
		s.creds[d.name()] = cfg.token
		if cfg.token == "" {
			s.creds[d.name()] = d.newToken()
		}
	}
	s.addDefaultNumbers()
	s.hooks = newDispatcher(s)
	s.srv = &http.Server{Handler: s.routes(), ReadHeaderTimeout: 10 * time.Second, ConnState: s.trackConn}
	s.serving.Add(1)
	go func() {
		defer s.serving.Done()
		_ = s.srv.Serve(ln) // returns http.ErrServerClosed once Close runs
	}()
	s.hooks.start()
	return s, nil
}

func randomHex() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, d := range s.dialects {
		for _, pattern := range d.patterns() {
			mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) { s.serveAPI(w, r, d) })
		}
	}
	s.webRoutes(mux)
	return mux
}

// URL is the server's base URL, "http://127.0.0.1:port".
func (s *Server) URL() string { return s.url }

// BusinessPhone is the phone of the default business number, the same for
// every provider (digits only).
func (s *Server) BusinessPhone() string { return defaultBusinessPhone }

// tokens lists the valid credentials, which never appear in clear in
// anything exported.
func (s *Server) tokens() []string {
	out := make([]string, 0, len(s.creds))
	for _, tok := range s.creds {
		out = append(out, tok)
	}
	return out
}

// Close stops the listener, answers no more calls, gives up on queued
// webhooks, ends subscriptions, and waits for every goroutine the server
// started. Calling it again does nothing.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.lifeMu.Lock()
		s.closed = true
		s.lifeMu.Unlock()
		close(s.done)
		s.stopTimers()
		s.hooks.cancel()
		_ = s.srv.Close()
		s.handlers.Wait()
		s.serving.Wait()
		s.conns.Wait()
		s.hooks.close()

		s.mu.Lock()
		for ch := range s.subs {
			close(ch)
			delete(s.subs, ch)
		}
		s.mu.Unlock()
	})
}

// trackConn counts connections so that Close can wait for their
// goroutines: net/http lets one linger for up to half a second after an
// oversized request.
func (s *Server) trackConn(_ net.Conn, st http.ConnState) {
	switch st {
	case http.StateNew:
		s.conns.Add(1)
	case http.StateHijacked, http.StateClosed:
		s.conns.Done()
	}
}

// enter registers an API call in flight; false once the server closed.
func (s *Server) enter() bool {
	s.lifeMu.Lock()
	defer s.lifeMu.Unlock()
	if s.closed {
		return false
	}
	s.handlers.Add(1)
	return true
}

func (s *Server) leave() { s.handlers.Done() }

// Now is the server's clock: the start time plus everything Advance added.
// Windows, the 30-day reaction rule, typing indicators and webhook
// timestamps all use it.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nowLocked()
}

func (s *Server) nowLocked() time.Time { return s.cfg.start.Add(s.offset) }

// Advance moves the server clock forward by d (negative d is ignored). No
// real time passes; windows close and messages age at once.
func (s *Server) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offset += d
	s.changedLocked()
}

// FailNext makes the next n API calls, of any provider, get fault f
// instead of their normal answer (see Fault). Calls queue up: FailNext(2,
// a) then FailNext(1, b) gives a, a, b.
func (s *Server) FailNext(n int, f Fault) {
	if f.kind == faultNone {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults = append(s.faults, f)
	}
}

func (s *Server) takeFault() Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.faults) == 0 {
		return Fault{}
	}
	f := s.faults[0]
	s.faults = s.faults[1:]
	return f
}

// Flush waits until every webhook queued so far was delivered or given
// up, or ctx ends (its error is returned).
func (s *Server) Flush(ctx context.Context) error {
	return s.hooks.flush(ctx)
}

// Subscribe returns a channel that receives a value (coalesced, never
// blocking the server) after every change to chats, requests or the clock,
// for a live view; cancel stops it. The channel is closed by cancel or
// Close.
func (s *Server) Subscribe() (changes <-chan struct{}, cancel func()) {
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	if s.isClosed() {
		close(ch)
	} else {
		s.subs[ch] = struct{}{}
	}
	s.mu.Unlock()
	return ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.subs[ch]; ok {
			delete(s.subs, ch)
			close(ch)
		}
	}
}

func (s *Server) isClosed() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// changedLocked notifies subscribers; s.mu is held.
func (s *Server) changedLocked() {
	for ch := range s.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}
