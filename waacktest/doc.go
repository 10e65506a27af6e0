// Package waacktest is a fake WhatsApp provider for tests and demos, in
// the spirit of net/http/httptest: one loopback HTTP server that speaks the
// three dialects waack supports, at their real paths, with their real
// bodies, answers, errors and webhooks.
//
//   - Cloud API: POST /{version}/{phone-number-id}/messages with
//     "Authorization: Bearer <token>" (reaction, read + typing, text).
//   - 1MSG: POST /{channel}/sendReaction, /readMessage, /sendMessage with
//     ?token=…; also POST and GET /{channel}/webhook (the channel's webhook
//     URLs, see Webhooks) and GET /{channel}/hookInfo?messageId=… (every
//     status reported for one of its messages, as Meta's status objects
//     with Unix-second string timestamps; {"hooks": []} for an unknown id).
//   - Wawp: PUT /v2/send/reaction, POST /v2/send/seen, POST /v2/send/text
//     with instance_id and access_token in the query or the body.
//
// Point a client at it with the configurations the server hands out
// (Server.CloudAPI, Server.OneMsg, Server.Wawp), play the customer with
// Inbound, React and Read, and watch what happened with Chats, Reactions,
// IsRead, Requests and the webhooks it POSTs to the URLs given to
// SetWebhook.
//
// # Production traffic
//
// Beyond the basics the sandbox plays what a 2026 production number sees:
//
//   - Customers known only by a business-scoped user id, optionally with a
//     username (InboundBSUID; Cloud API only): webhooks carry
//     from_user_id, contacts[].user_id and profile.username and no phone;
//     statuses carry recipient_user_id. A send addresses them with
//     "recipient" instead of "to" (a body with both or neither is HTTP 400,
//     code 100) and is answered with contacts[{input, user_id}].
//   - Several business numbers per provider (AddNumber); every webhook
//     names its number (Cloud API metadata.phone_number_id and
//     display_phone_number, 1MSG instanceId, Wawp session).
//   - Notices: the customer deleting (Revoke) or editing (Edit) a message
//     and, on the Cloud API, a number change (SystemNotice); business
//     echoes (BusinessEcho: Cloud API smb_message_echoes, 1MSG and Wawp
//     fromMe messages). None opens the 24-hour window.
//   - Pricing on the sent status of a text, and the send's
//     biz_opaque_callback_data (at most 512 bytes) echoed in every status
//     of the message.
//
// Meta documents revoke and edit for coexistence numbers only; the
// sandbox sends them for every number. Wawp's message.revoked,
// message.edited and message.any payloads are WAHA's, UNVERIFIED for
// Wawp itself.
//
// # Rules
//
// The server applies the rules the real APIs document, on its own clock
// (Now, moved by Advance; nothing sleeps):
//
//   - A customer message (Inbound, React) opens or refreshes the chat's
//     24-hour customer service window. A text outside it is accepted and
//     then reported failed with 131047 (Cloud API; Wawp: ack -1), or
//     refused with HTTP 200 "sent": false, "Dialog window is closed…"
//     (1MSG). Reactions are not checked against the window here.
//   - A reaction is always accepted (HTTP 200 with an id). If its target is
//     unknown in that chat, over 30 days old or itself a reaction, it is
//     then reported failed with 131009 (1MSG: ack "failed" with Meta's
//     title as the error text; Wawp: ack -1). A reaction only ever gets a
//     sent status, never delivered or read. A new reaction by the same
//     party replaces the old one; an empty emoji removes it.
//   - A text gets sent and delivered statuses at once, and read when the
//     customer reads it (Read). Replying dismisses the typing indicator.
//   - Marking a customer message read marks it and every earlier customer
//     message of the chat; the typing indicator shows for 25 seconds.
//   - A missing or wrong credential is HTTP 401 (Cloud API: Graph code
//     190). The server never repeats a credential, not even a wrong one, in
//     an answer, a log line or anything it exports.
//   - An invalid body (not JSON, a required field missing, a wrong
//     messaging_product or type, a text over 4096 characters, an emoji
//     that is not one emoji) is HTTP 400 (Cloud API: Graph code 100 in the
//     Graph error envelope; 1MSG and Wawp: {"error": "…"}).
//
// FailNext injects throttling, server errors, dropped connections, slow
// and malformed answers into the next calls; see Fault.
//
// # Webhooks
//
// Webhooks are POSTed asynchronously, in order, one worker per provider,
// retried a few times on a non-2xx answer or a transport error
// (WithWebhookRetry), optionally batched (WithWebhookBatch). Flush waits
// until everything queued was delivered or given up; Deliveries lists what
// was POSTed.
//
// 1MSG's webhook URLs can also be set through its API, POST
// /{channel}/webhook with {"webhookUrl": url} or an array of up to 5 URLs,
// as waack's Client.SetWebhook does. Those URLs are used as given (put the
// secret in them as ?secret=…) and every webhook goes to each of them in
// turn, with a Delivery per URL. That call and SetWebhook replace the same
// setting: the last one wins. GET /{channel}/webhook answers the URLs
// webhooks go to, with the secret SetWebhook was given added. Credentials
// in a webhook URL show as REDACTED in Requests and Deliveries.
//
// Cloud API bodies are written the way Meta writes them, with
// non-ASCII characters as \u escapes and "/" as "\/", so a receiver must
// verify the signature over the raw bytes.
//
// Message ids follow each provider's format: "wamid." and base64 for the
// Cloud API and 1MSG, "true_<phone>@c.us_<key>" / "false_…" for Wawp. They
// are deterministic, as are webhook timestamps with WithStartTime, so
// golden files stay stable.
//
// # Web view
//
// Open the server's URL in a browser to see each chat as the customer's
// phone: their messages on the right, the business's replies on the left,
// reactions under the right bubble, grey and blue ticks, "typing…" while it
// lasts and failures with their code, updating live (server-sent events at
// /_waack/events). /_waack/chats has the same state as JSON. Each bubble
// is stamped with the sandbox clock when it happened and has a button that
// copies its message id; the header's +1h, +25h and +31d buttons advance
// the clock, so the 24-hour window and the 30-day reaction rule can be
// shown by hand. The typing indicator ends after 25 seconds of sandbox or
// of real time, whichever comes first, or when the business replies.
//
// The page also plays the customer by hand, doing what Inbound, React and
// Read do (webhooks included): "New chat" in the header writes a first
// message from any phone on any provider, each phone's footer writes more,
// the button beside a business text reacts to it and "Read" in the phone's
// header reads the business's texts. These controls call JSON endpoints
// that take POST with Content-Type: application/json only (so another site
// cannot drive them with a form), and that other programs (the waack CLI)
// may call as well:
//
//   - POST /_waack/customer/message {provider, from, text, replyTo?,
//     username?} writes as the customer and answers {"id": "<the new
//     message's id>"}. from is a phone or, on the Cloud API, a BSUID (a
//     customer known only by it, see InboundBSUID), who may have a username.
//   - POST /_waack/customer/react {provider, from, messageId, emoji}
//     reacts as the customer ("" removes) and answers {"id": "<the
//     reaction's own id>"}.
//   - POST /_waack/customer/read {messageId} reads a business text and the
//     earlier ones and answers {"id": "<messageId>", "read": true}.
//   - GET /_waack/clock answers {"now": "<RFC 3339, nanoseconds, UTC>"};
//     POST /_waack/clock {"advance": "25h"} moves the clock as Advance does
//     (a Go duration, optionally starting with whole days: "31d", "1d12h";
//     positive, at most 400 days) and answers {"now": …}.
//
// A refusal is HTTP 400 (405 for another method, 415 for another content
// type, 413 for a body over 64 KiB) with {"error": "<which field and why>"}.
package waacktest
