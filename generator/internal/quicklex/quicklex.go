// Package quicklex runs chroma's regular-expression lexers faster, with
// the same tokens.
//
// A chroma RegexLexer tries each rule of its current state in turn, at
// every position, until one matches: in Python's root state an identifier
// is tried against some thirty rules, and each try costs a call into the
// regexp2 interpreter even when the rule fails on the first character.
// quicklex works out, from regexp2's own parse of each rule, which ASCII
// characters a match of the rule can begin with, and at each position
// tries only the rules that can begin with the character there, in the
// same order. A rule that can match nothing, or one whose first
// character is not known (a back-reference, a condition, case folding),
// is tried everywhere, as it is at any character outside ASCII. Rules,
// mutators and emitters are chroma's own, so the tokens are those chroma
// gives: TestSameTokens holds every lexer to that on chroma's test files.
// Where chroma would run on without end, the lexer panics with ErrRunaway.
package quicklex

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/dlclark/regexp2/v2"
	"github.com/dlclark/regexp2/v2/syntax"
)

// regexp2 from v2.13 bounds a match's backtracking stack by default, at
// 100,000 slots, where the v2.2.1 chroma asks for has no bound: past it a
// rule fails, so a string or comment longer than about 16,000 characters
// came out as Error tokens, one a character, and each position tried again
// to the bound, which took a 54 KB block of JSON 9 s. Unbounded, as
// chroma's regexp2 is, for every lexer, those chroma compiles itself too
// (it compiles a lexer's rules when it first lexes with it, after this).
func init() { regexp2.DefaultOptimizationOptions.MaxBacktrackingStackSize = -1 }

// Wrap returns a lexer that gives the tokens l gives. For a chroma
// RegexLexer it tries at each position only the rules that can match
// there; any other lexer it returns as it is. registry is the one l was
// registered in (lexers.GlobalLexerRegistry for those of chroma's lexers
// package), for rules that hand text to another lexer (chroma.Using).
func Wrap(l chroma.Lexer, registry *chroma.LexerRegistry) chroma.Lexer {
	rl, ok := l.(*chroma.RegexLexer)
	if !ok {
		return l
	}
	mu.Lock()
	defer mu.Unlock()
	q := wrapped[rl]
	if q == nil {
		q = &lexer{RegexLexer: rl, registry: registry}
		wrapped[rl] = q
	}
	return q
}

var (
	mu      sync.Mutex
	wrapped = map[*chroma.RegexLexer]*lexer{}
)

// lexer is a RegexLexer with its rules indexed by first character.
type lexer struct {
	*chroma.RegexLexer
	registry *chroma.LexerRegistry
	once     sync.Once
	states   map[string][]rule
	rules    chroma.CompiledRules
	err      error
}

// rule is a compiled rule with the ASCII characters a match can begin
// with; always is set for a rule to try at every position, and bol for
// one that matches only where a line begins (its pattern starts with ^).
type rule struct {
	*chroma.CompiledRule
	first  [2]uint64
	always bool
	bol    bool
}

// may reports whether the rule can match where the text has c, at the
// start of a line or not.
func (r *rule) may(c rune, lineStart bool) bool {
	if r.bol && !lineStart {
		return false
	}
	return r.always || c >= utf8.RuneSelf || r.first[c>>6]&(1<<(c&63)) != 0
}

// Tokenise is chroma's RegexLexer.Tokenise, with rules tried as the
// package says.
func (q *lexer) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	q.once.Do(q.compile)
	if q.err != nil {
		// What chroma compiles, and this did not, chroma lexes.
		return q.RegexLexer.Tokenise(options, text)
	}
	if options == nil {
		options = &chroma.TokeniseOptions{State: "root", EnsureLF: true}
	}
	if options.EnsureLF {
		text = ensureLF(text)
	}
	newlineAdded := false
	if !options.Nested && q.Config().EnsureNL && (len(text) == 0 || text[len(text)-1] != '\n') {
		text += "\n"
		newlineAdded = true
	}
	it := &iterator{
		q:       q,
		until:   time.Now().Add(MaxLexTime),
		initial: options.State,
		state: &chroma.LexerState{
			Registry:       q.registry,
			Lexer:          q.RegexLexer,
			Text:           []rune(text),
			Stack:          []string{options.State},
			Rules:          ownRules(q.rules),
			MutatorContext: map[any]any{},
		},
	}
	it.end = len(it.state.Text)
	if newlineAdded {
		it.end--
	}
	return it.next, nil
}

// ownRules is a copy of rules for one text to lex: a mutator may change
// the rules it is given (chroma's Raku lexer puts a rule it compiles for a
// quoting construct in place of another), and with the lexer's own every
// block lexed after it, on any worker, would have the change, which made a
// block's tokens depend on the blocks before it, and raced. The rules
// themselves are shared: a mutator replaces them, and does not change them.
func ownRules(rules chroma.CompiledRules) chroma.CompiledRules {
	out := make(chroma.CompiledRules, len(rules))
	for state, rs := range rules {
		out[state] = slices.Clone(rs)
	}
	return out
}

// compile compiles the lexer's rules as chroma does (see
// RegexLexer.maybeCompile), and finds each one's first characters.
func (q *lexer) compile() {
	raw, err := q.RegexLexer.Rules()
	if err != nil {
		q.err = err
		return
	}
	cfg := q.Config()
	flags := ""
	if !cfg.NotMultiline {
		flags += "m"
	}
	if cfg.CaseInsensitive {
		flags += "i"
	}
	if cfg.DotAll {
		flags += "s"
	}
	rules := chroma.CompiledRules{}
	firsts := map[*chroma.CompiledRule]rule{}
	for state, rs := range raw {
		rules[state] = nil
		for _, r := range rs {
			pattern := r.Pattern
			if p, ok := linear[pattern]; ok {
				pattern = p
			}
			pattern = "(?:" + pattern + ")"
			if flags != "" {
				pattern = "(?" + flags + ")" + pattern
			}
			pattern = `\G` + pattern
			re, err := regexp2.Compile(pattern)
			if err != nil {
				q.err = err
				return
			}
			// chroma's 250 ms made a long string's match time out on a
			// busy machine, and the block's tokens Error ones: its HTML
			// then depended on the load. The block's own bound stops a
			// lexer that is too slow (see MaxLexTime).
			re.MatchTimeout = MaxLexTime
			cr := &chroma.CompiledRule{Rule: r, Regexp: re}
			rules[state] = append(rules[state], cr)
			firsts[cr] = firstOf(pattern)
		}
	}
restart:
	seen := map[chroma.LexerMutator]bool{}
	for state := range rules {
		for i := range len(rules[state]) {
			if m, ok := rules[state][i].Mutator.(chroma.LexerMutator); ok {
				if seen[m] {
					q.err = fmt.Errorf("%s: mutator %T seen twice", cfg.Name, m)
					return
				}
				seen[m] = true
				if err := m.MutateLexer(rules, state, i); err != nil {
					q.err = err
					return
				}
				goto restart
			}
		}
	}
	q.rules = rules
	q.states = make(map[string][]rule, len(rules))
	for state, rs := range rules {
		list := make([]rule, len(rs))
		for i, cr := range rs {
			f, ok := firsts[cr]
			if !ok { // made by a mutator: not known, so tried everywhere
				f = rule{always: true}
			}
			list[i] = f
			list[i].CompiledRule = cr
		}
		q.states[state] = list
	}
}

// iterator is chroma's LexerState.Iterator, with rules tried as the
// package says.
type iterator struct {
	q       *lexer
	state   *chroma.LexerState
	initial string            // the state a line with no match returns to
	end     int               // where the text ends, before a newline added
	pending []chroma.Iterator // the emitters' tokens still to give
	stuck   int               // matches in a row that took no characters
	tokens  int               // tokens taken from emitters so far
	steps   int               // matches tried so far
	until   time.Time         // when the lexer is taken to be too slow
}

// linear holds, by chroma's pattern, rules that backtrack exponentially on
// text they do not match, written to match the same text in polynomial
// time. Rust's constants, ([A-Z][A-Z0-9_]*){2,}, took 6 s on
// "0FFF FFFFFFFFFFFFFFFFFFFFFFFFFFa" and twice as long for each letter
// more; [A-Z][A-Z0-9_]*[A-Z][A-Z0-9_]* matches the same runs (at least two
// capitals, the first first), and groups the rule does not use.
var linear = map[string]string{
	`\b(r#)?_?([A-Z][A-Z0-9_]*){2,}\b`: `\b(r#)?_?([A-Z][A-Z0-9_]*[A-Z][A-Z0-9_]*)\b`,
}

// ErrRunaway is what a lexer panics with when its rules go on matching
// without end. Some of chroma's do on some text (in chroma 2.27, Jungle's
// on most code, JSONata's on some text outside ASCII): chroma then never
// returns. Tokenise's caller recovers it, and shows the code unlit.
var ErrRunaway = errors.New("the lexer's rules kept matching without moving on")

// ErrTooSlow is what a lexer panics with when it has lexed one text for
// longer than MaxLexTime. Some of chroma's lexers take a time that grows
// with the cube of the text on some (Markless on a run of ”'): a
// few kilobytes took minutes.
var ErrTooSlow = errors.New("the lexer took too long")

// MaxLexTime is how long a lexer may take for one text: far beyond what
// any lexer takes on a code block of any size that moves on as it should
// (a 50,000-line block of Python takes about a second).
var MaxLexTime = 20 * time.Second

// Bounds past which a lexer is taken to run without end: more matches in
// a row that take no characters than states nest in any text of sense
// (PromQL's nest one a bracket, and pop on an empty match), and more
// tokens than a rule's groups could make of every character.
const (
	maxStuck         = 100000
	maxTokensPerRune = 64
	maxTokensAnyway  = 4096
)

func (it *iterator) next() chroma.Token {
	l := it.state
	for l.Pos < it.end && len(l.Stack) > 0 {
		if t, ok := it.drain(); ok {
			return t
		}
		if it.steps++; it.steps&15 == 0 && time.Now().After(it.until) {
			panic(fmt.Errorf("%w: more than %v", ErrTooSlow, MaxLexTime))
		}
		l.State = l.Stack[len(l.Stack)-1]
		live, ok := l.Rules[l.State]
		if !ok {
			panic("unknown state " + l.State) // as chroma does
		}
		index, r, groups, named := match(l.Text, l.Pos, live, it.q.states[l.State])
		if groups == nil {
			// As chroma (and Pygments) do: a newline with no match
			// goes back to the first state, and any other character
			// is an error token.
			if l.Text[l.Pos] == '\n' && l.State != it.initial {
				l.Stack = []string{it.initial}
				continue
			}
			l.Pos++
			return chroma.Token{Type: chroma.Error, Value: string(l.Text[l.Pos-1 : l.Pos])}
		}
		l.Rule = index
		l.Groups = groups
		l.NamedGroups = named
		l.Pos += utf8.RuneCountInString(groups[0])
		if groups[0] != "" {
			it.stuck = 0
		} else if it.stuck++; it.stuck > maxStuck {
			panic(ErrRunaway)
		}
		if r.Mutator != nil {
			if err := r.Mutator.Mutate(l); err != nil {
				panic(err) // as chroma does
			}
		}
		if r.Type != nil {
			it.pending = append(it.pending, r.Type.Emit(l.Groups, l))
		}
	}
	if t, ok := it.drain(); ok {
		return t
	}
	if l.Pos != len(l.Text) && len(l.Stack) == 0 {
		value := string(l.Text[l.Pos:])
		l.Pos = len(l.Text)
		return chroma.Token{Type: chroma.Error, Value: value}
	}
	return chroma.EOF
}

// drain returns the next token the emitters hold, if any.
func (it *iterator) drain() (chroma.Token, bool) {
	for len(it.pending) > 0 {
		if it.tokens++; it.tokens > maxTokensPerRune*len(it.state.Text)+maxTokensAnyway {
			panic(ErrRunaway)
		}
		n := len(it.pending) - 1
		t := it.pending[n]()
		if t.Type == chroma.Ignore {
			continue
		}
		if t == chroma.EOF {
			it.pending = it.pending[:n]
			continue
		}
		return t, true
	}
	return chroma.Token{}, false
}

// match is chroma's matchRules, skipping the rules that cannot match at
// the character at pos. A lexer's mutators may change its rules as it
// goes (Raku's do): only a rule that is still the one compiled is known
// well enough to skip.
func match(text []rune, pos int, live []*chroma.CompiledRule, known []rule) (int, *chroma.CompiledRule, []string, map[string]string) {
	c, lineStart := text[pos], pos == 0 || text[pos-1] == '\n'
	for i, r := range live {
		if i < len(known) && known[i].CompiledRule == r && !known[i].may(c, lineStart) {
			continue
		}
		m, err := r.Regexp.FindRunesMatchStartingAt(text, pos)
		if m != nil && err == nil && m.RuneIndex == pos {
			groups := []string{}
			named := make(map[string]string)
			for _, g := range m.Groups() {
				named[g.Name] = g.String()
				groups = append(groups, g.String())
			}
			return i, r, groups, named
		}
	}
	return 0, &chroma.CompiledRule{}, nil, nil
}

// ensureLF replaces \r\n and \r with \n, as chroma does.
func ensureLF(text string) string {
	if strings.IndexByte(text, '\r') < 0 {
		return text
	}
	return strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
}

// firstOf is the rule for pattern, with the ASCII characters a match can
// begin with, from regexp2's parse of it; a rule whose pattern does not
// parse is tried everywhere (it would not have compiled either).
func firstOf(pattern string) rule {
	tree, err := syntax.Parse(pattern, syntax.ParseOptions{})
	if err != nil || tree.Options&syntax.RightToLeft != 0 {
		return rule{always: true}
	}
	f := first(tree.Root)
	return rule{first: f.ascii, always: f.empty, bol: atLineStart(tree.Root)}
}

// atLineStart reports whether every match of n begins where a line does:
// at ^ (the start of a line with the m flag chroma sets, or else of the
// text) or \A, after nothing but other assertions.
func atLineStart(n *syntax.RegexNode) bool {
	switch n.T {
	case syntax.NtBol, syntax.NtBeginning:
		return true
	case syntax.NtCapture, syntax.NtGroup, syntax.NtAtomic:
		return len(n.Children) == 1 && atLineStart(n.Children[0])
	case syntax.NtAlternate:
		for _, c := range n.Children {
			if !atLineStart(c) {
				return false
			}
		}
		return len(n.Children) > 0
	case syntax.NtConcatenate:
		for _, c := range n.Children {
			switch c.T {
			case syntax.NtStart, syntax.NtEmpty, syntax.NtPosLook, syntax.NtNegLook, syntax.NtUpdateBumpalong:
				continue // match no characters, and assert nothing of the line
			}
			return atLineStart(c)
		}
	}
	return false
}

// starts is what a node's matches can begin with: the ASCII characters
// in ascii (any other character is tried anyway), and empty is set when
// the node can match no characters, so that what follows it counts too.
type starts struct {
	ascii [2]uint64
	empty bool
}

// anything is what a node whose first characters are not worked out
// gives: every character, and none.
var anything = starts{ascii: [2]uint64{^uint64(0), ^uint64(0)}, empty: true}

func (s *starts) add(c rune) {
	if c >= 0 && c < utf8.RuneSelf {
		s.ascii[c>>6] |= 1 << (c & 63)
	}
}

func (s *starts) union(t starts) {
	s.ascii[0] |= t.ascii[0]
	s.ascii[1] |= t.ascii[1]
}

// first works out starts for n. Anything it does not know the first
// characters of gives anything, which tries the rule everywhere.
func first(n *syntax.RegexNode) starts {
	var s starts
	switch n.T {
	case syntax.NtBol, syntax.NtEol, syntax.NtBoundary, syntax.NtNonboundary,
		syntax.NtBeginning, syntax.NtStart, syntax.NtEndZ, syntax.NtEnd,
		syntax.NtECMABoundary, syntax.NtNonECMABoundary, syntax.NtEmpty,
		syntax.NtPosLook, syntax.NtNegLook, syntax.NtUpdateBumpalong:
		// Matches no characters; a look-around only narrows what
		// follows, so leaving it out can only try a rule more often.
		s.empty = true
		return s
	}
	if n.Options&(syntax.IgnoreCase|syntax.RightToLeft) != 0 {
		return anything
	}
	switch n.T {
	case syntax.NtOne:
		s.add(n.Ch)
	case syntax.NtMulti:
		if len(n.Str) == 0 {
			return anything
		}
		s.add(n.Str[0])
	case syntax.NtNotone:
		s = notOne(n.Ch)
	case syntax.NtSet:
		s = inSet(n.Set)
	case syntax.NtOneloop, syntax.NtOnelazy, syntax.NtOneloopatomic:
		s.add(n.Ch)
		s.empty = n.M == 0
	case syntax.NtNotoneloop, syntax.NtNotonelazy, syntax.NtNotoneloopatomic:
		s = notOne(n.Ch)
		s.empty = n.M == 0
	case syntax.NtSetloop, syntax.NtSetlazy, syntax.NtSetloopatomic:
		s = inSet(n.Set)
		s.empty = n.M == 0
	case syntax.NtNothing:
		// Matches nowhere.
	case syntax.NtCapture, syntax.NtGroup, syntax.NtAtomic:
		if len(n.Children) != 1 {
			return anything
		}
		return first(n.Children[0])
	case syntax.NtLoop, syntax.NtLazyloop:
		if len(n.Children) != 1 {
			return anything
		}
		s = first(n.Children[0])
		s.empty = s.empty || n.M == 0
	case syntax.NtAlternate:
		for _, c := range n.Children {
			t := first(c)
			s.union(t)
			s.empty = s.empty || t.empty
		}
	case syntax.NtConcatenate:
		s.empty = true
		for _, c := range n.Children {
			t := first(c)
			s.union(t)
			if !t.empty {
				s.empty = false
				break
			}
		}
	default:
		// Back-references, conditions, graphemes and whatever else.
		return anything
	}
	return s
}

// notOne is every character but c.
func notOne(c rune) starts {
	s := starts{ascii: [2]uint64{^uint64(0), ^uint64(0)}}
	if c >= 0 && c < utf8.RuneSelf {
		s.ascii[c>>6] &^= 1 << (c & 63)
	}
	return s
}

// inSet is the ASCII characters of set.
func inSet(set *syntax.CharSet) starts {
	if set == nil {
		return anything
	}
	var s starts
	for c := rune(0); c < utf8.RuneSelf; c++ {
		if set.Contains(c) {
			s.add(c)
		}
	}
	return s
}
