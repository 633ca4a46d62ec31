package commonpw

import "testing"

func TestListHoldsTheCommonPasswords(t *testing.T) {
	t.Parallel()
	if n := Len(); n != 49_233 {
		t.Fatalf("%d passwords, want 49,233", n)
	}
	for _, pw := range []string{"password", "123456", "1234567890", "password12", "Password123", "QWERTYUIOP", "iloveyou12"} {
		if !Contains(pw) {
			t.Errorf("%q is not on the list", pw)
		}
	}
	for _, pw := range []string{"correct horse battery", "long enough password", "网格员的密码", ""} {
		if Contains(pw) {
			t.Errorf("%q is on the list", pw)
		}
	}
}
