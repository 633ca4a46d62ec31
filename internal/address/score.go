package address

// Weights of the full score: the words (longest common subsequence of the
// query's words in the address's, so a missing 区/街道 or one wrong
// character costs little) and the numbers (each typed number must appear
// in order with a compatible kind); every number of the address the query
// left out costs a little, so "胜利路12号" prefers the door plate to its rooms.
const (
	wordWeight   = 0.5
	numberWeight = 0.5
	extraNumCost = 0.03
	// goodScore, goodWords: thresholds for filing an order on a match.
	goodScore = 0.75
	goodWords = 0.6
)

// score compares a parsed query (qr its words as runes) with an address.
func score(q Parsed, qr []rune, a Parsed) (float64, bool) {
	words := 1.0
	if len(qr) > 0 {
		words = float64(lcs(qr, []rune(a.Text))) / float64(len(qr))
	}
	matched, extra := alignNums(q.Nums, a.Nums)
	nums := 1.0
	if len(q.Nums) > 0 {
		nums = float64(matched) / float64(len(q.Nums))
	}
	s := wordWeight*words + numberWeight*nums - extraNumCost*float64(min(extra, 5))
	if s < 0 {
		s = 0
	}
	good := s >= goodScore && matched == len(q.Nums) && len(qr) > 0 && words >= goodWords
	return s, good
}

// alignNums matches the query's numbers in order against the address's,
// greedily, and returns how many matched and how many of the address's
// were left over.
func alignNums(q, a []Num) (matched, extra int) {
	pos := 0
	for _, n := range q {
		for i := pos; i < len(a); i++ {
			if a[i].Value == n.Value && kindsAgree(n.Kind, a[i].Kind) {
				matched++
				pos = i + 1
				break
			}
		}
	}
	return matched, len(a) - matched
}

// kindsAgree: a bare number fits anything; 12号 may be a door plate or a
// building (12号楼 said short).
func kindsAgree(q, a byte) bool {
	switch {
	case q == numAny || a == numAny || q == a:
		return true
	case (q == numDoor && a == numBuild) || (q == numBuild && a == numDoor):
		return true
	}
	return false
}

// lcs is the length of the longest common subsequence of a and b.
func lcs(a, b []rune) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
