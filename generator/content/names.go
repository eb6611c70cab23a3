package content

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"brief/generator/diag"
	"brief/generator/internal/osfs"
)

// SlugShaped reports whether a file or folder name already has the shape of
// a slug: lowercase letters of any script, with their accents, digits, and
// single hyphens between them. Such a name is used as it is, except that
// Latin letters lose their accents in the URL (côte-d-ivoire becomes
// cote-d-ivoire, as Slug does). Names with capitals, spaces or punctuation
// are refused, so that a file's name and its URL never drift apart.
func SlugShaped(name string) bool {
	prev := '-'
	for _, r := range name {
		switch {
		case r == '-':
			if prev == '-' {
				return false
			}
		case unicode.IsDigit(r), unicode.IsLetter(r) && !unicode.IsUpper(r) && !unicode.IsTitle(r):
		case unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me) && prev != '-':
		default:
			return false
		}
		prev = r
	}
	return prev != '-'
}

// slugFromFile returns the URL slug of a file or folder name (without
// .md), reporting at p a name that is not slug-shaped with the name to
// rename it to. what is "file" or "folder"; ext is ".md" for a file.
func slugFromFile(p, what, name, ext string, probs *diag.List) string {
	s := Slug(name)
	switch {
	case s == "":
		probs.Add(p, 0, 0, "%s name %q has no letters or digits, so it cannot make a URL; rename it, like %q", what, name+ext, "sanctions-explained"+ext)
	case !SlugShaped(name):
		probs.Add(p, 0, 0, "%s name %q is not a slug (lowercase letters, digits and hyphens, as in its URL); rename it to %q, or to another slug if that name is taken", what, name+ext, s+ext)
	}
	return s
}

// maxLinks bounds how many symbolic links one path may go through, as the
// operating system does, so that a loop of links ends.
const maxLinks = 40

var errOutside = errors.New("outside")

// SymlinkInside reports whether the symbolic link at p leads to a file
// inside the source folder, following every link on the way (a link to a
// link, a link into a linked folder). A link that leaves the folder is
// refused, so content cannot pull in files from elsewhere on the machine;
// so is a link to a folder, which brief does not walk into, and one to a
// named pipe, a socket or a device (see Special). It adds to
// probs why a link is refused. static/ follows links by the same rule.
func SymlinkInside(fsys fs.FS, p string, probs *diag.List) bool {
	target, err := resolve(fsys, p)
	switch {
	case errors.Is(err, errOutside):
		link, _ := fs.ReadLink(fsys, p)
		probs.Add(p, 0, 0, "symbolic link to %s leads outside the source folder or uses an absolute path; brief follows only relative links that stay inside: copy the file in instead", link)
		return false
	case errors.Is(err, fs.ErrNotExist):
		link, _ := fs.ReadLink(fsys, p)
		probs.Add(p, 0, 0, "symbolic link to %s leads to %s, which does not exist", link, target)
		return false
	case err != nil:
		probs.Add(p, 0, 0, "cannot follow symbolic link: %v", err)
		return false
	}
	fi, err := fs.Stat(fsys, target)
	hidden := hiddenPart(target)
	switch {
	case err == nil && fi.IsDir():
		probs.Add(p, 0, 0, "symbolic link to the folder %s; brief does not follow links to folders: move the folder here instead", target)
		return false
	case err == nil && Special(fi.Mode()) != 0:
		probs.Add(p, 0, 0, "symbolic link to %s, which is %s, not a regular file, so brief does not read it; link to a file instead", target, SpecialName(fi.Mode()))
		return false
	case hidden != "":
		// .git/config, .brief-cache/…, .env: the source folder's hidden
		// files, which brief never publishes, are not published through
		// a link either.
		probs.Add(p, 0, 0, "symbolic link to %s leads into %s, a hidden name, which brief never publishes (version control, the build cache, settings); copy the file in instead", target, hidden)
		return false
	}
	return true
}

// hiddenPart returns the first part of path p, a path in the source
// folder, whose name starts with a dot, or "": in static/, which
// publishes hidden files (.well-known/), only those it leaves out
// (.git, .svn and the like).
func hiddenPart(p string) string {
	inStatic := strings.HasPrefix(p, StaticDir+"/")
	for part := range strings.SplitSeq(p, "/") {
		if strings.HasPrefix(part, ".") && part != "." && part != ".." && (!inStatic || StaticIgnored(part)) {
			return part
		}
	}
	return ""
}

// Special is the type of a file that is neither a regular file, a
// folder nor a symbolic link (a named pipe, a socket, a device), from its
// mode or type bits, and 0 for those three. brief never opens such a
// file: reading a named pipe waits for a writer, for ever if none comes,
// and a device may never end.
func Special(mode fs.FileMode) fs.FileMode {
	return mode.Type() &^ (fs.ModeDir | fs.ModeSymlink)
}

// NotRegular reports, as an error at p, a file of content/, static/ or
// layouts/ that is not a regular file: mode is its type (see Special),
// or 0 when only the reading of it found out (see ReadFailed).
func NotRegular(p string, mode fs.FileMode, probs *diag.List) {
	probs.Add(p, 0, 0, "this is %s, not a regular file, so brief does not read it; remove it, or put a file in its place", SpecialName(mode))
}

// ReadFailed reports that file could not be read, for err: as a file
// that is not a regular file when that is why (see osfs.ErrNotRegular:
// one put in the place of a file after the folder was listed), or else as
// a file brief cannot read (see diag.List.CannotRead).
func ReadFailed(file string, err error, probs *diag.List) {
	if errors.Is(err, osfs.ErrNotRegular) {
		NotRegular(file, 0, probs)
		return
	}
	probs.CannotRead(file, err)
}

// SpecialName says what kind of file mode's is, "a named pipe (FIFO)", for
// a problem; "a named pipe, a socket or a device" when it is not known.
func SpecialName(mode fs.FileMode) string {
	switch t := Special(mode); {
	case t&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case t&fs.ModeSocket != 0:
		return "a socket"
	case t&fs.ModeCharDevice != 0:
		return "a character device"
	case t&fs.ModeDevice != 0:
		return "a block device"
	}
	return "a named pipe, a socket or a device"
}

// PlainText reports whether raw, the bytes of file, is UTF-8 text without
// invisible control characters, as a content file must be, and adds a
// problem at each place where it is not: for the files other steps read
// (layouts/).
func PlainText(file string, raw []byte, probs *diag.List) bool {
	return plainText(file, raw, probs)
}

// resolve follows the symbolic links of p, component by component, and
// returns the path inside fsys it leads to, or errOutside.
func resolve(fsys fs.FS, p string) (string, error) {
	todo := strings.Split(p, "/")
	cur := ""
	for hops := 0; len(todo) > 0; {
		next := path.Join(cur, todo[0])
		todo = todo[1:]
		if next == ".." || strings.HasPrefix(next, "../") {
			return "", errOutside
		}
		fi, err := fs.Lstat(fsys, next)
		if err != nil {
			return path.Join(append([]string{next}, todo...)...), err // the whole path it leads to, not its first missing part
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			cur = next
			continue
		}
		if hops++; hops > maxLinks {
			return "", errors.New("too many links in a row (a loop?)")
		}
		link, err := fs.ReadLink(fsys, next)
		if err != nil {
			return next, err
		}
		if path.IsAbs(link) || strings.HasPrefix(link, `\`) || (len(link) > 1 && link[1] == ':') {
			return "", errOutside // an absolute path: it leaves fsys as far as brief knows
		}
		todo = append(strings.Split(link, "/"), todo...)
	}
	if cur == "" {
		cur = "."
	}
	return cur, nil
}

// UpperFirst returns s with its first letter in upper case: "россия" →
// "Россия". (Upper-casing the first byte instead split a letter of
// another script and wrote invalid UTF-8.)
func UpperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToTitle(r)) + s[n:]
}
