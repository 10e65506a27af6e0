package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// sendAnswer is what Graph answers to an accepted reaction.
const sendAnswer = `{"messaging_product":"whatsapp","contacts":[{"input":"16505551234","wa_id":"16505551234"}],` +
	`"messages":[{"id":"wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"}]}`

// provider is a loopback stand-in for Graph: it answers every POST with
// sendAnswer and counts the TCP connections clients open to it.
type provider struct {
	srv   *http.Server
	url   string
	conns atomic.Int64 // connections that reached StateNew

	mu   sync.Mutex
	gate *gate // non-nil while warming up
}

// gate holds requests until n of them are in flight, so that a warm-up
// opens exactly n connections however the scheduler interleaves clients.
type gate struct {
	n       int
	arrived atomic.Int64
	open    chan struct{}
}

// startProvider serves on a fresh 127.0.0.1 port until stop is called.
func startProvider() (*provider, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	p := &provider{url: "http://" + ln.Addr().String()}
	answer := []byte(sendAnswer)
	p.srv = &http.Server{
		ReadHeaderTimeout: 10 * time.Second,
		ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateNew {
				p.conns.Add(1)
			}
		},
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			p.wait()
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", strconv.Itoa(len(answer)))
			_, _ = w.Write(answer)
		}),
	}
	go func() { _ = p.srv.Serve(ln) }()
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = p.srv.Shutdown(ctx)
	}
	return p, stop, nil
}

// setGate makes the next n requests wait for each other (n = 0: no gate).
func (p *provider) setGate(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gate = nil
	if n > 0 {
		p.gate = &gate{n: n, open: make(chan struct{})}
	}
}

// wait blocks a request while a gate is set, bounded so that a warm-up that
// sends fewer requests than expected cannot hang the benchmark.
func (p *provider) wait() {
	p.mu.Lock()
	g := p.gate
	p.mu.Unlock()
	if g == nil {
		return
	}
	if g.arrived.Add(1) == int64(g.n) {
		close(g.open)
	}
	select {
	case <-g.open:
	case <-time.After(10 * time.Second):
	}
}

// backend is a provider seen from the benchmark: in this process, or in a
// child process so that its allocations do not count in allocs/op.
type backend interface {
	URL() string
	Conns() int64 // TCP connections opened so far
	Gate(n int)   // see provider.setGate
	Close()
}

type inProcess struct {
	p    *provider
	stop func()
}

func (b inProcess) URL() string  { return b.p.url }
func (b inProcess) Conns() int64 { return b.p.conns.Load() }
func (b inProcess) Gate(n int)   { b.p.setGate(n) }
func (b inProcess) Close()       { b.stop() }

func newInProcess(tb testing.TB) backend {
	p, stop, err := startProvider()
	if err != nil {
		tb.Fatal(err)
	}
	return inProcess{p, stop}
}

// childEnv makes the test binary run as a provider (see TestMain).
const childEnv = "WAACK_BENCH_PROVIDER"

// child is the provider in a child process, driven by a line protocol on
// its stdin and stdout: it prints its URL, then answers "conns" with the
// connection count and "gate N" with "ok"; it exits when stdin closes.
type child struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
	url string
}

func newChild(tb testing.TB) backend {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	c := &child{cmd: cmd, in: in, out: bufio.NewScanner(out)}
	if !c.out.Scan() {
		c.Close()
		tb.Fatalf("provider process gave no URL: %v", c.out.Err())
	}
	c.url = c.out.Text()
	return c
}

func (c *child) URL() string { return c.url }

func (c *child) ask(line string) string {
	if _, err := fmt.Fprintln(c.in, line); err != nil || !c.out.Scan() {
		panic(fmt.Sprintf("provider process: %q got no answer", line))
	}
	return c.out.Text()
}

func (c *child) Conns() int64 {
	n, err := strconv.ParseInt(c.ask("conns"), 10, 64)
	if err != nil {
		panic(err)
	}
	return n
}

func (c *child) Gate(n int) { c.ask("gate " + strconv.Itoa(n)) }

func (c *child) Close() {
	_ = c.in.Close()
	_ = c.cmd.Wait()
}

// serveChild is the child's side of the protocol.
func serveChild() int {
	p, stop, err := startProvider()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer stop()
	fmt.Println(p.url)
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		cmd, arg, _ := strings.Cut(in.Text(), " ")
		switch cmd {
		case "conns":
			fmt.Println(p.conns.Load())
		case "gate":
			n, _ := strconv.Atoi(arg)
			p.setGate(n)
			fmt.Println("ok")
		default:
			fmt.Println("?")
		}
	}
	return 0
}

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(serveChild())
	}
	os.Exit(m.Run())
}
