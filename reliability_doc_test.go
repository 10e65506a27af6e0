package waack_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReliabilityDocMatchesTests keeps RELIABILITY.md honest: every test it
// cites exists in the file it names, every fault-table row it cites exists,
// and every row and every test of the reliability test files is cited.
func TestReliabilityDocMatchesTests(t *testing.T) {
	raw, err := os.ReadFile("RELIABILITY.md")
	require.NoError(t, err)
	doc := string(raw)

	cited := regexp.MustCompile("([A-Za-z0-9_./-]+_test\\.go):((?:Test|Fuzz|Example)[A-Za-z0-9_]+)").FindAllStringSubmatch(doc, -1)
	require.NotEmpty(t, cited)
	for _, m := range cited {
		src, err := os.ReadFile(filepath.FromSlash(m[1]))
		if assert.NoError(t, err, "%s cited in RELIABILITY.md", m[0]) {
			assert.True(t, strings.Contains(string(src), "\nfunc "+m[2]+"("), "RELIABILITY.md cites %s, which does not exist", m[0])
		}
	}

	rows := map[string]bool{}
	for _, r := range faultRows() {
		rows[r.name] = true
		assert.Contains(t, doc, `row "`+r.name+`"`, "fault row not documented")
	}
	for _, m := range regexp.MustCompile(`row "([^"]+)"`).FindAllStringSubmatch(doc, -1) {
		assert.True(t, rows[m[1]], "RELIABILITY.md cites an unknown fault row %q", m[1])
	}

	for _, file := range []string{"faults_test.go", "pacing_test.go", "redirect_test.go", "security_test.go", "webhook_robustness_test.go"} {
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		for _, m := range regexp.MustCompile(`(?m)^func (Test[A-Za-z0-9_]+)\(`).FindAllStringSubmatch(string(src), -1) {
			if m[1] == "TestMain" {
				continue
			}
			assert.True(t, strings.Contains(doc, file+":"+m[1]), "%s:%s is not in RELIABILITY.md", file, m[1])
		}
	}
}
