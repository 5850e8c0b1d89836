package fsutil

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// temps lists the temporary files left under dir.
func temps(t *testing.T, dir string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), tempPrefix) {
			found = append(found, p)
		}
		return nil
	})
	return found
}

func TestBatchWritesOnCommit(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "a.toml")
	if err := os.WriteFile(old, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	same := filepath.Join(dir, "same.toml")
	if err := os.WriteFile(same, []byte("same"), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "sub", "deeper", "b.toml")
	b := NewBatch()
	for _, w := range []struct {
		path, data string
		changed    bool
	}{{old, "new", true}, {same, "same", false}, {fresh, "fresh", true}} {
		changed, err := b.Write("", w.path, []byte(w.data))
		if err != nil || changed != w.changed {
			t.Fatalf("Write(%s) = %v, %v; want %v, nil", w.path, changed, err, w.changed)
		}
	}
	// Before Commit, readers see the old files.
	if data, _ := os.ReadFile(old); string(data) != "old" {
		t.Errorf("before Commit, a.toml holds %q", data)
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("before Commit, b.toml exists (%v)", err)
	}
	if n := len(temps(t, dir)); n != 2 {
		t.Errorf("%d temporary files before Commit, want 2", n)
	}
	if failed := b.Commit(); failed != nil {
		t.Fatalf("Commit: %v", failed)
	}
	for path, want := range map[string]string{old: "new", same: "same", fresh: "fresh"} {
		data, err := os.ReadFile(path)
		if err != nil || string(data) != want {
			t.Errorf("%s = %q, %v; want %q", path, data, err, want)
		}
		if fi, err := os.Stat(path); err == nil && path != same && fi.Mode().Perm() != 0o644 {
			t.Errorf("%s has mode %v, want 0644", path, fi.Mode().Perm())
		}
	}
	if left := temps(t, dir); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if failed := b.Commit(); failed != nil {
		t.Errorf("an empty Commit failed: %v", failed)
	}
}

func TestBatchAbortAndFailedRename(t *testing.T) {
	dir := t.TempDir()
	b := NewBatch()
	if _, err := b.Write("", filepath.Join(dir, "x.toml"), []byte("x")); err != nil {
		t.Fatal(err)
	}
	b.Abort()
	if left := temps(t, dir); len(left) > 0 {
		t.Errorf("Abort left %v", left)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.toml")); !os.IsNotExist(err) {
		t.Errorf("Abort wrote x.toml (%v)", err)
	}
	// A target that turns into a non-empty folder before Commit cannot be
	// renamed over: Commit names it, writes the others, leaves no temp.
	blocked := filepath.Join(dir, "blocked")
	ok := filepath.Join(dir, "ok.toml")
	if _, err := b.Write("", blocked, []byte("b")); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Write("", ok, []byte("ok")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(blocked, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	failed := b.Commit()
	if len(failed) != 1 || failed[blocked] == nil {
		t.Errorf("Commit failed = %v, want only %s", failed, blocked)
	}
	if data, err := os.ReadFile(ok); err != nil || string(data) != "ok" {
		t.Errorf("ok.toml = %q, %v", data, err)
	}
	if left := temps(t, dir); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// Commit renames a group's files in the order they were written, whatever
// the other groups do meanwhile: extract's source catalog, written last,
// comes into place after the document's locale catalogs.
func TestBatchRenamesEachGroupInOrder(t *testing.T) {
	dir := t.TempDir()
	var mu sync.Mutex
	var renamed []string
	testRenamed = func(path string) {
		mu.Lock()
		renamed = append(renamed, path)
		mu.Unlock()
	}
	defer func() { testRenamed = nil }()
	b := NewBatch()
	const groups, files = 8, 12
	want := map[string][]string{}
	for f := range files {
		for g := range groups {
			name := fmt.Sprintf("g%d", g)
			path := filepath.Join(dir, name, fmt.Sprintf("%02d.toml", f))
			if err := b.Replace(name, path, []byte(path)); err != nil {
				t.Fatal(err)
			}
			want[name] = append(want[name], path)
		}
	}
	if failed := b.Commit(); failed != nil {
		t.Fatal(failed)
	}
	got := map[string][]string{}
	for _, path := range renamed {
		g := filepath.Base(filepath.Dir(path))
		got[g] = append(got[g], path)
	}
	for g, paths := range want {
		if !slices.Equal(got[g], paths) {
			t.Errorf("group %s renamed in the order %v, want %v", g, got[g], paths)
		}
		for _, p := range paths {
			if data, err := os.ReadFile(p); err != nil || string(data) != p {
				t.Errorf("%s: %q, %v", p, data, err)
			}
		}
	}
}
