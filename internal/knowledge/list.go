package knowledge

import (
	"context"
	"strings"

	"civicgrid/internal/order"
)

// Filter narrows a staff list of articles.
type Filter struct {
	State string // "" for every state a may see
	Dept  string
	Text  string // in question, answer or source
	Limit int    // default and most 500
}

// List returns the articles a may see that match f, newest change first.
func (s *Service) List(ctx context.Context, a order.Actor, f Filter) ([]Article, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 500
	}
	q := `SELECT ` + articleColumns + articleFrom + ` WHERE 1 = 1`
	var args []any
	if f.State != "" {
		q, args = q+` AND a.state = ?`, append(args, f.State)
	}
	if f.Dept != "" {
		q, args = q+` AND a.dept_code = ?`, append(args, f.Dept)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(t) + "%"
		q += ` AND (a.question LIKE ? ESCAPE '\' OR a.answer LIKE ? ESCAPE '\' OR a.source LIKE ? ESCAPE '\')`
		args = append(args, like, like, like)
	}
	q += ` ORDER BY a.updated_at DESC, a.id DESC`
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Article
	for rows.Next() && len(out) < f.Limit {
		art, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		if maySee(a, art) {
			out = append(out, art)
		}
	}
	return out, rows.Err()
}

// Pending is the number of proposals waiting for a's review.
func (s *Service) Pending(ctx context.Context, a order.Actor) (int, error) {
	ab := AbilitiesOf(a)
	if !ab.Review {
		return 0, nil
	}
	q, args := `SELECT COUNT(*) FROM kb_articles WHERE state = ?`, []any{StateProposed}
	if ab.DeptOnly != "" {
		q, args = q+` AND dept_code = ?`, append(args, ab.DeptOnly)
	}
	var n int
	err := s.DB.QueryRowContext(ctx, q, args...).Scan(&n)
	return n, err
}
