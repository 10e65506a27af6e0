package waack

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func reaction(from, emoji string, at time.Time) ReactionEvent {
	return ReactionEvent{Provider: "cloudapi", ID: "wamid.r", From: from, MessageID: "wamid.poll", Emoji: emoji, Timestamp: at}
}

func unreaction(from string, at time.Time) ReactionEvent {
	ev := reaction(from, "", at)
	ev.Removed = true
	return ev
}

func TestReactionTallyRules(t *testing.T) {
	t1, t2 := sessionT0, sessionT0.Add(time.Minute)
	tests := []struct {
		name   string
		events []ReactionEvent
		want   map[string]int
	}{
		{"one vote each", []ReactionEvent{
			reaction("11111111111", "👍", t1), reaction("22222222222", "👍", t1), reaction("33333333333", "👎", t1),
		}, map[string]int{"👍": 2, "👎": 1}},
		{"a new emoji replaces the old", []ReactionEvent{
			reaction("11111111111", "👍", t1), reaction("11111111111", "👎", t2),
		}, map[string]int{"👎": 1}},
		{"the same emoji twice is one vote", []ReactionEvent{
			reaction("11111111111", "👍", t1), reaction("11111111111", "👍", t2),
		}, map[string]int{"👍": 1}},
		{"removal withdraws the vote", []ReactionEvent{
			reaction("11111111111", "👍", t1), unreaction("11111111111", t2),
		}, map[string]int{}},
		{"an empty emoji is a removal too", []ReactionEvent{
			reaction("11111111111", "👍", t1), reaction("11111111111", "", t2),
		}, map[string]int{}},
		{"a removed flag wins over a stray emoji", []ReactionEvent{
			reaction("11111111111", "👍", t1), {From: "11111111111", MessageID: "wamid.poll", Emoji: "👍", Removed: true, Timestamp: t2},
		}, map[string]int{}},
		{"removal leaves others' votes", []ReactionEvent{
			reaction("11111111111", "👍", t1), reaction("22222222222", "👍", t1), unreaction("11111111111", t2),
		}, map[string]int{"👍": 1}},
		{"an older reaction arriving late is ignored", []ReactionEvent{
			reaction("11111111111", "👎", t2), reaction("11111111111", "👍", t1),
		}, map[string]int{"👎": 1}},
		{"an older reaction does not undo a removal", []ReactionEvent{
			unreaction("11111111111", t2), reaction("11111111111", "👍", t1),
		}, map[string]int{}},
		{"events without timestamps apply in arrival order", []ReactionEvent{
			reaction("11111111111", "👎", time.Time{}), reaction("11111111111", "👍", time.Time{}),
		}, map[string]int{"👍": 1}},
		{"an untimed event keeps the guard against older ones", []ReactionEvent{
			reaction("11111111111", "👎", t2), reaction("11111111111", "❤️", time.Time{}), reaction("11111111111", "👍", t1),
		}, map[string]int{"❤️": 1}},
		{"the voter is one whatever the spelling", []ReactionEvent{
			reaction("+1 650 555 1234", "👍", t1), reaction("16505551234@c.us", "👎", t2),
		}, map[string]int{"👎": 1}},
		{"ChatID stands in for a missing From", []ReactionEvent{
			{ChatID: "16505551234@c.us", MessageID: "wamid.poll", Emoji: "👍", Timestamp: t1},
			reaction("16505551234", "🎉", t2),
		}, map[string]int{"🎉": 1}},
		{"skin tones are different emojis", []ReactionEvent{
			reaction("11111111111", "👍", t1), reaction("22222222222", "👍🏽", t1),
		}, map[string]int{"👍": 1, "👍🏽": 1}},
		{"events without a voter or a message are ignored", []ReactionEvent{
			{MessageID: "wamid.poll", Emoji: "👍", Timestamp: t1},
			{From: "11111111111", Emoji: "👍", Timestamp: t1},
		}, map[string]int{}},
		{"other messages do not count", []ReactionEvent{
			reaction("11111111111", "👍", t1),
			{From: "11111111111", MessageID: "wamid.other", Emoji: "👎", Timestamp: t1},
		}, map[string]int{"👍": 1}},
	}
	for _, tt := range tests {
		var tally ReactionTally
		for _, ev := range tt.events {
			tally.Observe(ev)
		}
		assert.Equal(t, tt.want, tally.Counts("wamid.poll"), tt.name)
	}
}

func TestReactionTallyZeroValueAndOwnership(t *testing.T) {
	var tally ReactionTally
	got := tally.Counts("wamid.poll")
	assert.NotNil(t, got, "an empty map, not nil")
	assert.Empty(t, got)

	tally.Observe(reaction("11111111111", "👍", sessionT0))
	got = tally.Counts("wamid.poll")
	got["👍"] = 100
	got["👎"] = 1
	assert.Equal(t, map[string]int{"👍": 1}, tally.Counts("wamid.poll"), "the caller's map is a copy")
}

func TestReactionTallyReset(t *testing.T) {
	var tally ReactionTally
	tally.Observe(reaction("11111111111", "👍", sessionT0))
	tally.Observe(ReactionEvent{From: "11111111111", MessageID: "wamid.other", Emoji: "👎"})
	tally.Reset("wamid.poll")
	assert.Empty(t, tally.Counts("wamid.poll"))
	assert.Equal(t, map[string]int{"👎": 1}, tally.Counts("wamid.other"))

	// After a reset an older event counts again: the poll starts over.
	tally.Observe(reaction("11111111111", "👍", sessionT0.Add(-time.Hour)))
	assert.Equal(t, map[string]int{"👍": 1}, tally.Counts("wamid.poll"))
	tally.Reset("wamid.never")
}

func TestReactionTallyConcurrent(t *testing.T) {
	defer goleak.VerifyNone(t)
	var tally ReactionTally
	emojis := []string{"👍", "👎", "❤️"}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 100 {
				voter := fmt.Sprintf("1650555%04d", i)
				// Voter i's last word, at the latest time, is emojis[i%3],
				// sent by goroutine 3.
				at := sessionT0.Add(time.Duration(g) * time.Second)
				emoji := emojis[(i+3-g)%3]
				if g != 3 && i%2 == 0 {
					tally.Observe(unreaction(voter, at))
				} else {
					tally.Observe(reaction(voter, emoji, at))
				}
				tally.Counts("wamid.poll")
			}
		})
	}
	wg.Wait()
	assert.Equal(t, map[string]int{"👍": 34, "👎": 33, "❤️": 33}, tally.Counts("wamid.poll"))
}
