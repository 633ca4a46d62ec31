package consultation

// House is an eligible 专有部分 with its area and owner group: houses that
// share an owner are one group and count as one owner (司法解释 第九条).
type House struct {
	ID         int64
	AreaDM2    int64
	OwnerGroup int64
}

// Vote is a house's ballot reduced to what counting needs.
type Vote struct {
	HouseID int64
	Yes     bool
}

// Tally counts the figures from the eligible houses and the votes cast
// (abstentions and noes are votes with Yes false: they take part). A
// group of houses with one owner takes part when any of its houses voted
// and counts as agreeing only when every ballot it cast agrees; its areas
// count house by house. Votes for houses outside the list are ignored.
func Tally(houses []House, votes []Vote) Figures {
	var f Figures
	byID := make(map[int64]House, len(houses))
	groups := map[int64]bool{}
	for _, h := range houses {
		byID[h.ID] = h
		f.EligibleArea += h.AreaDM2
		f.EligibleHouses++
		groups[h.OwnerGroup] = true
	}
	f.EligibleOwners = int64(len(groups))
	voted := map[int64]bool{}   // group took part
	dissent := map[int64]bool{} // group cast a ballot that is not yes
	seen := map[int64]bool{}
	for _, v := range votes {
		h, ok := byID[v.HouseID]
		if !ok || seen[v.HouseID] {
			continue
		}
		seen[v.HouseID] = true
		f.ParticipatingArea += h.AreaDM2
		voted[h.OwnerGroup] = true
		if v.Yes {
			f.YesArea += h.AreaDM2
			f.YesHouses++
		} else {
			dissent[h.OwnerGroup] = true
		}
	}
	f.ParticipatingOwners = int64(len(voted))
	for g := range voted {
		if !dissent[g] {
			f.YesOwners++
		}
	}
	return f
}

// OwnerGroups joins houses that share an owner (transitively) and names
// each group by its smallest house id; a house without recorded owners is
// a group of its own. owners maps a house to its owners' person ids.
func OwnerGroups(houseIDs []int64, owners map[int64][]int64) map[int64]int64 {
	parent := map[int64]int64{}
	var find func(int64) int64
	find = func(x int64) int64 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	union := func(a, b int64) {
		ra, rb := find(a), find(b)
		if ra == rb {
			return
		}
		if ra < rb {
			parent[rb] = ra
		} else {
			parent[ra] = rb
		}
	}
	for _, h := range houseIDs {
		parent[h] = h
	}
	firstHouse := map[int64]int64{} // person → a house they own
	for _, h := range houseIDs {
		for _, p := range owners[h] {
			if other, ok := firstHouse[p]; ok {
				union(h, other)
			} else {
				firstHouse[p] = h
			}
		}
	}
	out := make(map[int64]int64, len(houseIDs))
	for _, h := range houseIDs {
		out[h] = find(h)
	}
	return out
}
