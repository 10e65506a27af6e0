package cloudapi

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Meta publishes the Cloud API as an OpenAPI document (MIT licensed; copied
// with its license under testdata/openapi so that a clone can run these
// tests). Every golden request body must validate against it.
const (
	specFile     = "testdata/openapi/meta-business-messaging-api_v23.0.yaml"
	specMessages = "/{Version}/{Phone-Number-ID}/messages"
	schemaPrefix = "#/components/schemas/"
)

// metaSpec is the part of Meta's document these tests use.
type metaSpec struct {
	message  *openapi3.SchemaRef // request body of POST .../messages
	markRead *openapi3.Schema    // MarkMessageRequestPayload, the read receipt
	schemas  openapi3.Schemas
	examples openapi3.Examples // request body examples of POST .../messages
	loadTime time.Duration
}

// loadSpec parses the 1 MB document once per test binary (0.3 to 1 s on a
// 2-core machine; the tests log it).
var loadSpec = sync.OnceValues(func() (*metaSpec, error) {
	start := time.Now()
	doc, err := openapi3.NewLoader().LoadFromFile(specFile)
	if err != nil {
		return nil, err
	}
	// doc.Validate is not called: Meta's document carries examples that
	// fail its own patterns (e.g. BodyComponent), which says nothing about
	// the message schemas used here.
	item := doc.Paths.Find(specMessages)
	if item == nil || item.Post == nil || item.Post.RequestBody == nil {
		return nil, fmt.Errorf("no POST %s request body", specMessages)
	}
	media := item.Post.RequestBody.Value.Content.Get("application/json")
	if media == nil || media.Schema == nil {
		return nil, fmt.Errorf("POST %s has no application/json schema", specMessages)
	}
	mark := doc.Components.Schemas["MarkMessageRequestPayload"]
	if mark == nil {
		return nil, fmt.Errorf("no MarkMessageRequestPayload schema")
	}
	return &metaSpec{
		message: media.Schema, markRead: mark.Value, schemas: doc.Components.Schemas,
		examples: media.Examples, loadTime: time.Since(start),
	}, nil
})

func spec(t *testing.T) *metaSpec {
	t.Helper()
	s, err := loadSpec()
	require.NoError(t, err)
	t.Logf("Meta OpenAPI loaded in %v", s.loadTime)
	return s
}

// validate checks a request body against the schema Meta gives it: a read
// receipt (it has "status" and no "type") against MarkMessageRequestPayload,
// which the messages operation does not reference but the spec defines for
// it; any other body against the Message variant its "type" selects through
// the discriminator.
func (s *metaSpec) validate(body []byte) error {
	var v map[string]any
	if err := json.Unmarshal(body, &v); err != nil {
		return err
	}
	if _, isRead := v["status"]; isRead {
		if _, typed := v["type"]; !typed {
			return s.markRead.VisitJSON(v, openapi3.MultiErrors())
		}
	}
	variant, err := s.variant(v["type"])
	if err != nil {
		return err
	}
	schema := withCallbackData(closeAllOf(variant))
	if _, ok := v["recipient"]; ok {
		schema = withRecipient(schema)
	}
	return schema.VisitJSON(v, openapi3.MultiErrors())
}

// withCallbackData adds biz_opaque_callback_data, which Meta documents on
// every send (echoed in status webhooks) but v23.0's message schemas lack;
// its 512-character bound is the one the spec gives elsewhere.
func withCallbackData(s *openapi3.Schema) *openapi3.Schema {
	out := *s
	out.Properties = openapi3.Schemas{}
	for name, prop := range s.Properties {
		out.Properties[name] = prop
	}
	out.Properties["biz_opaque_callback_data"] = openapi3.NewStringSchema().WithMaxLength(512).NewRef()
	return &out
}

// withRecipient extends a v23.0 message schema with the field Meta added
// in May 2026: "recipient", a business-scoped user id, instead of "to"
// (the spec predates it). Exactly one of them is allowed: Meta documents
// that "to" wins when both are sent, so waack never sends both.
func withRecipient(s *openapi3.Schema) *openapi3.Schema {
	out := *s
	out.Properties = openapi3.Schemas{}
	for name, prop := range s.Properties {
		if name != "to" {
			out.Properties[name] = prop
		}
	}
	out.Properties["recipient"] = openapi3.NewStringSchema().WithPattern(`^[A-Z]{2}\.[0-9]+$`).NewRef()
	out.Required = nil
	for _, r := range s.Required {
		if r != "to" {
			out.Required = append(out.Required, r)
		}
	}
	out.Required = append(out.Required, "recipient")
	return &out
}

// variant resolves a message type through Message's discriminator, and
// checks that the variant is one of Message's oneOf members.
func (s *metaSpec) variant(typ any) (*openapi3.Schema, error) {
	name, _ := typ.(string)
	msg := s.message.Value
	if msg.Discriminator == nil || msg.Discriminator.PropertyName != "type" {
		return nil, fmt.Errorf("message schema has no type discriminator")
	}
	mapped, ok := msg.Discriminator.Mapping[name]
	if !ok {
		return nil, fmt.Errorf("type %q is not a message type of the spec", name)
	}
	for _, member := range msg.OneOf {
		if member.Ref == mapped.Ref {
			return s.schemas[strings.TrimPrefix(mapped.Ref, schemaPrefix)].Value, nil
		}
	}
	return nil, fmt.Errorf("%s is not among the message oneOf members", mapped.Ref)
}

// closeAllOf merges a message variant's allOf parts into one object schema.
// Meta writes each variant as allOf [BaseMessageProperties, {its own
// properties, additionalProperties: false}]. Read literally (OpenAPI 3.0
// follows JSON Schema draft 4) the second part forbids the base properties,
// so no body at all validates (TestSpecVariantsRejectEverythingAsWritten).
// The intent, a closed union of both parts, is what unevaluatedProperties
// would say in later drafts; the merged schema checks exactly that.
func closeAllOf(s *openapi3.Schema) *openapi3.Schema {
	merged := openapi3.NewObjectSchema()
	closed := false
	for _, part := range s.AllOf {
		p := part.Value
		for name, prop := range p.Properties {
			if prev, ok := merged.Properties[name]; ok {
				prop = openapi3.NewAllOfSchema(prev.Value, prop.Value).NewRef()
			}
			merged.Properties[name] = prop
		}
		merged.Required = append(merged.Required, p.Required...)
		if has := p.AdditionalProperties.Has; has != nil && !*has {
			closed = true
		}
	}
	if closed {
		merged.AdditionalProperties.Has = ptr(false)
	}
	return merged
}

// goldenBodies reads every golden request body of this package.
func goldenBodies(t *testing.T) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob("testdata/*.json")
	require.NoError(t, err)
	require.Len(t, paths, len(goldenRequests(New("v", "p"))), "one golden file per request shape")
	out := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		out[strings.TrimSuffix(filepath.Base(p), ".json")] = b
	}
	return out
}

func TestGoldenBodiesValidateAgainstMetaOpenAPI(t *testing.T) {
	s := spec(t)
	for name, body := range goldenBodies(t) {
		t.Run(name, func(t *testing.T) {
			assert.NoError(t, s.validate(body))
		})
	}
}

// TestGoldenBodiesHaveTheShapeOfMetaExamples compares the key paths of each
// body with Meta's own example of the same request, which also covers what
// the schemas leave out (the typing indicator is in no schema, only in the
// example).
func TestGoldenBodiesHaveTheShapeOfMetaExamples(t *testing.T) {
	s := spec(t)
	examples := map[string]string{
		"reaction":           "Send Reply with Reaction Message",
		"unreaction":         "Send Reply with Reaction Message",
		"text":               "Send Text Message",
		"text_escaping":      "Send Text Message",
		"text_reply_preview": "Send Reply to Text Message",
		"read_typing":        "Send typing indicator and read receipt",
	}
	bodies := goldenBodies(t)
	for name, example := range examples {
		t.Run(name, func(t *testing.T) {
			ex := s.examples[example]
			require.NotNil(t, ex, "Meta example %q", example)
			var got map[string]any
			require.NoError(t, json.Unmarshal(bodies[name], &got))
			assert.Equal(t, keyPaths(ex.Value.Value, ""), keyPaths(got, ""))
		})
	}
	var typing map[string]any
	require.NoError(t, json.Unmarshal(bodies["read_typing"], &typing))
	want := s.examples["Send typing indicator and read receipt"].Value.Value.(map[string]any)["typing_indicator"]
	assert.Equal(t, want, typing["typing_indicator"])
}

// keyPaths lists the dotted paths of every leaf of a decoded JSON object.
func keyPaths(v any, prefix string) []string {
	obj, ok := v.(map[string]any)
	if !ok {
		return []string{prefix}
	}
	var out []string
	for k, child := range obj {
		out = append(out, keyPaths(child, prefix+"/"+k)...)
	}
	sort.Strings(out)
	return out
}

// TestSpecRejectsBrokenBodies proves the validation can fail: each golden
// body, broken in one way, must be refused.
func TestSpecRejectsBrokenBodies(t *testing.T) {
	s := spec(t)
	bodies := goldenBodies(t)
	cases := []struct {
		name, golden string
		breakIt      func(m map[string]any)
		reason       string // what the validator must name
	}{
		{"reaction field misspelled", "reaction", func(m map[string]any) {
			r := m["reaction"].(map[string]any)
			r["messageId"] = r["message_id"]
			delete(r, "message_id")
		}, `"messageId" is unsupported`},
		{"unknown recipient type", "text", func(m map[string]any) { m["recipient_type"] = "broadcast" }, "/recipient_type"},
		{"no recipient", "text", func(m map[string]any) { delete(m, "to") }, `"to" is missing`},
		{"BSUID recipient missing", "text_bsuid_tracking", func(m map[string]any) { delete(m, "recipient"); m["to"] = nil }, "/to"},
		{"BSUID recipient not a BSUID", "reaction_bsuid", func(m map[string]any) { m["recipient"] = "16505551234" }, "/recipient"},
		{"tracking id too long", "text_bsuid_tracking", func(m map[string]any) { m["biz_opaque_callback_data"] = strings.Repeat("x", 513) }, "/biz_opaque_callback_data"},
		{"no text object", "text", func(m map[string]any) { delete(m, "text") }, `"text" is missing`},
		{"preview_url as a string", "text_reply_preview", func(m map[string]any) {
			m["text"].(map[string]any)["preview_url"] = "true"
		}, "/text/preview_url"},
		{"stray top-level field", "text", func(m map[string]any) {
			m["typing_indicator"] = map[string]any{"type": "text"}
		}, `"typing_indicator" is unsupported`},
		{"unknown message type", "text", func(m map[string]any) { m["type"] = "txt" }, `"txt"`},
		{"read receipt without message id", "read_typing", func(m map[string]any) { delete(m, "message_id") }, `"message_id" is missing`},
		{"read receipt with a numeric status", "read", func(m map[string]any) { m["status"] = 1 }, "/status"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var m map[string]any
			require.NoError(t, json.Unmarshal(bodies[tc.golden], &m))
			tc.breakIt(m)
			broken, err := json.Marshal(m)
			require.NoError(t, err)
			assert.ErrorContains(t, s.validate(broken), tc.reason)
		})
	}
}

// TestSpecVariantsRejectEverythingAsWritten documents why closeAllOf
// exists: validated as written, Meta's text variant refuses Meta's own
// example. When this starts to fail, the spec has been fixed and closeAllOf
// can go.
func TestSpecVariantsRejectEverythingAsWritten(t *testing.T) {
	s := spec(t)
	variant, err := s.variant("text")
	require.NoError(t, err)
	example := s.examples["Send Text Message"].Value.Value
	assert.Error(t, variant.VisitJSON(example))
	assert.NoError(t, closeAllOf(variant).VisitJSON(example))
}
