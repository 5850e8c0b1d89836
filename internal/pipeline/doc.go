// Package pipeline is Folio's one orchestrator: it runs the stages —
// extract, check, status, build — for a project, in parallel where the work
// is independent (documents × locales), and returns their results to the
// command. It holds no flags, exit codes or terminal handling: those belong
// to cmd/folio.
//
// The package imports the stage packages (project, state, segment, msgid,
// catalog, check, coverage, build, chrome, report), locale, fsutil, and the
// standard library.
package pipeline
