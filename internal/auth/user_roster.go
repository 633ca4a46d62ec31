package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// CreateRoster stores many staff accounts at once (a roster of grid workers
// and 楼长 taken on before they sign in): each is checked like CreateUser,
// but they share one hash of a random password nobody is shown, so none can
// sign in until an admin sets a password (civicgrid user passwd). One
// argon2id hash instead of one per account keeps a roster of thousands
// fast. Passwords in the input are ignored. All or nothing, audited per
// account, in the caller's transaction.
func CreateRoster(ctx context.Context, tx *store.Tx, users []NewUser, actor Actor) ([]int64, error) {
	secret := make([]byte, 24)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	hash, err := HashPassword(base64.RawURLEncoding.EncodeToString(secret))
	if err != nil {
		return nil, err
	}
	now := time.Now()
	ids := make([]int64, 0, len(users))
	for _, in := range users {
		username := normalizeUsername(in.Username)
		if err := validateUsername(username); err != nil {
			return nil, err
		}
		display, err := cleanDisplayName(in.DisplayName, username)
		if err != nil {
			return nil, err
		}
		place := placement{role: in.Role, node: in.NodeCode, department: in.DepartmentCode}
		if err := place.check(); err != nil {
			return nil, err
		}
		if err := place.exists(ctx, tx); err != nil {
			return nil, err
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO users
			(username, display_name, role, node_code, department_code, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			username, display, place.role, nullable(place.node), nullable(place.department), hash,
			store.Millis(now), store.Millis(now)).Scan(&id)
		if store.IsUniqueViolation(err) {
			return nil, fmt.Errorf("%w: username %q is taken", ErrConflict, username)
		}
		if err != nil {
			return nil, fmt.Errorf("auth: create roster: %w", err)
		}
		if err := actor.Record(ctx, tx, now, "user.create", userTarget(username), place.describe()+" (roster, no password yet)"); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}
