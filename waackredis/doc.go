// Package waackredis shares waack's state between replicas through Redis
// (or Valkey): webhook de-duplication (NewDeduper), delivery statuses
// (NewStatusStore for waack.WithTrackerStore), 24-hour session windows
// (NewSessionStore for waack.WithSessionStore), reaction tallies
// (NewTallyStore for waack.ReactionTally), request pacing (NewLimiter
// for waack.WithLimiter), and a durable webhook queue on a Redis stream
// (NewQueue: Enqueue for waack.WebhookConfig.Enqueue, Work on the workers).
//
// Every constructor takes a redis.UniversalClient (a *redis.Client, a
// cluster or a sentinel client) and options. Every Redis failure reaches
// the caller as an error: nothing is silently treated as new, seen, done
// or allowed. Keys all start with the prefix ("waack:" unless WithPrefix);
// the keys each store writes, their lifetimes and their memory are listed
// on its constructor and in the README ("Running several replicas").
// Keys that two-key scripts touch together carry a {hash tag}, so that
// every store also works on Redis Cluster.
package waackredis
