package waacktest

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
)

// web holds the live view: plain HTML, CSS and JS with no build step and
// nothing fetched from elsewhere, so it works on a machine without network.
//
//go:embed web
var web embed.FS

// webAssets is web/ without its folder prefix, as /_waack/static/ serves it.
var webAssets, _ = fs.Sub(web, "web") // fs.Sub fails only on an invalid path

// webCSP keeps the page to its own origin: no CDN, no inline script, and
// message texts (which are rendered as text, never as HTML) cannot load
// anything even if that ever changed.
const webCSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"

// webRoutes registers the live web view next to the API routes: the page at
// exactly "/" and everything else under /_waack/, paths no dialect uses,
// including the customer controls (webview_customer.go).
func (s *Server) webRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", servePage)
	mux.Handle("GET /_waack/static/", http.StripPrefix("/_waack/static/", webHeaders(http.FileServerFS(webAssets))))
	mux.HandleFunc("GET /_waack/chats", s.serveChats)
	mux.HandleFunc("GET /_waack/events", s.serveEvents)
	s.customerRoutes(mux)
	s.clockRoutes(mux)
}

// indexHTML is the page; read once, it never changes.
var indexHTML, _ = web.ReadFile("web/index.html") // embedded: cannot fail

func servePage(w http.ResponseWriter, _ *http.Request) {
	h := w.Header()
	setWebHeaders(h)
	h.Set("Content-Security-Policy", webCSP)
	h.Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(indexHTML)
}

// setWebHeaders sets the headers every web view answer carries. no-store:
// a restarted sandbox has new state and maybe new assets.
func setWebHeaders(h http.Header) {
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
}

func webHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setWebHeaders(w.Header())
		next.ServeHTTP(w, r)
	})
}

// serveChats answers the view's state as JSON, for polling and tests.
func (s *Server) serveChats(w http.ResponseWriter, _ *http.Request) {
	b, err := json.Marshal(s.viewState())
	if err != nil { // only for a clock moved beyond the year 9999
		http.Error(w, "cannot render the chats", http.StatusInternalServerError)
		return
	}
	setWebHeaders(w.Header())
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(b)
}
