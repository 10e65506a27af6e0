package wire

import "strings"

// WhatsApp chat ids in 1MSG and Wawp/WAHA payloads: "16505551234@c.us" for a
// person, "…@g.us" for a group, "…@lid" for a hidden user, "…@newsletter"
// for a channel.

// PhoneOfChat returns the phone digits of a person's chat id
// ("16505551234@c.us", "16505551234@s.whatsapp.net" or bare digits), and ""
// for groups, hidden users, channels and anything that is not a phone.
func PhoneOfChat(chat string) string {
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

// PersonOrChat is the phone of a person's chat, or the chat id itself for
// groups and other chats (a status's recipient must name someone).
func PersonOrChat(chat string) string {
	if p := PhoneOfChat(chat); p != "" {
		return p
	}
	return chat
}

// IsGroup reports whether a chat id names a group.
func IsGroup(chat string) bool { return strings.HasSuffix(chat, "@g.us") }
