// Package gfm holds goldmark's GitHub Flavored Markdown extensions (tables,
// strikethrough, task lists, autolinks) and its footnote extension: the
// files gfm.go, table.go, strikethrough.go, tasklist.go, linkify.go and
// footnote.go of goldmark v1.8.7's extension package (github.com/yuin/goldmark,
// MIT licence, LICENSE in this folder), with one change: linkify's two
// regular expressions are compiled when the first autolink parser is made
// (internal/lazyre), not when the program starts.
//
// Go initialises every package a program links before main runs, whatever
// the command: goldmark's extension package compiled those expressions
// (their {1,256} repetitions make programs of thousands of instructions) in
// every Folio process, 0.6 ms of a run that has nothing to do, such as
// `folio build` after a build. Folio links this package instead of
// goldmark's, and TestSameAsUpstream and FuzzSameAsUpstream hold the two to
// the same HTML. When go.mod moves to another goldmark, copy the six files
// again from its extension package and make the same change.
package gfm
