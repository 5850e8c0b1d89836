package xxh3

// stripes is stripesGeneric in SSE2, which every amd64 processor has:
// no CPU feature probe is needed to use it. It runs at about three times
// the plain Go version's speed.
func stripes(acc *[8]uint64, b []byte, s, count int) {
	if count <= 0 {
		return
	}
	// The assembly reads count stripes of b and of the secret: make sure
	// they are there (a panic, not a read past the end).
	_ = b[count*stripeLen-1]
	_ = secret[s+8*(count-1)+stripeLen-1]
	stripesSSE2(acc, &b[0], &secret[s], count)
}

// stripesSSE2 is in stripes_amd64.s.
//
//go:noescape
func stripesSSE2(acc *[8]uint64, p, k *byte, count int)
