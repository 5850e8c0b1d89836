#!/usr/bin/env python3
"""report.py turns bench/compare.sh's measurements (hyperfine JSON files and
a few text files in one folder) into bench/RESULTS.md on stdout."""
import glob
import json
import os
import platform
import shutil
import subprocess
import sys

res, runs = sys.argv[1], sys.argv[2]
corpus = sys.argv[3] if len(sys.argv) > 3 else ""


def load(name):
    try:
        with open(os.path.join(res, name + ".json")) as f:
            r = json.load(f)["results"][0]
        return r
    except (OSError, KeyError, IndexError, ValueError):
        return None


def mean(name):
    r = load(name)
    return r["mean"] if r else None


def cputime(name):
    r = load(name)
    return r["user"] + r["system"] if r else None


def fmt(t):
    if t is None:
        return "—"
    if t < 1:
        return "%.0f ms" % (t * 1000)
    return "%.2f s" % t


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def facts(s):
    out = {}
    try:
        for line in open(os.path.join(res, "set-%s.txt" % s)):
            for kv in line.split():
                k, _, v = kv.partition("=")
                out[k] = v
    except OSError:
        pass
    return out


def mem(s, stage):
    try:
        kb, wall, user, sys_ = open(os.path.join(res, "%s-mem-%s.txt" % (s, stage))).read().split()[-4:]
        return int(kb) / 1024, float(wall), float(user) + float(sys_)
    except (OSError, ValueError):
        return None


cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
memtotal = sh("grep MemTotal /proc/meminfo | awk '{printf \"%.1f GiB\", $2/1048576}'")
print("# Folio benchmark results\n")
print("Written by `bench/compare.sh` (hyperfine, %s run(s) per command after a warm-up where noted; "
      "times are means). Do not edit by hand: run the script again.\n" % runs)
print("## Machine\n")
print("- CPU: %s, `nproc` = %s" % (cpu, os.cpu_count()))
print("- Memory: %s" % memtotal)
print("- OS: %s" % platform.platform())
print("- Load average when the report was written: %s" % sh("cut -d' ' -f1-3 /proc/loadavg"))
print("\n## Versions\n")
try:
    for line in open(os.path.join(res, "versions.txt")):
        if line.strip():
            print("- " + line.strip())
except OSError:
    print("- (not recorded)")

sets = sorted({os.path.basename(p)[4:-4] for p in glob.glob(os.path.join(res, "set-*.txt"))},
              key=lambda s: ("CSML".index(s[0]) if s[0] in "CSML" else 9, int(s[1:])))
print("\n## Documentation sets\n")
if corpus and any(s.startswith("C") for s in sets):
    print("C1 and C10 are the Markdown documents of `%s` (`CORPUS`), copied by `bench/gen -from`; "
          "a symbolic link, a document that is not UTF-8 text, and one that po4a refuses or does not finish are left out "
          "of both tools' sets (named below the table).\n" % os.path.basename(corpus))
print("| set | documents | source bytes | Folio segments | po4a messages | locales |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for s in sets:
    f = facts(s)
    print("| %s | %s | %s | %s | %s | %s |" % (s, f.get("documents", "—"), f.get("source_bytes", "—"),
                                             f.get("segments", "—"), f.get("po_messages", "—"), f.get("locales", "—")))

# The documents bench/gen left out of a set, as it said why (left-SET.txt,
# from its messages); sets with the same list share a line.
left = {}
for s in sets:
    try:
        lines = [l.strip() for l in open(os.path.join(res, "left-%s.txt" % s)) if l.strip()]
    except OSError:
        continue
    if lines:
        left.setdefault(tuple(lines), []).append(s)


def why(line):
    """"doc.md left out: reason" as "`doc.md` (reason)"."""
    doc, sep, reason = line.partition(" left out: ")
    return "`%s` (%s)" % (doc, reason) if sep else line


for lines, names in left.items():
    print("\nLeft out of %s: %s." % (" and ".join(names), "; ".join(why(l) for l in lines)))

rows = [
    ("folio-first", "Folio first run: `extract` + `build --format md`"),
    ("folio-nochange", "Folio no-change run: `extract` + `build --format md`"),
    ("folio-edit", "Folio 5 %-edit run: `extract` + `build --format md`"),
    ("folio-extract", "Folio `extract` (first run)"),
    ("folio-check", "Folio `check` (again: its cache warm)"),
    ("folio-check-cold", "Folio `check` (first time after a build: its cache empty)"),
    ("folio-status", "Folio `status` (again: its cache warm)"),
    ("folio-status-cold", "Folio `status` (first time after a build: its cache empty)"),
    ("folio-build-md", "Folio `build --format md` (no cache)"),
    ("folio-build-full", "Folio `build`, all formats (no cache)"),
    ("folio-build-onelocale", "Folio `build`, all formats, after one `fr` catalog changed"),
    ("folio-full", "Folio full run: `extract`, `check`, `status`, `build` (all formats)"),
    ("po4a-first", "po4a first run"),
    ("po4a-nochange", "po4a no-change run"),
    ("po4a-edit", "po4a 5 %-edit run"),
    ("msgmerge", "`msgmerge` (each locale, against the 5 %-edited POT)"),
    ("msgfmt", "`msgfmt --statistics` (each locale)"),
    ("pocount", "`pocount` (all PO files)"),
    ("pofilter", "`pofilter` (all PO files, default tests)"),
    ("goi18n", "`goi18n merge` (one call per document)"),
]
print("\n## Times\n")
print("| command | " + " | ".join(sets) + " |")
print("| --- |" + " ---: |" * len(sets))
for key, label in rows:
    vals = [mean("%s-%s" % (s, key)) for s in sets]
    if all(v is None for v in vals):
        continue
    print("| %s | %s |" % (label, " | ".join(fmt(v) for v in vals)))

print("\n## CPU use and peak memory (`/usr/bin/time`: first run of extract and build, then check and status)\n")
print("| set | stage | wall | CPU (user+sys) | cores used | peak RSS |")
print("| --- | --- | ---: | ---: | ---: | ---: |")
for s in sets:
    for stage in ("extract", "build", "check", "status"):
        m = mem(s, stage)
        if m:
            rss, wall, used = m
            print("| %s | %s | %.2f s | %.2f s | %.2f | %.0f MiB |" % (s, stage, wall, used, used / wall if wall else 0, rss))


def ratio(a, b):
    if a is None or b is None or a == 0:
        return None
    return b / a


def show(r, target, better="higher"):
    if r is None:
        return "—", "not measured"
    ok = r >= target if better == "higher" else r <= target
    return "%.1f×" % r, "met" if ok else "**not met**"


print("\n## Targets (issue #9, point 3 and 4)\n")
print("Ratios of wall-clock means; in brackets the ratio of CPU time (user + system, children included), "
      "which a machine shared with other jobs disturbs less.\n")
print("| set | target | measured (CPU) | |")
print("| --- | --- | ---: | --- |")
# The targets for Folio's runs of two commands (extract, then build).
two_commands = [
    ("folio-first", "po4a-first", 100, "first run ≥ 100×"),
    ("folio-nochange", "po4a-nochange", 50, "no-change run ≥ 50×"),
    ("folio-edit", "po4a-edit", 100, "5 %-edit run ≥ 100×"),
]
for s in sets:
    for key, po, target, label in [(k, p, t, l + " faster than po4a") for k, p, t, l in two_commands] + [
        ("folio-check", "pofilter", 20, "`check` ≥ 20× faster than `pofilter` (cache warm)"),
        ("folio-check-cold", "pofilter", 20, "`check` ≥ 20× faster than `pofilter` (cache empty)"),
        ("folio-status", "pocount", 20, "`status` ≥ 20× faster than `pocount` (cache warm)"),
        ("folio-status-cold", "pocount", 20, "`status` ≥ 20× faster than `pocount` (cache empty)"),
        ("folio-build-onelocale", None, 10, "build after one locale changed ≥ 10× faster than a full build"),
    ]:
        a = mean("%s-%s" % (s, key))
        b = mean("%s-%s" % (s, po)) if po else mean("%s-folio-build-full" % s)
        if a is None or b is None:
            continue
        v, ok = show(ratio(a, b), target)
        bc = cputime("%s-%s" % (s, po)) if po else cputime("%s-folio-build-full" % s)
        c = ratio(cputime("%s-%s" % (s, key)), bc)
        print("| %s | %s | %s (%s) | %s |" % (s, label, v, "%.1f×" % c if c else "—", ok))
# Linearity: L against M, same number of locales.
for a, b in [("M10", "L10"), ("S10", "M10")]:
    fa, fb = facts(a), facts(b)
    if not fa or not fb:
        continue
    size = int(fb["segments"]) / int(fa["segments"])
    for key in [k for k, _, _, _ in two_commands]:
        ta, tb = mean("%s-%s" % (a, key)), mean("%s-%s" % (b, key))
        if ta and tb:
            r = (tb / ta) / size
            print("| %s/%s | %s: time ratio within 1.3× of size ratio (%.2f) | %.2f | %s |" % (
                b, a, key, size, r, "met" if r <= 1.3 else "**not met**"))
for s in sets:
    peaks = [m[0] for m in (mem(s, st) for st in ("extract", "build", "check", "status")) if m]
    if peaks and s.startswith("L"):
        peak = max(peaks)
        print("| %s | peak memory under 1 GB (extract, build, check, status) | %.0f MiB | %s |" % (s, peak, "met" if peak < 1024 else "**not met**"))
    for stage in ("extract", "build"):
        m = mem(s, stage)
        if m and m[1] > 0.5:
            print("| %s | both cores used (`%s`, CPU/wall) | %.2f | %s |" % (s, stage, m[2] / m[1], "met" if m[2] / m[1] >= 1.5 else "**not met**"))

# The floor under the runs of two commands: a process's start.
def binary_size():
    path = shutil.which("folio")
    return "%.0f MB" % (os.path.getsize(path) / 1e6) if path else "Folio"


def fms(t):
    return "%.1f ms" % (t * 1000) if t < 1 else fmt(t)


start, empty = mean("folio-start"), mean("go-empty")
if start is not None:
    print("\n## Process start\n")
    print("`folio --version` takes %.1f ms%s (each through a shell, whose own start hyperfine subtracts): "
          "the runtime's start, the package initialisation of goldmark and x/text, and the page faults of "
          "a %s binary. Folio's first, no-change and 5 %%-edit runs above are two processes each (`extract`, "
          "then `build --format md`), so none takes less than %.1f ms here. For each of those targets not "
          "met, the time Folio's run may take to meet it (po4a's divided by the ratio):\n" % (
              start * 1000,
              "; a Go program that does nothing, %.1f ms" % (empty * 1000) if empty is not None else "",
              binary_size(),
              2 * start * 1000))
    print("| set | target | Folio may take | Folio took | two process starts |")
    print("| --- | --- | ---: | ---: | ---: |")
    missed = False
    for s in sets:
        for key, po, target, label in two_commands:
            a, b = mean("%s-%s" % (s, key)), mean("%s-%s" % (s, po))
            if a is None or b is None or b / a >= target:
                continue
            missed = True
            print("| %s | %s | %s | %s | %s |" % (s, label, fms(b / target), fms(a), fms(2 * start)))
    if not missed:
        print("| — | every one met | | | |")
