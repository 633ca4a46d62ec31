package consultation

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/grid"
	"civicgrid/internal/imagemeta"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
)

// Ballot is a house's vote.
type Ballot struct {
	ID             int64
	ConsultationID int64
	HouseID        int64
	Choice         string  // yes, no, abstain (改不改) or options
	Options        []int64 // chosen option ids (改什么, 怎么改)
	Suggestion     string
	Channel        string // desk or code
	PhotoSHA256    string
	Version        int
	CastAt         time.Time
	AdoptedWorkID  int64
	AdoptedOrderID int64
}

// ChoiceNames are the answers to 改不改 in Chinese.
var ChoiceNames = map[string]string{"yes": "同意", "no": "不同意", "abstain": "弃权"}

// BallotInput is a vote as cast.
type BallotInput struct {
	HouseID    int64
	Choice     string  // 改不改: yes, no or abstain
	Options    []int64 // 改什么: the items wanted (within the budget); 怎么改: one plan
	Suggestion string
	Photo      []byte // the signed paper ballot (desk only; required there)
}

// MaxPhotoBytes bounds a ballot's photo.
const MaxPhotoBytes = 10 << 20

func (c Consultation) checkBallot(in *BallotInput) (choice, opts string, err error) {
	in.Suggestion = strings.TrimSpace(in.Suggestion)
	if len([]rune(in.Suggestion)) > 500 {
		return "", "", invalid("the suggestion is longer than 500 characters — 意见建议过长")
	}
	if c.Stage == StageWhether {
		if _, ok := ChoiceNames[in.Choice]; !ok || len(in.Options) > 0 {
			return "", "", invalid("answer yes, no or abstain — 请选择同意、不同意或弃权")
		}
		return in.Choice, "", nil
	}
	if in.Choice != "" && in.Choice != "options" {
		return "", "", invalid("choose among the options, not %q — 请在选项中选择", in.Choice)
	}
	ids := slices.Clone(in.Options)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if c.Stage == StageHow && len(ids) != 1 {
		return "", "", invalid("choose exactly one plan — 请选择一个方案")
	}
	var cost int64
	var parts []string
	for _, id := range ids {
		i := slices.IndexFunc(c.Options, func(o Option) bool { return o.ID == id })
		if i < 0 {
			return "", "", invalid("option %d is not on this ballot — 选项不在本次征询中", id)
		}
		cost += c.Options[i].CostFen
		parts = append(parts, strconv.FormatInt(id, 10))
	}
	if c.Stage == StageWhat && cost > c.BudgetFen {
		return "", "", invalid("the chosen items cost %s yuan, more than the budget of %s yuan — 所选内容估算 %s 元，超出预算 %s 元",
			project.Yuan(cost), project.Yuan(c.BudgetFen), project.Yuan(cost), project.Yuan(c.BudgetFen))
	}
	return "options", strings.Join(parts, ","), nil
}

// eligible reports whether a house is in the consultation.
func eligible(ctx context.Context, q store.Querier, id, house int64) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM consultation_houses WHERE consultation_id = ? AND house_id = ?`, id, house).Scan(&one)
	if store.IsNoRows(err) {
		return invalid("house %d is not in this consultation — 该房屋不在本次征询范围内", house)
	}
	return err
}

func openFor(c Consultation) error {
	switch c.Status {
	case StatusDraft:
		return conflict("consultation %d has not opened — 征询尚未开始", c.ID)
	case StatusClosed:
		return conflict("consultation %d is closed; no more ballots or changes — 征询已结束，不能再投票或修改", c.ID)
	}
	return nil
}

// CastAtDesk records a paper ballot at the community desk: the photo of
// the signed sheet is required and stored with its EXIF stripped. A house
// votes once; a second new ballot is refused (change the first instead).
func CastAtDesk(ctx context.Context, q store.Querier, ed grid.Editor, up project.Uploads, id int64, in BallotInput, now time.Time) (Ballot, error) {
	return deskBallot(ctx, q, ed, up, id, in, now, false)
}

// ChangeAtDesk changes a house's ballot from a new signed sheet, until
// the close. The change is audited.
func ChangeAtDesk(ctx context.Context, q store.Querier, ed grid.Editor, up project.Uploads, id int64, in BallotInput, now time.Time) (Ballot, error) {
	return deskBallot(ctx, q, ed, up, id, in, now, true)
}

func deskBallot(ctx context.Context, q store.Querier, ed grid.Editor, up project.Uploads, id int64, in BallotInput, now time.Time, change bool) (Ballot, error) {
	if err := mayRun(ed); err != nil {
		return Ballot{}, err
	}
	c, err := Get(ctx, q, ed.Scope, id)
	if err != nil {
		return Ballot{}, err
	}
	if err := openFor(c); err != nil {
		return Ballot{}, err
	}
	if err := eligible(ctx, q, id, in.HouseID); err != nil {
		return Ballot{}, err
	}
	choice, opts, err := c.checkBallot(&in)
	if err != nil {
		return Ballot{}, err
	}
	if len(in.Photo) == 0 {
		return Ballot{}, invalid("attach a photo of the signed paper ballot — 请上传签字表决票照片")
	}
	if len(in.Photo) > MaxPhotoBytes {
		return Ballot{}, invalid("the photo is larger than %d MiB — 照片过大", MaxPhotoBytes>>20)
	}
	ct := project.Sniff(in.Photo)
	if ct == "" {
		return Ballot{}, invalid("the photo is not a JPEG, PNG or WebP image — 照片格式不对")
	}
	clean, err := imagemeta.Clean(ct, in.Photo)
	if err != nil {
		return Ballot{}, invalid("the photo is not a readable image — 照片已损坏")
	}
	if up == "" {
		return Ballot{}, fmt.Errorf("consultation: no upload directory")
	}
	sha, err := up.Save(clean)
	if err != nil {
		return Ballot{}, err
	}
	var by any
	if ed.Actor.UserID != 0 {
		by = ed.Actor.UserID
	}
	return write(ctx, q, ed.Actor, c, in, choice, opts, "desk", sha, ct, by, now, change)
}

// write inserts a new ballot or, with change, updates the house's one,
// and audits either.
func write(ctx context.Context, q store.Querier, actor audit.Actor, c Consultation, in BallotInput, choice, opts, channel, sha, ct string, by any, now time.Time, change bool) (Ballot, error) {
	old, err := ballotOf(ctx, q, c.ID, in.HouseID)
	exists := err == nil
	if err != nil && !store.IsNoRows(err) {
		return Ballot{}, err
	}
	ms := store.Millis(now)
	target := fmt.Sprintf("consultation:%d", c.ID)
	switch {
	case exists && !change:
		return Ballot{}, conflict("house %d has voted already; change that ballot instead — 该房屋已投票，如需改变请修改原表决票", in.HouseID)
	case !exists && change:
		return Ballot{}, notFound("no ballot of house %d to change — 该房屋尚未投票", in.HouseID)
	case exists:
		if in.Suggestion == "" {
			in.Suggestion = old.Suggestion // a suggestion once typed is kept
		}
		res, err := q.ExecContext(ctx, `UPDATE consultation_ballots SET choice = ?, options = ?, suggestion = ?, channel = ?, photo_sha256 = ?, content_type = ?,
			recorded_by = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			choice, opts, in.Suggestion, channel, sha, ct, by, ms, old.ID, old.Version)
		if err != nil {
			return Ballot{}, err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return Ballot{}, conflict("the ballot of house %d changed meanwhile — 表决票已被修改，请刷新", in.HouseID)
		}
		if err := actor.Record(ctx, q, now, "consultation.ballot.change", target,
			fmt.Sprintf("house %d: %s → %s (%s)", in.HouseID, describe(old.Choice, old.Options), describe(choice, splitIDs(opts)), channel)); err != nil {
			return Ballot{}, err
		}
	default:
		if _, err := q.ExecContext(ctx, `INSERT INTO consultation_ballots (consultation_id, house_id, choice, options, suggestion, channel, photo_sha256, content_type,
			recorded_by, cast_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, in.HouseID, choice, opts, in.Suggestion, channel, sha, ct, by, ms, ms); err != nil {
			if store.IsUniqueViolation(err) {
				return Ballot{}, conflict("house %d has voted already — 该房屋已投票", in.HouseID)
			}
			return Ballot{}, err
		}
		if err := actor.Record(ctx, q, now, "consultation.ballot", target,
			fmt.Sprintf("house %d: %s (%s)", in.HouseID, describe(choice, splitIDs(opts)), channel)); err != nil {
			return Ballot{}, err
		}
	}
	return ballotOf(ctx, q, c.ID, in.HouseID)
}

func describe(choice string, opts []int64) string {
	if choice != "options" {
		return choice
	}
	parts := make([]string, len(opts))
	for i, o := range opts {
		parts[i] = "#" + strconv.FormatInt(o, 10)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func splitIDs(s string) []int64 {
	var out []int64
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.ParseInt(p, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

const ballotCols = `id, consultation_id, house_id, choice, options, suggestion, channel, photo_sha256, version, cast_at,
	COALESCE(adopted_work_item_id, 0), COALESCE(adopted_order_id, 0)`

func scanBallot(s interface{ Scan(...any) error }) (Ballot, error) {
	var b Ballot
	var opts string
	var cast int64
	err := s.Scan(&b.ID, &b.ConsultationID, &b.HouseID, &b.Choice, &opts, &b.Suggestion, &b.Channel, &b.PhotoSHA256, &b.Version, &cast,
		&b.AdoptedWorkID, &b.AdoptedOrderID)
	b.Options = splitIDs(opts)
	b.CastAt = time.UnixMilli(cast)
	return b, err
}

func ballotOf(ctx context.Context, q store.Querier, id, house int64) (Ballot, error) {
	return scanBallot(q.QueryRowContext(ctx, `SELECT `+ballotCols+` FROM consultation_ballots WHERE consultation_id = ? AND house_id = ?`, id, house))
}

func ballots(ctx context.Context, q store.Querier, id int64) ([]Ballot, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+ballotCols+` FROM consultation_ballots WHERE consultation_id = ? ORDER BY house_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Ballot
	for rows.Next() {
		b, err := scanBallot(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
