package waacktest_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

// windowText is the window line of the Cloud API chat with customer.
func windowText(t *testing.T, ctx context.Context) string {
	t.Helper()
	return textOf(t, ctx, `.phone[data-chat="cloudapi:`+customerDigits+`"] .window`)
}

// advanceBy clicks one of the page's clock buttons and waits until the
// page shows the sandbox clock moved to want.
func advanceBy(t *testing.T, ctx context.Context, srv *waacktest.Server, button string, want time.Time) {
	t.Helper()
	act(t, ctx, chromedp.Click(chromedp.CSS(`button[data-advance="`+button+`"]`)))
	clock := "sandbox clock " + want.UTC().Format("2006-01-02 15:04:05")
	_, err := chromedp.Run(step(t, ctx), chromedp.Poll[bool](`document.getElementById("clock").textContent === `+strconv.Quote(clock)))
	require.NoError(t, err, "the page shows %s", clock)
	assert.True(t, want.Equal(srv.Now()), "the page moved the server's clock: %s", srv.Now())
}

// waitText waits until the first element sel matches has text want.
func waitText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	expr := `(document.querySelector(` + strconv.Quote(sel) + `) || {}).textContent === ` + strconv.Quote(want)
	_, err := chromedp.Run(step(t, ctx), chromedp.Poll[bool](expr))
	require.NoError(t, err, "waiting for %s to read %q", sel, want)
}

func TestBrowserAdvancesTheClock(t *testing.T) {
	start := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	srv := newServer(t, waacktest.WithStartTime(start))
	ctx := newBrowser(t)
	c := sdk(t, srv)
	in := srv.Inbound(srv.CloudAPI(), customer, "Where is my order?")
	openView(t, ctx, srv)
	waitFor(t, ctx, bubble(in))
	assert.Equal(t, "09:00", textOf(t, ctx, bubble(in)+" .time"))
	assert.Equal(t, "24h window open · 24h 0m left", windowText(t, ctx))

	// +1h: the countdown moves and a reply is stamped with the new time.
	advanceBy(t, ctx, srv, "1h", start.Add(time.Hour))
	assert.Equal(t, "24h window open · 23h 0m left", windowText(t, ctx))
	sent, err := c.SendText(callCtx(t), waack.Text{To: customer, Body: "On its way!"})
	require.NoError(t, err)
	assert.Equal(t, "10:00", textOf(t, ctx, bubble(sent.ID)+" .time"), "stamped with the sandbox clock")
	assert.Equal(t, "09:00", textOf(t, ctx, bubble(in)+" .time"), "earlier bubbles keep their time")

	// Typing ends when the page advances the clock past its 25 seconds.
	require.NoError(t, c.MarkRead(callCtx(t), waack.ReadReceipt{MessageID: in, Typing: true}))
	typing := `.phone[data-chat="cloudapi:` + customerDigits + `"] .bubble.typing`
	waitFor(t, ctx, typing)

	// +25h: the window closes and a text now fails, under a new day chip.
	advanceBy(t, ctx, srv, "25h", start.Add(26*time.Hour))
	waitGone(t, ctx, typing)
	assert.Equal(t, "24h window closed · texts fail (131047)", windowText(t, ctx))
	late, err := c.SendText(callCtx(t), waack.Text{To: customer, Body: "Sorry for the wait"})
	require.NoError(t, err)
	assert.Equal(t, "! 131047", textOf(t, ctx, bubble(late.ID)+` .ticks[data-state="failed"]`))
	assert.Equal(t, "11:00", textOf(t, ctx, bubble(late.ID)+" .time"))
	assert.Equal(t, "2026-04-02", textOf(t, ctx, `.day[data-day="2026-04-02"]`))

	// +31d: the customer's first message is now too old to react to.
	srv.Inbound(srv.CloudAPI(), customer, "Hello again") // reopen the window: only age matters
	advanceBy(t, ctx, srv, "31d", start.Add(26*time.Hour+31*24*time.Hour))
	old, err := c.React(callCtx(t), waack.Reaction{To: customer, MessageID: in, Emoji: "👍"})
	require.NoError(t, err)
	assert.Equal(t, "! 131009", textOf(t, ctx, bubble(old.ID)+` .ticks[data-state="failed"]`))
	assert.Zero(t, countOf(t, ctx, ".clock-box .error:not([hidden])"), "no error along the way")
}

func TestBrowserCopiesAMessageID(t *testing.T) {
	srv := newServer(t)
	ctx := newBrowser(t)
	in := srv.Inbound(srv.CloudAPI(), customer, "Copy my id")
	openView(t, ctx, srv)
	btn := bubble(in) + " .copy-id"
	waitFor(t, ctx, btn)
	assert.Equal(t, "Copy the message id "+in, eval[string](t, ctx, `document.querySelector(`+strconv.Quote(btn)+`).title`),
		"hovering shows the whole id")
	act(t, ctx, chromedp.Click(chromedp.CSS(btn)))
	waitFor(t, ctx, btn+`[data-copied]`)
	assert.Equal(t, "true", eval[string](t, ctx, `document.querySelector(`+strconv.Quote(btn)+`).dataset.copied`), "the copy worked")
	assert.Equal(t, "copied", textOf(t, ctx, btn))
}

// A chat whose first event is a failed reaction draws the day chip first
// (it used to draw the reaction above it).
func TestBrowserFailedReactionFirstComesAfterTheDayChip(t *testing.T) {
	srv := newServer(t)
	ctx := newBrowser(t)
	bad, err := sdk(t, srv).React(callCtx(t), waack.Reaction{To: customer, MessageID: "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUZBQ0U=", Emoji: "👍"})
	require.NoError(t, err)
	openView(t, ctx, srv)
	waitFor(t, ctx, bubble(bad.ID)+` .ticks[data-state="failed"]`)
	screen := `.phone[data-chat="cloudapi:` + customerDigits + `"] .screen`
	assert.Equal(t, []string{"day", "row"}, eval[[]string](t, ctx,
		`[...document.querySelector(`+strconv.Quote(screen)+`).children].map((e) => e.classList[0])`))
	assert.Equal(t, srv.Now().UTC().Format("2006-01-02"), textOf(t, ctx, screen+" > .day:first-child"))
}

// The page shows a BSUID customer by username, and notices (deleted,
// edited, a number change) and business echoes apart from messages.
func TestBrowserShowsUsernamesAndNotices(t *testing.T) {
	srv := newServer(t)
	ctx := newBrowser(t)
	in := srv.InboundBSUID(srv.CloudAPI(), "US.13491208655302741918", "sheena.nelson", "Hi, I have a username")
	kept := srv.Inbound(srv.CloudAPI(), customer, "Where is my order?")
	gone := srv.Inbound(srv.CloudAPI(), customer, "Oops, wrong chat")
	openView(t, ctx, srv)
	bsuidPhone := `.phone[data-chat="cloudapi:US.13491208655302741918"]`
	waitFor(t, ctx, bubble(in))
	assert.Equal(t, "@sheena.nelson · Cloud API", textOf(t, ctx, bsuidPhone+" .status-bar .owner"))
	assert.Equal(t, "Cloud API · @sheena.nelson", textOf(t, ctx, `.tab[data-chat="cloudapi:US.13491208655302741918"]`))

	require.NotEmpty(t, srv.Edit(kept, "Where is order 42?"))
	require.NotEmpty(t, srv.Revoke(gone))
	require.NotEmpty(t, srv.SystemNotice(srv.CloudAPI(), customer, "+1 650 555 9999"))
	echo := srv.BusinessEcho(srv.CloudAPI(), customer, "Answered from the app")
	phone := `.phone[data-chat="cloudapi:` + customerDigits + `"]`
	waitFor(t, ctx, bubble(echo))
	waitText(t, ctx, bubble(gone)+" .text", "🚫 This message was deleted")
	waitText(t, ctx, bubble(kept)+" .text", "Where is order 42?")
	assert.Equal(t, "edited", textOf(t, ctx, bubble(kept)+" .edited-note"))
	assert.Contains(t, textOf(t, ctx, phone+` .notice[data-notice="revoke"]`), "The customer deleted “Oops, wrong chat”")
	assert.Contains(t, textOf(t, ctx, phone+` .notice[data-notice="edit"]`), "edited a message to “Where is order 42?”")
	assert.Contains(t, textOf(t, ctx, phone+` .notice[data-notice="system"]`), "changed from +16505551234 to +16505559999")
	assert.Equal(t, "sent from the business's app", textOf(t, ctx, bubble(echo)+" .echo-note"))
}
