package bulletin

import (
	"context"
)

// Node is a district or street that has bulletins.
type Node struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Nodes lists the districts and streets in the actor's scope, a district
// before its streets.
func (s *Service) Nodes(ctx context.Context, a Actor) ([]Node, error) {
	if err := a.need(readRoles, "read bulletins"); err != nil {
		return nil, err
	}
	prefix := a.Scope.RegionPrefix()
	if prefix == "" {
		return []Node{}, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT code, name FROM regions
		WHERE level IN ('district','street') AND code LIKE ? ORDER BY code`, prefix+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Node{}
	for rows.Next() {
		var n Node
		if err := rows.Scan(&n.Code, &n.Name); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// MailConfigured reports whether bulletins can go out by e-mail.
func (s *Service) MailConfigured() bool { return s.mailer != nil }
