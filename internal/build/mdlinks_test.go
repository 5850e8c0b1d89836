package build

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"

	"folio/internal/segment"
)

// FuzzRetarget: retargeting never panics, changes nothing without a
// moved anchor, and otherwise changes only fragments (the text without
// its "#…" runs is the same).
func FuzzRetarget(f *testing.F) {
	f.Add("See [a](#usage), [b](<#Usage>) and `[c](#usage)`.\n[d]: #usage\n```\n[d]: #usage\n```\n")
	f.Add("]( #usage \"t\")\\](#usage)``` ](#usage")
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		defs := []segment.Definition{{Label: "d", Destination: "#usage"}}
		if got := retargetInline(nil, b, nil); !bytes.Equal(got, b) {
			t.Fatalf("retargetInline without moves changed %q to %q", b, got)
		}
		if got := retargetDefinitions(nil, b, defs, nil); !bytes.Equal(got, b) {
			t.Fatalf("retargetDefinitions without moves changed %q to %q", b, got)
		}
		moves := map[string]string{"usage": "utilisation"}
		strip := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "utilisation", "usage")) }
		for _, got := range [][]byte{retargetInline(nil, b, moves), retargetDefinitions(nil, b, defs, moves)} {
			if strip(string(got)) != strip(s) {
				t.Fatalf("retargeting %q gave %q: more than a fragment changed", s, got)
			}
		}
	})
}

// FuzzHeadingSlug: a heading text without inline syntax, or with code
// spans only, whose slug is taken without parsing it, has the slug its
// parse gives.
func FuzzHeadingSlug(f *testing.F) {
	for _, s := range []string{"Getting started", "1. Scope", "  Überblick (Deutsch) ", "安装 指南", "v2.0: what's new?", "a\tb", "https://example.org/x", "www.example.org", "- item", "> quote", "=== ", "Title #"} {
		f.Add(s)
	}
	md := getMarkdown(false)
	defer putMarkdown(md, false)
	for _, s := range []string{"`buf.toString()`", "The ` `` ` tick", "` a `", "`  `", "x ``y` z", "`a` and `b`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsAny(s, markupButCode) {
			return
		}
		src := []byte("# " + s)
		want := GitHubSlug(plainText(md.Parser().Parse(text.NewReader(src)), src))
		if got := headingSlug(md, s); got != want {
			t.Fatalf("headingSlug(%q) = %q, parsed %q", s, got, want)
		}
	})
}

// FuzzGitHubSlug: the ASCII path of GitHubSlug gives what its general
// path gives.
func FuzzGitHubSlug(f *testing.F) {
	for _, s := range []string{"Getting Started", "C++ & Go: a comparison", "snake_case and kebab-case", "Überblick", "v2.0?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		if got, want := GitHubSlug(s), slugOf(s, &b); got != want {
			t.Fatalf("GitHubSlug(%q) = %q, want %q", s, got, want)
		}
	})
}
