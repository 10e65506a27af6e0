// Package bench holds the performance benchmarks of waack: React through a
// default Client against a raw net/http baseline, webhook verification and
// parsing against raw hmac+encoding/json, and the memory of StatusTracker
// and the webhook de-duplicator. It has no code of its own: the benchmarks
// are in its _test.go files, and run.sh turns them into README.md's table.
//
// Run them with:
//
//	go test -run x -bench . -benchmem ./bench/...
package bench
