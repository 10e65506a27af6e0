package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/waack/waack"
	"github.com/waack/waack/internal/envconfig"
)

// defaultCustomer is the phone the customer commands write from unless
// --from says otherwise: the demo's customer.
const defaultCustomer = "16505551234"

func customerCommand() *command {
	return &command{
		name:    "customer",
		summary: "play the customer on a running sandbox: say, react, read",
		synopsis: `waack customer say [--provider P] [--from PHONE] [--reply-to ID] TEXT…
       waack customer react --message-id ID (--emoji EMOJI | --remove) [--provider P] [--from PHONE]
       waack customer read --message-id ID`,
		about: `Acts as a customer's phone on a running waack sandbox, as its web view does,
and prints the id of the new message, which the one-shot commands (ack,
react, read, send --reply-to) take as --message-id:

  say    the customer writes TEXT to the business: the chat opens (or its
         24-hour window restarts) and the inbound webhook is posted
  react  the customer reacts to a business message (--remove takes the
         reaction back); without --provider and --from, the chat is the
         one the message belongs to
  read   the customer reads a business text (and the ones before it): a
         read status webhook is posted

The sandbox is the one at --sandbox, else WAACK_SANDBOX_URL, else
` + defaultSandboxURL + ` (where waack sandbox listens by default).`,
		examples: `  waack customer say 'Hi! My CRM export fails since this morning.'
  waack customer say --provider 1msg --from "+1 650 555 0000" "Where is my order?"
  waack customer react --message-id wamid.HBgL… --emoji 👍
  waack customer read --message-id wamid.HBgL… --json`,
		sections: []flagSection{{title: "Flags", names: []string{
			"provider", "from", "reply-to", "message-id", "emoji", "remove", "sandbox", "json",
		}}},
		run: runCustomer,
	}
}

// customerFlags are the flags of every customer action.
type customerFlags struct {
	provider, from, replyTo, messageID, emoji, sandbox *string
	remove, json                                       *bool
}

func runCustomer(ctx context.Context, e *env, c *command, args []string) int {
	fs := newFlagSet(c)
	f := customerFlags{
		provider:  fs.String("provider", "", "the customer's provider: cloudapi (default), 1msg or wawp"),
		from:      fs.String("from", "", "the customer's phone (default +"+defaultCustomer+")"),
		replyTo:   fs.String("reply-to", "", "say: quote this message of the chat"),
		messageID: fs.String("message-id", "", "react, read: the business's message"),
		emoji:     fs.String("emoji", "", "react: the emoji; the text form \\uD83D\\uDC4D works too"),
		remove:    fs.Bool("remove", false, "react: take the customer's reaction back"),
		sandbox:   addSandboxFlag(fs),
		json:      fs.Bool("json", false, "print the outcome as one JSON object on stdout"),
	}
	pos, done, code := e.parseArgs(c, fs, args)
	if done {
		return code
	}
	if len(pos) == 0 {
		return e.usageError(c, "say, react or read?")
	}
	if *f.provider != "" {
		k, err := envconfig.Kind(*f.provider)
		if err != nil {
			return e.usageError(c, "--provider: %v", err)
		}
		*f.provider = k.Name()
	}
	api, err := newSandboxAPI(*f.sandbox, e.getenv)
	if err != nil {
		return e.usageError(c, "%v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, sandboxTimeout)
	defer cancel()
	action, rest := pos[0], pos[1:]
	var res result
	switch action {
	case "say":
		if len(rest) == 0 {
			return e.usageError(c, "say what? give the text after say")
		}
		res, err = customerSay(ctx, api, f, strings.Join(rest, " "))
	case "react":
		if code, bad := e.customerOnly(c, action, rest, f.messageID); bad {
			return code
		}
		if (*f.emoji == "") == !*f.remove {
			return e.usageError(c, "react needs --emoji EMOJI or --remove")
		}
		res, err = customerReact(ctx, api, f)
	case "read":
		if code, bad := e.customerOnly(c, action, rest, f.messageID); bad {
			return code
		}
		res, err = customerRead(ctx, api, *f.messageID)
	default:
		return e.usageError(c, "unknown action %q: say, react or read", printable(action))
	}
	return e.reportCustomer(c, action, *f.json, res, err)
}

// customerOnly checks what react and read need: a message id and no text.
func (e *env) customerOnly(c *command, action string, rest []string, messageID *string) (int, bool) {
	switch {
	case len(rest) > 0:
		return e.usageError(c, "%s takes flags only (a text is for say)", action), true
	case strings.TrimSpace(*messageID) == "":
		return e.usageError(c, "%s needs --message-id", action), true
	}
	return exitOK, false
}

// orDefaultProvider is the provider of a customer action: the chat's, or
// the Cloud API.
func orDefaultProvider(name string) string {
	if name == "" {
		return waack.ProviderCloudAPI
	}
	return name
}

func customerSay(ctx context.Context, api *sandboxAPI, f customerFlags, text string) (result, error) {
	provider, from := orDefaultProvider(*f.provider), orDefaultCustomer(*f.from)
	var out struct {
		ID string `json:"id"`
	}
	in := map[string]string{"provider": provider, "from": from, "text": text, "replyTo": *f.replyTo}
	if err := api.do(ctx, http.MethodPost, "/_waack/customer/message", in, &out); err != nil {
		return result{Provider: provider}, err
	}
	return result{
		Provider: provider, ID: out.ID, IDIs: "the customer's message", From: from,
		Headline: fmt.Sprintf("the customer %s wrote to the business on %s", from, provider),
		Next:     fmt.Sprintf("waack ack --from %s --message-id %s  (with the sandbox's %s WAACK_* lines set)", from, out.ID, provider),
	}, nil
}

func customerReact(ctx context.Context, api *sandboxAPI, f customerFlags) (result, error) {
	provider, from := *f.provider, *f.from
	if provider == "" && from == "" {
		// The chat of the message, as the page's ☺ button knows it.
		var err error
		if provider, from, err = api.chatOf(ctx, *f.messageID); err != nil {
			return result{}, err
		}
	}
	provider, from = orDefaultProvider(provider), orDefaultCustomer(from)
	emoji := displayEmoji(*f.emoji)
	var out struct {
		ID string `json:"id"`
	}
	in := map[string]string{"provider": provider, "from": from, "messageId": *f.messageID, "emoji": emoji}
	if err := api.do(ctx, http.MethodPost, "/_waack/customer/react", in, &out); err != nil {
		return result{Provider: provider}, err
	}
	headline := "the customer reacted " + emoji + " to " + *f.messageID
	if *f.remove {
		headline = "the customer took their reaction to " + *f.messageID + " back"
	}
	return result{Provider: provider, ID: out.ID, IDIs: "the reaction's own id", From: from, MessageID: *f.messageID, Emoji: emoji, Headline: headline}, nil
}

func customerRead(ctx context.Context, api *sandboxAPI, messageID string) (result, error) {
	var out struct {
		ID string `json:"id"`
	}
	if err := api.do(ctx, http.MethodPost, "/_waack/customer/read", map[string]string{"messageId": messageID}, &out); err != nil {
		return result{}, err
	}
	return result{ID: out.ID, IDIs: "the business text read", MessageID: messageID,
		Headline: "the customer read " + messageID + " and the business's texts before it"}, nil
}

// chatOf finds the provider and customer of the chat holding message id.
func (s *sandboxAPI) chatOf(ctx context.Context, id string) (provider, customer string, err error) {
	var state struct {
		Chats []struct {
			Provider string `json:"provider"`
			Customer string `json:"customer"`
			Messages []struct {
				ID string `json:"id"`
			} `json:"messages"`
		} `json:"chats"`
	}
	if err := s.do(ctx, http.MethodGet, "/_waack/chats", nil, &state); err != nil {
		return "", "", err
	}
	for _, c := range state.Chats {
		for _, m := range c.Messages {
			if m.ID == id {
				return c.Provider, c.Customer, nil
			}
		}
	}
	return "", "", &sandboxRefusal{status: http.StatusBadRequest, msg: fmt.Sprintf("no chat has a message %q (ids: waack customer say prints them, the web view shows them)", printable(id))}
}

func orDefaultCustomer(from string) string {
	if strings.TrimSpace(from) == "" {
		return defaultCustomer
	}
	return from
}

// reportCustomer prints a customer action's outcome and returns its exit
// code.
func (e *env) reportCustomer(c *command, action string, jsonOut bool, res result, err error) int {
	res.Command = c.name + " " + action
	res.OK = err == nil
	res.ExitCode = sandboxExitCode(err)
	if err != nil {
		res.Error = &errorJSON{Message: err.Error()}
	}
	switch {
	case jsonOut:
		writeJSON(e.stdout, res)
	case err != nil:
		fmt.Fprintf(e.stderr, "waack %s: %v\n", res.Command, err)
	default:
		writeResult(e.stdout, res)
	}
	return res.ExitCode
}
