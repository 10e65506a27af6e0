package waacktest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/waack/waack"
)

// customerBodyLimit bounds a customer-control request body: far more than
// any text a person types, small enough that nobody can fill the memory.
const customerBodyLimit = 64 << 10

// customerRoutes registers the web view's customer controls: JSON
// endpoints that let a developer play the customer by hand, doing what
// Inbound, React and Read do in a test. They are registered for every
// method so that a wrong one gets a JSON 405 rather than the mux's text.
func (s *Server) customerRoutes(mux *http.ServeMux) {
	mux.HandleFunc("/_waack/customer/message", customerEndpoint(s.customerMessage))
	mux.HandleFunc("/_waack/customer/react", customerEndpoint(s.customerReact))
	mux.HandleFunc("/_waack/customer/read", customerEndpoint(s.customerRead))
}

// customerError is a refused customer-control request: its status and the
// message the page shows.
type customerError struct {
	status int
	msg    string
}

func badInput(format string, args ...any) *customerError {
	return &customerError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

// customerEndpoint adapts a handler of a decoded request body In to HTTP:
// POST only, and only with a JSON body. Requiring application/json is what
// keeps other sites out: an HTML form cannot send it, and a cross-origin
// fetch that sets it needs a CORS preflight this server never grants.
func customerEndpoint[In any](handle func(In) (any, *customerError)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeCustomer(w, http.StatusMethodNotAllowed, customerErrorBody(r.Method+" is not allowed here: use POST"))
			return
		}
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			writeCustomer(w, http.StatusUnsupportedMediaType, customerErrorBody("the body must be JSON, sent with Content-Type: application/json"))
			return
		}
		var in In
		if cerr := decodeCustomer(w, r, &in); cerr != nil {
			writeCustomer(w, cerr.status, customerErrorBody(cerr.msg))
			return
		}
		out, cerr := handle(in)
		if cerr != nil {
			writeCustomer(w, cerr.status, customerErrorBody(cerr.msg))
			return
		}
		writeCustomer(w, http.StatusOK, out)
	}
}

// decodeCustomer reads exactly one JSON object with only known fields, so
// a misspelt field is an error rather than silently empty.
func decodeCustomer(w http.ResponseWriter, r *http.Request, v any) *customerError {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, customerBodyLimit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return &customerError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("the body is over %d bytes", customerBodyLimit)}
		}
		return badInput("the body is not the JSON object expected: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return badInput("the body must hold one JSON object and nothing after it")
	}
	return nil
}

func customerErrorBody(msg string) any { return map[string]string{"error": msg} }

func writeCustomer(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil { // only maps of strings are written: cannot happen
		status, b = http.StatusInternalServerError, []byte(`{"error":"cannot render the answer"}`)
	}
	h := w.Header()
	setWebHeaders(h)
	h.Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// customerChat checks the provider name and the customer's phone every
// customer action starts from. The provider value is the dialect's blank
// configuration: the server reads only its name and number from one.
func (s *Server) customerChat(provider, from string) (waack.Provider, *customerError) {
	d, ok := s.dialects[provider]
	if !ok {
		names := make([]string, 0, len(s.dialects))
		for n := range s.dialects {
			names = append(names, fmt.Sprintf("%q", n))
		}
		slices.Sort(names)
		return nil, badInput("provider: want one of %s, got %q", strings.Join(names, ", "), provider)
	}
	if _, ok := customerKey(d, from); !ok {
		if isBSUID(from) {
			return nil, badInput("from: %q is a business-scoped user id, which %s has no customers by", from, provider)
		}
		return nil, badInput("from: %q is not a phone number (8 to 15 digits, e.g. +1 650 555 1234) or, on the Cloud API, a business-scoped user id (US.13491208655302741918)", from)
	}
	return d.blank(), nil
}

// customerMessageIn is the body of POST /_waack/customer/message.
type customerMessageIn struct {
	Provider string `json:"provider"`
	From     string `json:"from"`
	Text     string `json:"text"`
	ReplyTo  string `json:"replyTo"`
	// Username is the WhatsApp username of a customer whose from is a
	// business-scoped user id.
	Username string `json:"username"`
}

// customerIDOut answers an action that created a message with its id.
type customerIDOut struct {
	ID string `json:"id"`
}

// customerMessage writes a text as the customer, opening the chat if it is
// their first, exactly as Inbound does.
func (s *Server) customerMessage(in customerMessageIn) (any, *customerError) {
	p, cerr := s.customerChat(in.Provider, in.From)
	if cerr != nil {
		return nil, cerr
	}
	if strings.TrimSpace(in.Text) == "" {
		return nil, badInput("text: write something")
	}
	if in.ReplyTo != "" && !s.chatHasText(p, in.From, in.ReplyTo) {
		return nil, badInput("replyTo: %q is not a text of this chat", in.ReplyTo)
	}
	if in.Username != "" && !isBSUID(in.From) {
		return nil, badInput("username: only a customer known by a business-scoped user id (from: US.…) has one here")
	}
	id := s.inbound(p, in.From, in.Username, in.Text, in.ReplyTo)
	if id == "" { // everything InboundReply refuses was checked above
		return nil, badInput("the sandbox refused this message")
	}
	return customerIDOut{ID: id}, nil
}

// chatHasText reports whether customer from's chat on p has a text with id.
func (s *Server) chatHasText(p waack.Provider, from, id string) bool {
	c, ok := s.Chat(p, from)
	return ok && slices.ContainsFunc(c.Messages, func(m Message) bool { return m.ID == id && m.Type == TypeText })
}

// customerReactIn is the body of POST /_waack/customer/react; an empty
// emoji removes the customer's reaction.
type customerReactIn struct {
	Provider  string `json:"provider"`
	From      string `json:"from"`
	MessageID string `json:"messageId"`
	Emoji     string `json:"emoji"`
}

func (s *Server) customerReact(in customerReactIn) (any, *customerError) {
	p, cerr := s.customerChat(in.Provider, in.From)
	if cerr != nil {
		return nil, cerr
	}
	if in.MessageID == "" {
		return nil, badInput("messageId: missing")
	}
	if in.Emoji != "" && !validEmoji(in.Emoji) {
		return nil, badInput("emoji: %q is not one emoji (send \"\" to remove the reaction)", in.Emoji)
	}
	id := s.React(p, in.From, in.MessageID, in.Emoji)
	if id == "" {
		return nil, badInput("messageId: %q is not a text of this chat", in.MessageID)
	}
	return customerIDOut{ID: id}, nil
}

// customerReadIn is the body of POST /_waack/customer/read.
type customerReadIn struct {
	MessageID string `json:"messageId"`
}

// customerReadOut answers a read with the id of the business text read
// (a read creates no message of its own).
type customerReadOut struct {
	ID   string `json:"id"`
	Read bool   `json:"read"`
}

// customerRead reads a business text and, as Read does, every earlier one.
func (s *Server) customerRead(in customerReadIn) (any, *customerError) {
	if in.MessageID == "" {
		return nil, badInput("messageId: missing")
	}
	if !s.Read(in.MessageID) {
		return nil, badInput("messageId: %q is not a business text the customer can read (unknown, the customer's own, a reaction or failed)", in.MessageID)
	}
	return customerReadOut{ID: in.MessageID, Read: true}, nil
}
