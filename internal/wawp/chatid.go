package wawp

import "strings"

// ChatFromMessageID returns the chat of a serialized message id, the form
// WAHA-style APIs use: {fromMe}_{chatId}_{messageId}[_{participant}].
//
//	false_16505551234@c.us_3EB0ABC              → 16505551234@c.us
//	false_120363@g.us_AAAA_3333@c.us            → 120363@g.us (group)
//	false_11111111111@newsletter_100_AAAA       → 11111111111@newsletter
//
// It reports false for an id of another form, such as a plain "3EB0ABC" or
// a Cloud API wamid.
func ChatFromMessageID(id string) (string, bool) {
	rest, ok := strings.CutPrefix(id, "false_")
	if !ok {
		rest, ok = strings.CutPrefix(id, "true_")
	}
	if !ok {
		return "", false
	}
	user, afterAt, ok := strings.Cut(rest, "@")
	if !ok || user == "" || strings.Contains(user, "_") {
		return "", false
	}
	server, msg, ok := strings.Cut(afterAt, "_")
	if !ok || server == "" || strings.Contains(server, "@") || msg == "" {
		return "", false
	}
	return user + "@" + server, true
}
