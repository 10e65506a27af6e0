package main

import (
	"context"
	"github.com/waack/waack/internal/testkit"
	"testing"
	"time"
)

// running is a server command (listen, sandbox) running in-process.
type running struct {
	addr           string
	stdout, stderr *testkit.SyncBuffer
	cancel         context.CancelFunc
	done           chan int
}

// startServer runs `waack args…` until stop, and returns once it listens.
func startServer(t *testing.T, vars map[string]string, args ...string) *running {
	t.Helper()
	r := &running{stdout: &testkit.SyncBuffer{}, stderr: &testkit.SyncBuffer{}, done: make(chan int, 1)}
	addrs := make(chan string, 1)
	e := &env{stdout: r.stdout, stderr: r.stderr, getenv: func(k string) string { return vars[k] }, listening: func(a string) { addrs <- a }}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go func() { r.done <- e.run(ctx, args) }()
	select {
	case r.addr = <-addrs:
	case code := <-r.done:
		cancel()
		t.Fatalf("%v exited with %d before listening: %s", args, code, r.stderr.String())
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatalf("%v did not listen within 10s", args)
	}
	t.Cleanup(func() { r.stop(t) })
	return r
}

// stop cancels the command (as Ctrl-C does) and returns what it printed.
func (r *running) stop(t *testing.T) outcome {
	t.Helper()
	r.cancel()
	select {
	case code := <-r.done:
		r.done <- code // for a second stop (Cleanup)
		return outcome{code: code, stdout: r.stdout.String(), stderr: r.stderr.String()}
	case <-time.After(10 * time.Second):
		t.Fatal("the command did not stop within 10s of cancellation")
		return outcome{}
	}
}
