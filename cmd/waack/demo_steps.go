package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/waack/waack"
)

// The demo's customer and conversation.
const (
	demoCustomer  = "+1 650 555 1234"
	demoInbound   = "Hi! My CRM export fails since this morning."
	demoTopic     = "CRM export"
	demoReply     = "Hello, {{1}}! We received your request about «{{2}}». An agent will answer within the hour."
	demoLateText  = "Are you still there? Your export works again."
	demoTooOldAge = 31 * 24 * time.Hour
	// A Cloud API customer who set a username and is known only by their
	// business-scoped user id: webhooks carry no phone for them.
	demoUserID   = "US.13491208655302741918"
	demoUsername = "lee.customer"
)

// providerRules is how a provider reports the two rule violations, as the
// real APIs do.
type providerRules struct {
	tooOldHasCode  bool // a failed reaction carries 131009 (Wawp's ack -1 carries nothing)
	windowAtSend   bool // a text outside the window is refused by the call (1MSG), not reported failed later
	windowHasCode  bool // the failed status carries 131047
	refusalExplain string
}

func rulesOf(p waack.Provider) providerRules {
	switch p.Name() {
	case waack.ProviderCloudAPI:
		return providerRules{tooOldHasCode: true, windowHasCode: true}
	case waack.ProviderOneMsg:
		return providerRules{tooOldHasCode: true, windowAtSend: true}
	}
	return providerRules{}
}

// providerRun plays the scenario on one provider.
type providerRun struct {
	d       *demo
	ctx     context.Context
	p       waack.Provider
	rules   providerRules
	client  *waack.Client
	box     *inbox
	hookURL string
	forged  int      // forged webhooks posted, each refused
	recall  *recall  // what this run sent, so that a status says what it is about
	group   string   // the step number being run
	notes   []string // lines to print under the current step
}

func (d *demo) runProvider(ctx context.Context, p waack.Provider, recv *receiver) error {
	box, err := recv.add(p)
	if err != nil {
		return err
	}
	r := &providerRun{d: d, ctx: ctx, p: p, rules: rulesOf(p), box: box, hookURL: recv.url + "/" + p.Name(), recall: newRecall(recallCapacity)}
	secret := demoSecret
	if p.Name() == waack.ProviderCloudAPI {
		secret = demoAppSecret
	}
	if err := d.srv.SetWebhook(p, r.hookURL, secret); err != nil {
		return err
	}
	if r.client, err = waack.New(p); err != nil {
		return err
	}
	d.put(0, "")
	d.put(0, "%s (%s)", title(p), p.Name())
	r.scenario()
	return nil
}

// scenario runs the steps in order; after a failure the rest of this
// provider's steps would only fail for the same reason, so they are skipped.
func (r *providerRun) scenario() {
	var in waack.MessageEvent
	var reply string
	ok := r.step("1", "customer writes", func() (string, error) { return r.customerWrites(&in) }) &&
		r.step("", "forged webhook refused", r.forgedWebhook) &&
		r.step("", "acknowledge: react + read", func() (string, error) { return r.acknowledge(in) }) &&
		r.step("2", "long task started", func() (string, error) { return r.react(in, "⏳", "") }) &&
		r.step("", "long task done", func() (string, error) { return r.react(in, "✅", ", replacing ⏳") }) &&
		r.step("3", "reply with placeholders", func() (string, error) { return r.sendReply(in, &reply) }) &&
		r.step("", "customer reads the reply", func() (string, error) { return r.customerReads(reply) }) &&
		r.step("4", "31 days later: react", func() (string, error) { return r.reactTooOld(in) }) &&
		r.step("", "text after the 24 h window", func() (string, error) { return r.textOutsideWindow(in) })
	if ok && r.p.Name() == waack.ProviderCloudAPI {
		ok = r.step("5", "username customer: ack by id", r.usernameCustomer)
	}
	if !ok {
		r.d.put(4, "  – the remaining %s steps are skipped", title(r.p))
	}
}

// step runs one check and prints it, its notes and the webhooks that
// arrived meanwhile.
func (r *providerRun) step(num, label string, fn func() (string, error)) bool {
	if num != "" {
		r.group = num
	}
	detail, err := fn()
	r.d.checks++
	mark := "✓"
	if err != nil {
		mark, detail = "✗", err.Error()
		r.d.failed = append(r.d.failed, fmt.Sprintf("%s, step %s (%s): %v", title(r.p), r.group, label, err))
	}
	// The detail starts at column 35, each webhook's fields at 26.
	r.d.put(35, "  %s %-2s %-27s %s", mark, num, label, detail)
	for _, n := range r.notes {
		r.d.put(8, "       %s", n)
	}
	r.notes = nil
	for _, ev := range r.box.drain() {
		_, about := r.recall.observe(ev)
		r.d.put(26, "       webhook  %s", r.d.ids.line(ev, about))
	}
	return err == nil
}

// sent remembers what a call sent, so that its status webhooks say so.
func (r *providerRun) sent(s *waack.Sent, what string) {
	if s != nil && s.ID != "" {
		r.recall.sent(s.ID, what)
	}
}

// settle waits until the sandbox delivered every webhook queued so far and
// checks that each one passed verification.
func (r *providerRun) settle() error {
	ctx, cancel := context.WithTimeout(r.ctx, demoWait)
	defer cancel()
	if err := r.d.srv.Flush(ctx); err != nil {
		return fmt.Errorf("webhooks not delivered: %w", err)
	}
	if n := r.box.refusals() - r.forged; n > 0 {
		return fmt.Errorf("%d webhook(s) refused by the handler: signature or secret did not verify", n)
	}
	return nil
}

// wait waits for a status webhook of message id.
func (r *providerRun) wait(id string, s waack.Status) (waack.StatusEvent, error) {
	ctx, cancel := context.WithTimeout(r.ctx, demoWait)
	defer cancel()
	ev, err := r.box.tracker.Wait(ctx, id, s)
	if ctx.Err() != nil {
		return ev, fmt.Errorf("no %s status for %s by webhook within %s", s, id, demoWait)
	}
	return ev, err
}

// Step 1: the customer's message reaches the handler, verified.
func (r *providerRun) customerWrites(in *waack.MessageEvent) (string, error) {
	id := r.d.srv.Inbound(r.p, demoCustomer, demoInbound)
	if id == "" {
		return "", errors.New("the sandbox did not take the inbound message")
	}
	if err := r.settle(); err != nil {
		return "", err
	}
	m, ok := r.box.message(id)
	if !ok {
		return "", fmt.Errorf("no webhook for message %s", id)
	}
	*in = m
	return "message " + r.d.id(id), nil
}

// A webhook with a wrong signature or secret never reaches OnEvent.
func (r *providerRun) forgedWebhook() (string, error) {
	body := []byte(`{"object":"whatsapp_business_account","entry":[]}`)
	req, err := http.NewRequestWithContext(r.ctx, http.MethodPost, r.hookURL, strings.NewReader(string(body)))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	what := "signed with another app secret"
	if r.p.Name() == waack.ProviderCloudAPI {
		req.Header.Set("X-Hub-Signature-256", waack.SignCloudAPIWebhook(body, "not-"+demoAppSecret))
	} else {
		req.Header.Set(waack.SecretHeader, "not-"+demoSecret)
		what = "with a wrong secret"
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	_ = resp.Body.Close()
	r.forged++
	if resp.StatusCode != http.StatusUnauthorized {
		return "", fmt.Errorf("a webhook %s got HTTP %d, want 401", what, resp.StatusCode)
	}
	if n := len(r.box.drain()); n > 0 {
		return "", fmt.Errorf("a webhook %s reached OnEvent (%d events)", what, n)
	}
	return "HTTP 401 for a webhook " + what, nil
}

// Step 1, continued: 👍 + read (+ typing), in one call.
func (r *providerRun) acknowledge(in waack.MessageEvent) (string, error) {
	sent, err := r.client.Acknowledge(r.ctx, waack.Ack{From: in.ChatID, MessageID: in.ID, Typing: true})
	r.sent(sent, "reaction "+waack.DefaultAckEmoji)
	if err != nil {
		return "", err
	}
	if err := r.settle(); err != nil {
		return "", err
	}
	if got := r.d.srv.Reactions(in.ID)["business"]; got != waack.DefaultAckEmoji {
		return "", fmt.Errorf("the customer sees %q on their message, want 👍", got)
	}
	if !r.d.srv.IsRead(in.ID) {
		return "", fmt.Errorf("message %s is not marked read", in.ID)
	}
	typing := ", typing…"
	if r.client.ShowsTyping() {
		if !r.typingShows() {
			return "", errors.New("the typing indicator does not show")
		}
	} else {
		typing = " (no typing flag on " + title(r.p) + "'s read call)"
	}
	if _, err := r.wait(sent.ID, waack.StatusSent); err != nil {
		return "", err
	}
	return "👍 as reaction " + r.d.id(sent.ID) + ", read" + typing, nil
}

func (r *providerRun) typingShows() bool {
	chat, ok := r.d.srv.Chat(r.p, demoCustomer)
	return ok && chat.TypingUntil.After(r.d.srv.Now())
}

// Step 2: ⏳ while working, ✅ in its place when done.
func (r *providerRun) react(in waack.MessageEvent, emoji, suffix string) (string, error) {
	sent, err := r.client.React(r.ctx, waack.Reaction{To: in.From, MessageID: in.ID, Emoji: emoji})
	r.sent(sent, "reaction "+emoji)
	if err != nil {
		return "", err
	}
	if err := r.settle(); err != nil {
		return "", err
	}
	if got := r.d.srv.Reactions(in.ID)["business"]; got != emoji {
		return "", fmt.Errorf("the customer sees %q on their message, want %s", got, emoji)
	}
	if _, err := r.wait(sent.ID, waack.StatusSent); err != nil {
		return "", err
	}
	return emoji + " as reaction " + r.d.id(sent.ID) + suffix, nil
}

// Step 3: the templated reply, quoting the customer's message.
func (r *providerRun) sendReply(in waack.MessageEvent, reply *string) (string, error) {
	name := in.ContactName
	if name == "" {
		name = "there"
	}
	body, err := waack.FillPlaceholders(demoReply, name, demoTopic)
	if err != nil {
		return "", err
	}
	sent, err := r.client.SendText(r.ctx, waack.Text{To: in.From, Body: body, ReplyTo: in.ID})
	r.sent(sent, "text")
	if err != nil {
		return "", err
	}
	r.notes = append(r.notes, strconv.Quote(body))
	if err := r.settle(); err != nil {
		return "", err
	}
	if err := r.quotes(sent.ID, in.ID); err != nil {
		return "", err
	}
	if r.client.ShowsTyping() && r.typingShows() {
		return "", errors.New("the typing indicator still shows after the reply")
	}
	if _, err := r.wait(sent.ID, waack.StatusDelivered); err != nil {
		return "", err
	}
	*reply = sent.ID
	return "text " + r.d.id(sent.ID) + ", quoting " + r.d.id(in.ID), nil
}

// quotes checks that the sandbox shows text id as a reply to ref.
func (r *providerRun) quotes(id, ref string) error {
	chat, _ := r.d.srv.Chat(r.p, demoCustomer)
	for _, m := range chat.Messages {
		if m.ID == id {
			if m.Ref != ref {
				return fmt.Errorf("text %s quotes %q, want %s", id, m.Ref, ref)
			}
			return nil
		}
	}
	return fmt.Errorf("text %s is not in the chat", id)
}

// Step 3, continued: the customer reads; sent, delivered, read arrive.
func (r *providerRun) customerReads(reply string) (string, error) {
	if !r.d.srv.Read(reply) {
		return "", fmt.Errorf("the customer could not read %s", reply)
	}
	if err := r.settle(); err != nil {
		return "", err
	}
	if _, err := r.wait(reply, waack.StatusRead); err != nil {
		return "", err
	}
	got := r.box.statuses(reply)
	if want := []string{"sent", "delivered", "read"}; strings.Join(got, ",") != strings.Join(want, ",") {
		return "", fmt.Errorf("statuses of %s by webhook: %v, want %v", reply, got, want)
	}
	return "statuses by webhook: " + strings.Join(got, " → "), nil
}

// Step 4: a reaction to a message over 30 days old is accepted, then
// reported failed.
func (r *providerRun) reactTooOld(in waack.MessageEvent) (string, error) {
	r.d.srv.Advance(demoTooOldAge)
	sent, err := r.client.React(r.ctx, waack.Reaction{To: in.From, MessageID: in.ID, Emoji: "🙏"})
	r.sent(sent, "reaction 🙏")
	if err != nil {
		return "", fmt.Errorf("the reaction was refused at once, want accepted then failed: %w", err)
	}
	if err := r.settle(); err != nil {
		return "", err
	}
	ev, err := r.wait(sent.ID, waack.StatusFailed)
	if ev.Status != waack.StatusFailed {
		return "", fmt.Errorf("reaction %s was not reported failed: %v", sent.ID, err)
	}
	reason := " (" + title(r.p) + "'s failed ack carries no reason)"
	if r.rules.tooOldHasCode {
		if ev.Err == nil || !errors.Is(ev.Err, waack.ErrTargetTooOld) {
			return "", fmt.Errorf("reaction %s failed, but not with ErrTargetTooOld: %v", sent.ID, ev.Err)
		}
		reason = ": ErrTargetTooOld" + codeOf(ev.Err)
	}
	return "🙏 as reaction " + r.d.id(sent.ID) + ": accepted, then failed" + reason, nil
}

// Step 4, continued: a text after the 24-hour window is refused or fails.
func (r *providerRun) textOutsideWindow(in waack.MessageEvent) (string, error) {
	sent, err := r.client.SendText(r.ctx, waack.Text{To: in.From, Body: demoLateText})
	r.sent(sent, "text")
	if r.rules.windowAtSend {
		if !errors.Is(err, waack.ErrSessionWindowClosed) {
			return "", fmt.Errorf("SendText returned %v, want ErrSessionWindowClosed", err)
		}
		return "refused by the call: " + strings.Join(matchNames(err, waack.ErrSessionWindowClosed, waack.ErrNotSent), ", "), nil
	}
	if err != nil {
		return "", fmt.Errorf("the text was refused at once, want accepted then failed: %w", err)
	}
	if err := r.settle(); err != nil {
		return "", err
	}
	ev, err := r.wait(sent.ID, waack.StatusDelivered)
	if ev.Status != waack.StatusFailed {
		return "", fmt.Errorf("text %s was not reported failed: %v", sent.ID, err)
	}
	reason := " (" + title(r.p) + "'s failed ack carries no reason)"
	if r.rules.windowHasCode {
		if !errors.Is(err, waack.ErrSessionWindowClosed) {
			return "", fmt.Errorf("text %s failed, but not with ErrSessionWindowClosed: %v", sent.ID, err)
		}
		reason = ": ErrSessionWindowClosed" + codeOf(ev.Err)
	}
	return "text " + r.d.id(sent.ID) + ": accepted, then failed" + reason, nil
}

func codeOf(e *waack.APIError) string {
	if e == nil || e.Code == 0 {
		return ""
	}
	return " (" + strconv.Itoa(e.Code) + ")"
}

// matchNames names the targets err matches, in the order given.
func matchNames(err error, targets ...error) []string {
	var out []string
	for _, t := range targets {
		if errors.Is(err, t) {
			for _, s := range sentinels {
				if s.err == t {
					out = append(out, s.name)
				}
			}
		}
	}
	return out
}

// Step 5 (Cloud API): a customer with a username writes; the webhook names
// them by user id only, and ChatID answers them as any other.
func (r *providerRun) usernameCustomer() (string, error) {
	id := r.d.srv.InboundBSUID(r.p, demoUserID, demoUsername, "hi, it's me again")
	if id == "" {
		return "", errors.New("the sandbox did not take the username customer's message")
	}
	if err := r.settle(); err != nil {
		return "", err
	}
	in, ok := r.box.message(id)
	switch {
	case !ok:
		return "", fmt.Errorf("no webhook for message %s", id)
	case in.From != "" || in.ChatID != demoUserID || in.Username != demoUsername:
		return "", fmt.Errorf("the webhook says From %q, ChatID %q, Username %q; want no phone, the user id and the username", in.From, in.ChatID, in.Username)
	}
	sent, err := r.client.Acknowledge(r.ctx, waack.Ack{From: in.ChatID, MessageID: in.ID})
	r.sent(sent, "reaction "+waack.DefaultAckEmoji)
	if err != nil {
		return "", err
	}
	if err := r.settle(); err != nil {
		return "", err
	}
	if got := r.d.srv.Reactions(in.ID)["business"]; got != waack.DefaultAckEmoji || !r.d.srv.IsRead(in.ID) {
		return "", fmt.Errorf("the customer sees %q on their message (read: %v), want 👍 and read", got, r.d.srv.IsRead(in.ID))
	}
	return "@" + demoUsername + ": 👍 + read, sent to " + demoUserID, nil
}
