package main

func writePO(dir string, seed uint64, locales []string, ndocs int) error { return nil }
