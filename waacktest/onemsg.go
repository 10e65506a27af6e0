package waacktest

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/waack/waack"
)

// oneMsgDialect is the 1MSG channel API: POST /{channel}/{method}?token=…,
// JSON or form bodies, {"error": "…"} errors and HTTP 200 "sent": false
// refusals.
type oneMsgDialect struct{}

// windowClosedText is 1MSG's refusal of a text outside the 24-hour window.
const windowClosedText = "Dialog window is closed. Use a template message to start a new conversation."

func (oneMsgDialect) name() string { return waack.ProviderOneMsg }

func (oneMsgDialect) blank() waack.Provider { return waack.OneMsg{} }

func (oneMsgDialect) numberOf(p waack.Provider) string {
	c, _ := p.(waack.OneMsg)
	return c.ChannelID
}

// numberID: channels look like 1MSG's (SBX371267300 is the default).
func (oneMsgDialect) numberID(i int) string { return fmt.Sprintf("SBX3712673%02d", i) }

func (oneMsgDialect) config(s *Server, n *number) waack.Provider {
	return waack.OneMsg{ChannelID: n.id, Token: s.creds[waack.ProviderOneMsg], BaseURL: s.url}
}

func (oneMsgDialect) newToken() string { return randomHex() }

func (oneMsgDialect) chatID(customer string) string { return customer + "@c.us" }

func (oneMsgDialect) messageID(customer string, inbound bool, seq uint64) string {
	return wamid(customer, inbound, seq) // 1MSG runs on the Cloud API: Meta's ids
}

// hasBSUIDs: no documented wire form for a customer known only by a BSUID.
func (oneMsgDialect) hasBSUIDs() bool { return false }

func (oneMsgDialect) refusesClosedWindow() bool { return true }

// OneMsg is a 1MSG configuration with valid credentials for this server's
// default channel.
func (s *Server) OneMsg() waack.OneMsg {
	return oneMsgDialect{}.config(s, s.firstNumber(waack.ProviderOneMsg)).(waack.OneMsg)
}

func (oneMsgDialect) patterns() []string {
	return []string{
		"POST /{channel}/sendReaction", "POST /{channel}/readMessage", "POST /{channel}/sendMessage",
		"POST /{channel}/webhook", "GET /{channel}/webhook", "GET /{channel}/hookInfo",
	}
}

func oneMsgInvalid(text string) *apiError {
	return &apiError{status: http.StatusBadRequest, plain: text}
}

func (oneMsgDialect) parse(s *Server, r *http.Request, body []byte) (command, *apiError) {
	cmd := command{provider: waack.ProviderOneMsg}
	tok := r.URL.Query().Get("token")
	if tok == "" {
		// The official n8n node sends the token as a bearer header instead.
		tok, _ = strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	}
	cmd.number = s.calledNumber(cmd.provider, r.PathValue("channel"))
	if !equalSecret(tok, s.creds[waack.ProviderOneMsg]) || cmd.number == nil {
		// 1MSG echoes the token here; the sandbox never does.
		return cmd, &apiError{status: http.StatusUnauthorized, plain: "Wrong token for this channel. Please provide token as a GET parameter."}
	}
	if r.Method == http.MethodGet { // no body to read
		if strings.HasSuffix(r.URL.Path, "/hookInfo") {
			return parseOneMsgHookInfo(cmd, r.URL.Query())
		}
		cmd.op = opGetWebhook
		return cmd, nil
	}
	f, ok := readFields(r, body, true)
	if !ok {
		return cmd, oneMsgInvalid("The request body is not a JSON object or a form.")
	}
	switch {
	case strings.HasSuffix(r.URL.Path, "/sendReaction"):
		return parseOneMsgReaction(cmd, f)
	case strings.HasSuffix(r.URL.Path, "/readMessage"):
		return parseOneMsgRead(cmd, f)
	case strings.HasSuffix(r.URL.Path, "/webhook"):
		return parseOneMsgSetWebhook(cmd, f)
	default:
		return parseOneMsgText(cmd, f)
	}
}

func parseOneMsgReaction(cmd command, f fields) (command, *apiError) {
	cmd.op = opReact
	var e *apiError
	if cmd, e = oneMsgRecipient(cmd, f); e != nil {
		return cmd, e
	}
	emoji, present, ok := f.str("body")
	if !ok || !present {
		return cmd, oneMsgInvalid("body (the emoji; empty to remove the reaction) is required.")
	}
	target, _, ok := f.str("quotedMsgId")
	if !ok || target == "" {
		return cmd, oneMsgInvalid("quotedMsgId (the message to react to) is required.")
	}
	cmd.messageID, cmd.emoji = target, emoji
	if emoji == "" {
		cmd.op = opUnreact
	} else if !validEmoji(emoji) {
		return cmd, oneMsgInvalid("body must be one emoji.")
	}
	return cmd, nil
}

func parseOneMsgRead(cmd command, f fields) (command, *apiError) {
	cmd.op = opMarkRead
	id, _, ok := f.str("messageId")
	if ok && id == "" {
		id, _, ok = f.str("msgId")
	}
	if !ok || id == "" {
		return cmd, oneMsgInvalid("messageId is required.")
	}
	if cmd.typing, ok = f.boolean("typingIndicator"); !ok {
		return cmd, oneMsgInvalid("typingIndicator must be a boolean.")
	}
	cmd.readIDs = []string{id}
	return cmd, nil
}

func parseOneMsgText(cmd command, f fields) (command, *apiError) {
	cmd.op = opSendText
	var e *apiError
	if cmd, e = oneMsgRecipient(cmd, f); e != nil {
		return cmd, e
	}
	text, _, ok := f.str("body")
	if !ok || text == "" {
		return cmd, oneMsgInvalid("body is required.")
	}
	if !validText(text) {
		return cmd, oneMsgInvalid("body must be at most 4096 characters long.")
	}
	quoted, _, ok := f.str("quotedMsgId")
	if !ok || (quoted != "" && !strings.HasPrefix(quoted, "wamid.")) {
		return cmd, oneMsgInvalid("quotedMsgId must be a message id (wamid.…).")
	}
	cmd.text, cmd.replyTo = text, quoted
	return cmd, nil
}

// oneMsgRecipient reads chatId or phone, exactly one of them.
func oneMsgRecipient(cmd command, f fields) (command, *apiError) {
	chatID, hasChat, okChat := f.str("chatId")
	phone, hasPhone, okPhone := f.phone("phone")
	var ok bool
	switch {
	case !okChat || !okPhone:
		return cmd, oneMsgInvalid("chatId must be a string and phone a string or a number.")
	case hasChat && hasPhone:
		return cmd, oneMsgInvalid("Use chatId or phone, not both.")
	case hasChat:
		cmd.to = chatID
		cmd.customer, ok = chatPhone(chatID)
	case hasPhone:
		cmd.to = phone
		cmd.customer, ok = phoneDigits(phone)
	default:
		return cmd, oneMsgInvalid("chatId or phone is required.")
	}
	if !ok {
		return cmd, oneMsgInvalid("chatId must look like 12020721369@c.us and phone like 12020721369 (the sandbox has no groups).")
	}
	return cmd, nil
}

type oneMsgSent struct {
	Sent        bool   `json:"sent"`
	ID          string `json:"id,omitempty"`
	Message     string `json:"message"`
	Description string `json:"description,omitempty"`
}

func (oneMsgDialect) answer(_ *Server, cmd command, out outcome) reply {
	switch {
	case cmd.op == opSetWebhook || cmd.op == opGetWebhook || cmd.op == opDeliveryStatus:
		return answerChannel(cmd, out)
	case cmd.op == opMarkRead:
		return jsonReply(http.StatusOK, map[string]string{"result": "success"})
	case out.refused:
		return jsonReply(http.StatusOK, oneMsgSent{Message: windowClosedText})
	}
	return jsonReply(http.StatusOK, oneMsgSent{
		Sent: true, ID: out.id, Message: "Sent to " + cmd.customer + "@c.us",
		Description: "Message has been sent to the provider",
	})
}

// refuse answers 1MSG's own errors as {"error": "<text>"} and Meta's
// (throttling, pair limit) as the Graph error object 1MSG passes through.
func (oneMsgDialect) refuse(s *Server, e apiError) reply {
	var rep reply
	if e.plain != "" {
		rep = jsonReply(e.status, map[string]string{"error": e.plain})
	} else {
		rep = jsonReply(e.status, map[string]graphError{"error": s.graphError(e)})
	}
	rep.retryAfter = e.retryAfter
	return rep
}
