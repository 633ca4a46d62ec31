package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"civicgrid/internal/address"
	"civicgrid/internal/grid"
	"civicgrid/internal/people"
	"civicgrid/internal/store"
)

// houseFlags are the house's use, area and tenancy, shared by add-room
// and edit.
type houseFlags struct {
	use, area, leaseStart, leaseEnd *string
	tenants                         *int
}

func registerHouse(fs *flag.FlagSet) houseFlags {
	return houseFlags{
		use:        fs.String("use", "", "use: own/自住, rent/出租, vacant/空置, business/经营, other/其他"),
		area:       fs.String("area", "", "建筑面积 in m², up to two decimals"),
		tenants:    fs.Int("tenants", 0, "tenants of a rented house"),
		leaseStart: fs.String("lease-start", "", "lease start YYYY-MM-DD"),
		leaseEnd:   fs.String("lease-end", "", "lease end YYYY-MM-DD"),
	}
}

func (h houseFlags) input() (address.HouseInput, error) {
	area, err := address.ParseArea(*h.area)
	return address.HouseInput{Use: *h.use, AreaDM2: area, TenantCount: *h.tenants, LeaseStart: *h.leaseStart, LeaseEnd: *h.leaseEnd}, err
}

func printHouse(env Env, h address.House) {
	fmt.Fprintf(env.Stdout, "house %d: %s, %s, %s m²", h.ID, h.AddressText, h.Use, address.FormatArea(h.AreaDM2))
	if h.Use == address.UseRent {
		fmt.Fprintf(env.Stdout, ", %d tenants %s–%s", h.TenantCount, h.LeaseStart, h.LeaseEnd)
	}
	fmt.Fprintf(env.Stdout, " (version %d)\n", h.Version)
}

// runHouseRoom adds a 户室 to a building with its house in one step.
func runHouseRoom(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("house room", "house room --building CODE [--unit CODE] --room 502 --use 自住|出租|空置|经营|其他 --area 89.5 [--road 街路巷 --door 门牌号] [--tenants N --lease-start D --lease-end D]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	var in address.NewRoom
	fs.StringVar(&in.BuildingCode, "building", "", "building code")
	fs.StringVar(&in.UnitCode, "unit", "", "unit code")
	fs.StringVar(&in.RoomNo, "room", "", "户室号")
	fs.StringVar(&in.Road, "road", "", "街路巷, when the building has no standard address")
	fs.StringVar(&in.DoorNo, "door", "", "门牌号, when the building has no standard address")
	hf := registerHouse(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if in.BuildingCode == "" {
		fs.Usage()
		return fmt.Errorf("%w: a house needs its building (--building)", ErrUsage)
	}
	var err error
	if in.House, err = hf.input(); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	loc, err := grid.NewLocator(ctx, db)
	if err != nil {
		return err
	}
	var h address.House
	err = db.InTx(ctx, func(tx *store.Tx) error {
		h, err = address.RegisterRoom(ctx, tx, grid.CommandLine(in.BuildingCode), loc, in)
		return err
	})
	if err != nil {
		return err
	}
	printHouse(env, h)
	return nil
}

// houseByID loads a house for the command line's editor.
func houseByID(ctx context.Context, db *store.DB, id int64) (address.House, grid.Editor, error) {
	var gridCode string
	if err := db.QueryRowContext(ctx, `SELECT grid_code FROM houses WHERE id = ?`, id).Scan(&gridCode); err != nil {
		return address.House{}, grid.Editor{}, fmt.Errorf("house %d: %w", id, address.ErrNotFound)
	}
	ed := grid.CommandLine(gridCode)
	h, err := address.GetHouse(ctx, db, ed.Scope, id)
	return h, ed, err
}

func runHouseEdit(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("house edit", "house edit --id ID --use 自住|出租|空置|经营|其他 --area 89.5 [--tenants N --lease-start D --lease-end D]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	id := fs.Int64("id", 0, "house id")
	hf := registerHouse(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	in, err := hf.input()
	if err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	old, ed, err := houseByID(ctx, db, *id)
	if err != nil {
		return err
	}
	h, err := address.UpdateHouse(ctx, db, ed, old.ID, old.Version, in)
	if err != nil {
		return err
	}
	printHouse(env, h)
	return nil
}

func runHouseRetire(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("house retire", "house retire --id ID", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	id := fs.Int64("id", 0, "house id")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	old, ed, err := houseByID(ctx, db, *id)
	if err != nil {
		return err
	}
	if err := address.RetireHouse(ctx, db, ed, old.ID, old.Version); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "house %d retired\n", old.ID)
	return nil
}

// runHouseOwners replaces a house's owners: --owner PERSON[:SHARE%] as
// often as needed; none clears them.
func runHouseOwners(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("house owners", "house owners --id ID [--owner PERSON_ID[:SHARE%]]...", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	id := fs.Int64("id", 0, "house id")
	var specs multiFlag
	fs.Var(&specs, "owner", "owner person id, optionally :share in percent (e.g. 12:50)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var owners []people.Owner
	for _, s := range specs {
		idPart, share, _ := strings.Cut(s, ":")
		pid, err := strconv.ParseInt(idPart, 10, 64)
		if err != nil {
			return fmt.Errorf("%w: --owner %q: want PERSON_ID[:SHARE%%]", ErrUsage, s)
		}
		o := people.Owner{PersonID: pid}
		if share != "" {
			pct, err := strconv.ParseFloat(strings.TrimSuffix(share, "%"), 64)
			if err != nil {
				return fmt.Errorf("%w: --owner %q: share must be a percent", ErrUsage, s)
			}
			o.ShareBP = int(pct*100 + 0.5)
		}
		owners = append(owners, o)
	}
	db, svc, act, err := personStore(ctx, sf)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := svc.SetOwners(ctx, act, *id, owners); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "house %d: %d owners\n", *id, len(owners))
	return nil
}

// multiFlag collects a flag given several times.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
