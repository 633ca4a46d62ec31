package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/store"
)

// NewUser is the input of CreateUser.
type NewUser struct {
	Username       string
	DisplayName    string
	Role           string
	NodeCode       string
	DepartmentCode string
	Password       string
}

// CreateUser validates in, stores the user with an argon2id password hash
// and records "user.create" in the audit log, all in one transaction. Bad
// input is a *ValidationError (ErrInvalid) and writes nothing; a taken
// username is ErrConflict. Usernames are stored in lower case.
func CreateUser(ctx context.Context, db *store.DB, in NewUser, actor Actor) (User, error) {
	username := normalizeUsername(in.Username)
	if err := validateUsername(username); err != nil {
		return User{}, err
	}
	display, err := cleanDisplayName(in.DisplayName, username)
	if err != nil {
		return User{}, err
	}
	place := placement{role: strings.TrimSpace(in.Role), node: strings.TrimSpace(in.NodeCode),
		department: strings.TrimSpace(in.DepartmentCode)}
	if err := place.check(); err != nil {
		return User{}, err
	}
	if err := ValidatePassword(in.Password, username); err != nil {
		return User{}, err
	}
	// Hash before the transaction: tens of milliseconds of CPU must not
	// hold SQLite's write lock.
	hash, err := HashPassword(in.Password)
	if err != nil {
		return User{}, err
	}
	now := time.Now()
	var id int64
	err = db.InTx(ctx, func(tx *store.Tx) error {
		if err := place.exists(ctx, tx); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO users
			(username, display_name, role, node_code, department_code, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			username, display, place.role, nullable(place.node), nullable(place.department), hash,
			store.Millis(now), store.Millis(now)).Scan(&id)
		if store.IsUniqueViolation(err) {
			return fmt.Errorf("%w: username %q is taken", ErrConflict, username)
		}
		if err != nil {
			return fmt.Errorf("auth: create user: %w", err)
		}
		return actor.Record(ctx, tx, now, "user.create", userTarget(username), place.describe())
	})
	if err != nil {
		return User{}, err
	}
	return GetUser(ctx, db, id)
}

func (p placement) describe() string {
	if p.department != "" {
		return "role=" + p.role + " department=" + p.department
	}
	return "role=" + p.role + " node=" + p.node
}
