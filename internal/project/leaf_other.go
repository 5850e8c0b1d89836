//go:build !linux

package project

// countsSubfolders is false off Linux: every folder is listed.
func countsSubfolders(string) bool { return false }

func noSubfolders(string) bool { return false }
