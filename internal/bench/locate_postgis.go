package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"civicgrid/internal/geo"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb/encoding/wkb"
)

// postgis is the locate bench's peer: the same grids in a PostGIS table
// with a GiST index, in a schema of its own that close drops. When PostGIS
// is not yet in the database it is created in that schema too, so the drop
// removes it again and leaves the database as it was.
type postgis struct {
	base       *pgx.ConnConfig // search_path set to the schema (and PostGIS's)
	admin      *pgx.Conn
	schema     string
	extVersion string
}

// peerUnavailable marks why the peer could not run (as opposed to a run
// that broke half-way), so the bench can still report our own figure.
type peerUnavailable struct{ msg string }

func (e *peerUnavailable) Error() string { return e.msg }

func unavailable(format string, args ...any) error {
	return &peerUnavailable{msg: fmt.Sprintf(format, args...)}
}

// locateSQL is the query a PostGIS user would write: the grid whose
// polygon contains the point. Several rows only come from overlaps; the
// smallest code wins, as in geo.Index.Locate.
const locateSQL = `SELECT code FROM peer_grids WHERE ST_Contains(geom, ST_SetSRID(ST_Point($1, $2), 4326))`

func openPostGIS(ctx context.Context, url string, progress io.Writer) (*postgis, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, unavailable("PostgreSQL URL for the peer: %v", err)
	}
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	admin, err := pgx.ConnectConfig(cctx, cfg)
	if err != nil {
		return nil, unavailable("PostgreSQL for PostGIS not reachable at %s:%d (%v); give one with --peer-db", cfg.Host, cfg.Port, err)
	}
	p := &postgis{admin: admin, schema: newSchemaName()}
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+p.schema); err != nil {
		admin.Close(context.Background())
		return nil, fmt.Errorf("create peer schema: %w", err)
	}
	extSchema, err := p.ensureExtension(ctx, progress)
	if err != nil {
		p.close()
		return nil, err
	}
	p.base = cfg.Copy()
	p.base.RuntimeParams["search_path"] = p.schema + ", " + pgx.Identifier{extSchema}.Sanitize()
	if _, err := admin.Exec(ctx, "SET search_path TO "+p.base.RuntimeParams["search_path"]); err != nil {
		p.close()
		return nil, err
	}
	return p, nil
}

// ensureExtension finds PostGIS in the database or creates it in the
// bench's schema, and returns the schema it lives in.
func (p *postgis) ensureExtension(ctx context.Context, progress io.Writer) (string, error) {
	find := func() (string, error) {
		var schema string
		err := p.admin.QueryRow(ctx, `SELECT n.nspname, e.extversion FROM pg_extension e
			JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'postgis'`).Scan(&schema, &p.extVersion)
		if errors.Is(err, pgx.ErrNoRows) {
			return "", nil
		}
		return schema, err
	}
	schema, err := find()
	if err != nil || schema != "" {
		return schema, err
	}
	var available bool
	if err := p.admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis')`).Scan(&available); err != nil {
		return "", err
	}
	if !available {
		var version string
		_ = p.admin.QueryRow(ctx, `SHOW server_version`).Scan(&version)
		major, _, _ := strings.Cut(version, ".")
		return "", unavailable("PostGIS is not installed on the PostgreSQL %s server at %s; install it there "+
			"(Debian/Ubuntu: apt-get install -y postgresql-%s-postgis-3) and run again", major, p.admin.Config().Host, major)
	}
	fmt.Fprintf(progress, "locate: creating extension postgis in schema %s (dropped afterwards)\n", p.schema)
	if _, err := p.admin.Exec(ctx, "CREATE EXTENSION postgis WITH SCHEMA "+p.schema); err != nil {
		// Another run may have created it meanwhile: use theirs.
		if schema, ferr := find(); ferr == nil && schema != "" {
			return schema, nil
		}
		return "", unavailable("CREATE EXTENSION postgis failed: %v (a superuser must create it, or run the bench as one)", err)
	}
	return find()
}

// load copies the grids in and builds the GiST index, as a PostGIS user
// would: polygons from WKB (exact doubles, the same vertices the Locator
// holds), SRID 4326, ANALYZE so the planner knows the table.
func (p *postgis) load(ctx context.Context, entries []geo.IndexEntry) error {
	stmts := []string{
		`CREATE TABLE peer_grids_wkb (code TEXT NOT NULL, wkb BYTEA NOT NULL)`,
		`CREATE TABLE peer_grids (code TEXT PRIMARY KEY, geom geometry(Geometry, 4326) NOT NULL)`,
	}
	for _, s := range stmts {
		if _, err := p.admin.Exec(ctx, s); err != nil {
			return err
		}
	}
	rows := make([][]any, len(entries))
	for i, e := range entries {
		b, err := wkb.Marshal(e.Geometry)
		if err != nil {
			return fmt.Errorf("grid %s: %w", e.Code, err)
		}
		rows[i] = []any{e.Code, b}
	}
	if _, err := p.admin.CopyFrom(ctx, pgx.Identifier{p.schema, "peer_grids_wkb"}, []string{"code", "wkb"}, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("copy grids: %w", err)
	}
	for _, s := range []string{
		`INSERT INTO peer_grids (code, geom) SELECT code, ST_GeomFromWKB(wkb, 4326) FROM peer_grids_wkb`,
		`DROP TABLE peer_grids_wkb`,
		`CREATE INDEX peer_grids_geom ON peer_grids USING GIST (geom)`,
		`ANALYZE peer_grids`,
	} {
		if _, err := p.admin.Exec(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// checkPlan makes sure the query uses the GiST index: a sequential scan
// would make the peer look far slower than PostGIS really is.
func (p *postgis) checkPlan(ctx context.Context, lng, lat float64) (string, error) {
	rows, err := p.admin.Query(ctx, "EXPLAIN "+strings.NewReplacer("$1", fmt.Sprint(lng), "$2", fmt.Sprint(lat)).Replace(locateSQL))
	if err != nil {
		return "", err
	}
	plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	text := strings.Join(plan, "\n")
	if !strings.Contains(text, "peer_grids_geom") {
		return text, fmt.Errorf("PostGIS does not use the GiST index; plan:\n%s", text)
	}
	return text, nil
}

// peerConn is one client connection with the locate query prepared.
type peerConn struct{ conn *pgx.Conn }

func (p *postgis) connect(ctx context.Context) (*peerConn, error) {
	conn, err := pgx.ConnectConfig(ctx, p.base)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Prepare(ctx, "locate", locateSQL); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	return &peerConn{conn: conn}, nil
}

// locate returns the smallest code of the grids containing the point.
func (c *peerConn) locate(ctx context.Context, lng, lat float64) (code string, ok bool, err error) {
	rows, err := c.conn.Query(ctx, "locate", lng, lat)
	if err != nil {
		return "", false, err
	}
	defer rows.Close()
	for rows.Next() {
		var got string
		if err := rows.Scan(&got); err != nil {
			return "", false, err
		}
		if !ok || got < code {
			code, ok = got, true
		}
	}
	return code, ok, rows.Err()
}

func (c *peerConn) close() { c.conn.Close(context.Background()) }

// close drops the schema with the table, and PostGIS if it was made here.
func (p *postgis) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	defer p.admin.Close(ctx)
	if _, err := p.admin.Exec(ctx, "DROP SCHEMA "+p.schema+" CASCADE"); err != nil {
		return fmt.Errorf("drop peer schema %s (drop it by hand): %w", p.schema, err)
	}
	return nil
}
