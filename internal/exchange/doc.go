// Package exchange is the four-level linkage across deployments (四级联动):
// a two-way exchange of orders and their status between an upstream (the
// city's 12345 platform, or a city-level civicgrid) and a district
// civicgrid, over signed JSON on HTTPS. The contract is docs/exchange.md;
// the design, docs/design.md §9.
//
// One instance may be both ends. Links (exchange_links) name the peers: a
// downstream link is a district this instance forwards orders to (by the
// region codes it serves); an upstream link is a platform that pushes
// orders here (channel upstream) and hears their status back.
//
// Every message is HMAC-SHA256-signed with the link's secret over the
// method, path, timestamp, nonce and body (sign.go); stale timestamps and
// replayed nonces are refused; a message id makes every message
// idempotent. Outgoing messages are sent by the outbox sink (sink.go), so
// they are retried with backoff and survive either side being down.
// Status events carry a sequence number per order; one that arrives ahead
// of its turn is held until the gap fills. The reporter travels sealed to
// the link's key (AES-256-GCM). An upstream category path with no local
// category mapped is held for an admin to map, never dropped.
package exchange
