package cloudapi

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/waack/waack/internal/lenient"
	"github.com/waack/waack/internal/wire"
)

// fuzzSeeds are answers of every shape the table tests cover; the committed
// corpus under testdata/fuzz adds a few more.
func fuzzSeeds(f *testing.F) {
	for _, tc := range errorCases {
		f.Add(tc.status, []byte(tc.body))
	}
	f.Add(200, []byte(`{"contacts":[{"input":"1","wa_id":"1","user_id":"US.1"}],"messages":[{"id":"wamid.A","message_status":"accepted"}]}`))
	f.Add(200, []byte(`{"success":true}`))
	f.Add(200, []byte(`{"success":false}`))
	f.Add(204, []byte(``))
}

// checkFailure holds for every Failure this package returns: a short,
// printable, one-line message.
func checkFailure(t *testing.T, f *wire.Failure) {
	t.Helper()
	for _, s := range []string{f.Message, f.Title, f.Details, f.Type, f.TraceID} {
		if len(s) > lenient.FieldCap+len("…") || !utf8.ValidString(s) || strings.ContainsAny(s, "\r\n\x00") {
			t.Fatalf("unsafe failure text %q", s)
		}
	}
	if f.Recognised && f.Message == "" && f.Code == 0 && f.Type == "" {
		t.Fatalf("recognised failure says nothing: %+v", f)
	}
	if !f.Recognised && f.Message == "" {
		t.Fatalf("unrecognised failure without a message: %+v", f)
	}
}

func FuzzDecodeSend(f *testing.F) {
	fuzzSeeds(f)
	d := New("v23.0", "1")
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		sent, fail := d.DecodeSend(status, body)
		if fail == nil {
			if !wire.IsSuccess(status) || sent.ID == "" {
				t.Fatalf("success without a 2xx and an id: status %d, %+v", status, sent)
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
	d := New("v23.0", "1")
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
