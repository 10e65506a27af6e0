package cloudapi

import (
	"testing"

	"github.com/waack/waack/internal/testkit"
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

// checkFailure holds for every Failure this package returns: safe texts
// (testkit.CheckFailureTexts), and a recognised refusal always says something.
func checkFailure(t *testing.T, f *wire.Failure) {
	t.Helper()
	testkit.CheckFailureTexts(t, f)
	if f.Recognised && f.Message == "" && f.Code == 0 && f.Type == "" {
		t.Fatalf("recognised failure says nothing: %+v", f)
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
