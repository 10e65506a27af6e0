package bench

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/waack/waack"
)

const appSecret = "8c5f1e0b6a9d4e7f2a3b4c5d6e7f8091"

// statusJSON is one status as Meta sends it, pricing and conversation
// included (the parsers skip them), for message id %s.
const statusJSON = `{"id":"%s","status":"delivered","timestamp":"1750263773","recipient_id":"16505551234",` +
	`"conversation":{"id":"6ceb9d929c6a4d3d8ba1b5a2e1d8b1c0","origin":{"type":"utility"}},` +
	`"pricing":{"billable":true,"pricing_model":"PMP","category":"utility","type":"regular"}}`

const (
	envelopeHead = `{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":` +
		`{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},` +
		`"statuses":[`
	envelopeTail = `]},"field":"messages"}]}]}`
)

// wamid makes a message id as long as Meta's (58 bytes), unique per
// namespace and n < 1<<28.
func wamid(namespace byte, n int) string {
	const prefix = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJB"
	var id [len(prefix) + 8]byte
	copy(id[:], prefix)
	id[len(prefix)] = namespace
	for i := len(id) - 1; i > len(prefix); i-- {
		id[i] = "0123456789ABCDEF"[n&0xF]
		n >>= 4
	}
	return string(id[:])
}

// statusBody is a signed status webhook with statuses for messages first,
// first+1, … of a namespace.
func statusBody(namespace byte, first, statuses int) (body []byte, sig string) {
	var buf bytes.Buffer
	buf.WriteString(envelopeHead)
	for i := range statuses {
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, statusJSON, wamid(namespace, first+i))
	}
	buf.WriteString(envelopeTail)
	return buf.Bytes(), waack.SignCloudAPIWebhook(buf.Bytes(), appSecret)
}

// bodySet is a growing list of signed bodies whose message ids never
// repeat, so that the handler's de-duplicator sees new keys. It stops
// growing once cycling through it cannot repeat a key the default
// de-duplicator still remembers, which keeps it under ~100 MB.
type bodySet struct {
	namespace byte
	statuses  int
	mu        sync.Mutex
	bodies    [][]byte
	sigs      []string
}

func (s *bodySet) max() int { return waack.DefaultDedupCapacity/s.statuses*5/4 + 1 }

// get returns at least min(n, max) bodies.
func (s *bodySet) get(n int) ([][]byte, []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.bodies) < min(n, s.max()) {
		body, sig := statusBody(s.namespace, len(s.bodies)*s.statuses, s.statuses)
		s.bodies = append(s.bodies, body)
		s.sigs = append(s.sigs, sig)
	}
	return s.bodies, s.sigs
}

// Bodies for the timed parts (namespaces A to D, one per size) and for
// filling the de-duplicator beforehand (namespace P). Every size of
// issue 13 is measured: 1, 10, 100 and 1,000 statuses per body (a
// 1,000-status body is 316 KB).
var (
	single = &bodySet{namespace: 'A', statuses: 1}
	sizes  = []*bodySet{single, {namespace: 'B', statuses: 10}, {namespace: 'C', statuses: 100}, {namespace: 'D', statuses: 1000}}
	prior  = &bodySet{namespace: 'P', statuses: 100}
)

// The raw baseline's typed structs: the information waack's StatusEvent
// carries (the number, the message, its status, time, recipient, tracking
// id, pricing and errors), as plain Go types, so that both decode the same
// fields of the same body.
type (
	rawNotification struct {
		Entry []struct {
			Changes []struct {
				Field string `json:"field"`
				Value struct {
					Metadata struct {
						DisplayPhoneNumber string `json:"display_phone_number"`
						PhoneNumberID      string `json:"phone_number_id"`
					} `json:"metadata"`
					Statuses []rawStatus `json:"statuses"`
				} `json:"value"`
			} `json:"changes"`
		} `json:"entry"`
	}
	rawStatus struct {
		ID                    string      `json:"id"`
		Status                string      `json:"status"`
		Timestamp             string      `json:"timestamp"`
		RecipientID           string      `json:"recipient_id"`
		RecipientUserID       string      `json:"recipient_user_id"`
		BizOpaqueCallbackData string      `json:"biz_opaque_callback_data"`
		Pricing               *rawPricing `json:"pricing"`
		Errors                []rawError  `json:"errors"`
	}
	rawPricing struct {
		Billable     bool   `json:"billable"`
		PricingModel string `json:"pricing_model"`
		Type         string `json:"type"`
		Category     string `json:"category"`
	}
	rawError struct {
		Code      int    `json:"code"`
		Title     string `json:"title"`
		Message   string `json:"message"`
		ErrorData struct {
			Details string `json:"details"`
		} `json:"error_data"`
	}
)

// The lean baseline's structs, the raw baseline of earlier runs: the
// envelope's ids, and of each status only its id, status, time, recipient
// and errors (no pricing, which waack decodes and raw then skipped).
type (
	leanNotification struct {
		Object string `json:"object"`
		Entry  []struct {
			ID      string `json:"id"`
			Changes []struct {
				Field string `json:"field"`
				Value struct {
					MessagingProduct string `json:"messaging_product"`
					Metadata         struct {
						DisplayPhoneNumber string `json:"display_phone_number"`
						PhoneNumberID      string `json:"phone_number_id"`
					} `json:"metadata"`
					Statuses []leanStatus `json:"statuses"`
				} `json:"value"`
			} `json:"changes"`
		} `json:"entry"`
	}
	leanStatus struct {
		ID          string     `json:"id"`
		Status      string     `json:"status"`
		Timestamp   string     `json:"timestamp"`
		RecipientID string     `json:"recipient_id"`
		Errors      []rawError `json:"errors"`
	}
)

var errRawSignature = errors.New("bad signature")

// rawVerify checks the signature with hmac.Equal, over the same bytes and
// in the same way as VerifyCloudAPISignature (a key per call).
func rawVerify(body []byte, sig string) error {
	const prefix = "sha256="
	if len(sig) != len(prefix)+2*sha256.Size || sig[:len(prefix)] != prefix {
		return errRawSignature
	}
	var want [sha256.Size]byte
	if _, err := hex.Decode(want[:], []byte(sig[len(prefix):])); err != nil {
		return errRawSignature
	}
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write(body)
	if !hmac.Equal(mac.Sum(nil), want[:]) {
		return errRawSignature
	}
	return nil
}

// rawVerifyParse is the baseline: rawVerify, then json.Unmarshal into
// typed structs, calling each for every status.
func rawVerifyParse(body []byte, sig string, each func(*rawStatus)) error {
	if err := rawVerify(body, sig); err != nil {
		return err
	}
	var n rawNotification
	if err := json.Unmarshal(body, &n); err != nil {
		return err
	}
	for _, e := range n.Entry {
		for _, c := range e.Changes {
			if c.Field != "messages" {
				continue
			}
			for i := range c.Value.Statuses {
				each(&c.Value.Statuses[i])
			}
		}
	}
	return nil
}

// leanVerifyParse is rawVerifyParse into the lean structs.
func leanVerifyParse(body []byte, sig string, each func(*leanStatus)) error {
	if err := rawVerify(body, sig); err != nil {
		return err
	}
	var n leanNotification
	if err := json.Unmarshal(body, &n); err != nil {
		return err
	}
	for _, e := range n.Entry {
		for _, c := range e.Changes {
			if c.Field != "messages" {
				continue
			}
			for i := range c.Value.Statuses {
				each(&c.Value.Statuses[i])
			}
		}
	}
	return nil
}

// waackVerifyParse is the same through waack's exported functions.
func waackVerifyParse(body []byte, sig string, each func(waack.Event)) error {
	if err := waack.VerifyCloudAPISignature(body, sig, appSecret); err != nil {
		return err
	}
	evs, err := waack.ParseCloudAPIWebhook(body)
	if err != nil {
		return err
	}
	for _, ev := range evs {
		each(ev)
	}
	return nil
}

// parseImpls are the three ways of verifying and parsing a body, each
// checking that it saw every status.
func parseImpls(b *testing.B, set *bodySet) []namedOp {
	bodies, sigs := set.get(1)
	body, sig := bodies[0], sigs[0]
	counted := func(run func(count *int) error) func() error {
		return func() error {
			count := 0
			if err := run(&count); err != nil {
				return err
			}
			if count != set.statuses {
				b.Fatalf("%d statuses, want %d", count, set.statuses)
			}
			return nil
		}
	}
	return []namedOp{
		{"raw", counted(func(n *int) error { return rawVerifyParse(body, sig, func(*rawStatus) { *n++ }) })},
		{"lean", counted(func(n *int) error { return leanVerifyParse(body, sig, func(*leanStatus) { *n++ }) })},
		{"waack", counted(func(n *int) error { return waackVerifyParse(body, sig, func(waack.Event) { *n++ }) })},
	}
}

// namedOp is one implementation of a paired benchmark.
type namedOp struct {
	name string
	op   func() error
}

// BenchmarkWebhookParse verifies and parses one signed body per op, at
// every size: waack's VerifyCloudAPISignature and ParseCloudAPIWebhook
// against hmac.Equal and json.Unmarshal into typed structs of the same
// fields (impl=raw) and into the lean structs of earlier runs
// (impl=raw-lean). ns/event is ns/op divided by the statuses per body;
// B/op and allocs/op are exact.
func BenchmarkWebhookParse(b *testing.B) {
	for _, set := range sizes {
		b.Run("events="+strconv.Itoa(set.statuses), func(b *testing.B) {
			for _, impl := range parseImpls(b, set) {
				name := impl.name
				if name == "lean" {
					name = "raw-lean"
				}
				b.Run("impl="+name, func(b *testing.B) {
					perEvent(b, set.statuses, impl.op)
				})
			}
		})
	}
}

// BenchmarkWebhookParsePaired is BenchmarkWebhookParse with the three
// ways timed side by side in the same run: every iteration runs each once,
// the first of them rotating, and times each, so that all meet the same
// load from the rest of the machine (see BenchmarkReactPaired). It reports
// each one's ns/event and the ratios waack/raw and waack/lean.
func BenchmarkWebhookParsePaired(b *testing.B) {
	for _, set := range sizes {
		b.Run("events="+strconv.Itoa(set.statuses), func(b *testing.B) {
			runInterleaved(b, set.statuses, parseImpls(b, set), [2]int{2, 0}, [2]int{2, 1})
		})
	}
}

// runInterleaved times ops side by side, rotating which goes first, and
// reports <name>-ns/event for each and, for each pair {a, b} of ratios,
// <a>/<b>: the time of ops[a] over the time of ops[b].
func runInterleaved(b *testing.B, events int, ops []namedOp, ratios ...[2]int) {
	spent := make([]time.Duration, len(ops))
	for i := 0; b.Loop(); i++ {
		for j := range ops {
			k := (i + j) % len(ops)
			start := time.Now()
			if err := ops[k].op(); err != nil {
				b.Fatal(err)
			}
			spent[k] += time.Since(start)
		}
	}
	n := float64(b.N * events)
	for k, op := range ops {
		b.ReportMetric(float64(spent[k].Nanoseconds())/n, op.name+"-ns/event")
	}
	for _, r := range ratios {
		b.ReportMetric(float64(spent[r[0]])/float64(spent[r[1]]), ops[r[0]].name+"/"+ops[r[1]].name)
	}
}

// perEvent runs op per iteration and reports ns/event.
func perEvent(b *testing.B, events int, op func() error) {
	b.ReportAllocs()
	for b.Loop() {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*events), "ns/event")
}

// hookURL is where the benchmarks post webhooks.
var hookURL, _ = url.Parse("https://example.com/webhook")

// post serves one signed body and fails unless h answers 200.
func post(b *testing.B, h http.Handler, body []byte, sig string) {
	r := &http.Request{
		Method:        http.MethodPost,
		URL:           hookURL,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"X-Hub-Signature-256": {sig}, "Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Host:          hookURL.Host,
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		b.Fatalf("webhook answered %d", w.Code)
	}
}

// waackHandler is NewWebhookHandler for signed Cloud API webhooks that
// counts the events it gets.
func waackHandler(b *testing.B, dedup waack.Deduper, count *int) http.Handler {
	h, err := waack.NewWebhookHandler(waack.CloudAPI{}, waack.WebhookConfig{
		AppSecret: appSecret,
		Dedup:     dedup,
		OnEvent: func(context.Context, waack.Event) error {
			*count++
			return nil
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	return h
}

// rawHandler is the hand-written equivalent, without de-duplication.
func rawHandler(count *int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, waack.DefaultMaxWebhookBytes))
		if err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		if err := rawVerifyParse(body, r.Header.Get("X-Hub-Signature-256"), func(*rawStatus) { *count++ }); err != nil {
			http.Error(w, "bad webhook", http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// BenchmarkWebhookHandler posts one signed body per op through
// NewWebhookHandler, with every status new to the de-duplicator (the
// bodies' ids never repeat while the default de-duplicator remembers
// them). dedup=default is the headline; dedup=none uses NoDedup, and
// impl=raw is a hand-written handler (read, hmac.Equal, json.Unmarshal).
func BenchmarkWebhookHandler(b *testing.B) {
	for _, set := range sizes {
		b.Run("events="+strconv.Itoa(set.statuses), func(b *testing.B) {
			b.Run("impl=raw", func(b *testing.B) {
				count := 0
				serveBodies(b, set, rawHandler(&count), &count)
			})
			b.Run("impl=waack", func(b *testing.B) {
				count := 0
				serveBodies(b, set, waackHandler(b, nil, &count), &count)
			})
			b.Run("impl=waack-nodedup", func(b *testing.B) {
				count := 0
				serveBodies(b, set, waackHandler(b, waack.NoDedup(), &count), &count)
			})
		})
	}
}

// serveBodies posts b.N bodies of set to h and checks that every status
// reached it.
func serveBodies(b *testing.B, set *bodySet, h http.Handler, count *int) {
	bodies, sigs := set.get(b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		post(b, h, bodies[i%len(bodies)], sigs[i%len(sigs)])
	}
	b.StopTimer()
	if *count != b.N*set.statuses {
		b.Fatalf("OnEvent got %d events, want %d", *count, b.N*set.statuses)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*set.statuses), "ns/event")
}

// BenchmarkWebhookHandlerPrior shows that the handler's cost per webhook
// does not grow with how many events its default de-duplicator has seen:
// it first handles 1,000 or 100,000 (its capacity) other statuses, then
// posts single-status webhooks. allocs/op must be the same for both.
func BenchmarkWebhookHandlerPrior(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run("prior="+strconv.Itoa(n/1000)+"k", func(b *testing.B) {
			count := 0
			h := waackHandler(b, nil, &count)
			bodies, sigs := prior.get(n / prior.statuses)
			for i := range n / prior.statuses {
				post(b, h, bodies[i], sigs[i])
			}
			count = 0
			serveBodies(b, single, h, &count)
		})
	}
}
