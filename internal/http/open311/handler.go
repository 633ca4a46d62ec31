package open311

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/apikey"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// Options are what the Open311 handler is built from. DB, Orders and
// Locator are required.
type Options struct {
	DB     *store.DB
	Orders *order.Service
	// Locator finds the grid of a point, to hold a key limited to a node
	// to its area before anything is filed (*grid.Locator).
	Locator order.Locator
	// Addresses places a request sent with only address_string in the
	// grid of the standard address it names (*address.Service); nil
	// leaves such requests to a key limited to one community or grid.
	Addresses order.Addresses
	// Jurisdiction is the region code clients send as jurisdiction_id;
	// "" means the smallest region that holds every grid on file.
	Jurisdiction string
	// RatePerMinute is each api_key's rate; 0 means
	// apikey.DefaultPerMinute.
	RatePerMinute int
	// Contact is shown in the discovery document; "" means the 12345
	// hotline.
	Contact string
	// Now is the clock; nil means time.Now. Tests move it.
	Now func() time.Time
	// Throttle holds the per-address limit on anonymous intake, shared
	// with the pages and the JSON API; nil limits nothing.
	Throttle *httpx.Throttle
}

// Handler serves Open311 GeoReport v2.
type Handler struct {
	opts    Options
	limiter *apikey.Limiter
}

// New makes the handler; see Options. A missing DB, Orders or Locator is
// a wiring mistake and panics at start-up rather than on a request.
func New(o Options) *Handler {
	if o.DB == nil || o.Orders == nil || o.Locator == nil {
		panic("open311: Options need DB, Orders and Locator")
	}
	return &Handler{opts: o, limiter: apikey.NewLimiter(o.RatePerMinute)}
}

func (h *Handler) now() time.Time {
	if h.opts.Now != nil {
		return h.opts.Now()
	}
	return time.Now()
}

// Register adds the Open311 routes to mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /open311/{doc}", h.serve(h.discoveryRoute))
	mux.HandleFunc("GET /open311/v2/{resource}", h.serve(h.getRoute))
	mux.HandleFunc("POST /open311/v2/{resource}", h.serve(h.postRoute))
	mux.HandleFunc("GET /open311/v2/services/{code}", h.serve(h.serviceDefinition))
	mux.HandleFunc("GET /open311/v2/requests/{id}", h.serve(h.requestByID))
	mux.HandleFunc("GET /open311/v2/tokens/{token}", h.serve(h.token))
	mux.HandleFunc("/open311/", h.serve(func(c *call) error {
		return notFound("no Open311 resource %s %s; see /open311/discovery.xml", c.r.Method, c.r.URL.Path)
	}))
}

// call is one request on its way: the response format, the jurisdiction
// and, once checked, the api_key and the area the call may see.
type call struct {
	ctx    context.Context
	w      http.ResponseWriter
	r      *http.Request
	format format
	// name is the last path segment without its format suffix.
	name         string
	jurisdiction org.Region
	key          *apikey.Key
	// area is the code prefix the call may see and act in: the key's node,
	// else the jurisdiction.
	area string
}

// serve wraps a route: it picks the format from the last path segment,
// reads the form, checks jurisdiction_id and any api_key given, and
// writes the route's error in the Open311 shape.
func (h *Handler) serve(route func(c *call) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		last := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		c := &call{ctx: r.Context(), w: w, r: r}
		c.name, c.format = splitFormat(last)
		err := h.prelude(c)
		if err == nil {
			err = route(c)
		}
		if err != nil {
			h.fail(c, err)
		}
	}
}

// maxForm bounds a form: a description and text attributes of 4,000
// characters each fit many times over.
const maxForm = 1 << 20

func (h *Handler) prelude(c *call) error {
	c.r.Body = http.MaxBytesReader(c.w, c.r.Body, maxForm)
	if c.r.Method == http.MethodPost {
		ct := c.r.Header.Get("Content-Type")
		if !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
			return badRequest("send the form as Content-Type: application/x-www-form-urlencoded; charset=utf-8, not %q", ct)
		}
	}
	if err := c.r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return badRequest("the form is larger than %d bytes", maxForm)
		}
		return badRequest("could not read the form: %v", err)
	}
	jur, err := h.jurisdiction(c.ctx)
	if err != nil {
		return err
	}
	c.jurisdiction, c.area = jur, jur.Code
	if id := strings.TrimSpace(c.r.Form.Get("jurisdiction_id")); id != "" && id != jur.Code {
		return notFound("jurisdiction_id %q not found: this endpoint serves %s (%s) only", id, jur.Code, jur.Name)
	}
	if c.r.Form.Get("api_key") != "" {
		return h.checkKey(c)
	}
	return nil
}

// requireKey is for the methods the spec gives an api_key: filing a
// request and posting an update.
func (c *call) requireKey() error {
	if c.key == nil {
		return &apiError{Status: http.StatusForbidden, Description: "api_key is required to " + c.r.Method + " " + c.name +
			" — ask the administrator for one (civicgrid apikey add)"}
	}
	return nil
}

// checkKey resolves the api_key, holds it to the jurisdiction and meters
// it.
func (h *Handler) checkKey(c *call) error {
	k, err := apikey.Check(c.ctx, h.opts.DB, c.r.Form.Get("api_key"), h.now())
	if errors.Is(err, apikey.ErrBadKey) {
		return &apiError{Status: http.StatusForbidden, Description: "invalid api_key: it is unknown or revoked"}
	}
	if err != nil {
		return err
	}
	if k.NodeCode != "" {
		if !strings.HasPrefix(k.NodeCode, c.jurisdiction.Code) {
			return &apiError{Status: http.StatusForbidden, Description: fmt.Sprintf("api_key %q is for %s, outside jurisdiction %s", k.Name, k.NodeCode, c.jurisdiction.Code)}
		}
		c.area = k.NodeCode
	}
	if ok, wait := h.limiter.Allow(k.ID, h.now()); !ok {
		secs := int(wait/time.Second) + 1
		c.w.Header().Set("Retry-After", strconv.Itoa(secs))
		return &apiError{Status: http.StatusTooManyRequests, Description: fmt.Sprintf("api_key %q is over its rate limit; retry in %d s", k.Name, secs)}
	}
	c.key = &k
	return nil
}

// public is the order actor of an Open311 call: the public, seeing what
// lies in the call's area. Role "" (order.ResidentActor) may file orders
// but sees none, so reads and notes use the timeline's resident role with
// the area as scope; a note then shows as the resident's.
func (c *call) public() order.Actor {
	name := "Open311"
	if c.key != nil {
		name = "Open311 · " + c.key.Name
	}
	return order.IntegrationActor(name, httpx.ClientIP(c.r), c.area)
}

// client is the caller's key acting through Open311, for the engine's
// once-only steps.
func (c *call) client() order.Client { return order.Client{Actor: c.public(), KeyID: c.key.ID} }

// getRoute dispatches GET /open311/v2/{resource}.
func (h *Handler) getRoute(c *call) error {
	switch c.name {
	case "discovery":
		return h.discovery(c)
	case "services":
		return h.services(c)
	case "requests":
		return h.listRequests(c)
	case "servicerequestupdates":
		return h.listUpdates(c)
	case "tokens":
		return badRequest("token was not provided: GET tokens/{token}.%s", c.format)
	}
	return notFound("no Open311 resource %q", c.r.PathValue("resource"))
}

// postRoute dispatches POST /open311/v2/{resource}.
func (h *Handler) postRoute(c *call) error {
	switch c.name {
	case "requests":
		return h.createRequest(c)
	case "servicerequestupdates":
		return h.postUpdate(c)
	}
	return notFound("no Open311 resource to POST to at %q", c.r.PathValue("resource"))
}

func (h *Handler) discoveryRoute(c *call) error {
	if c.name != "discovery" {
		return notFound("no Open311 resource %q; see /open311/discovery.xml", c.r.PathValue("doc"))
	}
	return h.discovery(c)
}
