package demo

import (
	"math"
	"math/rand/v2"
	"time"

	"civicgrid/internal/calendar"
)

// mix is one catalogue leaf as the history uses it: how often residents
// report it, how often grid workers find it on patrol, when and where.
type mix struct {
	code     string
	resident float64 // share of residents' orders in an ordinary month (per mille)
	patrol   float64 // share of patrol finds (per mille of patrol orders)
	village  float64 // weight at a village 院 relative to an urban 楼; 0: urban only
	season   func(t time.Time) float64
	hours    *[24]float64 // when residents report it
	// confidential is the share of reporters asking for 保密.
	confidential float64
}

// Hour-of-day profiles of the 12345 line (CST).
var (
	daytime = [24]float64{1, .5, .3, .3, .3, .6, 2, 5, 10, 12, 11, 9, 6, 8, 10, 10, 9, 7, 5, 5, 4, 3, 2, 1.5}
	evening = [24]float64{2, 1, .5, .3, .3, .5, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 6, 8, 10, 11, 10, 8, 5}
	night   = [24]float64{7, 4, 2, 1, .5, .5, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 5, 6, 8, 12, 10}
	anytime = [24]float64{3, 2, 2, 2, 2, 3, 5, 7, 8, 8, 8, 7, 7, 7, 7, 7, 7, 8, 8, 7, 6, 5, 4, 3}
	patrols = [24]float64{0, 0, 0, 0, 0, 0, 0, 1, 6, 10, 10, 6, 1, 2, 8, 10, 8, 3, 0, 0, 0, 0, 0, 0}
)

// Seasons, by month in CST: Benxi has long cold winters (heating from 1
// November to 31 March, building sites stop), summers of open windows,
// barbecues and thunderstorms.
func months(w [12]float64) func(time.Time) float64 {
	return func(t time.Time) float64 { return w[t.In(cst).Month()-1] }
}

var (
	summer       = months([12]float64{.6, .6, .8, 1, 1.2, 1.5, 1.7, 1.7, 1.3, 1, .7, .6})
	warm         = months([12]float64{.8, .8, .9, 1, 1.1, 1.2, 1.3, 1.3, 1.2, 1, .9, .8})
	building     = months([12]float64{.1, .1, .4, 1.2, 1.4, 1.4, 1.3, 1.3, 1.4, 1.3, .6, .1})
	rainy        = months([12]float64{.5, .5, .7, .9, 1, 1.3, 1.8, 1.8, 1.1, .9, .7, .6})
	storms       = months([12]float64{.5, .5, .8, 1, 1, 1.5, 2, 2, 1.2, .9, .8, .7})
	thaw         = months([12]float64{.8, 1, 2, 2, 1.2, 1, 1.1, 1.2, .9, .8, .8, .8})
	longNights   = months([12]float64{1.3, 1.1, .9, .8, .7, .6, .6, .7, .9, 1.2, 1.5, 1.5})
	frost        = months([12]float64{2.2, 1.8, 1, .7, .6, .6, .6, .6, .6, .8, 1.3, 2})
	insuranceDue = months([12]float64{.9, .8, .8, .8, .8, .8, .8, .9, 1.3, 1.4, 1.4, 1.4})
	heatingFees  = months([12]float64{1, .8, .7, .7, .7, .7, .7, .7, .9, 1.6, 1.5, 1.1})
	yearEnd      = months([12]float64{2, 1.4, .7, .7, .7, .7, .7, .7, .8, .9, 1.3, 2})
	growing      = months([12]float64{.3, .3, .8, 1.4, 1.5, 1.3, 1.2, 1.1, 1, 1, .8, .3})
)

// heating is the heating season (1 November – 31 March) with the rush of
// calls in its first weeks and a trickle at the trial firing in late
// October.
func heating(t time.Time) float64 {
	t = t.In(cst)
	d := t.Day()
	switch t.Month() {
	case time.October:
		if d >= 20 {
			return .4
		}
		return 0
	case time.November:
		switch {
		case d <= 10:
			return 2.4
		case d <= 20:
			return 1.7
		}
		return 1.3
	case time.December, time.January:
		return 1.1
	case time.February:
		return .7
	case time.March:
		return .35
	case time.April:
		if d <= 5 {
			return .1
		}
	}
	return 0
}

func flat(time.Time) float64 { return 1 }

// mixes is the catalogue as residents and grid workers use it. Weights
// follow what district 12345 lines publish (noise, parking, property,
// rubbish and — from November — heating lead), scaled per mille.
var mixes = []mix{
	// 部件
	{code: "streetlight.out", resident: 38, patrol: 80, village: 1.3, season: longNights, hours: &evening},
	{code: "manhole.cover", resident: 9, patrol: 40, village: .8, season: flat, hours: &daytime},
	{code: "sewer.blocked", resident: 30, village: .6, season: rainy, hours: &anytime},
	{code: "hydrant.damaged", resident: 2, patrol: 10, village: 0, season: flat, hours: &daytime},
	{code: "power.line", resident: 6, patrol: 20, village: 1.5, season: storms, hours: &daytime},
	{code: "road.pothole", resident: 26, patrol: 60, village: 1.6, season: thaw, hours: &daytime},
	{code: "traffic.signal", resident: 3, village: 0, season: flat, hours: &daytime},
	{code: "sidewalk.damaged", resident: 11, patrol: 40, village: .2, season: thaw, hours: &daytime},
	{code: "bikes.shared", resident: 4, patrol: 20, village: 0, season: summer, hours: &daytime},
	{code: "trashbin.damaged", resident: 7, patrol: 45, village: .8, season: flat, hours: &daytime},
	{code: "toilet.public", resident: 3, patrol: 10, village: .5, season: flat, hours: &daytime},
	{code: "tree.fallen", resident: 5, patrol: 20, village: 1.2, season: storms, hours: &anytime},
	{code: "greenbelt.damaged", resident: 5, patrol: 30, village: .3, season: growing, hours: &daytime},
	{code: "tree.pruning", resident: 10, village: .6, season: growing, hours: &daytime},
	{code: "building.dangerous", resident: 3, village: 1.5, season: thaw, hours: &daytime},
	{code: "facade.falling", resident: 4, patrol: 10, village: 0, season: thaw, hours: &daytime},
	{code: "fitness.equipment", resident: 6, patrol: 40, village: .6, season: warm, hours: &daytime},
	// 事件
	{code: "garbage.uncollected", resident: 45, patrol: 30, village: .8, season: summer, hours: &daytime},
	{code: "litter.exposed", resident: 26, patrol: 200, village: 1.5, season: warm, hours: &daytime},
	{code: "cooking.fumes", resident: 38, village: .3, season: summer, hours: &evening, confidential: .03},
	{code: "corridor.clutter", resident: 36, patrol: 180, village: 0, season: flat, hours: &daytime},
	{code: "ad.flyers", resident: 13, patrol: 100, village: .3, season: flat, hours: &daytime},
	{code: "ad.outdoor", resident: 3, patrol: 20, village: .3, season: flat, hours: &daytime},
	{code: "construction.noise", resident: 18, village: .5, season: building, hours: &night},
	{code: "construction.dust", resident: 8, village: .5, season: building, hours: &daytime},
	{code: "muck.spill", resident: 6, patrol: 30, village: .8, season: building, hours: &daytime},
	{code: "gas.leak", resident: 2.5, village: .5, season: frost, hours: &anytime},
	{code: "water.main_burst", resident: 2.5, village: .5, season: frost, hours: &anytime},
	{code: "road.collapse", resident: .8, village: .8, season: thaw, hours: &anytime},
	{code: "power.outage_area", resident: .8, village: 1.2, season: storms, hours: &anytime},
	{code: "vending.street", resident: 20, patrol: 80, village: .3, season: summer, hours: &daytime},
	{code: "building.illegal", resident: 12, patrol: 50, village: 1.5, season: building, hours: &daytime, confidential: .25},
	{code: "parking.illegal", resident: 48, patrol: 40, village: .3, season: flat, hours: &daytime},
	{code: "noise.disturb", resident: 85, village: .6, season: summer, hours: &night, confidential: .05},
	// 民生诉求
	{code: "water.outage", resident: 28, village: 1.3, season: flat, hours: &anytime},
	{code: "heating.cold", resident: 110, village: 0, season: heating, hours: &anytime},
	{code: "gas.supply", resident: 10, village: .2, season: frost, hours: &daytime},
	{code: "power.outage", resident: 14, village: 1.5, season: storms, hours: &anytime},
	{code: "property.dispute", resident: 35, village: 0, season: flat, hours: &daytime, confidential: .05},
	{code: "neighbour.dispute", resident: 25, village: 1.5, season: flat, hours: &daytime, confidential: .1},
	{code: "parking.shortage", resident: 18, village: 0, season: flat, hours: &evening},
	{code: "elevator.fault", resident: 14, village: 0, season: flat, hours: &anytime},
	{code: "dog.nuisance", resident: 14, village: 1.5, season: warm, hours: &evening},
	{code: "mediation.request", resident: 4, village: 1.2, season: flat, hours: &daytime, confidential: .3},
	{code: "consumer.dispute", resident: 22, village: .5, season: flat, hours: &daytime},
	{code: "food.safety", resident: 7, village: .5, season: summer, hours: &daytime},
	{code: "wage.arrears", resident: 10, village: 1, season: yearEnd, hours: &daytime, confidential: .15},
	{code: "other.request", resident: 10, village: 1, season: flat, hours: &daytime},
	// 咨询
	{code: "consult.policy", resident: 38, village: 1, season: insuranceDue, hours: &daytime},
	{code: "consult.service", resident: 38, village: 1, season: heatingFees, hours: &daytime},
	{code: "consult.other", resident: 16, village: 1, season: flat, hours: &daytime},
}

// patrolShare is the share of orders grid workers file on patrol (未诉先办).
const patrolShare = 0.13

// webShare is the share of residents' orders sent through the web form;
// the rest are calls to 12345.
const webShare = 0.2

// weekdayLoad scales calls by day of week: Monday catches up on the
// weekend, Saturday and Sunday are quiet.
var weekdayLoad = [7]float64{.78, 1.12, 1.05, 1.0, 1.0, .98, .8} // Sunday first

// residentWeight is the weight of m at t for a site.
func (m *mix) residentWeight(t time.Time, village bool) float64 {
	w := m.resident * m.season(t)
	if village {
		w *= m.village
	}
	return w
}

// seasonLoad is how busy the line is at t relative to the year's mean:
// the sum of the seasonal weights over its yearly average, so November
// (heating) is busier than May.
func seasonLoad(t time.Time) float64 {
	at := func(t time.Time) float64 {
		s := 0.0
		for i := range mixes {
			s += mixes[i].resident * mixes[i].season(t)
		}
		return s
	}
	year := 0.0
	for m := 1; m <= 12; m++ {
		year += at(time.Date(t.Year(), time.Month(m), 15, 12, 0, 0, 0, cst))
	}
	return at(t) / (year / 12)
}

// dayLoad is the expected number of residents' orders on day (00:00 CST).
func dayLoad(day time.Time, perDay float64, cal *calendar.Calendar) float64 {
	f := weekdayLoad[day.Weekday()]
	switch workday, holiday := cal.DayInfo(day); {
	case !workday && holiday != "" && day.Weekday() != time.Saturday && day.Weekday() != time.Sunday:
		f = .75 // a public holiday on a weekday
	case workday && (day.Weekday() == time.Saturday || day.Weekday() == time.Sunday):
		f = .95 // a make-up working day (调休)
	}
	return perDay * f * seasonLoad(day.Add(12*time.Hour))
}

// poisson draws a count with mean lambda (Knuth; fine for the tens a day
// brings).
func poisson(rng *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// pickHour draws an hour by profile.
func pickHour(rng *rand.Rand, profile *[24]float64) int {
	total := 0.0
	for _, w := range profile {
		total += w
	}
	x := rng.Float64() * total
	for h, w := range profile {
		if x < w {
			return h
		}
		x -= w
	}
	return 12
}
