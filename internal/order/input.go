package order

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/auth"
	"civicgrid/internal/classify"
	"civicgrid/internal/pii"
)

// Input is a new order as a channel delivers it.
type Input struct {
	Channel string
	// DemandType is the 诉求类型 (classify.Kinds); "" suggests one from the
	// description.
	DemandType  string
	Category    string // category code (a leaf of the catalogue)
	Description string
	Attributes  map[string]string // the category's extra fields
	// Location: a map point, from which the grid is found; or, when only
	// an address is known, the Address plus a GridCode or CommunityCode
	// chosen by the operator. A GridCode given with a Point must agree.
	Point         *Point
	Address       string
	GridCode      string
	CommunityCode string
	// FacilityCode names a facility (部件): the order takes its point (so
	// its grid) and, when no address is typed, its label; the owner is
	// recorded on the order's first event.
	FacilityCode  string
	facilityOwner string
	autoScore     float64 // the model's probability when the category was set by automatic routing
	ReporterName  string
	ReporterPhone string
	ReporterEmail string // sealed like the phone; Open311 and e-mail intake
	Confidential  bool   // 保密: handlers never see the reporter
	// Notify: the reporter wants to hear back (acceptance, reply,
	// resolution) by SMS, or by e-mail when they gave an address.
	Notify bool
	Photos []Photo
	// IdempotencyKey makes a retry safe: a second Create with the same key
	// and the same request returns the first order; with a different
	// request it is ErrIdempotencyConflict.
	IdempotencyKey string
	// ReceivedAt is the upstream receipt time of an imported order; other
	// channels are received now.
	ReceivedAt time.Time
	// ReplyDue and ResolveDue are the deadlines an upstream platform set
	// (channel upstream); zero means the category's limits apply.
	ReplyDue, ResolveDue time.Time
}

// Bounds on what a channel may send.
const (
	maxDescription    = 4000
	maxAddress        = 200
	maxReporterName   = 50
	maxIdempotencyKey = 128
	maxNote           = 2000
	importMaxAge      = 366 * 24 * time.Hour
	clockSkew         = 5 * time.Minute
)

// channelRoles says who may file an order through each channel; "" is a
// resident without an account.
var channelRoles = map[string][]string{
	ChannelHotline:  {auth.RoleOperator, auth.RoleDispatcher},
	ChannelWeb:      {"", auth.RoleOperator, auth.RoleDispatcher},
	ChannelEmail:    {"", auth.RoleOperator, auth.RoleDispatcher},
	ChannelAPI:      {"", auth.RoleOperator, auth.RoleDispatcher, auth.RoleAdmin},
	ChannelPatrol:   {auth.RoleGrid, auth.RoleCommunity, auth.RoleBuilding}, // 楼长 report what they see in their building
	ChannelImport:   {auth.RoleOperator, auth.RoleDispatcher, auth.RoleAdmin},
	ChannelUpstream: {roleSystem}, // UpstreamActor only
}

// MayFileThrough says whether a user of role may file an order through
// channel, so a page offers only the filing it will accept.
func MayFileThrough(role, channel string) bool {
	return slices.Contains(channelRoles[channel], role)
}

// cleanInput checks everything that needs neither the database nor the
// photos, and returns the input trimmed and normalised. It stops at the
// first problem; Problems lists them all.
func (s *Service) cleanInput(a Actor, in Input, now time.Time) (Input, error) {
	in.Channel = strings.TrimSpace(in.Channel)
	if !slices.Contains(channels, in.Channel) {
		return in, invalid("channel", "%q: want one of %s", in.Channel, strings.Join(channels, ", "))
	}
	if !MayFileThrough(a.Role, in.Channel) {
		who := "a resident"
		if !a.isResident() {
			who = "role " + a.Role
		}
		return in, &TransitionError{Action: ActionCreate, Role: a.Role, forbidden: true,
			Msg: fmt.Sprintf("%s may not file orders through the %s channel", who, in.Channel)}
	}
	in, problems := cleanFields(in, now)
	if len(problems) > 0 {
		return in, problems[0]
	}
	return in, nil
}

// Problems is everything wrong with the fields of in that can be told
// without the database, all at once and in the order of a form (Create
// refuses with the first): a person fixes every field in one go. It
// does not judge the channel or who files.
func (s *Service) Problems(in Input) []*ValidationError {
	_, problems := cleanFields(in, s.clockNow())
	return problems
}

// cleanFields checks each field on its own, trims and normalises it, and
// collects every problem; a field whose check depends on another that is
// wrong is not judged.
func cleanFields(in Input, now time.Time) (Input, []*ValidationError) {
	var problems []*ValidationError
	add := func(err error) bool {
		if err == nil {
			return false
		}
		problems = append(problems, err.(*ValidationError))
		return true
	}
	in.Category = strings.TrimSpace(in.Category)
	if in.Category == "" {
		add(invalid("category", "must be given"))
	}
	var err error
	if in.Description, err = cleanText("description", in.Description, maxDescription, true); err != nil {
		add(err)
	}
	addressOK := true
	if in.Address, err = cleanText("address", in.Address, maxAddress, false); err != nil {
		addressOK = !add(err)
	} else if strings.ContainsAny(in.Address, "\r\n") {
		addressOK = !add(invalid("address", "must be one line"))
	}
	if in.Point != nil {
		p := *in.Point
		if math.IsNaN(p.Lng) || math.IsNaN(p.Lat) || p.Lng < -180 || p.Lng > 180 || p.Lat < -90 || p.Lat > 90 {
			add(invalidKind(ErrPointOutOfRange, "point", "(%v, %v) is not a WGS84 longitude/latitude (lng −180…180, lat −90…90)", p.Lng, p.Lat))
		}
		in.Point = &p
	}
	in.GridCode, in.CommunityCode = strings.TrimSpace(in.GridCode), strings.TrimSpace(in.CommunityCode)
	switch {
	case !addressOK:
	case in.Point == nil && in.GridCode == "" && in.CommunityCode == "" && in.Address == "":
		add(invalid("location", "give a map point, a standard address, or an address with the grid or community it belongs to"))
	case in.Point == nil && in.Address == "":
		add(invalid("address", "must be given when there is no map point"))
	}
	if in.ReporterName, err = cleanText("reporter_name", in.ReporterName, maxReporterName, false); err != nil {
		add(err)
	}
	emailOK := true
	if in.ReporterEmail, err = cleanEmail(in.ReporterEmail); err != nil {
		emailOK = !add(err)
	}
	in.ReporterPhone = pii.NormalizePhone(in.ReporterPhone)
	phoneOK := true
	if in.ReporterPhone != "" && (len(in.ReporterPhone) < 5 || len(in.ReporterPhone) > 20 || strings.Trim(in.ReporterPhone, "0123456789") != "") {
		phoneOK = !add(invalid("reporter_phone", "must be 5 to 20 digits"))
	}
	in.IdempotencyKey = strings.TrimSpace(in.IdempotencyKey)
	if len(in.IdempotencyKey) > maxIdempotencyKey || strings.IndexFunc(in.IdempotencyKey, func(r rune) bool { return r < 0x21 || r > 0x7e }) >= 0 {
		add(invalid("idempotency_key", "must be at most %d printable ASCII characters", maxIdempotencyKey))
	}
	if !in.ReceivedAt.IsZero() {
		switch {
		case in.Channel != ChannelImport && in.Channel != ChannelUpstream:
			add(invalid("received_at", "only imported or upstream orders carry their own receipt time"))
		case in.ReceivedAt.After(now.Add(clockSkew)) || in.ReceivedAt.Before(now.Add(-importMaxAge)):
			add(invalid("received_at", "must lie within the past year, not in the future"))
		default:
			in.ReceivedAt = in.ReceivedAt.Truncate(time.Millisecond)
		}
	}
	if in.DemandType = strings.TrimSpace(in.DemandType); in.DemandType != "" && !slices.Contains(classify.Kinds, in.DemandType) {
		add(invalid("demand_type", "%q: want one of %s", in.DemandType, strings.Join(classify.Kinds, ", ")))
	}
	if phoneOK && emailOK && in.Notify && in.ReporterPhone == "" && in.ReporterEmail == "" {
		add(invalid("notify", "give a phone number or an e-mail address to hear back"))
	}
	return in, problems
}

// cleanText trims s and refuses control characters other than new lines
// and tabs, invalid UTF-8 and overlong text.
func cleanText(field, s string, max int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case required && s == "":
		return "", invalid(field, "must not be empty")
	case !utf8.ValidString(s):
		return "", invalid(field, "is not valid UTF-8")
	case strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' }) >= 0:
		return "", invalid(field, "must be plain text")
	case utf8.RuneCountInString(s) > max:
		return "", invalid(field, "longer than %d characters", max)
	}
	return s, nil
}

// note checks a step's note; required steps (returns, resolutions …) need
// one.
func cleanNote(field, s string, required bool) (string, error) {
	return cleanText(field, s, maxNote, required)
}
