package waacktest_test

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
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

// act runs browser actions, bounded by browserWait.
func act(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	for _, a := range actions {
		_, err := chromedp.Run(step(t, ctx), a)
		require.NoError(t, err)
	}
}

func TestBrowserPlaysTheCustomer(t *testing.T) {
	const heart = "\u2764\ufe0f" // ❤️, with the emoji presentation selector
	srv := newServer(t)
	rcv := hook(t, srv, srv.CloudAPI(), "")
	ctx := newBrowser(t)
	openView(t, ctx, srv)
	waitFor(t, ctx, "#empty")
	assert.Equal(t, "+1 650 555 1234", eval[string](t, ctx, `document.querySelector("#new-chat [name=from]").value`), "a customer is ready to write")

	// New chat: a refusal shows in the form, and nothing happens.
	act(t, ctx,
		chromedp.SetValue(chromedp.CSS(`#new-chat [name=from]`), "call me"),
		chromedp.SendKeys(chromedp.CSS(`#new-chat [name=text]`), "Hi, is my order on its way?"+kb.Enter))
	assert.Contains(t, textOf(t, ctx, "#new-chat-error"), `from: "call me" is not a phone number`)
	assert.Empty(t, srv.Chats())

	// With a phone, the message starts the chat, with its webhook.
	act(t, ctx,
		chromedp.SetValue(chromedp.CSS(`#new-chat [name=from]`), "+1 650 555 1234"),
		chromedp.Click(chromedp.CSS(`#new-chat button[type=submit]`)))
	phone := `.phone[data-chat="cloudapi:` + customerDigits + `"]`
	assert.Equal(t, "Hi, is my order on its way?", textOf(t, ctx, phone+` .bubble.out[data-from="customer"] .text`))
	act(t, ctx, chromedp.WaitNotVisible(chromedp.CSS("#new-chat-error")))
	chat, ok := srv.Chat(srv.CloudAPI(), customer)
	require.True(t, ok)
	require.Len(t, chat.Messages, 1)
	first := chat.Messages[0].ID
	waitFor(t, ctx, bubble(first))
	assert.Empty(t, eval[string](t, ctx, `document.querySelector("#new-chat [name=text]").value`), "the form is ready for the next chat")
	assert.True(t, eval[bool](t, ctx, `document.activeElement === document.querySelector(`+strconv.Quote(phone+" .composer-input")+`)`),
		"the new chat's composer has the focus")
	assert.Equal(t, "open", eval[string](t, ctx, `document.querySelector(`+strconv.Quote(phone+" .window")+`).dataset.window`))
	flush(t, srv)
	require.Len(t, rcv.all(), 1)
	assert.Contains(t, string(rcv.all()[0].body), first, "the webhook went out as for srv.Inbound")

	// The phone's composer: Enter sends.
	act(t, ctx, chromedp.SendKeys(chromedp.CSS(phone+" .composer-input"), "It was due Monday"+kb.Enter))
	waitFor(t, ctx, phone+` .row.out:nth-of-type(3) .bubble`) // the day, then two bubbles
	chat, _ = srv.Chat(srv.CloudAPI(), customer)
	require.Len(t, chat.Messages, 2)
	assert.Equal(t, "It was due Monday", textOf(t, ctx, bubble(chat.Messages[1].ID)+" .text"))
	assert.Empty(t, eval[string](t, ctx, `document.querySelector(`+strconv.Quote(phone+" .composer-input")+`).value`))

	// The business answers; the customer reacts to the answer.
	sent, err := sdk(t, srv).SendText(callCtx(t), waack.Text{To: customer, Body: "On its way!"})
	require.NoError(t, err)
	waitFor(t, ctx, bubble(sent.ID)+` .ticks[data-state="delivered"]`)
	assert.Zero(t, countOf(t, ctx, `.react-btn[data-id="`+first+`"]`), "the customer reacts to the business's texts only")
	act(t, ctx, chromedp.Click(chromedp.CSS(`.react-btn[data-id="`+sent.ID+`"]`)))
	assert.Equal(t, 6, countOf(t, ctx, `.picker .pick[data-emoji]`), "👍 ❤️ 😂 😮 😢 🙏, no remove yet")
	act(t, ctx, chromedp.Click(chromedp.CSS(`.picker .pick[data-emoji="`+heart+`"]`)))
	assert.Equal(t, heart, textOf(t, ctx, bubble(sent.ID)+` .reaction[data-by="customer"] .emoji`))
	waitGone(t, ctx, ".picker")
	assert.Equal(t, map[string]string{customerDigits: heart}, srv.Reactions(sent.ID))

	// Read: the business's ticks turn blue.
	assert.Equal(t, "1", textOf(t, ctx, phone+" .read-btn .count"))
	act(t, ctx, chromedp.Click(chromedp.CSS(phone+" .read-btn")))
	assert.Equal(t, "✓✓", textOf(t, ctx, bubble(sent.ID)+` .ticks[data-state="read"]`))
	assert.Equal(t, "rgb(83, 189, 235)", colorOf(t, ctx, bubble(sent.ID)+" .ticks"), "read: blue ✓✓")
	waitFor(t, ctx, phone+" .read-btn:disabled")
	chat, _ = srv.Chat(srv.CloudAPI(), customer)
	require.Len(t, chat.Messages, 4) // two texts, the answer, the reaction
	assert.Equal(t, sent.ID, chat.Messages[2].ID)
	assert.Equal(t, waack.StatusRead, chat.Messages[2].Status)
	assert.Zero(t, countOf(t, ctx, phone+" footer .error:not([hidden])"), "no error along the way")
}
