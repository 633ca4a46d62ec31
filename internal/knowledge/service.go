package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// Service keeps the knowledge base and answers searches from an index of
// the published articles, rebuilt at most every few seconds.
type Service struct {
	DB     *store.DB
	Orders *order.Service
	Now    func() time.Time

	mu      sync.Mutex
	built   time.Time
	live    []Article // published articles, valid now or later
	index   *searchIndex
	changed bool
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Abilities are what an actor may do with the knowledge base at all.
type Abilities struct {
	Publish bool // write published articles (for DeptOnly, or any department)
	Propose bool // put an answer forward for review
	Review  bool // approve or reject proposals (of DeptOnly, or all)
	// DeptOnly limits publishing and reviewing to this department.
	DeptOnly string
}

// AbilitiesOf is what a may do: an admin publishes and reviews for every
// department, a department user for its own; the staff who take and
// handle calls propose.
func AbilitiesOf(a order.Actor) Abilities {
	switch a.Role {
	case auth.RoleAdmin:
		return Abilities{Publish: true, Review: true, Propose: true}
	case auth.RoleDepartment:
		return Abilities{Publish: true, Review: true, Propose: true, DeptOnly: a.Scope.DepartmentCode()}
	case auth.RoleOperator, auth.RoleDispatcher, auth.RoleStreet, auth.RoleCommunity:
		return Abilities{Propose: true}
	}
	return Abilities{}
}

// owns reports whether a publishes and reviews for art's department.
func (ab Abilities) owns(dept string) bool {
	return ab.Publish && (ab.DeptOnly == "" || ab.DeptOnly == dept)
}

// ArticleActions are what a may do with one article now.
type ArticleActions struct {
	Review bool // a proposal a may approve or reject
	Edit   bool // a published article a may change or end
}

// ActionsOn is what a may do with art now.
func ActionsOn(a order.Actor, art Article) ArticleActions {
	ab := AbilitiesOf(a)
	return ArticleActions{
		Review: art.State == StateProposed && ab.Review && (ab.DeptOnly == "" || ab.DeptOnly == art.DeptCode),
		Edit:   art.State == StatePublished && ab.owns(art.DeptCode),
	}
}

// maySee: published articles are public; proposals and rejections are
// seen by their department's reviewers and by whoever proposed them.
func maySee(a order.Actor, art Article) bool {
	if art.State == StatePublished {
		return true
	}
	ab := AbilitiesOf(a)
	return (ab.Review && (ab.DeptOnly == "" || ab.DeptOnly == art.DeptCode)) || (a.UserID != 0 && art.ProposedBy == a.UserID)
}

func auditActor(a order.Actor) audit.Actor {
	return audit.Actor{UserID: a.UserID, Name: a.Name, IP: a.IP}
}

func (s *Service) forget() {
	s.mu.Lock()
	s.changed = true
	s.mu.Unlock()
}

// checkRefs: the category and the department must exist.
func checkRefs(ctx context.Context, q store.Querier, in Input) error {
	var n int
	if in.CategoryCode != "" {
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM categories WHERE code = ?`, in.CategoryCode).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return invalid("category %q does not exist — 事项分类不存在", in.CategoryCode)
		}
	}
	if in.DeptCode != "" {
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM departments WHERE code = ?`, in.DeptCode).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return invalid("department %q does not exist — 发布部门不存在", in.DeptCode)
		}
	}
	return nil
}

// Create publishes an article: an admin for any department (or none), a
// department user for its own (the department is filled in).
func (s *Service) Create(ctx context.Context, a order.Actor, in Input) (Article, error) {
	ab := AbilitiesOf(a)
	if !ab.Publish {
		return Article{}, fmt.Errorf("%w: a %q user may not publish articles — 无权发布知识", ErrForbidden, a.Role)
	}
	if ab.DeptOnly != "" {
		if in.DeptCode != "" && in.DeptCode != ab.DeptOnly {
			return Article{}, fmt.Errorf("%w: you publish for department %s only — 只能发布本部门知识", ErrForbidden, ab.DeptOnly)
		}
		in.DeptCode = ab.DeptOnly
	}
	return s.insert(ctx, a, in, StatePublished)
}

// Propose puts a good answer forward as a new article, for the issuing
// department (or, with none, an admin) to review. FromOrder, when given,
// must be an order a may see.
func (s *Service) Propose(ctx context.Context, a order.Actor, in Input) (Article, error) {
	if !AbilitiesOf(a).Propose {
		return Article{}, fmt.Errorf("%w: a %q user may not propose articles — 无权提议知识", ErrForbidden, a.Role)
	}
	if in.FromOrder = strings.TrimSpace(in.FromOrder); in.FromOrder != "" && s.Orders != nil {
		o, err := s.Orders.Get(ctx, a, in.FromOrder)
		if err != nil {
			return Article{}, err
		}
		in.FromOrder = o.Number
	}
	return s.insert(ctx, a, in, StateProposed)
}

func (s *Service) insert(ctx context.Context, a order.Actor, in Input, state string) (Article, error) {
	if err := in.clean(); err != nil {
		return Article{}, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := checkRefs(ctx, tx, in); err != nil {
			return err
		}
		now := s.now()
		var proposer any
		if state == StateProposed && a.UserID != 0 {
			proposer = a.UserID
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO kb_articles (question, answer, category_code, dept_code, valid_from, valid_to,
			source, state, from_order, proposed_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			in.Question, in.Answer, nullStr(in.CategoryCode), nullStr(in.DeptCode), nullMillis(in.ValidFrom), nullMillis(in.ValidTo),
			in.Source, state, nullStr(in.FromOrder), proposer, store.Millis(now), store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		return auditActor(a).Record(ctx, tx, now, "knowledge."+state, fmt.Sprintf("kb:%d", id), in.Question)
	})
	if err != nil {
		return Article{}, err
	}
	s.forget()
	return s.Get(ctx, a, id)
}

func get(ctx context.Context, q store.Querier, id int64) (Article, error) {
	art, err := scanArticle(q.QueryRowContext(ctx, `SELECT `+articleColumns+articleFrom+` WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Article{}, fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	return art, err
}

// Get returns the article with id as a may see it (ErrNotFound otherwise).
func (s *Service) Get(ctx context.Context, a order.Actor, id int64) (Article, error) {
	art, err := get(ctx, s.DB, id)
	if err != nil {
		return Article{}, err
	}
	if !maySee(a, art) {
		return Article{}, fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	return art, nil
}

// Update changes a published article (e.g. ends its validity), for its
// department's publishers, under optimistic locking.
func (s *Service) Update(ctx context.Context, a order.Actor, id int64, version int, in Input) (Article, error) {
	if err := in.clean(); err != nil {
		return Article{}, err
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		art, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if !maySee(a, art) {
			return fmt.Errorf("%w: %d", ErrNotFound, id)
		}
		if !ActionsOn(a, art).Edit {
			return fmt.Errorf("%w: only the issuing department's publishers change a published article — 只能修改本部门已发布的知识", ErrForbidden)
		}
		if ab := AbilitiesOf(a); ab.DeptOnly != "" {
			in.DeptCode = ab.DeptOnly
		}
		if err := checkRefs(ctx, tx, in); err != nil {
			return err
		}
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE kb_articles SET question = ?, answer = ?, category_code = ?, dept_code = ?, valid_from = ?,
			valid_to = ?, source = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			in.Question, in.Answer, nullStr(in.CategoryCode), nullStr(in.DeptCode), nullMillis(in.ValidFrom), nullMillis(in.ValidTo),
			in.Source, store.Millis(now), id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: article %d is at version %d, not %d", ErrStale, id, art.Version, version)
		}
		return auditActor(a).Record(ctx, tx, now, "knowledge.update", fmt.Sprintf("kb:%d", id), in.Question)
	})
	if err != nil {
		return Article{}, err
	}
	s.forget()
	return s.Get(ctx, a, id)
}

// Review approves (publishes) or rejects a proposal, for a reviewer of its
// department; a reason is required to reject. Proposals of another
// department are not found.
func (s *Service) Review(ctx context.Context, a order.Actor, id int64, version int, approve bool, note string) (Article, error) {
	note = strings.TrimSpace(note)
	if !approve && note == "" {
		return Article{}, invalid("a rejection needs a reason — 驳回须说明理由")
	}
	if len([]rune(note)) > 500 {
		return Article{}, invalid("the note is longer than 500 characters — 审核意见过长")
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		art, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if !maySee(a, art) {
			return fmt.Errorf("%w: %d", ErrNotFound, id)
		}
		if !ActionsOn(a, art).Review {
			if art.State != StateProposed {
				return fmt.Errorf("%w: article %d is %s, not waiting for review — 已审核", ErrConflict, id, art.State)
			}
			return fmt.Errorf("%w: only the issuing department reviews a proposal — 只能审核本部门的提议", ErrForbidden)
		}
		state := StatePublished
		if !approve {
			state = StateRejected
		}
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE kb_articles SET state = ?, reviewed_by = ?, review_note = ?, reviewed_at = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ? AND state = ?`,
			state, nullID(a.UserID), note, store.Millis(now), store.Millis(now), id, version, StateProposed)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: article %d is at version %d, not %d", ErrStale, id, art.Version, version)
		}
		return auditActor(a).Record(ctx, tx, now, "knowledge.review."+state, fmt.Sprintf("kb:%d", id), note)
	})
	if err != nil {
		return Article{}, err
	}
	s.forget()
	return s.Get(ctx, a, id)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
