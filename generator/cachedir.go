package generator

import (
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"brief/generator/content"
)

// cacheLock is the file of the cache folder that a build holds locked
// while it runs (see lockCache).
const cacheLock = "lock"

// ownCache returns an error when the cache folder holds anything that
// brief does not write there: a build writes its files over those of the
// same name and removes its old temporary files, so --cache naming a
// folder of other files (a scratch folder, /tmp) would lose them. A
// folder that does not exist yet is brief's, as is one it cannot read:
// saving the cache says why.
func ownCache(cfg Config) error {
	entries, err := os.ReadDir(cfg.CacheDir)
	if err != nil {
		return nil
	}
	var strays []string
	for _, e := range entries {
		// A hidden file (.gitignore, .gitkeep, .DS_Store) is never
		// brief's, and brief leaves it alone.
		if !strings.HasPrefix(e.Name(), ".") && (!e.Type().IsRegular() || !cacheName(e.Name())) {
			if cacheName(e.Name()) {
				// One of brief's names, but not a file brief writes.
				return fmt.Errorf("cache folder %s holds %s, which has the name of a file brief writes there but is %s, which brief never makes; remove it, or give --cache a folder of brief's own",
					cfg.CacheDir, e.Name(), typeName(e.Type()))
			}
			strays = append(strays, e.Name())
		}
	}
	if len(strays) == 0 {
		return nil
	}
	slices.Sort(strays)
	if len(strays) > 3 {
		strays = append(strays[:3], fmt.Sprintf("and %d more", len(strays)-3))
	}
	return fmt.Errorf("cache folder %s holds files brief did not write there (%s), and a build writes and removes files in it; move them out, or give --cache a folder of brief's own",
		cfg.CacheDir, strings.Join(strays, ", "))
}

// typeName says what kind of file a mode's type bits make, other than a
// regular file.
func typeName(t fs.FileMode) string {
	switch {
	case t&fs.ModeDir != 0:
		return "a folder"
	case t&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return content.SpecialName(t)
}

// cacheName reports whether name is one of the files brief writes in its
// cache folder: the manifest, the state's index and parts, a temporary
// file of one of them, and the lock; earlier versions of brief wrote the
// same with other endings (manifest.gob, state-pages.gob), which a cache
// kept across an upgrade still holds.
func cacheName(name string) bool {
	if rest, ok := strings.CutPrefix(name, "manifest"); ok {
		return rest == "" || rest[0] == '.'
	}
	if rest, ok := strings.CutPrefix(name, "state"); ok {
		return rest == "" || rest[0] == '.' || rest[0] == '-'
	}
	return name == cacheLock
}

// cacheTemp reports whether e is a temporary file of the cache folder.
func cacheTemp(e fs.DirEntry) bool {
	return !e.IsDir() && strings.HasSuffix(e.Name(), ".tmp") && cacheName(e.Name())
}
