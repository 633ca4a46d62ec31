package volunteer

import (
	"context"
	"crypto/hmac"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A volunteer has no account: their own page is reached through a card
// link the community hands them (printed as a QR code on the 志愿者证).
// The token is the volunteer's ID and a MAC under the deployment's blind
// key, so nothing is stored and a guessed ID opens nothing; it is
// accepted under every key held, so a key rotation does not void the
// cards already printed.
const cardLabel = "volunteer-card:"

// macLen is how much of the MAC (hex) a token carries: 80 bits.
const macLen = 20

// Card is the token of a volunteer's own page.
func (s *Service) Card(id int64) string {
	return fmt.Sprintf("%d-%s", id, s.cfg.Keys.Blind(cardLabel + strconv.FormatInt(id, 10))[:macLen])
}

// macOK reports whether mac is the MAC of msg under some key held.
func (s *Service) macOK(msg, mac string) bool {
	for _, b := range s.cfg.Keys.BlindAll(msg) {
		if len(b) >= macLen && hmac.Equal([]byte(b[:macLen]), []byte(mac)) {
			return true
		}
	}
	return false
}

// cardID checks a card token and returns the volunteer's ID.
func (s *Service) cardID(card string) (int64, error) {
	idText, mac, ok := strings.Cut(strings.TrimSpace(card), "-")
	id, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil || id <= 0 || !s.macOK(cardLabel+idText, mac) {
		return 0, fmt.Errorf("%w: card — 志愿者证链接无效，请向社区重新索取", ErrNotFound)
	}
	return id, nil
}

// Me returns the volunteer of a card (masked: the page may be shown to
// others), if still active.
func (s *Service) Me(ctx context.Context, card string) (Volunteer, error) {
	id, err := s.cardID(card)
	if err != nil {
		return Volunteer{}, err
	}
	v, err := s.volunteer(ctx, s.cfg.DB, id, false)
	if err != nil {
		return Volunteer{}, err
	}
	if v.Status != StatusActive {
		return Volunteer{}, fmt.Errorf("%w: volunteer %d left — 您已退出志愿者队伍", ErrNotFound, id)
	}
	return v, nil
}

// QRTTL is how long a check-in code stays good. The organiser's screen
// shows a fresh one every minute, so a code photographed and sent to
// someone at home is stale before it is of use.
const QRTTL = 3 * time.Minute

const qrLabel = "volunteer-checkin:"

// CheckInCode is the token of activity id's check-in QR code, good until
// now + QRTTL.
func (s *Service) checkInCode(id int64, now time.Time) string {
	exp := now.Add(QRTTL).Unix()
	msg := fmt.Sprintf("%s%d:%d", qrLabel, id, exp)
	return fmt.Sprintf("%d.%d.%s", id, exp, s.cfg.Keys.Blind(msg)[:macLen])
}

// parseCode checks a check-in token and returns its activity.
func (s *Service) parseCode(code string, now time.Time) (int64, error) {
	parts := strings.Split(strings.TrimSpace(code), ".")
	if len(parts) != 3 {
		return 0, refused("the code is not a check-in code — 这不是签到二维码，请扫描组织者屏幕上的二维码")
	}
	id, err1 := strconv.ParseInt(parts[0], 10, 64)
	exp, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil || !s.macOK(fmt.Sprintf("%s%d:%d", qrLabel, id, exp), parts[2]) {
		return 0, refused("the code is not a check-in code — 这不是签到二维码，请扫描组织者屏幕上的二维码")
	}
	if now.Unix() > exp {
		return 0, refused("the code expired at %s — 二维码已过期，请重新扫描组织者屏幕上的最新二维码", time.Unix(exp, 0).UTC().Format(time.RFC3339))
	}
	return id, nil
}
