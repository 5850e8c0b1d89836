#include "textflag.h"

// LANES accumulates the 16 bytes at off of the stripe (SI) and of the
// secret (DI) into the accumulator pair ACC: the product of the 32-bit
// halves of input xor secret into each lane, and each lane's input word
// into the other lane (PSHUFD $0x4e swaps the two).
#define LANES(off, ACC) \
	MOVOU   off(SI), X4 \
	MOVOU   off(DI), X5 \
	PXOR    X4, X5 \
	MOVO    X5, X6 \
	PSRLQ   $32, X6 \
	PMULULQ X6, X5 \
	PSHUFD  $0x4e, X4, X4 \
	PADDQ   X4, ACC \
	PADDQ   X5, ACC

// func stripesSSE2(acc *[8]uint64, p, k *byte, count int)
TEXT ·stripesSSE2(SB), NOSPLIT, $0-32
	MOVQ  acc+0(FP), AX
	MOVQ  p+8(FP), SI
	MOVQ  k+16(FP), DI
	MOVQ  count+24(FP), CX
	MOVOU 0(AX), X0
	MOVOU 16(AX), X1
	MOVOU 32(AX), X2
	MOVOU 48(AX), X3

loop:
	LANES(0, X0)
	LANES(16, X1)
	LANES(32, X2)
	LANES(48, X3)
	ADDQ $64, SI
	ADDQ $8, DI
	DECQ CX
	JNZ  loop

	MOVOU X0, 0(AX)
	MOVOU X1, 16(AX)
	MOVOU X2, 32(AX)
	MOVOU X3, 48(AX)
	RET
