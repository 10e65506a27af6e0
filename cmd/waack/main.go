// Command waack is the command-line companion of the waack SDK: a demo of
// the whole support flow on the built-in sandbox, the sandbox itself,
// a webhook receiver that verifies and prints events, and one-shot calls
// (react, unreact, read, send, ack) against a real provider.
//
//	go install github.com/waack/waack/cmd/waack@latest
//	waack demo
//	waack help
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run is the whole program minus the process: tests call it in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	e := &env{stdin: os.Stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	return e.run(ctx, args)
}
