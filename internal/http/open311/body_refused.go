package open311

import (
	"net/http"
	"strings"

	"civicgrid/internal/http/httpx"
)

// BodyRefused answers a body httpx.TextBodies refused (not UTF-8, a
// text-direction control, over the limit) in Open311's error format, in
// the format the path asks for, with the refusal's status.
func BodyRefused(w http.ResponseWriter, r *http.Request, e *httpx.BodyError) {
	c := &call{ctx: r.Context(), w: w, r: r}
	c.name, c.format = splitFormat(r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:])
	items := []errorItem{{Code: e.Status, Description: e.Msg}}
	c.write(e.Status, errorsXML{Errors: items}, items)
}
