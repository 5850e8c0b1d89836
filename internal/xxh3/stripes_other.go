//go:build !amd64

package xxh3

// stripes is stripesGeneric where there is no assembly version.
func stripes(acc *[8]uint64, b []byte, s, count int) {
	stripesGeneric(acc, b, s, count)
}
