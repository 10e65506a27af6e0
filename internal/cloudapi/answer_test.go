package cloudapi

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/waack/waack/internal/lenient"
	"github.com/waack/waack/internal/wire"
)

func ptr[T any](v T) *T { return &v }

const rateLimitBody = `{"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429,` +
	`"error_data":{"messaging_product":"whatsapp","details":"Cloud API message throughput has been reached."},` +
	`"error_subcode":2494055,"fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}}`

const htmlBadGateway = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"

// errorCases are the error answers both decoders read the same way.
var errorCases = []struct {
	name   string
	status int
	body   string
	want   wire.Failure
}{
	{
		name: "graph envelope", status: 400, body: rateLimitBody,
		want: wire.Failure{
			Code: 130429, Subcode: 2494055, Type: "OAuthException", Title: "Rate limit hit",
			Message: "(#130429) Rate limit hit", Details: "Cloud API message throughput has been reached.",
			TraceID: "Az8or2yhqkZfEZ-_4Qn_Bam", Recognised: true,
		},
	},
	{
		name: "user title and message, transient hint", status: 500,
		body: `{"error":{"message":"An unknown error occurred","type":"OAuthException","code":1,` +
			`"is_transient":true,"error_user_title":"Try again","error_user_msg":"Please retry.","fbtrace_id":"AbC"}}`,
		want: wire.Failure{
			Code: 1, Type: "OAuthException", Title: "Try again", Message: "An unknown error occurred",
			Details: "Please retry.", TraceID: "AbC", Transient: ptr(true), Recognised: true,
		},
	},
	{
		name: "details win over user message", status: 400,
		body: `{"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,` +
			`"error_data":{"details":"More than 24 hours have passed."},"error_user_msg":"ignored"}}`,
		want: wire.Failure{
			Code: 131047, Type: "OAuthException", Title: "Re-engagement message",
			Message: "(#131047) Re-engagement message", Details: "More than 24 hours have passed.", Recognised: true,
		},
	},
	{
		name: "token error without title prefix", status: 401,
		body: `{"error":{"message":"Invalid OAuth access token - Cannot parse access token","type":"OAuthException","code":190,"fbtrace_id":"X"}}`,
		want: wire.Failure{
			Code: 190, Type: "OAuthException", Message: "Invalid OAuth access token - Cannot parse access token",
			TraceID: "X", Recognised: true,
		},
	},
	{
		name: "envelope with a mistyped code keeps the rest", status: 400,
		body: `{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":"100","is_transient":false}}`,
		want: wire.Failure{
			Type: "OAuthException", Title: "Invalid parameter", Message: "(#100) Invalid parameter",
			Transient: ptr(false), Recognised: true,
		},
	},
	{
		name: "mistyped transient hint is no hint", status: 400,
		body: `{"error":{"message":"(#100) Invalid parameter","code":100,"is_transient":"false"}}`,
		want: wire.Failure{Code: 100, Title: "Invalid parameter", Message: "(#100) Invalid parameter", Recognised: true},
	},
	{
		name: "error envelope in a 200", status: 200, body: rateLimitBody,
		want: wire.Failure{
			Code: 130429, Subcode: 2494055, Type: "OAuthException", Title: "Rate limit hit",
			Message: "(#130429) Rate limit hit", Details: "Cloud API message throughput has been reached.",
			TraceID: "Az8or2yhqkZfEZ-_4Qn_Bam", Recognised: true,
		},
	},
	{
		name: "HTML 502 page", status: 502, body: htmlBadGateway,
		want: wire.Failure{Message: "no Graph error envelope: <html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Gateway</h1></center> </body> </html>"},
	},
	{name: "empty 503", status: 503, body: "", want: wire.Failure{Message: "no Graph error envelope: empty body"}},
	{
		name: "truncated envelope", status: 500, body: `{"error":{"message":"(#1) An unknown er`,
		want: wire.Failure{Message: `no Graph error envelope: {"error":{"message":"(#1) An unknown er`},
	},
	{
		name: "empty error object", status: 400, body: `{"error":{}}`,
		want: wire.Failure{Message: `no Graph error envelope: {"error":{}}`},
	},
	{
		name: "envelope of blanks", status: 401, body: `{"error":{"message":" \n","type":" "}}`,
		want: wire.Failure{Message: `no Graph error envelope: {"error":{"message":" \n","type":" "}}`},
	},
	{
		name: "error as a string is not Graph's envelope", status: 400, body: `{"error":"bad request"}`,
		want: wire.Failure{Message: `no Graph error envelope: {"error":"bad request"}`},
	},
}

func TestDecodeErrors(t *testing.T) {
	d := New("v23.0", "1")
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			sent, f := d.DecodeSend(tc.status, []byte(tc.body))
			assert.Equal(t, wire.Sent{}, sent)
			if assert.NotNil(t, f) {
				assert.Equal(t, tc.want, *f)
			}
			if assert.NotNil(t, d.DecodeRead(tc.status, []byte(tc.body))) {
				assert.Equal(t, tc.want, *d.DecodeRead(tc.status, []byte(tc.body)))
			}
		})
	}
}

func TestDecodeSendSuccess(t *testing.T) {
	cases := []struct {
		name string
		body string
		want wire.Sent
	}{
		{
			name: "text answer",
			body: `{"messaging_product":"whatsapp","contacts":[{"input":"16505551234","wa_id":"16505551234"}],"messages":[{"id":"wamid.A"}]}`,
			want: wire.Sent{ID: "wamid.A", WaID: "16505551234"},
		},
		{
			name: "message_status, user_id and unknown fields",
			body: `{"messaging_product":"whatsapp","contacts":[{"input":"+16505551234","wa_id":"16505551234","user_id":"US.13491208655302741918","new":{"x":1}}],` +
				`"messages":[{"id":"wamid.B","message_status":"accepted","group_id":"g"}],"extra":[1,2,3]}`,
			want: wire.Sent{ID: "wamid.B", WaID: "16505551234", UserID: "US.13491208655302741918", Status: "accepted"},
		},
		{
			name: "BSUID recipient without wa_id",
			body: `{"contacts":[{"input":"US.1","user_id":"US.1"}],"messages":[{"id":"wamid.C"}]}`,
			want: wire.Sent{ID: "wamid.C", UserID: "US.1"},
		},
		{
			name: "no contacts",
			body: `{"messages":[{"id":"wamid.D","message_status":"held_for_quality_assessment"}]}`,
			want: wire.Sent{ID: "wamid.D", Status: "held_for_quality_assessment"},
		},
		{
			name: "mistyped optional field",
			body: `{"contacts":[{"wa_id":16505551234}],"messages":[{"id":"wamid.E","message_status":7}]}`,
			want: wire.Sent{ID: "wamid.E"},
		},
	}
	d := New("v23.0", "1")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, status := range []int{200, 201} {
				sent, f := d.DecodeSend(status, []byte(tc.body))
				assert.Nil(t, f)
				assert.Equal(t, tc.want, sent)
			}
		})
	}
}

func TestDecodeSendSuccessWithoutIDIsAmbiguous(t *testing.T) {
	for _, body := range []string{
		`{"messaging_product":"whatsapp","contacts":[{"wa_id":"1"}]}`,
		`{"messages":[]}`,
		`{"messages":[{"id":""}]}`,
		`{"messages":[{"id":123}]}`,
		`{"success":true}`,
		`[]`,
		``,
		`<html>OK</html>`,
		`{"messages":[{"id":"wamid.A"}]`,
	} {
		t.Run(body, func(t *testing.T) {
			sent, f := New("v23.0", "1").DecodeSend(200, []byte(body))
			assert.Equal(t, wire.Sent{}, sent)
			if assert.NotNil(t, f) {
				assert.False(t, f.Recognised, "a 2xx without an id is an ambiguous answer, not a refusal")
				assert.NotEmpty(t, f.Message)
			}
		})
	}
}

func TestDecodeRead(t *testing.T) {
	cases := []struct {
		name       string
		body       string
		fail       bool
		recognised bool
	}{
		{name: "success true", body: `{"success":true}`},
		{name: "empty body", body: ""},
		{name: "blank body", body: " \n"},
		{name: "unknown JSON", body: `{"ok":1}`},
		{name: "JSON array", body: `[]`},
		{name: "success mistyped", body: `{"success":"false"}`},
		{name: "success false", body: `{"success":false}`, fail: true, recognised: true},
		{name: "not JSON", body: `<html>OK</html>`, fail: true},
		{name: "truncated", body: `{"success":tr`, fail: true},
	}
	d := New("v23.0", "1")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := d.DecodeRead(200, []byte(tc.body))
			if !tc.fail {
				assert.Nil(t, f)
				return
			}
			if assert.NotNil(t, f) {
				assert.Equal(t, tc.recognised, f.Recognised)
				assert.NotEmpty(t, f.Message)
			}
		})
	}
}

func TestUnrecognisedBodyIsClipped(t *testing.T) {
	body := "<html>" + strings.Repeat("é", 5000) + "</html>"
	sent, f := New("v23.0", "1").DecodeSend(502, []byte(body))
	assert.Equal(t, wire.Sent{}, sent)
	if assert.NotNil(t, f) {
		assert.LessOrEqual(t, len(f.Message), len("no Graph error envelope: ")+lenient.SnippetCap+len("…"))
		assert.True(t, strings.HasSuffix(f.Message, "…"))
	}
}

func TestEnvelopeFieldsAreClipped(t *testing.T) {
	long := strings.Repeat("x", 10*lenient.FieldCap)
	body := `{"error":{"message":"` + long + `","type":"OAuthException","code":100,"error_data":{"details":"` + long + `\n"}}}`
	f := New("v23.0", "1").DecodeRead(400, []byte(body))
	if assert.NotNil(t, f) {
		assert.Equal(t, strings.Repeat("x", lenient.FieldCap)+"…", f.Message)
		assert.Equal(t, strings.Repeat("x", lenient.FieldCap)+"…", f.Details)
	}
}

// A 2xx that names a message and carries an error envelope is not a
// refusal: the message may have gone out.
func TestDecodeSendIDAndErrorIsAmbiguous(t *testing.T) {
	body := `{"messages":[{"id":"wamid.A"}],"error":{"message":"(#131000) Something went wrong","code":131000}}`
	sent, f := New("v23.0", "1").DecodeSend(200, []byte(body))
	assert.Equal(t, wire.Sent{}, sent)
	if assert.NotNil(t, f) {
		assert.False(t, f.Recognised)
	}
}
