package knowledge

import (
	"context"
	"fmt"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// AnswerFrom answers the consultation with number from the article with
// id (直接答复, order.Service.Answer with the article's answer and its
// source) and records which article answered it. The article must be
// valid now. A replay on an order answered already from the same article
// changes nothing.
func (s *Service) AnswerFrom(ctx context.Context, a order.Actor, number string, version int, id int64) (order.Order, error) {
	art, err := s.Get(ctx, a, id)
	if err != nil {
		return order.Order{}, err
	}
	now := s.now()
	if !art.LiveAt(now) {
		return order.Order{}, fmt.Errorf("%w: article %d is not in force — 该知识未发布或已失效", ErrConflict, id)
	}
	text := art.Answer
	if art.Source != "" {
		text += "（依据：" + art.Source + "）"
	}
	o, err := s.Orders.Answer(ctx, a, number, version, text)
	if err != nil {
		return order.Order{}, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO kb_uses (order_number, article_id, used_by, used_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (order_number) DO NOTHING`, o.Number, art.ID, nullID(a.UserID), store.Millis(now))
		return err
	})
	if err != nil {
		return order.Order{}, err
	}
	s.forget()
	return o, nil
}

// UsedFor is the article that answered the order with number, if any (for
// a page that may show the order).
func (s *Service) UsedFor(ctx context.Context, number string) (Article, bool, error) {
	var id int64
	err := s.DB.QueryRowContext(ctx, `SELECT article_id FROM kb_uses WHERE order_number = ?`, number).Scan(&id)
	if err != nil {
		if store.IsNoRows(err) {
			return Article{}, false, nil
		}
		return Article{}, false, err
	}
	art, err := get(ctx, s.DB, id)
	return art, err == nil, err
}
