package waack

import (
	"errors"
	"strings"
	"testing"
)

func TestFillPlaceholders(t *testing.T) {
	valid := []struct {
		template string
		values   []string
		want     string
	}{
		{"Hello, {{1}}! We received your request about «{{2}}».", []string{"Alexey", "CRM"}, "Hello, Alexey! We received your request about «CRM»."},
		{"{{1}}", []string{"x"}, "x"},
		{"{{2}} before {{1}}", []string{"one", "two"}, "two before one"},
		{"{{1}}, yes, {{1}}!", []string{"Anna"}, "Anna, yes, Anna!"},
		{"No placeholders.", nil, "No placeholders."},
		{"Value {{1}} stays", []string{"{{2}}"}, "Value {{2}} stays"}, // not expanded again
		{"Value {{1}}", []string{"}} and {{"}, "Value }} and {{"},
		{"{{1}}{{2}}{{3}}{{4}}{{5}}{{6}}{{7}}{{8}}{{9}}{{10}}", strings.Fields("a b c d e f g h i j"), "abcdefghij"},
		{"Braces { } {x} {1} stay", nil, "Braces { } {x} {1} stay"},
		{"{{1}}}", []string{"a"}, "a}"},
		{"Hi {{1}}", []string{" Bob "}, "Hi  Bob "},
	}
	for _, tc := range valid {
		got, err := FillPlaceholders(tc.template, tc.values...)
		if err != nil || got != tc.want {
			t.Errorf("FillPlaceholders(%q, %q) = %q, %v; want %q", tc.template, tc.values, got, err, tc.want)
		}
	}

	invalid := []struct {
		template string
		values   []string
		problem  string
	}{
		{"Hello, {{1}}!", nil, `"{{1}}" at byte 7 has no value (0 given)`},
		{"Hello, {{1}} and {{2}}!", []string{"a"}, `"{{2}}" at byte 17 has no value (1 given)`},
		{"Hello, {{1}}!", []string{"a", "b"}, "value 2 is not used: the template has no {{2}}"},
		{"No placeholders.", []string{"a"}, "value 1 is not used"},
		{"{{1}} and {{3}}", []string{"a", "b", "c"}, "value 2 is not used: the template has no {{2}}"}, // gap
		{"{{1}} and {{3}}", []string{"a", "b"}, `"{{3}}" at byte 10 has no value (2 given)`},
		{"{{0}}", []string{"a"}, `"{{0}}" at byte 0: placeholders count from {{1}}`},
		{"{{01}}", []string{"a"}, `"{{01}}" at byte 0: leading zero`},
		{"Hi {{ 1 }}", []string{"a"}, `"{{ 1 }}" at byte 3: want a number like {{1}}`},
		{"Hi {{name}}", []string{"a"}, `"{{name}}" at byte 3: want a number like {{1}}`},
		{"Hi {{}}", nil, `"{{}}" at byte 3: no number`},
		{"Hi {{1", []string{"a"}, "{{ at byte 3 is not closed"},
		{"Hi {{1} there", []string{"a"}, "{{ at byte 3 is not closed"},
		{"Hi {{{1}}", []string{"a"}, `"{{{1}}" at byte 3: want a number`},
		{"Hi {1}}", []string{"a"}, "}} at byte 5 closes no {{"}, // mistyped placeholder
		{"{{1}}}}", []string{"a"}, "}} at byte 5 closes no {{"},
		{"Hi {{99999999999999999999999}}", []string{"a"}, `"{{99999999999999999999999}}" at byte 3 has no value`},
		{"Hi {{" + strings.Repeat("9", 100) + "}}", nil, `…`}, // clipped
		{"Hi {{1}}", []string{""}, "value 1 (for {{1}}) is empty"},
		{"Hi {{1}}", []string{" \n"}, "value 1 (for {{1}}) is empty"},
		{"{{1}}", []string{strings.Repeat("a", 4097)}, "4097 characters, max 4096"},
		{strings.Repeat("x", 4090) + "{{1}}", []string{"1234567"}, "4097 characters, max 4096"},
		{"", nil, "empty or only white space"},
		{"{{1}}", []string{"\xff"}, "not valid UTF-8"},
		{"\xff {{1}}", []string{"a"}, "not valid UTF-8 at byte 0"},
	}
	for _, tc := range invalid {
		got, err := FillPlaceholders(tc.template, tc.values...)
		wantErr(t, err, ErrInvalidText, tc.problem, tc.template)
		if got != "" {
			t.Errorf("FillPlaceholders(%q, %q) = %q with an error", tc.template, tc.values, got)
		}
	}
}

func FuzzFillPlaceholders(f *testing.F) {
	seeds := []struct{ template, v1, v2 string }{
		{"Hello, {{1}}! We received your request about «{{2}}».", "Alexey", "CRM"},
		{"{{1}}{{1}}{{2}}", "{{2}}", "}}"},
		{"{{0}}", "a", "b"},
		{"{{1}} {{3}}", "a", "b"},
		{"{{1", "a", "b"},
		{"{1}} {{2}}", "a", "b"},
		{"{{99999999999999999999}}", "a", "b"},
		{"{{1}}{{2}}", "", " "},
		{"\xff{{1}}{{2}}", "a", "\xfe"},
	}
	for _, s := range seeds {
		f.Add(s.template, s.v1, s.v2)
	}
	f.Fuzz(func(t *testing.T, template, v1, v2 string) {
		for _, values := range [][]string{nil, {v1}, {v1, v2}} {
			got, err := FillPlaceholders(template, values...)
			if err != nil {
				if !errors.Is(err, ErrInvalidText) {
					t.Fatalf("FillPlaceholders(%q, %q): error %v does not wrap ErrInvalidText", template, values, err)
				}
				continue
			}
			if err := checkText(got); err != nil {
				t.Fatalf("FillPlaceholders(%q, %q) = %q, which fails checkText: %v", template, values, got, err)
			}
			if len(values) == 0 && got != template {
				t.Fatalf("FillPlaceholders(%q) = %q, want the template unchanged", template, got)
			}
		}
	})
}
