package waacktest

import (
	"net/http"
	"net/url"

	"github.com/waack/waack"
)

// 1MSG's channel calls besides messaging: the webhook URLs (POST and GET
// /{channel}/webhook) and the statuses recorded for a message (GET
// /{channel}/hookInfo, "Check ACKs").

const (
	opSetWebhook     = waack.OpSetWebhook
	opGetWebhook     = "get_webhook" // the SDK has no such call; the name is the sandbox's
	opDeliveryStatus = waack.OpDeliveryStatus
)

// maxWebhookURLs is how many webhook URLs a 1MSG channel keeps.
const maxWebhookURLs = 5

// validWebhookURL accepts an absolute http or https URL.
func validWebhookURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// parseOneMsgSetWebhook reads {"webhookUrl": url} or {"webhookUrl":
// [url…]}. The texts never quote a URL: it may carry its secret.
func parseOneMsgSetWebhook(cmd command, f fields) (command, *apiError) {
	cmd.op = opSetWebhook
	urls, ok := f.strings("webhookUrl")
	if one, present, isString := f.str("webhookUrl"); isString && present {
		urls, ok = []string{one}, true
	}
	if !ok || len(urls) == 0 || len(urls) > maxWebhookURLs {
		return cmd, oneMsgInvalid("webhookUrl must be a URL or an array of 1 to 5 URLs.")
	}
	for _, u := range urls {
		if !validWebhookURL(u) {
			return cmd, oneMsgInvalid("webhookUrl must hold absolute http or https URLs.")
		}
	}
	cmd.webhookURLs = urls
	return cmd, nil
}

func parseOneMsgHookInfo(cmd command, q url.Values) (command, *apiError) {
	cmd.op = opDeliveryStatus
	if cmd.messageID = q.Get("messageId"); cmd.messageID == "" {
		return cmd, oneMsgInvalid("messageId is required.")
	}
	return cmd, nil
}

// applyOwn applies 1MSG's channel calls. s.mu is held.
func (oneMsgDialect) applyOwn(s *Server, cmd command) (outcome, bool) {
	switch cmd.op {
	case opSetWebhook:
		return s.applySetWebhook(cmd), true
	case opGetWebhook:
		return s.applyGetWebhook(cmd), true
	case opDeliveryStatus:
		return s.applyHookInfo(cmd), true
	}
	return outcome{}, false
}

// applySetWebhook replaces the channel's webhook URLs, which carry their
// own secret, as srv.SetWebhook would with one URL; the last of the two
// wins. s.mu is held.
func (s *Server) applySetWebhook(cmd command) outcome {
	s.hooks.set(cmd.provider, cmd.webhookURLs, "")
	return outcome{urls: cmd.webhookURLs}
}

// applyGetWebhook returns the URLs webhooks go to, with the secret
// srv.SetWebhook adds, so that they read the way the channel stores them.
// s.mu is held.
func (s *Server) applyGetWebhook(cmd command) outcome {
	urls, secret := s.hooks.get(cmd.provider)
	for i, raw := range urls {
		if u, err := url.Parse(raw); err == nil && secret != "" {
			addSecret(u, secret)
			urls[i] = u.String()
		}
	}
	return outcome{urls: urls}
}

// applyHookInfo returns every status reported for one of the channel's
// business messages, oldest first; none for any other id. s.mu is held.
func (s *Server) applyHookInfo(cmd command) outcome {
	hooks := []cloudStatus{}
	if m := s.msgs[cmd.messageID]; m != nil && !m.inbound && m.chat.number == cmd.number {
		for _, h := range m.history {
			hooks = append(hooks, metaStatus(m, h.status, h.at))
		}
	}
	return outcome{hooks: hooks}
}

// oneMsgHook is one hookInfo item: Meta's status object, with a type.
type oneMsgHook struct {
	cloudStatus
	Type string `json:"type"`
}

// answerChannel renders the answers of the channel calls.
func answerChannel(cmd command, out outcome) reply {
	switch cmd.op {
	case opSetWebhook:
		return jsonReply(http.StatusOK, struct {
			Set     bool   `json:"set"`
			Message string `json:"message"`
		}{true, out.urls[0]})
	case opGetWebhook:
		// One URL as a string, several as an array, none as "".
		var v any = out.urls
		if len(out.urls) <= 1 {
			v = ""
			if len(out.urls) == 1 {
				v = out.urls[0]
			}
		}
		return jsonReply(http.StatusOK, map[string]any{"webhookUrl": v})
	}
	hooks := make([]oneMsgHook, len(out.hooks))
	for i, h := range out.hooks {
		hooks[i] = oneMsgHook{h, "message"}
	}
	return jsonReply(http.StatusOK, map[string][]oneMsgHook{"hooks": hooks})
}
