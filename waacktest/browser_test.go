package waacktest_test

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

// browserWait bounds every browser test: launch, page load and each wait
// for the page to catch up.
const browserWait = 30 * time.Second

// newBrowser starts a headless Chromium for one test. Without one it skips,
// except in CI (CI set), where a missing browser is a failure: a skipped
// browser test would hide a broken page. .ci/install-chromium installs it.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("CHROME_PATH")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(path); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no Chromium at %s (CHROME_PATH) in CI: run .ci/install-chromium first: %v", path, err)
		}
		t.Skipf("no Chromium at %s: set CHROME_PATH or run .ci/install-chromium to run the browser tests", path)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox, // as root, Chromium refuses to start with its sandbox
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		// No network here: without these Chromium stalls on its own calls home.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc) // runs last: waits for the browser process to exit
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	// The first Do starts the browser and binds its life to ctx, so it has
	// no deadline of its own; a start that hangs is bounded from outside.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		require.NoError(t, err, "start Chromium at %s", path)
	case <-time.After(browserWait):
		cancelBrowser()
		<-started
		t.Fatalf("Chromium at %s did not start within %s", path, browserWait)
	}
	return ctx
}

// step bounds one browser action by browserWait.
func step(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, browserWait)
	t.Cleanup(cancel)
	return sctx
}

// waitFor waits until an element matching the CSS selector sel is visible.
func waitFor(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	require.NoError(t, chromedp.Do(step(t, ctx), chromedp.WaitVisible(chromedp.CSS(sel))), "waiting for %s", sel)
}

// waitGone waits until nothing matches the CSS selector sel.
func waitGone(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	require.NoError(t, chromedp.Do(step(t, ctx), chromedp.WaitNotPresent(chromedp.CSS(sel))), "waiting for %s to go", sel)
}

// textOf waits for sel to be visible and returns its text.
func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	waitFor(t, ctx, sel)
	text, err := chromedp.Run(step(t, ctx), chromedp.Text(chromedp.CSS(sel)))
	require.NoError(t, err, sel)
	return text
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(step(t, ctx), chromedp.Evaluate[T](expr))
	require.NoError(t, err, expr)
	return v
}

// colorOf is the computed text colour of the first element sel matches.
func colorOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return eval[string](t, ctx, "getComputedStyle(document.querySelector("+strconv.Quote(sel)+")).color")
}

func countOf(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	return eval[int](t, ctx, "document.querySelectorAll("+strconv.Quote(sel)+").length")
}

func openView(t *testing.T, ctx context.Context, srv *waacktest.Server) {
	t.Helper()
	require.NoError(t, chromedp.Do(step(t, ctx), chromedp.Navigate(srv.URL()+"/")))
}

// sdk is a waack client for the sandbox's Cloud API number.
func sdk(t *testing.T, srv *waacktest.Server) *waack.Client {
	t.Helper()
	c, err := waack.New(srv.CloudAPI(), waack.WithHTTPClient(client))
	require.NoError(t, err)
	return c
}

func callCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// bubble selects a message's bubble on the page.
func bubble(id string) string { return `.bubble[data-message-id="` + id + `"]` }

func TestBrowserShowsReactionAndTicks(t *testing.T) {
	srv := newServer(t)
	ctx := newBrowser(t)
	c := sdk(t, srv)
	in := srv.Inbound(srv.CloudAPI(), customer, "Where is my order?")
	other := srv.Inbound(srv.CloudAPI(), customer, "It was due Monday")
	openView(t, ctx, srv)
	waitFor(t, ctx, bubble(other))

	_, err := c.React(callCtx(t), waack.Reaction{To: customer, MessageID: in, Emoji: "👍"})
	require.NoError(t, err)
	assert.Equal(t, "👍", textOf(t, ctx, bubble(in)+` .reaction[data-by="business"] .emoji`))
	assert.Equal(t, 1, countOf(t, ctx, ".reaction"), "only the target shows it")

	sent, err := c.SendText(callCtx(t), waack.Text{To: customer, Body: "On its way!"})
	require.NoError(t, err)
	waitFor(t, ctx, bubble(sent.ID)+` .ticks[data-state="delivered"]`)
	assert.Equal(t, "rgb(134, 150, 160)", colorOf(t, ctx, bubble(sent.ID)+" .ticks"), "delivered: grey ✓✓")

	require.True(t, srv.Read(sent.ID))
	assert.Equal(t, "✓✓", textOf(t, ctx, bubble(sent.ID)+` .ticks[data-state="read"]`))
	assert.Equal(t, "rgb(83, 189, 235)", colorOf(t, ctx, bubble(sent.ID)+" .ticks"), "read: blue ✓✓")
}

func TestBrowserShowsReadTypingAndFailures(t *testing.T) {
	srv := newServer(t)
	ctx := newBrowser(t)
	c := sdk(t, srv)
	in := srv.Inbound(srv.CloudAPI(), customer, "Anyone there?")
	typing := `.phone[data-chat="cloudapi:` + customerDigits + `"] .bubble.typing`
	openView(t, ctx, srv)
	waitFor(t, ctx, bubble(in))
	assert.Zero(t, countOf(t, ctx, bubble(in)+`[data-read]`))

	require.NoError(t, c.MarkRead(callCtx(t), waack.ReadReceipt{MessageID: in, Typing: true}))
	waitFor(t, ctx, bubble(in)+`[data-read="true"] .ticks[data-state="read"]`)
	waitFor(t, ctx, typing)

	// A reply dismisses the typing indicator.
	_, err := c.SendText(callCtx(t), waack.Text{To: customer, Body: "Yes, looking now"})
	require.NoError(t, err)
	waitGone(t, ctx, typing)

	// So does the sandbox clock passing its end.
	require.NoError(t, c.MarkRead(callCtx(t), waack.ReadReceipt{MessageID: in, Typing: true}))
	waitFor(t, ctx, typing)
	srv.Advance(26 * time.Second)
	waitGone(t, ctx, typing)

	// Outside the 24-hour window a text is accepted, then fails.
	srv.Advance(25 * time.Hour)
	late, err := c.SendText(callCtx(t), waack.Text{To: customer, Body: "Sorry for the wait"})
	require.NoError(t, err)
	assert.Equal(t, "! 131047", textOf(t, ctx, bubble(late.ID)+` .ticks[data-state="failed"]`))

	// A reaction to a message the chat does not have fails with 131009.
	bad, err := c.React(callCtx(t), waack.Reaction{To: customer, MessageID: "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUZBQ0U=", Emoji: "👍"})
	require.NoError(t, err)
	assert.Equal(t, "! 131009", textOf(t, ctx, bubble(bad.ID)+` .ticks[data-state="failed"]`))
}

func TestBrowserTabsAndPlainText(t *testing.T) {
	srv := newServer(t)
	ctx := newBrowser(t)
	first := srv.Inbound(srv.CloudAPI(), customer, "<img src=x onerror=alert(1)> hi")
	openView(t, ctx, srv)
	waitFor(t, ctx, bubble(first))
	assert.Equal(t, "<img src=x onerror=alert(1)> hi", textOf(t, ctx, bubble(first)+" .text"), "texts are shown, not parsed")
	assert.Zero(t, countOf(t, ctx, ".phones img"))

	// A chat that begins later gets its phone and its tab live.
	second := srv.Inbound(srv.OneMsg(), "+44 7700 900123", "Second chat")
	waitFor(t, ctx, bubble(second))
	tab := `.tab[data-chat="1msg:447700900123"]`
	assert.Equal(t, "1MSG · +447700900123", textOf(t, ctx, tab))

	cloudPhone := `.phone[data-chat="cloudapi:` + customerDigits + `"]`
	require.NoError(t, chromedp.Do(step(t, ctx), chromedp.Click(chromedp.CSS(tab))))
	require.NoError(t, chromedp.Do(step(t, ctx), chromedp.WaitNotVisible(chromedp.CSS(cloudPhone))))
	waitFor(t, ctx, `.phone[data-chat="1msg:447700900123"]`)

	require.NoError(t, chromedp.Do(step(t, ctx), chromedp.Click(chromedp.CSS(`.tab[data-chat="all"]`))))
	waitFor(t, ctx, cloudPhone)
}
