package bench

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkReactPaired measures raw and waack side by side in one
// benchmark, so that both meet the same load from the rest of the machine.
// The separate React benchmarks vary by ±20 % from run to run on a shared
// machine, which drowns a 10 % difference; this ratio ("waack/raw") holds
// still. raw-ns/op and waack-ns/op are each client's time per send.
//
// load=seq sends one reaction through each client per op, alternating
// which goes first, and times each send. load=par64 runs 64 senders that
// all use raw, then all waack, switching every 20 ms, and divides each
// client's share of the wall time by the sends it completed: throughput,
// as React/load=par64 measures it (with 64 senders a single send's time is
// mostly waiting for the CPU, which a per-send ratio would hide). conns/op
// counts new connections after both clients' warm-up. server=none sends
// through a transport that answers from memory: the clients' own work.
func BenchmarkReactPaired(b *testing.B) {
	benchPaired(b, "raw", newRawSender, func(hc *http.Client) sender {
		return rawSenderWith(hc, cannedBase)
	})
}

// benchPaired runs the paired benchmarks of waack against the baseline
// that newBase builds (canned: the same baseline on a given client), whose
// metrics are named after base.
func benchPaired(b *testing.B, base string, newBase func(testing.TB, string) sender, canned func(*http.Client) sender) {
	hc := &http.Client{Transport: cannedTransport{}, Timeout: 30 * time.Second}
	b.Run("server=none/load=seq", func(b *testing.B) {
		runPaired(b, base, canned(hc), newWaackSenderWith(b, cannedBase, hc))
	})
	for _, srv := range []struct {
		name  string
		start func(testing.TB) backend
	}{{"inproc", newInProcess}, {"subproc", newChild}} {
		b.Run("server="+srv.name, func(b *testing.B) {
			be := srv.start(b)
			defer be.Close()
			for _, parallel := range []bool{false, true} {
				name := "load=seq"
				if parallel {
					name = "load=par64"
				}
				b.Run(name, func(b *testing.B) {
					baseline, wa := newBase(b, be.URL()), newWaackSender(b, be.URL())
					warmUp(b, be, baseline, parallel)
					warmUp(b, be, wa, parallel)
					before := be.Conns()
					if parallel {
						runPairedParallel(b, base, baseline, wa)
					} else {
						runPaired(b, base, baseline, wa)
					}
					b.ReportMetric(float64(be.Conns()-before)/float64(b.N), "conns/op")
				})
			}
		})
	}
}

// runPaired times one send of each client per op.
func runPaired(b *testing.B, base string, raw, wa sender) {
	ctx := context.Background()
	var spent [2]time.Duration
	timed := func(s sender) time.Duration {
		start := time.Now()
		if err := s(ctx); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			spent[0] += timed(raw)
			spent[1] += timed(wa)
		} else {
			spent[1] += timed(wa)
			spent[0] += timed(raw)
		}
	}
	reportPair(b, base, spent, [2]int64{int64(b.N), int64(b.N)})
}

// runPairedParallel runs 64 senders that switch between the clients every
// 20 ms. A send counts for the client it started with; the few sends in
// flight at a switch err the same way for both.
func runPairedParallel(b *testing.B, base string, raw, wa sender) {
	ctx := context.Background()
	clients := [2]sender{raw, wa}
	var (
		phase atomic.Int32
		sends [2]atomic.Int64
		spent [2]time.Duration
	)
	stop, stopped := make(chan struct{}), make(chan struct{})
	b.ResetTimer()
	go func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		last := time.Now()
		for {
			select {
			case now := <-tick.C:
				p := phase.Load()
				spent[p] += now.Sub(last)
				last = now
				phase.Store(1 - p)
			case <-stop:
				spent[phase.Load()] += time.Since(last)
				close(stopped)
				return
			}
		}
	}()
	b.SetParallelism(goroutinesPerProc())
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			p := phase.Load()
			if err := clients[p](ctx); err != nil {
				b.Error(err)
				return
			}
			sends[p].Add(1)
		}
	})
	close(stop)
	<-stopped
	b.StopTimer()
	reportPair(b, base, spent, [2]int64{sends[0].Load(), sends[1].Load()})
}

// reportPair reports each client's time per send and their ratio, when
// both sent something (a one-op smoke run may not switch); base names the
// baseline ("raw": raw-ns/op and waack/raw).
func reportPair(b *testing.B, base string, spent [2]time.Duration, sends [2]int64) {
	if sends[0] == 0 || sends[1] == 0 {
		return
	}
	baseNs := float64(spent[0].Nanoseconds()) / float64(sends[0])
	waNs := float64(spent[1].Nanoseconds()) / float64(sends[1])
	b.ReportMetric(baseNs, base+"-ns/op")
	b.ReportMetric(waNs, "waack-ns/op")
	b.ReportMetric(waNs/baseNs, "waack/"+base)
}
