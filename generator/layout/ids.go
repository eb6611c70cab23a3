package layout

import "brief/generator/site"

// ReservedIDs are the ids the theme gives elements of its own, on any
// page: the skip link's target, the sections of a briefing, of the home
// page and of a listing, the search form, and the error overlay that
// brief serve adds. A markdown heading whose id would be one of them
// gets the next free id instead (main-1), so that neither the theme's
// links (#main, aria-labelledby, #analyst-notes) nor the writer's land on
// the other's element. TestReservedIDs checks that the list covers every
// id the templates and the Go code write.
var ReservedIDs = []string{
	"main",
	"takeaways", "corrections", "analyst-notes", "related",
	"latest", "sections", "all-topics", "all-pages",
	"listing-count",
	"search-nojs", "search-form", "q", "search-status", "search-results",
	"brief-overlay",
}

// ReservedIDPrefix begins the ids of analyst notes on a briefing's page
// and of the headings and footnotes in notes' bodies: no heading of an
// article or an intro gets an id that begins with it.
const ReservedIDPrefix = site.NoteIDs

// GeneratorMeta is the tag in the head of every page of the theme that
// names brief as its maker: a build tells by it, in an output folder that
// no cache describes, the pages of an earlier build from files of the
// user's (see generator.Build).
const GeneratorMeta = `<meta name="generator" content="brief">`
