package layout

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

// TestExtraCSS: layouts/extra.css adds its rules at the end of the
// theme's stylesheet, after the code colours, and changes its
// fingerprint, but no page's writer; layouts/style.css replaces the
// theme's whole, so a site that wanted a rule more had to copy it all.
func TestExtraCSS(t *testing.T) {
	plain, probs := Load(nil)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	rule := ".dek { font-style: normal; }\n"
	th, probs := Load(fstest.MapFS{"layouts/extra.css": {Data: []byte(rule)}})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if !bytes.HasPrefix(th.CSS, plain.CSS) || !bytes.HasSuffix(th.CSS, []byte(rule)) {
		t.Errorf("stylesheet does not end with the theme's and then extra.css:\n%s", th.CSS[max(0, len(th.CSS)-200):])
	}
	if th.CSSPath == plain.CSSPath || th.Sum == plain.Sum {
		t.Errorf("same fingerprint %s, or theme sum, as without extra.css", th.CSSPath)
	}
	if len(th.native) != len(nativeKinds) || !th.nativeCards {
		t.Errorf("with extra.css, %d of %d kinds are written natively (cards %v)", len(th.native), len(nativeKinds), th.nativeCards)
	}
	if strings.Count(string(th.CSS), rule) != 1 {
		t.Errorf("extra.css appears %d times", strings.Count(string(th.CSS), rule))
	}
}
