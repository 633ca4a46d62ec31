package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"civicgrid/internal/calendar"
	"civicgrid/internal/order"
)

// orderSpec is one order as it reaches the engine: who files it, when,
// where and in what words. Its lifecycle is decided as it is lived (life).
type orderSpec struct {
	index    int
	received time.Time
	mix      *mix
	site     site
	saying   saying // the resident's words (consultations: answer and target)
	input    order.Input
}

// dayPlan is one day's orders, in order of receipt.
type dayPlan struct {
	day    time.Time // 00:00 CST
	orders []*orderSpec
}

// planDays draws every order of the history from opts.Seed: the same seed,
// End, PerDay, places and calendar give the same specs.
func planDays(opts HistoryOptions, p *places, cal *calendar.Calendar) []dayPlan {
	rng := rand.New(rand.NewPCG(opts.Seed, 0x6f72646572)) // "order"
	end := opts.End.In(cst)
	last := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, cst)
	var days []dayPlan
	index := 0
	for d := last.AddDate(0, 0, -(opts.Days - 1)); !d.After(last); d = d.AddDate(0, 0, 1) {
		plan := dayPlan{day: d}
		residents := poisson(rng, dayLoad(d, opts.PerDay, cal))
		patrolLoad := opts.PerDay * patrolShare / (1 - patrolShare)
		if !cal.IsWorkday(d) {
			patrolLoad *= .3 // weekend duty rounds only
		}
		patrols := poisson(rng, patrolLoad)
		for i := 0; i < residents+patrols; i++ {
			s := drawSpec(rng, d, p, i >= residents)
			if s.received.Before(end) {
				plan.orders = append(plan.orders, s)
			}
		}
		if s := hotSpotSpec(rng, d, last, p); s != nil && s.received.Before(end) {
			plan.orders = append(plan.orders, s)
		}
		sort.SliceStable(plan.orders, func(i, j int) bool { return plan.orders[i].received.Before(plan.orders[j].received) })
		for _, s := range plan.orders {
			s.index = index
			index++
		}
		days = append(days, plan)
	}
	return days
}

// drawSpec draws one order on day: the site, then what happens there and
// when, then the words.
func drawSpec(rng *rand.Rand, day time.Time, p *places, patrol bool) *orderSpec {
	s := &orderSpec{site: p.draw(rng)}
	noon := day.Add(12 * time.Hour)
	weights := make([]float64, len(mixes))
	for i := range mixes {
		m := &mixes[i]
		if patrol {
			weights[i] = m.patrol * m.season(noon)
			if s.site.village && m.village == 0 {
				weights[i] = 0
			}
		} else {
			weights[i] = m.residentWeight(noon, s.site.village)
		}
	}
	s.mix = &mixes[pickWeighted(rng, weights)]
	return fillSpec(rng, day, s, patrol)
}

// fillSpec draws when an order of s.mix at s.site is received on day and
// the words it comes in.
func fillSpec(rng *rand.Rand, day time.Time, s *orderSpec, patrol bool) *orderSpec {
	hours := s.mix.hours
	if patrol {
		hours = &patrols
	}
	s.received = day.Add(time.Duration(pickHour(rng, hours))*time.Hour + time.Duration(rng.IntN(3600))*time.Second)

	f := newFiller(rng, s.site, s.mix.code)
	in := order.Input{Category: s.mix.code, Point: &order.Point{Lng: s.site.lng, Lat: s.site.lat}, Address: s.site.address}
	var text string
	var fields attrs
	if patrol {
		in.Channel = order.ChannelPatrol
		text, fields = pick(rng, finds[s.mix.code]), findAttrs[s.mix.code]
	} else {
		in.Channel = order.ChannelHotline
		if rng.Float64() < webShare && s.mix.hours != &anytime {
			in.Channel = order.ChannelWeb
		}
		s.saying = chooseSaying(rng, says[s.mix.code], s.site.village, s.received)
		text, fields = s.saying.text, s.saying.attrs
		openers, closers, pClose := callOpeners, callClosers, .55
		if in.Channel == order.ChannelWeb {
			openers, closers, pClose = webOpeners, webClosers, .4
		}
		if strings.HasPrefix(s.mix.code, "consult.") {
			openers, pClose = askOpeners, 0
		}
		if rng.Float64() < .3 {
			text = pick(rng, openers) + text
		}
		if rng.Float64() < pClose {
			text += pick(rng, closers)
		}
		in.ReporterName, in.ReporterPhone = callerName(rng), phone(rng)
		in.Confidential = rng.Float64() < s.mix.confidential
	}
	if f.unit != "" && (strings.Contains(text, "{u}") || strings.Contains(text, "{home}")) {
		in.Address += f.unit
	}
	in.Description = f.fill(text)
	if len(fields) > 0 {
		in.Attributes = map[string]string{}
		for k, v := range fields {
			in.Attributes[k] = f.fill(v)
		}
	}
	s.input = in
	return s
}

// chooseSaying picks words that fit the site and the season; when none
// fits the season it drops that wish, then the site's.
func chooseSaying(rng *rand.Rand, all []saying, village bool, at time.Time) saying {
	month := at.In(cst).Month()
	cold := month >= time.November || month <= time.March
	fitsSite := func(s saying) bool { return !(village && s.urban) }
	fitsSeason := func(s saying) bool { return !(s.cold && !cold) && !(s.warm && cold) }
	for _, keep := range []func(saying) bool{
		func(s saying) bool { return fitsSite(s) && fitsSeason(s) },
		fitsSite,
		func(saying) bool { return true },
	} {
		var ok []saying
		for _, s := range all {
			if keep(s) {
				ok = append(ok, s)
			}
		}
		if len(ok) > 0 {
			return ok[rng.IntN(len(ok))]
		}
	}
	return saying{}
}

func pickWeighted(rng *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := rng.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func pick[T any](rng *rand.Rand, from []T) T { return from[rng.IntN(len(from))] }

// filler holds one order's values for the placeholders.
type filler struct {
	unit string
	r    *strings.Replacer
}

func newFiller(rng *rand.Rand, s site, code string) filler {
	f := filler{}
	if s.units > 0 {
		f.unit = fmt.Sprintf("%d单元", 1+rng.IntN(s.units))
	}
	floor := 1 + rng.IntN(6)
	if rng.IntN(7) == 0 {
		floor = 7 + rng.IntN(12) // a newer high-rise
	}
	shops := shopsFor[code]
	if shops == nil {
		shops = noisyShops
	}
	sides := directions
	if s.village {
		sides = villageSides
	}
	plate := fmt.Sprintf("辽E%c%04d", plateLetters[rng.IntN(len(plateLetters))], rng.IntN(10000))
	f.r = strings.NewReplacer(
		"{home}", s.communityName+s.name+f.unit,
		"{at}", s.communityName+s.name,
		"{c}", s.communityName,
		"{b}", s.name,
		"{u}", f.unit,
		"{f}", fmt.Sprintf("%d楼", floor),
		"{r}", fmt.Sprintf("%d0%d", floor+1, 1+rng.IntN(2)),
		"{dir}", pick(rng, sides),
		"{shop}", pick(rng, shops),
		"{n}", fmt.Sprint(2+rng.IntN(5)),
		"{temp}", fmt.Sprint(12+rng.IntN(6)),
		"{days}", pick(rng, durations),
		"{since}", pick(rng, sinceWhen),
		"{plate}", plate,
		"{money}", fmt.Sprint(pick(rng, []int{680, 1200, 1980, 2600, 3500, 4800, 8600, 12000})),
		"{employer}", pick(rng, employers),
		"{pole}", fmt.Sprintf("MS%04d", rng.IntN(10000)),
	)
	return f
}

func (f filler) fill(s string) string { return f.r.Replace(s) }

// hotSpotCategory is what keeps going wrong at one place in the demo: the
// streetlights of the first grid (the demo grid worker's) fail three
// times in the last week, so the hot spot raises a grid task (未诉先办)
// there and the grid worker's task page has something to show.
const hotSpotCategory = "streetlight.out"

// hotSpotSpec is the extra order of the hot spot on day, or nil.
func hotSpotSpec(rng *rand.Rand, day, last time.Time, p *places) *orderSpec {
	back := int(last.Sub(day).Hours() / 24)
	if back != 5 && back != 3 && back != 1 {
		return nil
	}
	var at *site
	for i := range p.sites {
		if s := &p.sites[i]; !s.village && (at == nil || s.grid < at.grid) {
			at = s
		}
	}
	i := slices.IndexFunc(mixes, func(m mix) bool { return m.code == hotSpotCategory })
	if at == nil || i < 0 {
		return nil
	}
	return fillSpec(rng, day, &orderSpec{site: *at, mix: &mixes[i]}, false)
}
