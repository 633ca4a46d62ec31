package auth

import "civicgrid/internal/audit"

// Actor is who performs a change, for the audit log: the same type as
// audit.Actor, so one value serves every package. The zero Actor is the
// command line (civicgrid user …).
type Actor = audit.Actor

// ActorOf makes the Actor for a signed-in user acting from ip.
func ActorOf(u User, ip string) Actor {
	return Actor{UserID: u.ID, Name: u.Username, IP: ip}
}

// userTarget is the audit target naming a user.
func userTarget(username string) string { return "user:" + username }
