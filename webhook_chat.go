package waack

import "strings"

// WhatsApp chat ids in 1MSG and Wawp/WAHA payloads: "16505551234@c.us" for a
// person, "…@g.us" for a group, "…@lid" for a hidden (BSUID-like) user,
// "…@newsletter" for a channel. Serialized message ids embed the chat:
// "{fromMe}_{chatId}_{id}[_{participant}]".

// phoneOfChat returns the phone digits of a person's chat id
// ("16505551234@c.us", "16505551234@s.whatsapp.net" or bare digits), and ""
// for groups, hidden users, channels and anything that is not a phone.
func phoneOfChat(chat string) string {
	user, server, found := strings.Cut(chat, "@")
	if found && server != "c.us" && server != "s.whatsapp.net" {
		return ""
	}
	user, _, _ = strings.Cut(user, ":") // a device suffix ("…:12@s.whatsapp.net")
	if user == "" || len(user) > 20 || strings.Trim(user, "0123456789") != "" {
		return ""
	}
	return user
}

// chatOfSerialized returns the chat id embedded in a WAHA serialized message
// id ("true_16505551234@c.us_3EB0…" → "16505551234@c.us"), or "".
func chatOfSerialized(id string) string {
	fromMe, rest, _ := strings.Cut(id, "_")
	chat, _, found := strings.Cut(rest, "_")
	if !found || (fromMe != "true" && fromMe != "false") || !strings.Contains(chat, "@") {
		return ""
	}
	return chat
}

// personOrChat is the phone of a person's chat, or the chat id itself for
// groups and other chats (a status's recipient must name someone).
func personOrChat(chat string) string {
	if p := phoneOfChat(chat); p != "" {
		return p
	}
	return chat
}
