package main

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/waack/waack"
)

func TestRecallTellsRepeatsAndWhatAStatusIsAbout(t *testing.T) {
	r := newRecall(100)
	msg := waack.MessageEvent{Provider: "wawp", ID: "false_1@c.us_A", Type: "chat"}
	repeat, _ := r.observe(msg)
	assert.False(t, repeat)
	repeat, _ = r.observe(msg)
	assert.True(t, repeat)

	r.sent("true_1@c.us_B", "reaction ⏳")
	sent := waack.StatusEvent{Provider: "wawp", MessageID: "true_1@c.us_B", Status: waack.StatusSent}
	repeat, about := r.observe(sent)
	assert.False(t, repeat)
	assert.Equal(t, "reaction ⏳", about)
	_, about = r.observe(waack.StatusEvent{Provider: "wawp", MessageID: "false_1@c.us_A", Status: waack.StatusRead})
	assert.Equal(t, "text", about, "1MSG and Wawp call texts chat")

	// The same status again is a repeat; the next status of the message is not.
	repeat, _ = r.observe(sent)
	assert.True(t, repeat)
	repeat, _ = r.observe(waack.StatusEvent{Provider: "wawp", MessageID: "true_1@c.us_B", Status: waack.StatusFailed})
	assert.False(t, repeat)

	// A new emoji on the same message is a new event; removing it too.
	re := waack.ReactionEvent{Provider: "cloudapi", ID: "wamid.R", MessageID: "wamid.M", Emoji: "👍"}
	repeat, _ = r.observe(re)
	assert.False(t, repeat)
	re.Emoji = "🙏"
	repeat, _ = r.observe(re)
	assert.False(t, repeat)
	re.Emoji, re.Removed = "", true
	repeat, _ = r.observe(re)
	assert.False(t, repeat)

	// Errors have no key: each one is shown as new.
	for range 2 {
		repeat, _ = r.observe(waack.ErrorEvent{Provider: "cloudapi"})
		assert.False(t, repeat)
	}
}

func TestRecallIsBounded(t *testing.T) {
	r := newRecall(3)
	for i := range 10 {
		r.sent(strconv.Itoa(i), "text")
		r.observe(waack.MessageEvent{Provider: "cloudapi", ID: "m" + strconv.Itoa(i)})
	}
	assert.Len(t, r.about.m, 3)
	assert.Len(t, r.seen.m, 3)
	_, about := r.observe(waack.StatusEvent{Provider: "cloudapi", MessageID: "0", Status: waack.StatusSent})
	assert.Empty(t, about, "the oldest is forgotten")
	repeat, _ := r.observe(waack.MessageEvent{Provider: "cloudapi", ID: "m9"})
	assert.True(t, repeat, "the newest is remembered")
}
