package waack_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
)

// TestNoSecretOnAnyFaultPath runs the whole fault table with a debug
// logger: no credential (Cloud API bearer token, 1MSG query token, Wawp
// access token) may appear in the error, however it is printed, in any
// log line, or in a panic value.
func TestNoSecretOnAnyFaultPath(t *testing.T) {
	forEachFault(t, true, func(t *testing.T, _ outcome, got faultCall) {
		require.NotEmpty(t, got.secret)
		assert.NotEmpty(t, got.logs, "attempts are logged at debug level")
		assertNoSecret(t, got.secret, got.err, got.logs, got.panicValue)
	})
}

// assertNoSecret checks every printed form of err, the logs and a panic
// value for secret, as it is and query-escaped.
func assertNoSecret(t *testing.T, secret string, err error, logs string, panicValue any) {
	t.Helper()
	printed := logs + "\n" + fmt.Sprint(panicValue) + "\n" + printedChain(err)
	for _, s := range []string{secret, strings.ReplaceAll(secret, "-", "%2D")} {
		assert.NotContains(t, printed, s)
	}
}

// printedChain prints err and everything it wraps with %v, %+v and %#v, as
// a careless caller or an error reporter might.
func printedChain(err error) string {
	if err == nil {
		return ""
	}
	s := fmt.Sprintf("%v\n%+v\n%#v\n", err, err, err)
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		s += printedChain(u.Unwrap())
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			s += printedChain(e)
		}
	}
	return s
}

const webhookAppSecret = "meta-app-secret-9b1e"

// signatureBody is a Cloud API webhook with one message.
func signatureBody(t *testing.T) []byte {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", "webhooks", "cloudapi", "message_only.json"))
	require.NoError(t, err)
	return body
}

func hexMAC(key string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// TestWebhookSignatureBypassRejected posts signatures an attacker could
// try. Only Meta's exact form over the exact body reaches OnEvent.
func TestWebhookSignatureBypassRejected(t *testing.T) {
	body := signatureBody(t)
	valid := "sha256=" + hexMAC(webhookAppSecret, body)
	sha1MAC := hmac.New(sha1.New, []byte(webhookAppSecret))
	sha1MAC.Write(body)
	modified := append([]byte(nil), body...)
	modified[len(modified)/2] ^= 0x01

	cases := []struct {
		name    string
		body    []byte
		headers []string // X-Hub-Signature-256 values; none: header absent
	}{
		{"missing header", body, nil},
		{"empty header", body, []string{""}},
		{"sha1 scheme", body, []string{"sha1=" + hex.EncodeToString(sha1MAC.Sum(nil))}},
		{"sha1 scheme with the sha256 digest", body, []string{"sha1=" + hexMAC(webhookAppSecret, body)}},
		{"no scheme", body, []string{hexMAC(webhookAppSecret, body)}},
		{"uppercase scheme", body, []string{"SHA256=" + hexMAC(webhookAppSecret, body)}},
		{"uppercase hex", body, []string{"sha256=" + strings.ToUpper(hexMAC(webhookAppSecret, body))}},
		{"one digit short", body, []string{valid[:len(valid)-1]}},
		{"one digit long", body, []string{valid + "0"}},
		{"trailing space", body, []string{valid + " "}},
		{"truncated to 32 digits", body, []string{valid[:len("sha256=")+32]}},
		{"not hex", body, []string{"sha256=" + strings.Repeat("zz", 32)}},
		{"all zero", body, []string{"sha256=" + strings.Repeat("0", 64)}},
		{"signature of another body", body, []string{"sha256=" + hexMAC(webhookAppSecret, []byte(`{"object":"whatsapp_business_account","entry":[]}`))}},
		{"signed with another secret", body, []string{"sha256=" + hexMAC("other-secret", body)}},
		{"signed with an empty secret", body, []string{"sha256=" + hexMAC("", body)}},
		{"replayed signature, one bit changed", modified, []string{valid}},
		{"replayed signature, whitespace appended", append(append([]byte(nil), body...), ' '), []string{valid}},
		{"replayed signature, body re-encoded", []byte(strings.ReplaceAll(string(body), "\n", "")), []string{valid}},
		{"valid and invalid header", body, []string{valid, "sha256=" + strings.Repeat("0", 64)}},
		{"valid header twice", body, []string{valid, valid}},
	}
	var handled atomic.Int64
	h, err := waack.NewWebhookHandler(waack.CloudAPI{}, waack.WebhookConfig{
		AppSecret: webhookAppSecret,
		OnEvent:   func(context.Context, waack.Event) error { handled.Add(1); return nil },
		Dedup:     waack.NoDedup(),
	})
	require.NoError(t, err)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "replayed signature, body re-encoded" {
				require.NotEqual(t, body, tc.body, "the fixture must have line breaks to remove")
			}
			req := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(string(tc.body)))
			for _, v := range tc.headers {
				req.Header.Add("X-Hub-Signature-256", v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			assert.Equal(t, http.StatusUnauthorized, rec.Code)
			assert.NotContains(t, rec.Body.String(), webhookAppSecret)
			if len(tc.headers) == 1 {
				assert.ErrorIs(t, waack.VerifyCloudAPISignature(tc.body, tc.headers[0], webhookAppSecret), waack.ErrBadSignature)
			}
		})
	}
	require.Zero(t, handled.Load(), "no rejected body may reach OnEvent")

	// The control: the genuine signature is accepted.
	req := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(string(body)))
	req.Header.Set("X-Hub-Signature-256", valid)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, int64(1), handled.Load())
	assert.NoError(t, waack.VerifyCloudAPISignature(body, valid, webhookAppSecret))
	assert.ErrorIs(t, waack.VerifyCloudAPISignature(body, valid, ""), waack.ErrBadSignature, "no secret verifies nothing")
}

// A handler that could not authenticate is refused at construction, for
// every provider, unless the caller opts out explicitly.
func TestWebhookHandlerRefusesMissingSecret(t *testing.T) {
	onEvent := func(context.Context, waack.Event) error { return nil }
	for _, p := range []waack.Provider{waack.CloudAPI{}, waack.OneMsg{}, waack.Wawp{}} {
		_, err := waack.NewWebhookHandler(p, waack.WebhookConfig{OnEvent: onEvent})
		assert.ErrorIs(t, err, waack.ErrInvalidConfig, p.Name())
		// A secret meant for another provider does not count.
		other := waack.WebhookConfig{OnEvent: onEvent, Secret: "s"}
		if p.Name() != waack.ProviderCloudAPI {
			other = waack.WebhookConfig{OnEvent: onEvent, AppSecret: "s"}
		}
		_, err = waack.NewWebhookHandler(p, other)
		assert.ErrorIs(t, err, waack.ErrInvalidConfig, p.Name())
		_, err = waack.NewWebhookHandler(p, waack.WebhookConfig{OnEvent: onEvent, InsecureSkipVerify: true})
		assert.NoError(t, err, p.Name())
	}
}

// 1MSG and Wawp webhooks carry a shared secret: only the exact value, in
// the query or the header, is accepted.
func TestWebhookSharedSecretBypassRejected(t *testing.T) {
	const secret = "hook-secret-Q3v"
	bodies := map[string]string{
		waack.ProviderOneMsg: `{"messages":[{"id":"wamid.S1","body":"hi","fromMe":false,"author":"16505551234@c.us","chatId":"16505551234@c.us","type":"chat","time":1749416383}],"channelId":1}`,
		waack.ProviderWawp:   `{"event":"message","session":"s","payload":{"id":"false_16505551234@c.us_3EB0S1","from":"16505551234@c.us","fromMe":false,"body":"hi","timestamp":1749416383}}`,
	}
	for _, p := range []waack.Provider{waack.OneMsg{}, waack.Wawp{}} {
		var handled atomic.Int64
		h, err := waack.NewWebhookHandler(p, waack.WebhookConfig{
			Secret:  secret,
			OnEvent: func(context.Context, waack.Event) error { handled.Add(1); return nil },
			Dedup:   waack.NoDedup(),
		})
		require.NoError(t, err)
		post := func(query, header string) int {
			req := httptest.NewRequest(http.MethodPost, "/hook"+query, strings.NewReader(bodies[p.Name()]))
			if header != "" {
				req.Header.Set(waack.SecretHeader, header)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			assert.NotContains(t, rec.Body.String(), secret)
			return rec.Code
		}
		for name, try := range map[string][2]string{
			"none":          {"", ""},
			"empty":         {"?secret=", ""},
			"wrong":         {"?secret=guess", ""},
			"prefix":        {"?secret=" + secret[:len(secret)-1], ""},
			"longer":        {"?secret=" + secret + "x", ""},
			"other case":    {"?secret=" + strings.ToUpper(secret), ""},
			"other name":    {"?token=" + secret, ""},
			"header prefix": {"", secret[:4]},
			"header wrong":  {"", "x" + secret},
		} {
			assert.Equal(t, http.StatusUnauthorized, post(try[0], try[1]), "%s %s", p.Name(), name)
		}
		assert.Zero(t, handled.Load(), p.Name())
		assert.Equal(t, http.StatusOK, post("?secret="+secret, ""), p.Name())
		assert.Equal(t, http.StatusOK, post("", secret), p.Name())
		assert.Equal(t, int64(2), handled.Load(), p.Name())
	}
}

// Secret comparison must be exact whatever the lengths and shared
// prefixes (the handler hashes both sides and compares the digests with
// subtle.ConstantTimeCompare, and signatures with hmac.Equal). Timing
// cannot be asserted reliably in a test; TestSecretsComparedInConstantTime
// pins the primitives, and RELIABILITY.md points at the code.
func TestVerifyTokenComparisonIsExact(t *testing.T) {
	const verify = "verify-token-éß-42"
	h, err := waack.NewWebhookHandler(waack.CloudAPI{}, waack.WebhookConfig{
		AppSecret:   webhookAppSecret,
		VerifyToken: verify,
		OnEvent:     func(context.Context, waack.Event) error { return nil },
	})
	require.NoError(t, err)
	handshake := func(token string) int {
		req := httptest.NewRequest(http.MethodGet, "/hook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token="+token, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	for _, wrong := range []string{"", "v", verify[:len(verify)-1], verify + "2", strings.ToUpper(verify), verify + "%00", "%20" + verify} {
		assert.Equal(t, http.StatusForbidden, handshake(wrong), "%q", wrong)
	}
	assert.Equal(t, http.StatusOK, handshake("verify-token-%C3%A9%C3%9F-42"))
}

// TestSecretsComparedInConstantTime reads the webhook code: secrets and
// digests are compared only with hmac.Equal or subtle.ConstantTimeCompare,
// never with ==, !=, bytes.Equal or strings.EqualFold (which return at the
// first differing byte). Comparing with the empty string (is a secret
// configured?) reveals nothing and is allowed.
func TestSecretsComparedInConstantTime(t *testing.T) {
	var files []string
	for _, pattern := range []string{"webhook*.go", "internal/wire/secret.go", "internal/cloudapi/auth.go", "internal/*/webhook*.go"} {
		more, err := filepath.Glob(pattern)
		require.NoError(t, err)
		files = append(files, more...)
	}
	// The received signature header is the caller's input, not a secret:
	// checking its form may take variable time. What it is compared
	// against (the computed MAC) and configured secrets may not.
	secretish := func(e ast.Expr) bool {
		if call, ok := e.(*ast.CallExpr); ok && exprString(call.Fun) == "len" {
			return false // lengths are public
		}
		s := strings.ToLower(exprString(e))
		for _, w := range []string{"secret", "verifytoken", "verify_token", "digest", "mac", "want"} {
			if strings.Contains(s, w) {
				return true
			}
		}
		return false
	}
	isEmptyString := func(e ast.Expr) bool {
		lit, ok := e.(*ast.BasicLit)
		return ok && lit.Kind == token.STRING && (lit.Value == `""` || lit.Value == "``")
	}
	var constantTime int
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BinaryExpr:
				if (n.Op == token.EQL || n.Op == token.NEQ) && (secretish(n.X) || secretish(n.Y)) &&
					!isEmptyString(n.X) && !isEmptyString(n.Y) && !isNil(n.X) && !isNil(n.Y) {
					t.Errorf("%s: %s compares a secret with %s", fset.Position(n.Pos()), exprString(n), n.Op)
				}
			case *ast.CallExpr:
				switch fn := exprString(n.Fun); fn {
				case "hmac.Equal", "subtle.ConstantTimeCompare":
					constantTime++
				case "bytes.Equal", "strings.EqualFold", "strings.Compare", "bytes.Compare", "reflect.DeepEqual":
					for _, a := range n.Args {
						if secretish(a) {
							t.Errorf("%s: %s compares a secret in variable time", fset.Position(n.Pos()), fn)
							break
						}
					}
				}
			}
			return true
		})
	}
	assert.GreaterOrEqual(t, constantTime, 2, "signatures (hmac.Equal) and shared secrets (subtle.ConstantTimeCompare)")
}

func isNil(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "nil"
}

// exprString prints the identifiers and selectors of an expression, enough
// to name what is compared.
func exprString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	case *ast.CallExpr:
		args := make([]string, len(e.Args))
		for i, a := range e.Args {
			args[i] = exprString(a)
		}
		return exprString(e.Fun) + "(" + strings.Join(args, ", ") + ")"
	case *ast.IndexExpr:
		return exprString(e.X) + "[" + exprString(e.Index) + "]"
	case *ast.SliceExpr:
		return exprString(e.X) + "[:]"
	case *ast.BinaryExpr:
		return exprString(e.X) + " " + e.Op.String() + " " + exprString(e.Y)
	case *ast.BasicLit:
		return e.Value
	case *ast.UnaryExpr:
		return e.Op.String() + exprString(e.X)
	case *ast.ParenExpr:
		return "(" + exprString(e.X) + ")"
	case *ast.StarExpr:
		return "*" + exprString(e.X)
	}
	return fmt.Sprintf("%T", e)
}

// TestPlainHTTPOnlyOnLoopback: a base URL without TLS would put the
// bearer token or the query token on the network in clear, so plain http
// is refused for every provider unless the host is loopback.
func TestPlainHTTPOnlyOnLoopback(t *testing.T) {
	configs := map[string]func(base string) waack.Provider{
		waack.ProviderCloudAPI: func(b string) waack.Provider {
			return waack.CloudAPI{PhoneNumberID: "1", AccessToken: rawSecrets[waack.ProviderCloudAPI], BaseURL: b}
		},
		waack.ProviderOneMsg: func(b string) waack.Provider {
			return waack.OneMsg{ChannelID: "c", Token: rawSecrets[waack.ProviderOneMsg], BaseURL: b}
		},
		waack.ProviderWawp: func(b string) waack.Provider {
			return waack.Wawp{InstanceID: "i", AccessToken: rawSecrets[waack.ProviderWawp], BaseURL: b}
		},
	}
	refused := []string{
		"http://graph.facebook.com", "http://api.1msg.io", "http://api.wawp.net", "http://10.0.0.1:8080",
		"http://192.168.1.10", "http://0.0.0.0:80", "http://localhost.example.com", "http://127.0.0.1.nip.io",
		"http://[2001:db8::1]", "ws://127.0.0.1", "ftp://127.0.0.1", "//127.0.0.1", "127.0.0.1:8080",
		"http://user:pass@127.0.0.1", "http://127.0.0.1/?token=x",
	}
	allowed := []string{
		"http://127.0.0.1:8025", "http://127.0.0.2", "http://[::1]:9", "http://localhost:1/", "http://LOCALHOST",
		"https://graph.facebook.com", "https://relay.example.com/base/",
	}
	for name, config := range configs {
		for _, base := range refused {
			c, err := waack.New(config(base))
			assert.Nil(t, c, "%s %s", name, base)
			assert.ErrorIs(t, err, waack.ErrInvalidConfig, "%s %s", name, base)
			if err != nil {
				assert.NotContains(t, err.Error(), rawSecrets[name])
			}
		}
		for _, base := range allowed {
			_, err := waack.New(config(base))
			assert.NoError(t, err, "%s %s", name, base)
		}
	}
}

// Errors of the constructor name the missing field, never a value.
func TestConfigErrorsCarryNoSecret(t *testing.T) {
	for _, p := range []waack.Provider{
		waack.CloudAPI{AccessToken: rawSecrets[waack.ProviderCloudAPI]},
		waack.CloudAPI{AccessToken: rawSecrets[waack.ProviderCloudAPI], PhoneNumberID: "1", BaseURL: "http://example.com"},
		waack.OneMsg{Token: rawSecrets[waack.ProviderOneMsg]},
		waack.OneMsg{Token: rawSecrets[waack.ProviderOneMsg], ChannelID: "c", BaseURL: "http://" + rawSecrets[waack.ProviderOneMsg] + ".example"},
		waack.Wawp{AccessToken: rawSecrets[waack.ProviderWawp]},
	} {
		_, err := waack.New(p)
		require.ErrorIs(t, err, waack.ErrInvalidConfig)
		assert.NotContains(t, printedChain(err), secretOf(p))
		assert.False(t, errors.Is(err, waack.ErrUnauthorized))
	}
}
