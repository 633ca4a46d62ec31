package open311

import (
	"civicgrid/internal/errs"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"civicgrid/internal/category"
	"civicgrid/internal/grid"
	"civicgrid/internal/order"
	"civicgrid/internal/org"
)

// notPinpointed is what FixMyStreet sends as address_id when the reporter
// did not pin the place on its map; it still sends lat and long.
const notPinpointed = "#NOTPINPOINTED#"

// filing is a POST requests form read into an order Input, with the media
// links the engine has no field for.
type filing struct {
	in    order.Input
	media []string
}

func (h *Handler) readFiling(c *call, cat category.Category) (filing, error) {
	f := c.r.Form
	fl := filing{in: order.Input{Channel: order.ChannelAPI, Category: cat.Code}}
	var err error
	if fl.in.Attributes, err = attributes(f, cat); err != nil {
		return fl, err
	}
	if err := h.location(c, &fl.in); err != nil {
		return fl, err
	}
	fl.in.Description = strings.TrimSpace(f.Get("description"))
	if fl.in.Description == "" {
		// Open311 makes the description optional; the engine needs one,
		// and the service itself says what is wrong.
		fl.in.Description = cat.NameZh
	}
	fl.in.ReporterName = fullName(f.Get("first_name"), f.Get("last_name"))
	fl.in.ReporterPhone = strings.TrimSpace(f.Get("phone"))
	fl.in.ReporterEmail = strings.TrimSpace(f.Get("email"))
	if fl.in.Notify, err = notifyWanted(f.Get("notify")); err != nil {
		return fl, err
	}
	if fl.media, err = mediaURLs(f["media_url"]); err != nil {
		return fl, err
	}
	fl.in.IdempotencyKey = idempotencyKey(c)
	return fl, nil
}

// notifyWanted reads notify, civicgrid's extension of POST requests: true
// when the requester wants to hear back (acceptance, first reply,
// resolution) by SMS to phone or e-mail to email; absent is false.
func notifyWanted(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "false", "0":
		return false, nil
	case "true", "1":
		return true, nil
	}
	return false, badRequest("notify 只能是 true 或 false — notify must be true or false, got %q", v)
}

// attributes reads attribute[code]=value and attribute[code][]=value (one
// per chosen value of a multivaluelist) into the engine's form: a
// multivaluelist value is its keys joined by commas. The engine checks
// codes, required fields and values.
func attributes(f url.Values, cat category.Category) (map[string]string, error) {
	values := map[string][]string{}
	for k, vs := range f {
		rest, ok := strings.CutPrefix(k, "attribute[")
		if !ok {
			continue
		}
		rest, _ = strings.CutSuffix(rest, "[]")
		code, ok := strings.CutSuffix(rest, "]")
		if !ok || code == "" || strings.ContainsAny(code, "[]") {
			return nil, badRequest("malformed parameter %q: send attribute[code]=value, or attribute[code][]=value once per value", k)
		}
		for _, v := range vs {
			if v = strings.TrimSpace(v); v != "" {
				values[code] = append(values[code], v)
			}
		}
	}
	codes := make([]string, 0, len(values))
	for code := range values {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	out := map[string]string{}
	for _, code := range codes {
		vs := values[code]
		i := slices.IndexFunc(cat.Fields, func(fd category.Field) bool { return fd.Code == code })
		if i >= 0 && cat.Fields[i].Datatype != category.TypeMultiValueList && len(vs) > 1 {
			return nil, badRequest("attribute[%s] takes one value (%s), got %d", code, cat.Fields[i].Datatype, len(vs))
		}
		out[code] = strings.Join(vs, ",")
	}
	return out, nil
}

// location reads lat/long, address_string and address_id into in, and
// holds the place to the call's area before anything is filed.
//
//   - lat and long (WGS84) place the request; the grid comes from the point.
//   - address_id is our own address system: a grid (15 digits) or
//     community (12 digits) code. FixMyStreet's #NOTPINPOINTED# is no
//     place at all, so lat and long must come with it.
//   - address_string alone is placed in the grid of the standard address
//     it names (placeByAddress); when nothing matches well enough, a key
//     limited to one community or grid places it there, else 400.
func (h *Handler) location(c *call, in *order.Input) error {
	f := c.r.Form
	in.Address = strings.TrimSpace(f.Get("address_string"))
	latS, longS := strings.TrimSpace(f.Get("lat")), strings.TrimSpace(f.Get("long"))
	if (latS == "") != (longS == "") {
		return badRequest("lat and long must be sent together")
	}
	if latS != "" {
		lat, err1 := strconv.ParseFloat(latS, 64)
		lng, err2 := strconv.ParseFloat(longS, 64)
		if err1 != nil || err2 != nil {
			return badRequest("lat %q and long %q must be decimal degrees (WGS84)", latS, longS)
		}
		in.Point = &order.Point{Lng: lng, Lat: lat}
		if g, ok := h.opts.Locator.Locate(lng, lat); ok && !strings.HasPrefix(g, c.area) {
			return outsideArea(c, g)
		}
		return nil // a point outside every grid is the engine's clear error
	}
	addressID := strings.TrimSpace(f.Get("address_id"))
	pinless := addressID == notPinpointed
	switch {
	case addressID != "" && !pinless:
		return h.placeByCode(c, in, addressID)
	case in.Address == "" && pinless:
		return badRequest("address_id=%s says the place was not pinned on a map: send lat and long with it", notPinpointed)
	case in.Address == "":
		return badRequest("a location is required: lat and long, address_string or address_id")
	}
	if placed, err := h.placeByAddress(c, in); placed || err != nil {
		return err
	}
	switch {
	case len(c.area) == 15:
		in.GridCode = c.area
	case len(c.area) == 12:
		in.CommunityCode = c.area
	default:
		return badRequest("address_string alone cannot be placed in a grid: send lat and long, or address_id with the grid (15-digit) or community (12-digit) code")
	}
	return nil
}

// placeByAddress places a request by its address_string in the grid of
// the standard address it names. No good match is a clear 400 naming the
// closest ones, unless the key's own area can place it instead.
func (h *Handler) placeByAddress(c *call, in *order.Input) (bool, error) {
	if h.opts.Addresses == nil {
		return false, nil
	}
	g, err := h.opts.Addresses.ResolveGrid(c.ctx, in.Address)
	switch {
	case errs.KindOf(err) == errs.Invalid && (len(c.area) == 15 || len(c.area) == 12):
		return false, nil
	case errs.KindOf(err) == errs.Invalid:
		return false, badRequest("address_string: %v", err)
	case err != nil:
		return false, err
	case !strings.HasPrefix(g, c.jurisdiction.Code):
		return false, badRequest("address_string %q lies outside jurisdiction %s", in.Address, c.jurisdiction.Code)
	case !strings.HasPrefix(g, c.area):
		return false, outsideArea(c, g)
	}
	in.GridCode = g
	return true, nil
}

// placeByCode places a request by address_id, a grid or community code.
func (h *Handler) placeByCode(c *call, in *order.Input, code string) error {
	digits := strings.Trim(code, "0123456789") == ""
	var name string
	switch {
	case digits && len(code) == 15:
		g, err := grid.Get(c.ctx, h.opts.DB, code)
		if errors.Is(err, grid.ErrNotFound) {
			return badRequest("address_id %q: no such grid", code)
		} else if err != nil {
			return err
		}
		in.GridCode, name = code, g.Name
	case digits && len(code) == 12:
		r, err := org.GetRegion(c.ctx, h.opts.DB, code)
		if errors.Is(err, org.ErrNotFound) {
			return badRequest("address_id %q: no such community", code)
		} else if err != nil {
			return err
		}
		in.CommunityCode, name = code, r.Name
	default:
		return badRequest("address_id %q must be a grid (15-digit) or community (12-digit) code, or lat and long must be sent", code)
	}
	if !strings.HasPrefix(code, c.jurisdiction.Code) {
		return badRequest("address_id %s lies outside jurisdiction %s", code, c.jurisdiction.Code)
	}
	if !strings.HasPrefix(code, c.area) {
		return outsideArea(c, code)
	}
	if in.Address == "" {
		in.Address = name
	}
	return nil
}

func outsideArea(c *call, code string) error {
	if !strings.HasPrefix(code, c.jurisdiction.Code) {
		return badRequest("the location lies in %s, outside jurisdiction %s (%s)", code, c.jurisdiction.Code, c.jurisdiction.Name)
	}
	return &apiError{Status: http.StatusForbidden, Description: fmt.Sprintf("api_key %q is limited to %s; the location lies in %s, outside it", c.key.Name, c.area, code)}
}

// fullName joins the reporter's names: family name first without a space
// for Chinese names (张 + 三 = 张三), given name first otherwise.
func fullName(first, last string) string {
	first, last = strings.TrimSpace(first), strings.TrimSpace(last)
	han := func(s string) bool {
		return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
	}
	if han(first) || han(last) {
		return last + first
	}
	return strings.TrimSpace(first + " " + last)
}

// Media links are kept, not fetched: at most as many as the photos of one
// step, each an absolute http(s) URL.
const maxMediaURL = 1000

func mediaURLs(vs []string) ([]string, error) {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(v) > maxMediaURL ||
			strings.IndexFunc(v, unicode.IsControl) >= 0 {
			return nil, badRequest("media_url %q must be an absolute http or https URL of at most %d characters", cut(v, 80), maxMediaURL)
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	if len(out) > order.DefaultMaxPhotos {
		return nil, badRequest("at most %d media_url per request, got %d", order.DefaultMaxPhotos, len(out))
	}
	return out, nil
}

// idempotencyKey derives the engine's key from the api_key and the token
// a client may send (Idempotency-Key header or idempotency_key field), so
// two clients' tokens never meet; without a token there is none.
func idempotencyKey(c *call) string {
	token := strings.TrimSpace(c.r.Header.Get("Idempotency-Key"))
	if token == "" {
		token = strings.TrimSpace(c.r.Form.Get("idempotency_key"))
	}
	if token == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(token))
	return fmt.Sprintf("open311-%d-%s", c.key.ID, hex.EncodeToString(sum[:20]))
}

func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
