package demo

import (
	"fmt"
	"math/rand/v2"
)

// Surnames weighted roughly by how common they are in Liaoning (the
// first dozen cover about half of the people).
var surnames = []struct {
	name   string
	weight int
}{
	{"王", 90}, {"李", 85}, {"张", 85}, {"刘", 70}, {"陈", 35}, {"杨", 35}, {"赵", 40}, {"孙", 30}, {"于", 25},
	{"高", 22}, {"徐", 18}, {"马", 18}, {"吴", 15}, {"周", 15}, {"郭", 14}, {"朱", 12}, {"林", 8}, {"何", 8},
	{"宋", 12}, {"韩", 14}, {"曲", 8}, {"姜", 12}, {"丁", 8}, {"谭", 5}, {"董", 10}, {"曹", 8}, {"崔", 10},
	{"田", 8}, {"付", 8}, {"邢", 5}, {"白", 7}, {"吕", 7}, {"孟", 7}, {"郑", 7}, {"冯", 7}, {"石", 6},
	{"潘", 5}, {"鲁", 4}, {"邵", 4}, {"关", 6}, {"佟", 5}, {"那", 3}, {"常", 5}, {"苏", 5},
	{"方", 4}, {"袁", 4}, {"沈", 4}, {"薛", 4}, {"宫", 3}, {"隋", 3}, {"栾", 3}, {"尹", 4}, {"单", 3},
}

var surnameTotal = func() int {
	n := 0
	for _, s := range surnames {
		n += s.weight
	}
	return n
}()

// Given-name characters: one- and two-character names are both common.
var (
	givenMale   = []rune("伟强磊军勇涛斌刚明辉鹏杰峰波超亮健东宇浩凯龙志国建华庆海春立新宏德福成")
	givenFemale = []rune("丽娟敏静燕艳霞芳玲红梅英华秀兰萍琳颖慧娜雪晶莉丹洁倩淑凤桂云玉")
)

func surname(rng *rand.Rand) string {
	x := rng.IntN(surnameTotal)
	for _, s := range surnames {
		if x < s.weight {
			return s.name
		}
		x -= s.weight
	}
	return surnames[0].name
}

// fullName is a plausible (made-up) Chinese name.
func fullName(rng *rand.Rand) string {
	chars := givenMale
	if rng.IntN(2) == 0 {
		chars = givenFemale
	}
	name := surname(rng) + string(chars[rng.IntN(len(chars))])
	if rng.IntN(3) > 0 {
		name += string(chars[rng.IntN(len(chars))])
	}
	return name
}

// callerName is how a caller gives their name: in full, or as the
// operator writes down someone who only says 姓王 (王先生, 王女士); now
// and then nothing at all.
func callerName(rng *rand.Rand) string {
	switch x := rng.IntN(100); {
	case x < 55:
		return fullName(rng)
	case x < 76:
		return surname(rng) + "先生"
	case x < 96:
		return surname(rng) + "女士"
	default:
		return ""
	}
}

// Mobile prefixes in use in China (the three carriers and their MVNO
// ranges), and Benxi's landline area code.
var mobilePrefixes = []string{
	"130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "155",
	"156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182", "183", "185",
	"186", "187", "188", "189", "191", "195", "198", "199",
}

// phone is a made-up number: a mobile mostly, sometimes a Benxi landline
// (024 + 8 digits starting 4).
func phone(rng *rand.Rand) string {
	if rng.IntN(10) == 0 {
		return fmt.Sprintf("0244%07d", rng.IntN(10_000_000))
	}
	return mobilePrefixes[rng.IntN(len(mobilePrefixes))] + fmt.Sprintf("%08d", rng.IntN(100_000_000))
}
