// Package pipeline is Folio's one orchestrator: it runs the stages —
// extract, check, status, build — for a project, in parallel where the work
// is independent (documents × locales), and returns their results to the
// command. Around them it keeps what spans stages: the translation memory
// that extract consults (memory.go; narrow.go gathers it from only the
// units that can answer), the record of the last source revision
// that diff reads (diff.go), the content-hash caches in .folio/cache that
// let a run skip unchanged work (cache.go; checkcache.go for check,
// statuscache.go for status, cleancache.go for the translations build
// found clean; stamps.go, the table that spares reading a
// file whose size and modification time have not changed; binfile.go,
// their files' reader), the
// status report and badges that build writes (report.go), and the accept
// and pseudo commands' work.
// It holds no flags, exit codes or terminal handling: those belong to
// cmd/folio.
//
// The package imports the stage packages (project, state, segment, msgid,
// catalog, check, coverage, build, chrome, report), locale, fsutil, lazyre,
// xxh3 (the caches' content hash) and the standard library.
package pipeline
