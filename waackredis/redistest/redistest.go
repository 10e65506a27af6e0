// Package redistest starts a throwaway redis-server for tests: on a free
// loopback port, with no persistence and a temporary directory, stopped
// when the test ends. The waackredis tests and benchmarks use it; so can
// yours.
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

// EnvRequire names the environment variable that, set to 1 (as CI does),
// turns a missing redis-server from a skip into a failure.
const EnvRequire = "WAACK_REQUIRE_REDIS"

// Server is a real redis-server the test started on a free loopback port,
// with no persistence and a temporary directory; it is stopped when the
// test ends. Stop and Restart let a test take it away mid-run and bring it
// back (empty) on the same port.
type Server struct {
	t    testing.TB
	bin  string
	port int
	dir  string

	mu  sync.Mutex
	cmd *exec.Cmd
}

// Start starts a redis-server for t, or skips t when the binary is
// missing, unless WAACK_REQUIRE_REDIS=1 (CI) makes that a failure.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv(EnvRequire) == "1" {
			t.Fatalf("redis-server not found and WAACK_REQUIRE_REDIS=1: %v (install it with .ci/install-redis)", err)
		}
		t.Skip("redis-server not found: skipping the tests against a real Redis (install it, e.g. .ci/install-redis; WAACK_REQUIRE_REDIS=1 makes this a failure)")
	}
	s := &Server{t: t, bin: bin, port: freePort(t), dir: t.TempDir()}
	s.start()
	t.Cleanup(s.Stop)
	return s
}

// freePort asks the kernel for a free loopback port.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Addr is host:port of the server.
func (s *Server) Addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

// Restart runs a stopped server again, empty, on the same port, and waits
// until it answers PING. A running server is left alone.
func (s *Server) Restart() { s.start() }

func (s *Server) start() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return
	}
	cmd := exec.Command(s.bin, "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", s.dir, "--loglevel", "warning")
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("start redis-server: %v", err)
	}
	s.cmd = cmd
	c := redis.NewClient(&redis.Options{Addr: s.Addr(), MaxRetries: -1})
	defer c.Close()
	for range 500 {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.t.Fatalf("redis-server on %s did not answer PING within 5 s", s.Addr())
}

// Stop kills the server and waits for it to exit.
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

// Client returns a new go-redis client of the server, closed with the
// test: one per "replica", so that replicas share nothing but Redis.
func (s *Server) Client() *redis.Client {
	c := redis.NewClient(&redis.Options{
		Addr:         s.Addr(),
		DialTimeout:  time.Second,
		ReadTimeout:  time.Second,
		WriteTimeout: time.Second,
		PoolSize:     64,
		// A stopped server must fail calls fast, not after seconds of
		// retried dials.
		MaxRetries:         1,
		MaxRetryBackoff:    20 * time.Millisecond,
		DialerRetries:      1,
		DialerRetryTimeout: 10 * time.Millisecond,
	})
	s.t.Cleanup(func() { _ = c.Close() })
	return c
}
