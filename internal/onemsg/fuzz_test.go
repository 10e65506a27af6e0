package onemsg

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/waack/waack/internal/testkit"
	"github.com/waack/waack/internal/wire"
)

// fuzzSeeds are the answers of the table tests; the committed corpus under
// testdata/fuzz adds a few more.
func fuzzSeeds(f *testing.F) {
	for _, tc := range failureCases {
		f.Add(tc.status, []byte(tc.body))
	}
	f.Add(200, []byte(`{"sent":true,"id":"wamid.A","message":"Sent","description":"ok"}`))
	f.Add(200, []byte(`{"sent":false,"jobId":7}`))
	f.Add(200, []byte(`{"result":"success"}`))
}

// checkFailure holds for every Failure this package returns: safe texts
// (testkit.CheckFailureTexts), and the 1MSG flags only on a recognised body.
func checkFailure(t *testing.T, f *wire.Failure) {
	t.Helper()
	testkit.CheckFailureTexts(t, f)
	if (f.NotSent || f.WindowClosed) && !f.Recognised {
		t.Fatalf("1MSG flags on an unrecognised answer: %+v", f)
	}
}

func FuzzDecodeSend(f *testing.F) {
	fuzzSeeds(f)
	d := New(testChannel, testToken)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		sent, fail := d.DecodeSend(status, body)
		if fail == nil {
			if !wire.IsSuccess(status) {
				t.Fatalf("success on status %d", status)
			}
			return
		}
		if sent != (wire.Sent{}) {
			t.Fatalf("failure with a sent message: %+v", sent)
		}
		checkFailure(t, fail)
	})
}

func FuzzDecodeRead(f *testing.F) {
	fuzzSeeds(f)
	d := New(testChannel, testToken)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		fail := d.DecodeRead(status, body)
		if fail == nil {
			if !wire.IsSuccess(status) {
				t.Fatalf("success on status %d", status)
			}
			return
		}
		checkFailure(t, fail)
	})
}

// FuzzRequests checks that any input builds valid JSON that carries the
// text and the target unchanged: the phone number is the one field whose
// encoding (a JSON number) could fail.
func FuzzRequests(f *testing.F) {
	f.Add(testPhone, escapingText, testWamid)
	f.Add(testGroup, "", "")
	f.Add("0123", "x", "wamid.1")
	f.Add("1e5", "\xff", "")
	f.Fuzz(func(t *testing.T, to, text, id string) {
		if !utf8.ValidString(text) || !utf8.ValidString(id) {
			t.Skip("JSON carries valid UTF-8 only; the root package validates text first")
		}
		d := New(testChannel, testToken)
		var got struct {
			Body        string `json:"body"`
			QuotedMsgID string `json:"quotedMsgId"`
		}
		for _, req := range []wire.Request{d.SendText(wire.Text{To: to, Body: text, ReplyTo: id, PreviewURL: false}), d.React(wire.Reaction{To: to, MessageID: id, Emoji: text})} {
			if err := json.Unmarshal(req.Body, &got); err != nil {
				t.Fatalf("invalid body %s: %v", req.Body, err)
			}
			if got.Body != text || got.QuotedMsgID != id {
				t.Fatalf("body %s lost the input", req.Body)
			}
		}
	})
}
