package waack

import (
	"io"
	"math/bits"
	"sync"
)

// The webhook handler reads bodies into buffers it recycles: a busy
// number's status batches are hundreds of kilobytes each, and reading one
// into a fresh buffer that grows by copying allocated about five times its
// size (1.5 MB for a 316 KB batch of 1,000 statuses), more than parsing
// it. A buffer goes back to its pool once the body has been parsed: the
// parsers copy every string they keep (encoding/json does, and so does
// cloudapi's fast decoder), so no event refers to it. A body handed to
// Enqueue is kept by the queue and never recycled.
//
// Buffers come in power-of-two sizes from minBodyBuffer up. The declared
// length still buys at most startBodyBuffer before bytes arrive; past that
// a buffer at most doubles, so the memory taken stays within about twice
// what the sender actually sent.
const (
	minBodyBuffer   = 1 << 10
	startBodyBuffer = 64 << 10
)

// bodyPools holds the idle buffers of each size class, class c holding
// buffers of minBodyBuffer<<c bytes.
var bodyPools [24]sync.Pool

// bodyBuffer is a body read by readBody.
type bodyBuffer struct {
	b []byte // the body; its capacity is the buffer's size class
}

// sizeClass is the smallest class of at least n bytes, or -1 above the
// largest.
func sizeClass(n int) int {
	if n <= minBodyBuffer {
		return 0
	}
	c := bits.Len(uint(n-1)) - bits.Len(minBodyBuffer-1)
	if c >= len(bodyPools) {
		return -1
	}
	return c
}

// getBuffer is an empty buffer of at least n bytes, recycled when one is
// idle.
func getBuffer(n int) []byte {
	c := sizeClass(n)
	if c < 0 {
		return make([]byte, 0, n)
	}
	if p, ok := bodyPools[c].Get().(*bodyBuffer); ok {
		return p.b[:0]
	}
	return make([]byte, 0, minBodyBuffer<<c)
}

// putBuffer recycles b, if it is of a size class.
func putBuffer(b []byte) {
	if c := sizeClass(cap(b)); c >= 0 && cap(b) == minBodyBuffer<<c {
		bodyPools[c].Put(&bodyBuffer{b: b})
	}
}

// readBody reads r to the end into a recycled buffer, starting with room
// for the declared length (plus one byte to see EOF) up to
// startBodyBuffer. Give the body back with putBuffer once nothing refers
// to it.
func readBody(r io.Reader, declared int64) ([]byte, error) {
	b := getBuffer(int(min(max(declared+1, 0), startBodyBuffer)))
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			// Twice what arrived: the next size class.
			bigger := append(getBuffer(2*len(b)), b...)
			putBuffer(b)
			b = bigger
		}
	}
}
