package waacktest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack/waacktest"
)

// sendTextRaw sends a text for driver d without failing on transport errors.
func sendTextRaw(ctx context.Context, t *testing.T, srv *waacktest.Server, d driver) (answer, error) {
	switch d.name {
	case "cloudapi":
		return try(ctx, http.MethodPost, cloudURL(srv), `{"messaging_product":"whatsapp","recipient_type":"individual","to":"16505551234","type":"text","text":{"body":"hello"}}`,
			"Authorization", "Bearer "+srv.CloudAPI().AccessToken)
	case "1msg":
		return try(ctx, http.MethodPost, oneMsgURL(srv, "sendMessage"), `{"phone":"16505551234","body":"hello"}`)
	}
	return try(ctx, http.MethodPost, wawpURL(srv, "/v2/send/text"), `{"chatId":"16505551234@c.us","message":"hello"}`)
}

// sentTexts counts the business texts in the customer's chat.
func sentTexts(srv *waacktest.Server, d driver) int {
	chat, _ := srv.Chat(d.provider(srv), customer)
	n := 0
	for _, m := range chat.Messages {
		if m.Direction == waacktest.FromBusiness {
			n++
		}
	}
	return n
}

func TestRefusingFaults(t *testing.T) {
	type want struct {
		status     int
		cloudCode  float64
		oneMsg     any // the 1MSG error text, or the Graph code it passes through
		wawp       string
		retryAfter string
	}
	cases := []struct {
		fault waacktest.Fault
		want  want
	}{
		{waacktest.FaultThrottle400, want{400, 130429, 130429.0, "Rate limit hit", ""}},
		{waacktest.FaultThrottle429, want{429, 130429, 130429.0, "Rate limit hit", "1"}},
		{waacktest.FaultThrottle429.WithRetryAfter(2500 * time.Millisecond), want{429, 130429, 130429.0, "Rate limit hit", "3"}},
		{waacktest.FaultServerError, want{500, 131000, "Internal server error", "Internal server error", ""}},
		{waacktest.FaultPairRateLimit, want{400, 131056, 131056.0, "(Business Account, Consumer Account) pair rate limit hit", ""}},
	}
	for _, d := range drivers {
		for _, c := range cases {
			t.Run(d.name+"/"+c.fault.String(), func(t *testing.T) {
				srv := newServer(t)
				srv.Inbound(d.provider(srv), customer, "hi")
				srv.FailNext(1, c.fault)
				a := d.text(t, srv, "hello")
				require.Equal(t, c.want.status, a.status, "%s", a.body)
				assert.Equal(t, c.want.retryAfter, a.header.Get("Retry-After"))
				switch d.name {
				case "cloudapi":
					assert.Equal(t, c.want.cloudCode, get(t, a.json(t), "error", "code"))
					assert.NotEmpty(t, get(t, a.json(t), "error", "error_data", "details"))
				case "1msg":
					if code, ok := c.want.oneMsg.(float64); ok {
						assert.Equal(t, code, get(t, a.json(t), "error", "code"), "Meta's error passed through")
					} else {
						assert.Equal(t, c.want.oneMsg, a.json(t)["error"])
					}
				default:
					assert.Equal(t, c.want.wawp, a.json(t)["error"])
				}
				assert.Zero(t, sentTexts(srv, d), "a refused call is not applied")
				reqs := srv.Requests()
				assert.Equal(t, c.fault.String(), reqs[0].Fault)
				assert.Equal(t, c.want.status, reqs[0].StatusCode)
				assert.Equal(t, "send_text", reqs[0].Op)

				require.Equal(t, 200, d.text(t, srv, "again").status, "only the next call fails")
				assert.Equal(t, 1, sentTexts(srv, d))
			})
		}
	}
}

func TestBadGatewayFault(t *testing.T) {
	srv := newServer(t)
	srv.Inbound(srv.CloudAPI(), customer, "hi")
	srv.FailNext(1, waacktest.FaultBadGateway)
	a := do(t, http.MethodPost, cloudURL(srv), `{}`, "Authorization", "Bearer "+srv.CloudAPI().AccessToken)
	assert.Equal(t, 502, a.status)
	assert.Equal(t, "text/html", a.header.Get("Content-Type"))
	assert.Contains(t, string(a.body), "<h1>502 Bad Gateway</h1>")
	assert.False(t, json.Valid(a.body))
}

func TestDropFaults(t *testing.T) {
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			srv := newServer(t)
			srv.Inbound(d.provider(srv), customer, "hi")
			rcv := hook(t, srv, d.provider(srv), "s")

			srv.FailNext(1, waacktest.FaultDropBeforeApply)
			_, err := sendTextRaw(context.Background(), t, srv, d)
			require.Error(t, err, "no answer at all")
			assert.Zero(t, sentTexts(srv, d), "dropped before it was applied")

			srv.FailNext(1, waacktest.FaultDropAfterRead)
			_, err = sendTextRaw(context.Background(), t, srv, d)
			require.Error(t, err, "no answer at all")
			assert.Equal(t, 1, sentTexts(srv, d), "applied, then the answer was lost")
			flush(t, srv)
			assert.NotEmpty(t, d.statuses(t, rcv.all()), "and the webhooks report it")

			reqs := srv.Requests()
			require.Len(t, reqs, 2)
			assert.Equal(t, []string{"drop_before_apply", "drop_after_read"}, []string{reqs[0].Fault, reqs[1].Fault})
			assert.Zero(t, reqs[0].StatusCode)
			assert.Zero(t, reqs[1].StatusCode)
		})
	}
}

func TestMalformedJSONFault(t *testing.T) {
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			srv := newServer(t)
			srv.Inbound(d.provider(srv), customer, "hi")
			srv.FailNext(1, waacktest.FaultMalformedJSON)
			a := d.text(t, srv, "hello")
			assert.Equal(t, 200, a.status)
			assert.NotEmpty(t, a.body)
			assert.False(t, json.Valid(a.body), "%s", a.body)
			assert.Equal(t, 1, sentTexts(srv, d), "applied")
		})
	}
}

func TestSlowFault(t *testing.T) {
	srv := newServer(t)
	d := drivers[0]
	srv.Inbound(d.provider(srv), customer, "hi")

	srv.FailNext(1, waacktest.FaultSlow.WithDelay(time.Millisecond))
	a, err := sendTextRaw(context.Background(), t, srv, d)
	require.NoError(t, err)
	assert.Equal(t, 200, a.status, "a short delay, then the normal answer")

	// A client that gives up: the message was sent all the same.
	srv.FailNext(1, waacktest.FaultSlow.WithDelay(time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = sendTextRaw(ctx, t, srv, d)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 2, sentTexts(srv, d))
}

func TestCloseEndsSlowCalls(t *testing.T) {
	srv := waacktest.NewServer()
	d := drivers[1]
	srv.Inbound(d.provider(srv), customer, "hi")
	srv.FailNext(1, waacktest.FaultSlow.WithDelay(time.Hour))
	done := make(chan error, 1)
	go func() {
		_, err := sendTextRaw(context.Background(), t, srv, d)
		done <- err
	}()
	for len(srv.Requests()) == 0 && sentTexts(srv, d) == 0 {
		time.Sleep(time.Millisecond) // until the call is in the slow wait
	}
	srv.Close()
	require.Error(t, <-done, "closed without an answer")
}

func TestFailNextQueues(t *testing.T) {
	srv := newServer(t)
	srv.Inbound(srv.CloudAPI(), customer, "hi")
	srv.FailNext(2, waacktest.FaultServerError)
	srv.FailNext(1, waacktest.FaultThrottle400)
	srv.FailNext(5, waacktest.Fault{}) // the zero Fault is no fault
	srv.FailNext(-1, waacktest.FaultBadGateway)
	var got []int
	for range 4 {
		got = append(got, drivers[0].text(t, srv, "x").status)
	}
	assert.Equal(t, []int{500, 500, 400, 200}, got)
	assert.Equal(t, "", waacktest.Fault{}.String())
}
