package layout

import (
	"html/template"
	"strings"

	"golang.org/x/text/language"
)

// rtlScripts are the ISO 15924 scripts written right to left.
var rtlScripts = map[string]bool{
	"Adlm": true, "Arab": true, "Armi": true, "Avst": true, "Chrs": true, "Elym": true,
	"Hatr": true, "Hebr": true, "Hung": true, "Khar": true, "Lydi": true, "Mand": true,
	"Mani": true, "Mend": true, "Narb": true, "Nbat": true, "Nkoo": true, "Orkh": true,
	"Palm": true, "Phli": true, "Phlp": true, "Phnx": true, "Prti": true, "Rohg": true,
	"Samr": true, "Sarb": true, "Sogd": true, "Sogo": true, "Syrc": true, "Thaa": true,
	"Yezi": true,
}

// direction is "rtl" for a language tag whose script is written right to
// left, else "" (the browser's default, left to right). The script is the
// tag's own (pa-Arab, he-Latn) or, when it names none, the one CLDR gives
// its language (ar, fa, he, ur, yi, ckb, dv, syr): a reader's browser
// cannot guess it from lang alone, so an Arabic page without dir was laid
// out left to right.
func direction(lang string) string {
	tag, err := language.Parse(lang)
	if err != nil {
		return ""
	}
	script, conf := tag.Script()
	if base, _ := tag.Base(); conf != language.Exact && specialLanguages[base.String()] {
		// Not a language: CLDR guesses a script for it all the same
		// (Hatran, right to left, for mis).
		return ""
	}
	if conf != language.No && rtlScripts[script.String()] {
		return "rtl"
	}
	return ""
}

// specialLanguages are ISO 639's codes that name no language: missing,
// multiple, undetermined and no linguistic content.
var specialLanguages = map[string]bool{"mis": true, "mul": true, "und": true, "zxx": true}

// UILang is SiteInfo.UI for a site in lang: ` lang="en"` unless lang is
// English (en, en-GB, EN-us).
func UILang(lang string) template.HTMLAttr {
	if base, _, _ := strings.Cut(lang, "-"); strings.EqualFold(base, "en") {
		return ""
	}
	return ` lang="en"`
}
