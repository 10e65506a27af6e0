// Package redistest starts a real redis-server for tests: Debian's
// /usr/bin/redis-server (or the first redis-server on PATH) on a free
// loopback port, with a temporary directory and no persistence, stopped
// when the test ends.
//
// When no redis-server is installed the test is skipped with a message
// saying so, unless WAACK_REQUIRE_REDIS=1 (set by .ci/run), which turns the
// skip into a failure so that CI always runs the Redis tests.
package redistest

import (
	"context"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// RequireEnv is the variable that turns a missing redis-server into a
// test failure instead of a skip.
const RequireEnv = "WAACK_REQUIRE_REDIS"

// debianBinary is where Debian's redis-server package installs the server.
const debianBinary = "/usr/bin/redis-server"

// Server is a redis-server a test started. Stop and Restart take it away
// and bring it back, empty, on the same port, for fault tests.
type Server struct {
	t    testing.TB
	bin  string
	port int
	dir  string

	mu  sync.Mutex
	cmd *exec.Cmd
}

// Start starts a redis-server for t and stops it with t.Cleanup. It skips
// t when no server binary exists, or fails it when WAACK_REQUIRE_REDIS=1.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := binary()
	if bin == "" {
		if os.Getenv(RequireEnv) == "1" {
			t.Fatalf("redis-server not found (looked at %s and on PATH) and %s=1: install Debian's redis-server", debianBinary, RequireEnv)
		}
		t.Skipf("redis-server not found (looked at %s and on PATH): skipping a test against a real Redis; install redis-server, %s=1 makes this a failure", debianBinary, RequireEnv)
	}
	s := &Server{t: t, bin: bin, port: freePort(t), dir: t.TempDir()}
	s.start()
	t.Cleanup(s.Stop)
	return s
}

func binary() string {
	if _, err := os.Stat(debianBinary); err == nil {
		return debianBinary
	}
	if p, err := exec.LookPath("redis-server"); err == nil {
		return p
	}
	return ""
}

// freePort asks the kernel for a free loopback port. Another process may
// take it before redis-server binds it; start then fails loudly.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("redistest: no free loopback port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

// Client returns a new client of the server, closed when the test ends.
// Its timeouts are short and it retries little, so that calls fail fast
// while the server is stopped.
func (s *Server) Client() *redis.Client {
	c := redis.NewClient(&redis.Options{
		Addr:            s.Addr(),
		DialTimeout:     time.Second,
		ReadTimeout:     2 * time.Second,
		WriteTimeout:    2 * time.Second,
		PoolSize:        128,
		MaxRetries:      1,
		MaxRetryBackoff: 20 * time.Millisecond,
		// A stopped server must fail calls fast, not after seconds of
		// retried dials.
		DialerRetries:      1,
		DialerRetryTimeout: 10 * time.Millisecond,
	})
	s.t.Cleanup(func() { _ = c.Close() })
	return c
}

// Restart stops the server and starts it again, empty, on the same port.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	s.start()
}

// Stop kills the server and waits for it to exit. Stopping a stopped
// server does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

// start runs the server and waits until it answers PING (at most 5 s).
func (s *Server) start() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return
	}
	cmd := exec.Command(s.bin,
		"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", s.dir,
		"--loglevel", "warning")
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("redistest: start %s: %v", s.bin, err)
	}
	s.cmd = cmd
	// Wait for the port with plain dials (a go-redis client would log each
	// refused dial), then for PING.
	c := redis.NewClient(&redis.Options{Addr: s.Addr(), MaxRetries: -1})
	defer c.Close()
	for range 500 {
		if conn, err := net.DialTimeout("tcp", s.Addr(), 100*time.Millisecond); err == nil {
			_ = conn.Close()
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			err = c.Ping(ctx).Err()
			cancel()
			if err == nil {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	s.cmd = nil
	s.t.Fatalf("redistest: redis-server on %s did not answer PING within 5 s", s.Addr())
}
