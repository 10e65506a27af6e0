package wawp

import (
	"strings"
	"testing"

	"github.com/waack/waack/internal/testkit"
	"github.com/waack/waack/internal/wire"
)

// fuzzSeeds are the answers of the table tests; the committed corpus under
// testdata/fuzz adds a few more.
func fuzzSeeds(f *testing.F) {
	for _, tc := range failureCases {
		f.Add(tc.status, []byte(tc.body))
	}
	for _, tc := range sendSuccesses {
		f.Add(200, []byte(tc.body))
	}
}

// checkFailure holds for every Failure this package returns: safe texts
// (testkit.CheckFailureTexts), and none of the flags Wawp never gives.
func checkFailure(t *testing.T, f *wire.Failure) {
	t.Helper()
	testkit.CheckFailureTexts(t, f)
	if f.NotSent || f.WindowClosed || f.Transient != nil {
		t.Fatalf("flags Wawp never gives: %+v", f)
	}
}

func FuzzDecodeSend(f *testing.F) {
	fuzzSeeds(f)
	d := New(testInstance, testToken)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		sent, fail := d.DecodeSend(status, body)
		if fail == nil {
			if !wire.IsSuccess(status) || sent.WaID != "" || sent.Status != "" {
				t.Fatalf("odd success on status %d: %+v", status, sent)
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
	d := New(testInstance, testToken)
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

func FuzzChatFromMessageID(f *testing.F) {
	for _, id := range []string{testMsgID, testGroupMsg, "false_1@newsletter_100_A", "3EB0ABC", "false_@c.us_A", "true_a@b_"} {
		f.Add(id)
	}
	f.Fuzz(func(t *testing.T, id string) {
		chat, ok := ChatFromMessageID(id)
		if !ok {
			if chat != "" {
				t.Fatalf("chat %q without ok", chat)
			}
			return
		}
		user, server, _ := strings.Cut(chat, "@")
		if user == "" || server == "" || strings.ContainsAny(chat, "_") || strings.Count(chat, "@") != 1 {
			t.Fatalf("malformed chat %q from %q", chat, id)
		}
		prefix := "false_" + chat + "_"
		if !strings.HasPrefix(id, prefix) {
			prefix = "true_" + chat + "_"
		}
		if !strings.HasPrefix(id, prefix) || len(id) == len(prefix) {
			t.Fatalf("chat %q is not followed by a message part in %q", chat, id)
		}
	})
}
