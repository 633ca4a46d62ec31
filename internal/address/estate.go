package address

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// Estate is a 小区: a named group of buildings in one community.
type Estate struct {
	ID            int64
	CommunityCode string
	Name          string
	Version       int
	Retired       bool
}

const maxEstateName = 40

func cleanEstateName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > maxEstateName || strings.ContainsAny(name, "\r\n\t") {
		return "", invalid("the estate (小区) name must be 1 to %d characters on one line", maxEstateName)
	}
	if strings.ContainsAny(Fold(name), "0123456789") && strings.ContainsAny(Fold(name), "号栋单元室") {
		return "", invalid("the estate (小区) name %q looks like a house number", name)
	}
	return name, nil
}

// CreateEstate adds a 小区 to a community in the scope.
func CreateEstate(ctx context.Context, q store.Querier, ed grid.Editor, community, name string) (Estate, error) {
	if err := mayEdit(ed); err != nil {
		return Estate{}, err
	}
	scope := ed.Scope
	name, err := cleanEstateName(name)
	if err != nil {
		return Estate{}, err
	}
	if len(community) != 12 || !scope.CoversRegion(community) {
		return Estate{}, notFound("community %s", community)
	}
	var one int
	err = q.QueryRowContext(ctx, `SELECT 1 FROM regions WHERE code = ?`, community).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return Estate{}, notFound("community %s", community)
	}
	if err != nil {
		return Estate{}, err
	}
	now := store.Millis(ed.At())
	e := Estate{CommunityCode: community, Name: name, Version: 1}
	err = q.QueryRowContext(ctx, `INSERT INTO estates (community_code, name, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id`,
		community, name, now, now).Scan(&e.ID)
	if store.IsUniqueViolation(err) {
		return Estate{}, fmt.Errorf("%w: community %s already has a 小区 named %s", ErrConflict, community, name)
	}
	if err != nil {
		return Estate{}, err
	}
	return e, ed.Actor.Record(ctx, q, ed.At(), "estate.create", fmt.Sprintf("estate:%d", e.ID), name)
}

// GetEstate returns a 小区 in the scope, or ErrNotFound.
func GetEstate(ctx context.Context, q store.Querier, scope auth.Scope, id int64) (Estate, error) {
	var e Estate
	err := q.QueryRowContext(ctx, `SELECT id, community_code, name, version, retired_at IS NOT NULL FROM estates WHERE id = ?`, id).
		Scan(&e.ID, &e.CommunityCode, &e.Name, &e.Version, &e.Retired)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !scope.CoversRegion(e.CommunityCode)) {
		return Estate{}, notFound("estate %d", id)
	}
	return e, err
}

// ListEstates returns the live 小区 of a community in the scope, by name.
func ListEstates(ctx context.Context, q store.Querier, scope auth.Scope, community string) ([]Estate, error) {
	if !scope.CoversRegion(community) {
		return nil, notFound("community %s", community)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, community_code, name, version FROM estates
		WHERE community_code = ? AND retired_at IS NULL ORDER BY name`, community)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Estate
	for rows.Next() {
		var e Estate
		if err := rows.Scan(&e.ID, &e.CommunityCode, &e.Name, &e.Version); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// RenameEstate renames a 小区 if version is current. Addresses already
// written with the old name keep it until edited: a standard address, once
// given out, does not change under its users.
func RenameEstate(ctx context.Context, q store.Querier, ed grid.Editor, id int64, version int, name string) (Estate, error) {
	if err := mayEdit(ed); err != nil {
		return Estate{}, err
	}
	scope := ed.Scope
	name, err := cleanEstateName(name)
	if err != nil {
		return Estate{}, err
	}
	e, err := GetEstate(ctx, q, scope, id)
	if err != nil {
		return Estate{}, err
	}
	res, err := q.ExecContext(ctx, `UPDATE estates SET name = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ? AND retired_at IS NULL`, name, store.Millis(ed.At()), id, version)
	if store.IsUniqueViolation(err) {
		return Estate{}, fmt.Errorf("%w: community %s already has a 小区 named %s", ErrConflict, e.CommunityCode, name)
	}
	if err != nil {
		return Estate{}, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return Estate{}, err
	} else if n == 0 {
		return Estate{}, fmt.Errorf("%w: estate %d is at version %d, not %d (or retired)", ErrStale, id, e.Version, version)
	}
	old := e.Name
	e.Name, e.Version = name, e.Version+1
	return e, ed.Actor.Record(ctx, q, ed.At(), "estate.rename", fmt.Sprintf("estate:%d", id), old+" → "+name)
}

// RetireEstate retires a 小区 no live building stands in.
func RetireEstate(ctx context.Context, q store.Querier, ed grid.Editor, id int64) error {
	if err := mayEdit(ed); err != nil {
		return err
	}
	e, err := GetEstate(ctx, q, ed.Scope, id)
	if err != nil {
		return err
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM buildings WHERE estate_id = ? AND retired_at IS NULL`, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%w: %d live buildings stand in 小区 %s", ErrConflict, n, e.Name)
	}
	now := store.Millis(ed.At())
	if _, err = q.ExecContext(ctx, `UPDATE estates SET retired_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND retired_at IS NULL`, now, now, id); err != nil {
		return err
	}
	return ed.Actor.Record(ctx, q, ed.At(), "estate.retire", fmt.Sprintf("estate:%d", id), e.Name)
}
