package exchange_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"civicgrid/internal/exchange"
)

// The example of docs/exchange.md, "Signing", computed independently
// (Python's hmac and hashlib).
func TestSignMatchesTheDocumentedExample(t *testing.T) {
	body := []byte(`{"message_id":"order-202611230001"}`)
	canon := exchange.Canonical("POST", "/exchange/v1/orders", "1795395600", "6f1d2c3b4a5968778695a4b3c2d1e0f1", body)
	wantCanon := "POST\n/exchange/v1/orders\n1795395600\n6f1d2c3b4a5968778695a4b3c2d1e0f1\n" +
		"80bb4be34761d24185c54edf47ec75a03485ddce91b3a823f90f4778bd4437ef"
	if canon != wantCanon {
		t.Errorf("canonical text = %q, want %q", canon, wantCanon)
	}
	got := exchange.Sign([]byte(linkSecret), "POST", "/exchange/v1/orders", "1795395600", "6f1d2c3b4a5968778695a4b3c2d1e0f1", body)
	if want := "v1=9efeb8d1ca9df6787900598aaff28857c5b505e706179ef9b9f4761e849451a9"; got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
	if exchange.Sign([]byte(linkSecret), "POST", "/exchange/v1/orders", "1795395600", "6f1d2c3b4a5968778695a4b3c2d1e0f1", append(body, ' ')) == got {
		t.Error("a changed body kept the signature")
	}
}

func TestReporterSealOpensOnlyForItsLinkAndOrder(t *testing.T) {
	key, _ := base64.StdEncoding.DecodeString(linkKey)
	r := exchange.Reporter{Name: "张三", Phone: "13800001234", Email: "z@example.com"}
	sealed, err := exchange.SealReporter(key, linkName, "202611230001", r)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "13800001234") || !strings.HasPrefix(sealed, "v1:") {
		t.Fatalf("sealed block %q", sealed)
	}
	got, err := exchange.OpenReporter(key, linkName, "202611230001", sealed)
	if err != nil || got != r {
		t.Fatalf("open = %+v, %v; want %+v", got, err, r)
	}
	if _, err := exchange.OpenReporter(key, linkName, "202611230002", sealed); err == nil {
		t.Error("a block moved to another order opened")
	}
	other := make([]byte, 32)
	if _, err := exchange.OpenReporter(other, linkName, "202611230001", sealed); err == nil {
		t.Error("a block opened under another key")
	}
}
