// Package pii protects personal data at rest (个人信息保护法, 等保2.0 level 3
// practice): names, phone numbers and ID numbers are sealed with AES-256-GCM
// before they reach the database, searched by a keyed HMAC (blind index),
// and shown masked on screen.
//
// # Keys
//
// A Keyring holds one current key, which seals, and any number of retired
// keys, which still open what they sealed. It comes from, in this order:
//
//  1. the environment variable CIVICGRID_PII_KEY: one or more base64 keys
//     of 32 bytes separated by commas, the current key first. Several app
//     nodes on one PostgreSQL MUST share the same keys, so set this
//     variable (from a secret store) on every node; a node with a key of its
//     own would seal data the others cannot read.
//  2. the file DATA/keys/pii.key: one base64 key per line, current first.
//     It is created with mode 0600 (directory 0700) and a random key on
//     first use; that is right for a single node on SQLite. Back it up with
//     the database: without it the sealed columns are lost.
//
// To rotate, put a new key first and keep the old ones after it. Sealed
// values carry the id of the key that sealed them, so old rows still open;
// re-seal them at leisure. Blind indexes made with a retired key are still
// matched through BlindAll.
//
// # Sealed form
//
//	v1.<key id>.<base64url(nonce || ciphertext || tag)>
//
// The key id is the first 8 hex digits of SHA-256 over a label and the key,
// so it names the key without revealing it. The version and key id are
// authenticated as additional data: editing them makes Open fail.
package pii
