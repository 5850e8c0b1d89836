// Package readertest proves Folio's editions in the programs that read
// them: the HTML and bilingual review editions in headless Chromium (driven
// with chromedp) and the EPUBs in epubcheck, for the white paper as
// committed and for a copy whose translations are hostile (script, event
// handlers, javascript: links, iframes) built with --force, so that the
// renderers' own escaping is what is tested.
//
// It holds tests only. They skip when chromium or epubcheck is missing,
// and fail then when CI=true.
//
// The package imports pipeline, project, chromedp and the standard library.
package readertest
