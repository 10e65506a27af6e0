package waacktest_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/waack/waack"
	"github.com/waack/waack/waacktest"
)

// driver speaks one dialect over raw HTTP, so that the rules can be tested
// the same way against all three.
type driver struct {
	name     string
	provider func(*waacktest.Server) waack.Provider
	react    func(t *testing.T, srv *waacktest.Server, target, emoji string) answer
	text     func(t *testing.T, srv *waacktest.Server, body string) answer
	read     func(t *testing.T, srv *waacktest.Server, id string) answer
	// sentID reads the new message's id from a send answer.
	sentID func(t *testing.T, a answer) string
	// statuses reads the delivery statuses from webhook bodies as
	// "<id> <status>" or "<id> failed <error>".
	statuses func(t *testing.T, posts []post) []string
}

var drivers = []driver{
	{
		name:     "cloudapi",
		provider: func(s *waacktest.Server) waack.Provider { return s.CloudAPI() },
		react: func(t *testing.T, srv *waacktest.Server, target, emoji string) answer {
			return cloud(t, srv, js(t, map[string]any{"messaging_product": "whatsapp", "recipient_type": "individual",
				"to": customerDigits, "type": "reaction", "reaction": map[string]string{"message_id": target, "emoji": emoji}}))
		},
		text: func(t *testing.T, srv *waacktest.Server, body string) answer {
			return cloud(t, srv, js(t, map[string]any{"messaging_product": "whatsapp", "recipient_type": "individual",
				"to": customerDigits, "type": "text", "text": map[string]any{"body": body}}))
		},
		read: func(t *testing.T, srv *waacktest.Server, id string) answer {
			return cloud(t, srv, js(t, map[string]any{"messaging_product": "whatsapp", "status": "read", "message_id": id}))
		},
		sentID: func(t *testing.T, a answer) string {
			id, _ := get(t, a.json(t), "messages", 0, "id").(string)
			return id
		},
		statuses: func(t *testing.T, posts []post) []string {
			var out []string
			for _, p := range posts {
				for _, ch := range get(t, decode(t, p.body), "entry", 0, "changes").([]any) {
					sts, _ := get(t, ch, "value", "statuses").([]any)
					for _, st := range sts {
						s := fmt.Sprintf("%s %s", get(t, st, "id"), get(t, st, "status"))
						if errs, ok := get(t, st, "errors").([]any); ok {
							s += fmt.Sprintf(" %v", get(t, errs[0], "code"))
						}
						out = append(out, s)
					}
				}
			}
			return out
		},
	},
	{
		name:     "1msg",
		provider: func(s *waacktest.Server) waack.Provider { return s.OneMsg() },
		react: func(t *testing.T, srv *waacktest.Server, target, emoji string) answer {
			return oneMsg(t, srv, "sendReaction", js(t, map[string]string{"chatId": customerDigits + "@c.us", "body": emoji, "quotedMsgId": target}))
		},
		text: func(t *testing.T, srv *waacktest.Server, body string) answer {
			return oneMsg(t, srv, "sendMessage", js(t, map[string]any{"phone": 16505551234, "body": body}))
		},
		read: func(t *testing.T, srv *waacktest.Server, id string) answer {
			return oneMsg(t, srv, "readMessage", js(t, map[string]any{"messageId": id}))
		},
		sentID: func(t *testing.T, a answer) string { id, _ := a.json(t)["id"].(string); return id },
		statuses: func(t *testing.T, posts []post) []string {
			var out []string
			for _, p := range posts {
				acks, _ := decode(t, p.body)["ack"].([]any)
				for _, a := range acks {
					s := fmt.Sprintf("%s %s", get(t, a, "id"), get(t, a, "status"))
					if e, ok := get(t, a, "error").(string); ok {
						s += " " + e
					}
					out = append(out, s)
				}
			}
			return out
		},
	},
	{
		name:     "wawp",
		provider: func(s *waacktest.Server) waack.Provider { return s.Wawp() },
		react: func(t *testing.T, srv *waacktest.Server, target, emoji string) answer {
			return wawp(t, srv, http.MethodPut, "/v2/send/reaction", js(t, map[string]string{"chatId": customerDigits + "@c.us", "messageId": target, "reaction": emoji}))
		},
		text: func(t *testing.T, srv *waacktest.Server, body string) answer {
			return wawp(t, srv, http.MethodPost, "/v2/send/text", js(t, map[string]string{"chatId": customerDigits + "@c.us", "message": body}))
		},
		read: func(t *testing.T, srv *waacktest.Server, id string) answer {
			return wawp(t, srv, http.MethodPost, "/v2/send/seen", js(t, map[string]any{"chatId": customerDigits + "@c.us", "messageIds": []string{id}}))
		},
		sentID: func(t *testing.T, a answer) string {
			m := a.json(t)
			if id, ok := m["id"].(string); ok {
				return id
			}
			id, _ := get(t, m, "id", "_serialized").(string)
			return id
		},
		statuses: func(t *testing.T, posts []post) []string {
			var out []string
			for _, p := range posts {
				ev := decode(t, p.body)
				if ev["event"] == "message.ack" {
					out = append(out, fmt.Sprintf("%s %s %v", get(t, ev, "payload", "id"), get(t, ev, "payload", "ackName"), get(t, ev, "payload", "ack")))
				}
			}
			return out
		},
	},
}

// failedReaction is how each dialect reports a reaction whose target is
// invalid.
var failedReaction = map[string]string{
	"cloudapi": "failed 131009",
	"1msg":     "failed Parameter value is not valid",
	"wawp":     "ERROR -1",
}

// sentStatus is each dialect's "sent" status line suffix.
var sentStatus = map[string]string{"cloudapi": "sent", "1msg": "sent", "wawp": "SERVER 1"}
