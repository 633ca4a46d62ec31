package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"civicgrid/internal/category"
)

// intakeMatter is one thing residents write in about: a leaf of the seeded
// catalogue, how often it comes up, what people say (P is the place: a
// building such as "3号楼", or a spot such as "小区门口") and the extra
// fields that go with each saying.
type intakeMatter struct {
	category string
	weight   int
	says     []saying
}

type saying struct {
	text  string
	attrs map[string]string
}

// intakeMatters is a winter week of a northern district's 12345 line: heating
// and noise first, then property management, rubbish, parking, water.
var intakeMatters = []intakeMatter{
	{"heating.cold", 10, []saying{
		{"P家里暖气不热，室内温度只有十四五度，老人孩子都冻感冒了", map[string]string{"indoor_temp": "15"}},
		{"P整个单元暖气都不热，给供热公司打了好几次电话一直没人来", nil},
		{"P暖气片上面热下面凉，已经放过气了还是不行", map[string]string{"indoor_temp": "17"}},
	}},
	{"noise.disturb", 9, []saying{
		{"P楼上邻居天天晚上十一点以后还在剁东西、拖椅子，吵得睡不着觉", map[string]string{"source": "neighbour", "period": "night"}},
		{"P楼下小广场每天早上六点就跳广场舞，音响开得特别大", map[string]string{"source": "square_dance", "period": "day"}},
		{"P旁边的烧烤店半夜还在营业，喝酒划拳声音很大", map[string]string{"source": "shop", "period": "night"}},
		{"P有住户装修，周末一大早就开始用电钻", map[string]string{"source": "neighbour"}},
	}},
	{"property.dispute", 7, []saying{
		{"P物业不作为，楼道灯坏了一个多月没人修，还天天催交物业费", nil},
		{"P物业没开业主大会就涨物业费，问他们要收支明细也不给", nil},
	}},
	{"garbage.uncollected", 6, []saying{
		{"P门口的垃圾桶满了三天了没人清运，味道很大，还招苍蝇老鼠", nil},
		{"P的大件垃圾堆在路边一个星期了，一直没人拉走", nil},
	}},
	{"parking.illegal", 5, []saying{
		{"P门口有辆车长期停在消防通道上，救护车都进不来", map[string]string{"plate": "辽E·7K3**"}},
		{"P路口每天晚上都有车双排停放，早上出不去", nil},
	}},
	{"water.outage", 5, []saying{
		{"P从早上开始停水，没看到任何停水通知，也不知道什么时候来水", map[string]string{"extent": "building"}},
		{"P家里水压特别低，高峰时段楼上基本没水", map[string]string{"extent": "household"}},
	}},
	{"corridor.clutter", 4, []saying{
		{"P三单元楼道里堆满了旧家具和纸箱，影响通行，也有消防隐患", nil},
		{"P楼道里有人停电动车、私拉电线充电，太危险了", nil},
	}},
	{"streetlight.out", 4, []saying{
		{"P附近的路灯不亮好几天了，晚上走路特别黑，怕老人摔倒", map[string]string{"lamps": "2"}},
	}},
	{"sewer.blocked", 4, []saying{
		{"P一楼下水道堵了，污水往上返，家里都是味", map[string]string{"overflow": "yes"}},
		{"P门前的雨水井堵了，一下雨就积水", map[string]string{"overflow": "no"}},
	}},
	{"cooking.fumes", 3, []saying{
		{"P楼下饭店的油烟直接往楼上排，窗户都不敢开", map[string]string{"business": "饭店"}},
	}},
	{"vending.street", 3, []saying{
		{"P门口早上有很多流动摊贩占道卖菜，车都过不去", nil},
	}},
	{"elevator.fault", 3, []saying{
		{"P的电梯经常突然停住，今天又坏了，老人上下楼很困难", map[string]string{"trapped": "no"}},
	}},
	{"road.pothole", 3, []saying{
		{"P路面有个大坑，下雨就积水，已经有骑电动车的摔倒了", nil},
	}},
	{"construction.noise", 2, []saying{
		{"P附近的工地夜里还在施工，打桩声音很大，根本没法休息", map[string]string{"period": "night"}},
	}},
	{"neighbour.dispute", 2, []saying{
		{"P楼上卫生间漏水渗到我家，邻居不给修，协商不成", nil},
	}},
	{"building.illegal", 2, []saying{
		{"P一楼住户在院里私搭乱建，占了公共绿地", map[string]string{"stage": "building"}},
	}},
	{"dog.nuisance", 2, []saying{
		{"P总有人遛狗不拴绳，还随地大小便，孩子都不敢下楼玩", nil},
	}},
	{"power.outage", 2, []saying{
		{"P突然停电了，没接到任何通知，家里还有病人要用制氧机", nil},
	}},
	{"consult.policy", 2, []saying{
		{"请问P这边的老旧小区改造什么时候开始？需要居民自己出钱吗？", nil},
	}},
	{"tree.pruning", 1, []saying{
		{"P楼前的树长得太高了，挡住了低层住户的阳光，希望修剪一下", nil},
	}},
	{"gas.leak", 1, []saying{
		{"P楼道里有很浓的煤气味，不知道是哪家漏气", map[string]string{"valve_closed": "no"}},
	}},
}

// intakeUrgings end a description, as residents do.
var intakeUrgings = []string{
	"。希望尽快处理。", "，已经反映过一次了，到现在还没人管。", "，麻烦相关部门来看看，谢谢！", "。", "！！",
	"，这个问题存在很久了，希望政府重视一下。",
}

// catalogueEntry is what the bench reads of GET /api/v1/categories.
type catalogueEntry struct {
	Code   string           `json:"code"`
	Leaf   bool             `json:"leaf"`
	Active bool             `json:"active"`
	Fields []category.Field `json:"fields"`
}

// checkMatters reads the catalogue from the server as a client would and
// checks that every matter files under an active leaf with every required
// field given and every list value one of its keys, so a changed catalogue
// fails here with a clear message, not as 400s in the middle of a run.
func checkMatters(ctx context.Context, client *http.Client, base string, matters []intakeMatter) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/categories", nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("read the catalogue: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("read the catalogue: %s", resp.Status)
	}
	var body struct {
		Categories []catalogueEntry `json:"categories"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return fmt.Errorf("read the catalogue: %w", err)
	}
	return checkMattersAgainst(body.Categories, matters)
}

func checkMattersAgainst(catalogue []catalogueEntry, matters []intakeMatter) error {
	byCode := make(map[string]catalogueEntry, len(catalogue))
	for _, c := range catalogue {
		byCode[c.Code] = c
	}
	var problems []string
	for _, m := range matters {
		c, ok := byCode[m.category]
		switch {
		case !ok:
			problems = append(problems, m.category+": not in the catalogue")
			continue
		case !c.Leaf || !c.Active:
			problems = append(problems, m.category+": not an active leaf")
			continue
		}
		fields := make(map[string]category.Field, len(c.Fields))
		for _, f := range c.Fields {
			fields[f.Code] = f
			if f.Required && !everyGives(m.says, f.Code) {
				problems = append(problems, fmt.Sprintf("%s: required field %s not given", m.category, f.Code))
			}
		}
		for _, s := range m.says {
			for code, v := range s.attrs {
				f, ok := fields[code]
				switch {
				case !ok:
					problems = append(problems, fmt.Sprintf("%s: has no field %s", m.category, code))
				case len(f.Values) > 0 && !slices.ContainsFunc(f.Values, func(fv category.FieldValue) bool { return fv.Key == v }):
					problems = append(problems, fmt.Sprintf("%s: %s=%q is not one of its keys", m.category, code, v))
				}
			}
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return fmt.Errorf("the bench's orders no longer fit the catalogue: %s", strings.Join(slices.Compact(problems), "; "))
	}
	return nil
}

// everyGives reports whether every saying gives a value for the field.
func everyGives(says []saying, code string) bool {
	for _, s := range says {
		if s.attrs[code] == "" {
			return false
		}
	}
	return true
}
