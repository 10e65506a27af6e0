package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/waack/waack"
)

// The reaction every benchmark sends, and the credentials it goes with.
const (
	phoneNumberID = "106540352242922"
	accessToken   = "EAAGm0PX4ZCpsBAKbenchmarktoken"
	customer      = "16505551234"
	inboundID     = "wamid.HBgLMTY1MDUwNzY1MjAVAgASGBQzQTdBNjg3RjZCOUM4MjZGQTg2RQA="
	thumbsUp      = "👍"
	concurrency   = 64 // senders in the parallel benchmarks
)

// sender is one way of sending the reaction: through waack or by hand.
type sender func(ctx context.Context) error

// impl builds a sender for a provider at baseURL.
type impl struct {
	name string
	new  func(tb testing.TB, baseURL string) sender
}

var reactImpls = []impl{
	{"raw", newRawSender},
	{"resty", newRestySender},
	{"waack", newWaackSender},
}

// newWaackSender is waack with its default options.
func newWaackSender(tb testing.TB, baseURL string) sender {
	return newWaackSenderWith(tb, baseURL, nil)
}

// newWaackSenderWith is waack sending through hc, or with its default
// options when hc is nil.
func newWaackSenderWith(tb testing.TB, baseURL string, hc *http.Client) sender {
	var opts []waack.Option
	if hc != nil {
		opts = append(opts, waack.WithHTTPClient(hc))
	}
	c, err := waack.New(waack.CloudAPI{PhoneNumberID: phoneNumberID, AccessToken: accessToken, BaseURL: baseURL}, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	r := waack.Reaction{To: customer, MessageID: inboundID, Emoji: thumbsUp}
	return func(ctx context.Context) error {
		_, err := c.React(ctx, r)
		return err
	}
}

// rawReaction and rawAnswer are the typed structs a hand-written client
// would declare for the same request and answer.
type rawReaction struct {
	MessagingProduct string `json:"messaging_product"`
	RecipientType    string `json:"recipient_type"`
	To               string `json:"to"`
	Type             string `json:"type"`
	Reaction         struct {
		MessageID string `json:"message_id"`
		Emoji     string `json:"emoji"`
	} `json:"reaction"`
}

type rawAnswer struct {
	Contacts []struct {
		WaID string `json:"wa_id"`
	} `json:"contacts"`
	Messages []struct {
		ID            string `json:"id"`
		MessageStatus string `json:"message_status"`
	} `json:"messages"`
}

// newRawSender is the baseline: net/http with a shared transport tuned for
// 64 concurrent senders, the same headers, timeout and answer cap as waack,
// and encoding/json typed structs.
func newRawSender(_ testing.TB, baseURL string) sender {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 512
	t.MaxIdleConnsPerHost = 128
	return rawSenderWith(&http.Client{Transport: t, Timeout: 30 * time.Second}, baseURL)
}

// rawSenderWith is the baseline sending through hc.
func rawSenderWith(hc *http.Client, baseURL string) sender {
	url := baseURL + "/v23.0/" + phoneNumberID + "/messages"
	return func(ctx context.Context) error {
		var body rawReaction
		body.MessagingProduct, body.RecipientType, body.To, body.Type = "whatsapp", "individual", customer, "reaction"
		body.Reaction.MessageID, body.Reaction.Emoji = inboundID, thumbsUp
		payload, err := json.Marshal(body)
		if err != nil {
			return err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+accessToken)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "raw/1.0")
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		if err != nil {
			return err
		}
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		var a rawAnswer
		if err := json.Unmarshal(data, &a); err != nil {
			return err
		}
		if len(a.Messages) == 0 || a.Messages[0].ID == "" {
			return errors.New("no message id")
		}
		return nil
	}
}

// BenchmarkReact sends one reaction per op, one at a time (seq) and from 64
// goroutines (par64), to a provider in this process (inproc: ns/op
// includes the server's work) and in a child process (subproc: B/op and
// allocs/op are the client's alone). conns/op counts the TCP connections
// opened during the timed part, after a warm-up that opened 64.
func BenchmarkReact(b *testing.B) {
	servers := []struct {
		name  string
		start func(testing.TB) backend
	}{{"inproc", newInProcess}, {"subproc", newChild}}
	for _, srv := range servers {
		b.Run("server="+srv.name, func(b *testing.B) {
			be := srv.start(b)
			defer be.Close()
			for _, load := range []string{"seq", "par64"} {
				for _, im := range reactImpls {
					b.Run("load="+load+"/impl="+im.name, func(b *testing.B) {
						runReact(b, be, im, load == "par64")
					})
				}
			}
		})
	}
}

func runReact(b *testing.B, be backend, im impl, parallel bool) {
	ctx := context.Background()
	send := im.new(b, be.URL())
	warmUp(b, be, send, parallel)
	b.ReportAllocs()
	before := be.Conns()
	cpu0, cpuOK := cpuTime()
	b.ResetTimer()
	if parallel {
		b.SetParallelism(goroutinesPerProc())
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := send(ctx); err != nil {
					b.Error(err)
					return
				}
			}
		})
	} else {
		for range b.N {
			if err := send(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	if cpu1, ok := cpuTime(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
	}
	b.ReportMetric(float64(be.Conns()-before)/float64(b.N), "conns/op")
}

// goroutinesPerProc is the SetParallelism that makes RunParallel start
// (at least) 64 goroutines: 32 on this 2-core machine.
func goroutinesPerProc() int {
	procs := runtime.GOMAXPROCS(0)
	return (concurrency + procs - 1) / procs
}

// warmUp sends once, or 64 times at once with the provider holding every
// request until all 64 arrived, so that the client's pool holds the
// connections the timed part needs.
func warmUp(b *testing.B, be backend, send sender, parallel bool) {
	n := 1
	if parallel {
		n = goroutinesPerProc() * runtime.GOMAXPROCS(0)
		be.Gate(n)
		defer be.Gate(0)
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() { errs <- send(context.Background()) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
}
