// Package apikey keeps the API keys of integrations: the Open311 clients
// (FixMyStreet, city apps) that file and follow requests for residents.
//
// A key is a random secret shown once when it is made; only its SHA-256 is
// stored. A key may be limited to one node of the org tree (a street, a
// community or a grid); it can be revoked; every change is audited. The
// in-memory Limiter meters each key, and receipts let a client's retry
// find what its first attempt did.
package apikey

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/audit"
	"civicgrid/internal/grid"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// Prefix starts every key, so a leaked one is recognisable in logs and by
// secret scanners.
const Prefix = "o311_"

const maxName = 64

// touchEvery bounds how often a key's last use is written: a busy client
// must not turn every request into a write.
const touchEvery = time.Minute

// Key describes an API key; the secret itself is never stored.
type Key struct {
	ID   int64
	Name string
	// NodeCode is the region or grid the key is limited to; "" means the
	// whole jurisdiction of the deployment.
	NodeCode   string
	CreatedAt  time.Time
	RevokedAt  time.Time // zero while valid
	LastUsedAt time.Time // zero if never used
}

// Revoked reports whether the key was revoked.
func (k Key) Revoked() bool { return !k.RevokedAt.IsZero() }

const columns = `id, name, COALESCE(node_code, ''), created_at, revoked_at, last_used_at`

type scanner interface{ Scan(dest ...any) error }

func scan(s scanner) (Key, error) {
	var k Key
	var created, revoked, used int64
	if err := s.Scan(&k.ID, &k.Name, &k.NodeCode, &created, &revoked, &used); err != nil {
		return Key{}, err
	}
	k.CreatedAt, k.RevokedAt, k.LastUsedAt = store.Time(created), store.Time(revoked), store.Time(used)
	return k, nil
}

// Add makes a key named name, limited to node when node is not "", and
// records "apikey.add". It returns the key and its plaintext, Prefix + 43
// base64url characters, which cannot be shown again. The node must be a
// region or grid on file; a name already used by a live key is
// ErrConflict.
func Add(ctx context.Context, db *store.DB, name, node string, actor audit.Actor) (Key, string, error) {
	name, err := cleanName(name)
	if err != nil {
		return Key{}, "", err
	}
	node = strings.TrimSpace(node)
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return Key{}, "", fmt.Errorf("apikey: random: %w", err)
	}
	plaintext := Prefix + base64.RawURLEncoding.EncodeToString(b)
	now := time.Now()
	var k Key
	err = db.InTx(ctx, func(tx *store.Tx) error {
		if node != "" {
			if err := checkNode(ctx, tx, node); err != nil {
				return err
			}
		}
		row := tx.QueryRowContext(ctx, `INSERT INTO api_keys (name, key_hash, node_code, created_at)
			VALUES (?, ?, ?, ?) RETURNING `+columns, name, digest(plaintext), nullable(node), store.Millis(now))
		if k, err = scan(row); err != nil {
			if store.IsUniqueViolation(err) {
				return fmt.Errorf("apikey: a live key is already named %q: %w", name, ErrConflict)
			}
			return fmt.Errorf("apikey: add: %w", err)
		}
		detail := fmt.Sprintf("key %d %q, whole jurisdiction", k.ID, k.Name)
		if node != "" {
			detail = fmt.Sprintf("key %d %q, limited to %s", k.ID, k.Name, node)
		}
		return actor.Record(ctx, tx, now, "apikey.add", target(k), detail)
	})
	if err != nil {
		return Key{}, "", err
	}
	return k, plaintext, nil
}

// checkNode accepts a region code (2-12 digits) or a grid code (15 digits)
// that is on file.
func checkNode(ctx context.Context, q store.Querier, node string) error {
	if len(node) == 15 && strings.Trim(node, "0123456789") == "" {
		_, err := grid.Get(ctx, q, node)
		if errors.Is(err, grid.ErrNotFound) {
			return invalid("node", "grid %s is not on file", node)
		}
		return err
	}
	_, err := org.GetRegion(ctx, q, node)
	if errors.Is(err, org.ErrNotFound) {
		return invalid("node", "%q is neither a region nor a grid on file", node)
	}
	return err
}

func cleanName(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "" || utf8.RuneCountInString(name) > maxName:
		return "", invalid("name", "a key needs a name of 1-%d characters", maxName)
	case !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "", invalid("name", "must be plain text")
	}
	return name, nil
}

// RevokeByName revokes the live key named name and records
// "apikey.revoke". No live key of that name is ErrNotFound.
func RevokeByName(ctx context.Context, db *store.DB, name string, actor audit.Actor) (Key, error) {
	return revoke(ctx, db, `name = ? AND revoked_at = 0`, strings.TrimSpace(name), actor)
}

// RevokeByID revokes key id and records "apikey.revoke". Revoking a
// revoked key changes nothing and is not an error.
func RevokeByID(ctx context.Context, db *store.DB, id int64, actor audit.Actor) (Key, error) {
	return revoke(ctx, db, `id = ?`, id, actor)
}

func revoke(ctx context.Context, db *store.DB, where string, arg any, actor audit.Actor) (Key, error) {
	now := time.Now()
	var k Key
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		k, err = scan(tx.QueryRowContext(ctx, `SELECT `+columns+` FROM api_keys WHERE `+where, arg))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("apikey: no live key %v: %w", arg, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("apikey: revoke: %w", err)
		}
		if k.Revoked() {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE api_keys SET revoked_at = ? WHERE id = ?`, store.Millis(now), k.ID); err != nil {
			return fmt.Errorf("apikey: revoke: %w", err)
		}
		k.RevokedAt = store.Time(store.Millis(now))
		return actor.Record(ctx, tx, now, "apikey.revoke", target(k), fmt.Sprintf("key %d %q", k.ID, k.Name))
	})
	return k, err
}

// List returns every key, revoked ones included, newest first.
func List(ctx context.Context, q store.Querier) ([]Key, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+columns+` FROM api_keys ORDER BY created_at DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("apikey: list: %w", err)
	}
	defer rows.Close()
	out := []Key{}
	for rows.Next() {
		k, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("apikey: list: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// Check returns the live key behind plaintext and notes its use (at most
// once a minute). An unknown, malformed or revoked key is ErrBadKey.
func Check(ctx context.Context, db *store.DB, plaintext string, now time.Time) (Key, error) {
	if !strings.HasPrefix(plaintext, Prefix) || len(plaintext) > 100 {
		return Key{}, ErrBadKey
	}
	k, err := scan(db.QueryRowContext(ctx, `SELECT `+columns+` FROM api_keys WHERE key_hash = ?`, digest(plaintext)))
	if errors.Is(err, sql.ErrNoRows) {
		return Key{}, ErrBadKey
	}
	if err != nil {
		return Key{}, fmt.Errorf("apikey: check: %w", err)
	}
	if k.Revoked() {
		return Key{}, ErrBadKey
	}
	if now.Sub(k.LastUsedAt) >= touchEvery {
		if _, err := db.ExecContext(ctx, `UPDATE api_keys SET last_used_at = ? WHERE id = ? AND last_used_at < ?`,
			store.Millis(now), k.ID, store.Millis(now)); err != nil {
			return Key{}, fmt.Errorf("apikey: touch: %w", err)
		}
		k.LastUsedAt = store.Time(store.Millis(now))
	}
	return k, nil
}

// digest is what the database keeps instead of the key: a stolen table
// grants nothing. SHA-256 suffices for 256 random bits.
func digest(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func target(k Key) string { return "apikey:" + k.Name }
