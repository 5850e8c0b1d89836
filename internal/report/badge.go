package report

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Badge returns a flat, shields.io-style SVG badge for a locale: the tag on
// a grey field and the percentage of current messages on a field coloured
// by it ("fr | 100 %"). Text widths are estimated from a fixed table of
// Verdana advances and pinned with textLength, so the badge is the same
// bytes on every machine and looks the same whatever font the viewer has.
func Badge(tag string, percent float64) []byte {
	label := tag
	value := Percent(percent, 0) + "\u00a0%"
	lw := textWidth(label) + 10
	vw := textWidth(value) + 10
	w := lw + vw
	alt := html.EscapeString(label + ": " + value + " translated")
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="%s">`+"\n", w, alt)
	fmt.Fprintf(&b, "<title>%s</title>\n", alt)
	b.WriteString(`<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` + "\n")
	fmt.Fprintf(&b, `<clipPath id="r"><rect width="%d" height="20" rx="3" fill="#fff"/></clipPath>`+"\n", w)
	fmt.Fprintf(&b, `<g clip-path="url(#r)"><rect width="%d" height="20" fill="#555"/><rect x="%d" width="%d" height="20" fill="%s"/><rect width="%d" height="20" fill="url(#s)"/></g>`+"\n",
		lw, lw, vw, BadgeColor(percent), w)
	b.WriteString(`<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110">` + "\n")
	for _, t := range []struct {
		x, w int
		s    string
	}{{lw * 5, lw - 10, label}, {lw*10 + vw*5, vw - 10, value}} {
		s := html.EscapeString(t.s)
		fmt.Fprintf(&b, `<text aria-hidden="true" x="%d" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="%d">%s</text>`, t.x, t.w*10, s)
		fmt.Fprintf(&b, `<text aria-hidden="true" x="%d" y="140" transform="scale(.1)" fill="#fff" textLength="%d">%s</text>`+"\n", t.x, t.w*10, s)
	}
	b.WriteString("</g>\n</svg>\n")
	return []byte(b.String())
}

// BadgeColor is the badge colour for a percentage, on shields.io's scale
// (the one Weblate's widgets follow): bright green only when complete.
func BadgeColor(percent float64) string {
	switch {
	case percent >= 100:
		return "#4c1"
	case percent >= 90:
		return "#97ca00"
	case percent >= 75:
		return "#a4a61d"
	case percent >= 50:
		return "#dfb317"
	case percent >= 25:
		return "#fe7d37"
	}
	return "#e05d44"
}

// Percent formats a percentage with the given decimals, rounded down, so
// that only a complete translation reads 100 and only an empty one 0.
func Percent(p float64, decimals int) string {
	return string(appendPercent(nil, p, decimals))
}

// appendPercent appends what Percent returns.
func appendPercent(b []byte, p float64, decimals int) []byte {
	scale := math.Pow(10, float64(decimals))
	v := math.Floor(p*scale+1e-9) / scale
	return strconv.AppendFloat(b, v, 'f', decimals, 64)
}

// verdana holds approximate advance widths of printable ASCII in Verdana at
// 11 px, in tenths of a pixel (shields.io measures the same font at that
// size). They need not be exact: textLength makes the text fit its field.
var verdana = [95]int{
	// space ! " # $ % & ' ( ) * + , - . /
	39, 43, 51, 90, 70, 121, 80, 30, 50, 50, 70, 90, 40, 50, 40, 50,
	// 0-9
	70, 70, 70, 70, 70, 70, 70, 70, 70, 70,
	// : ; < = > ? @
	50, 50, 90, 90, 90, 60, 110,
	// A-Z
	75, 76, 77, 85, 70, 64, 85, 84, 46, 50, 77, 61, 95, 84, 87, 66, 87, 77, 75, 68, 81, 75, 109, 75, 68, 76,
	// [ \ ] ^ _ `
	50, 50, 50, 90, 70, 70,
	// a-z
	67, 69, 58, 69, 66, 39, 69, 70, 30, 38, 65, 30, 107, 70, 66, 69, 69, 47, 57, 43, 70, 65, 90, 65, 65, 58,
	// { | } ~
	70, 50, 70, 90,
}

// textWidth estimates the width in pixels of s in 11 px Verdana: the table
// for ASCII, 11 px for wide (CJK) characters, 7 px for anything else.
func textWidth(s string) int {
	tenths := 0
	for _, r := range s {
		switch {
		case r >= ' ' && r <= '~':
			tenths += verdana[r-' ']
		case r == '\u00a0':
			tenths += verdana[0]
		case r >= 0x1100 && isWide(r):
			tenths += 110
		default:
			tenths += 70
		}
	}
	return (tenths + 9) / 10
}

func isWide(r rune) bool {
	return r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 || r >= 0xf900 && r <= 0xfaff || r >= 0xff00 && r <= 0xff60 || r >= 0x20000
}
