// Package web holds the files the browser gets: the page templates, our own
// CSS and JavaScript (static/) and the libraries vendored from npm (vendor/,
// see vendor/README.md). They are embedded so the binary needs nothing
// beside it; internal/http/ui serves them.
package web

import "embed"

// Files are the templates, the page labels (locale/<lang>/<area>.json),
// static files and vendored libraries. Licence
// texts and READMEs stay out: they are for people reading the repository.
// The shared partials templates/_*.html are named on their own because a
// directory pattern skips files whose names begin with "_".
//
//go:embed templates static templates/_*.html
//go:embed locale
//go:embed vendor/htmx/*.js vendor/leaflet/*.js vendor/leaflet/*.css vendor/leaflet/images/*.png vendor/echarts/*.js
var Files embed.FS
