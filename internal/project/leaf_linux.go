package project

import "syscall"

// Magic numbers of the file systems whose folders count their subfolders
// in their link count (statfs(2)).
const (
	ext4Magic  = 0xEF53 // ext2, ext3 and ext4
	tmpfsMagic = 0x01021994
	xfsMagic   = 0x58465342
)

// countsSubfolders reports whether the file system holding dir is one
// where a folder's link count is 2 plus its number of subfolders. GNU
// find's "leaf optimisation" (gnulib's fts) rests on the same convention,
// and turns it off where it fails (AFS, CIFS, NFS, /proc); Folio trusts
// it only on the file systems known to keep it. Btrfs does not (a
// folder's count is always 1), nor overlayfs for a merged folder.
func countsSubfolders(dir string) bool {
	var fs syscall.Statfs_t
	if err := syscall.Statfs(dir, &fs); err != nil {
		return false
	}
	switch fs.Type {
	case ext4Magic, tmpfsMagic, xfsMagic:
		return true
	}
	return false
}

// noSubfolders reports whether dir, on a file system where
// countsSubfolders holds, is a folder with no folder in it: one lstat
// instead of opening and listing it.
func noSubfolders(dir string) bool {
	var st syscall.Stat_t
	if err := syscall.Lstat(dir, &st); err != nil {
		return false
	}
	return st.Mode&syscall.S_IFMT == syscall.S_IFDIR && st.Nlink == 2
}
