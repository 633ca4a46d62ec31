package property

import "context"

// Estate is a compound the actor may record a contract or committee for.
type Estate struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Community string `json:"community_code"`
}

// maxEstates bounds the list a form offers.
const maxEstates = 1000

// Estates lists the compounds in the actor's scope, for the forms.
func (s *Service) Estates(ctx context.Context, a Actor) ([]Estate, error) {
	if err := a.need(keepRoles, "keep property management"); err != nil {
		return nil, err
	}
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT id, name, community_code FROM estates WHERE retired_at IS NULL AND community_code LIKE ?
		ORDER BY community_code, name LIMIT ?`, a.Scope.RegionPrefix()+"%", maxEstates)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Estate{}
	for rows.Next() {
		var e Estate
		if err := rows.Scan(&e.ID, &e.Name, &e.Community); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
