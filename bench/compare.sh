#!/usr/bin/env bash
# compare.sh times Folio side by side with po4a, gettext, Translate Toolkit
# and goi18n on generated documentation sets (bench/gen), and writes
# bench/RESULTS.md. Not part of CI: it takes minutes (see bench/README.md).
#
#   bench/compare.sh                 # S (1 and 10 locales) and M
#   SIZES="S" bench/compare.sh       # S only
#   SIZES="S M L" bench/compare.sh   # L is timed for Folio alone
#   CORPUS=~/docs bench/compare.sh   # your own Markdown files instead (C1, C10)
#
# Environment: RUNS (hyperfine runs, default 3), TIMEOUT (seconds per run
# of a command, default 900: a timed command's hyperfine call, warm-up and
# prepare steps included, gets TIMEOUT × (RUNS + 2)), GEN_TIMEOUT (seconds for generating one set,
# default 7200: bench/gen bounds each po4a run itself), WORK (scratch folder, default /tmp/folio-bench),
# SEED (default 1), RESUME (set: keep the results of an interrupted run of
# the same binaries and time only what is missing), CORPUS (a folder of
# Markdown documents to time instead of generated ones; SIZES then
# defaults to none), REPORT (the file to write, default bench/RESULTS.md),
# TRASH_MAX_KB (how much the copies moved aside may hold before their
# files are emptied mid-suite, default 8 GiB).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/folio-bench}
RUNS=${RUNS:-3}
TIMEOUT=${TIMEOUT:-900}
GEN_TIMEOUT=${GEN_TIMEOUT:-7200}
CORPUS=${CORPUS:-}
if [ -n "$CORPUS" ]; then
	CORPUS=$(cd "$CORPUS" && pwd)
	SIZES=${SIZES:-}
else
	SIZES=${SIZES:-"S M"}
fi
REPORT=${REPORT:-"$ROOT/bench/RESULTS.md"}
SEED=${SEED:-1}
RESUME=${RESUME:-}
GOI18N_VERSION=$(cd "$ROOT" && go list -m -f '{{.Version}}' github.com/nicksnyder/go-i18n/v2)

mkdir -p "$WORK/bin" "$WORK/sets" "$WORK/json"
RES="$WORK/json"

# die MESSAGE: stop the script. The suites run in "&&" lists, where bash
# ignores set -e inside the functions they call: a step that must not
# fail says so itself (a set whose generation was cut short was timed
# once, and po4a then looped on a document gen would have left out).
die() {
	echo "compare.sh: $*" >&2
	exit 1
}
# Timed runs never follow a deletion: a command's prepare step moves the
# previous run's copy (or output) into $TRASH, and the trash is emptied
# of its data, not of its files, until the script ends. On this
# machine's ext4, which has no journal, the kernel passes over every
# inode freed in the last minute (six when its inode table block is
# dirty, as creating files beside it makes it) each time it creates a
# file; deleting a 10,000-file copy just before a timed run made every
# file it created cost 0.3 ms instead of 0.02 ms (perf: recently_deleted
# under ext4_create), which added 70 % to Folio's 5 %-edit run on M1 and
# next to nothing to po4a's. Deleting L10's copy (114,000 files) slowed
# the creation of files beside it for six minutes (a probe every 30 s:
# 0.15-0.33 ms a file, then 0.03). Truncating the files instead frees
# their blocks and no inode: the files created just after cost what
# they did before. See bench/README.md.
TRASH="$WORK/trash"
TRASH_MAX_KB=${TRASH_MAX_KB:-$((8 * 1024 * 1024))}
# A trash an interrupted run left is deleted at the end, with this one's.
# The time of that deletion is kept, and a run that starts less than six
# minutes after the last one's waits the rest out before it times
# anything.
if [ -d "$TRASH" ]; then
	mv "$TRASH" "$WORK/trash.old.$$"
fi
mkdir -p "$TRASH"
delete_trash() {
	if [ -n "$(find "$TRASH" "$WORK"/trash.old.* -mindepth 1 -print -quit 2>/dev/null)" ]; then
		rm -rf "$TRASH" "$WORK"/trash.old.*
		date +%s >"$WORK/trash.deleted-at"
	else
		rm -rf "$TRASH"
	fi
}
trap delete_trash EXIT
if [ -f "$WORK/trash.deleted-at" ]; then
	since=$(($(date +%s) - $(cat "$WORK/trash.deleted-at")))
	if [ "$since" -ge 0 ] && [ "$since" -lt 361 ]; then
		echo "== the last run deleted its copies ${since} s ago: waiting $((361 - since)) s, until files are created at the usual cost" >&2
		sleep $((361 - since))
	fi
fi

# empty_trash frees the disk space of what the timed runs moved aside:
# it empties the files (truncate frees their blocks) and leaves them,
# empty, for the end of the script to delete.
empty_trash() {
	find "$TRASH" -type f -size +0 -exec truncate -s 0 {} +
	sync
}
[ -n "$RESUME" ] || rm -f "$RES"/*.json "$RES"/*.txt
export PATH="$WORK/bin:$PATH"

echo "== building folio, gen and goi18n $GOI18N_VERSION" >&2
(cd "$ROOT" && go build -o "$WORK/bin/folio" ./cmd/folio && go build -o "$WORK/bin/gen" ./bench/gen)
if [ ! -x "$WORK/bin/goi18n" ]; then
	GOBIN="$WORK/bin" go install "github.com/nicksnyder/go-i18n/v2/goi18n@$GOI18N_VERSION"
fi

{
	folio --version
	po4a --version 2>&1 | head -1
	msgmerge --version | head -1
	python3 -c 'import translate; print("translate-toolkit", translate.__version__.sver)' 2>/dev/null || dpkg-query -W -f='translate-toolkit ${Version}\n' translate-toolkit 2>/dev/null || true
	echo "goi18n $GOI18N_VERSION"
	hyperfine --version
	go version
} >"$RES/versions.txt"

# hf NAME [hyperfine options] COMMAND: time COMMAND into $RES/NAME.json.
hf() {
	local name=$1
	shift
	if [ -n "$RESUME" ] && [ -f "$RES/$name.json" ]; then
		echo "== $name (kept from the interrupted run)" >&2
		return
	fi
	echo "== $name" >&2
	if [ "$(du -sk "$TRASH" | cut -f1)" -gt "$TRASH_MAX_KB" ]; then
		empty_trash
	fi
	# Every prepare step ends with sync, so that the disk is not still
	# writing what it copied while the command is timed (M10's first run:
	# 5.0 s with 4.2 s of system time without it, 3.5 s with).
	local args=() prev=""
	for a in "$@"; do
		if [ "$prev" = --prepare ]; then
			a="$a && sync"
		fi
		args+=("$a")
		prev=$a
	done
	# The time limit is the whole hyperfine call's (TIMEOUT for each run,
	# its warm-up and its prepare steps): `timeout` around each timed
	# process cost it 1.2 ms here (`timeout 900 true` 1.8 ms, `true`
	# 0.6 ms), 2.4 ms of a 22 ms no-change run and 0.6 s of goi18n's 500
	# calls on M1. timeout signals hyperfine's whole process group.
	if ! timeout "$((TIMEOUT * (RUNS + 2)))" hyperfine --style basic --runs "$RUNS" --export-json "$RES/$name.json" "${args[@]}" >&2; then
		echo "   ($name failed or timed out)" >&2
		rm -f "$RES/$name.json"
	fi
}

# aside PATH: the shell words, for a prepare step, that move PATH (if it
# exists) into $TRASH rather than delete it.
aside() {
	echo "{ [ ! -e $1 ] || mv $1 $TRASH/\$\$-\$(date +%s%N); }"
}

# make_set SET SIZE LOCALES [-po]: generate a set (once) and its 5 %-edited
# sources. SIZE "corpus" makes the set from the documents in $CORPUS.
make_set() {
	local set=$1 size=$2 nloc=$3 po=${4:-}
	local dir="$WORK/sets/$set" from=(-size "$size")
	if [ "$size" = corpus ]; then
		from=(-from "$CORPUS")
	fi
	if [ ! -f "$dir/.done" ] || [ "$(cat "$dir/.done")" != "${from[*]} $SEED" ]; then
		rm -rf "$dir" "$dir.edited" "$dir.edits" "$dir.gen.log"
		echo "== generating $set (${from[*]}, $nloc locale(s)) $po" >&2
		# gen's messages (which documents it left out, and why) are
		# also kept for the report.
		timeout "$GEN_TIMEOUT" "$WORK/bin/gen" "${from[@]}" -seed "$SEED" -locales "$nloc" $po -out "$dir" 2> >(tee "$dir.gen.log" >&2) ||
			die "generating $set failed (exit status $?; GEN_TIMEOUT is $GEN_TIMEOUT s)"
		rm -rf "$dir.edit-tmp" && cp -a "$dir/source" "$dir.edited" &&
			mkdir -p "$dir.edit-tmp" && cp -a "$dir.edited" "$dir.edit-tmp/source" &&
			"$WORK/bin/gen" -seed "$SEED" -edit "$dir.edit-tmp" &&
			rm -rf "$dir.edited" && mv "$dir.edit-tmp/source" "$dir.edited" && rmdir "$dir.edit-tmp" ||
			die "editing 5 % of $set's paragraphs failed"
		echo "${from[*]} $SEED" >"$dir/.done"
	fi
	# The edited files, which the 5 %-edit runs copy in with a new
	# modification time, as an editor would leave them: po4a decides from
	# timestamps whether to read its sources again, and a copy that kept
	# the old times (cp -a) would let it skip the edit altogether.
	if [ ! -f "$dir.edits" ]; then
		(cd "$dir.edited" && find . -type f \( -name '*.md' -o -name '*.markdown' \) | sort | while read -r f; do
			cmp -s "$f" "$dir/source/$f" || echo "$f"
		done) >"$dir.edits"
	fi
	# Facts about the set for the report.
	{
		echo "set=$set size=$size locales=$nloc"
		echo "documents=$(find "$dir/source" -type f \( -name '*.md' -o -name '*.markdown' \) | wc -l)"
		echo "source_bytes=$(find "$dir/source" -type f -exec cat {} + | wc -c)"
		echo "segments=$(cat $(find "$dir/locales" -name en.toml -not -path '*/obsolete/*') | grep -c '^\["')"
		if [ -f "$dir/po/docs.pot" ]; then echo "po_messages=$(grep -c '^msgid ' "$dir/po/docs.pot")"; fi
	} >"$RES/set-$set.txt"
	{ grep -h ' left out: ' "$dir.gen.log" 2>/dev/null || true; } | sed 's/^gen: //' >"$RES/left-$set.txt"
}

# T bounds a step that is not timed (po4a's runs that prepare a set).
T="timeout $TIMEOUT"

# edit_into DIR RUN: the command that copies the set's edited files into a
# run's sources, with new modification times.
edit_into() {
	echo "(cd $1.edited && xargs -r -a $1.edits cp --parents -t $2/source/)"
}

# folio_suite SET: Folio's stages on a set.
folio_suite() {
	local set=$1 dir="$WORK/sets/$1" run="$WORK/run-$1"
	local fmd="folio -C $run extract >/dev/null && folio -C $run build --format md >/dev/null"
	# First run: the generated set as it is (catalogs filled, no output, no cache).
	hf "$set-folio-first" --prepare "$(aside $run) && cp -a $dir $run && rm -rf $run/.folio/cache" "$fmd"
	# The state after a first run, kept for the runs below.
	sh -c "$(aside "$run.steady")" && cp -a "$dir" "$run.steady"
	folio -C "$run.steady" extract >/dev/null && folio -C "$run.steady" build >/dev/null || true
	# At least three runs even where a set is timed once (L): the run is
	# short, and one sample right after copying L10 (3.8 GB) ranged from
	# 0.53 to 1.10 s.
	RUNS=$((RUNS < 3 ? 3 : RUNS)) hf "$set-folio-nochange" --prepare "$(aside $run) && cp -a $run.steady $run" "$fmd"
	hf "$set-folio-edit" --prepare "$(aside $run) && cp -a $run.steady $run && $(edit_into "$dir" "$run")" "$fmd"
	hf "$set-folio-extract" --prepare "$(aside $run) && cp -a $dir $run" "folio -C $run extract >/dev/null"
	# check and status as a user runs them again (their caches warm), and
	# the first time after a build (their own caches empty).
	hf "$set-folio-check" -i --warmup 1 "folio -C $run.steady check >/dev/null 2>&1"
	hf "$set-folio-status" --warmup 1 "folio -C $run.steady status >/dev/null"
	hf "$set-folio-check-cold" -i --prepare "rm -f $run.steady/.folio/cache/check*" "folio -C $run.steady check >/dev/null 2>&1"
	hf "$set-folio-status-cold" --prepare "rm -f $run.steady/.folio/cache/status.cache" "folio -C $run.steady status >/dev/null"
	hf "$set-folio-build-md" --prepare "$(aside $run) && cp -a $dir $run && folio -C $run extract >/dev/null" "folio -C $run build --format md >/dev/null"
	hf "$set-folio-full" --prepare "$(aside $run) && cp -a $dir $run" \
		"folio -C $run extract >/dev/null && folio -C $run check >/dev/null 2>&1; folio -C $run status >/dev/null && folio -C $run build >/dev/null"
	# Incremental: one locale's catalog of one document changes; all formats.
	local cat
	# (awk reads all its input: with head, sort would die of SIGPIPE on a
	# large set, and pipefail would stop the script.)
	cat=$(find "$run.steady/locales" -name fr.toml -not -path '*/obsolete/*' | LC_ALL=C sort | awk 'NR == 1')
	cat=${cat#"$run.steady/"}
	hf "$set-folio-build-full" --prepare "$(aside $run) && cp -a $run.steady $run && $(aside $run/output) && rm -rf $run/.folio/cache" "folio -C $run build >/dev/null"
	hf "$set-folio-build-onelocale" --prepare "$(aside $run) && cp -a $run.steady $run && sed -i '0,/other = \"⟦/s//other = \"⟦!/' $run/$cat" "folio -C $run build >/dev/null"
	# Peak memory and CPU use of a first run (extract, build), then of check and status.
	sh -c "$(aside "$run")" && cp -a "$dir" "$run" && sync
	/usr/bin/time -f "%M %e %U %S" -o "$RES/$set-mem-extract.txt" folio -C "$run" extract >/dev/null
	/usr/bin/time -f "%M %e %U %S" -o "$RES/$set-mem-build.txt" folio -C "$run" build >/dev/null
	/usr/bin/time -f "%M %e %U %S" -o "$RES/$set-mem-check.txt" folio -C "$run" check >/dev/null 2>&1 || true
	/usr/bin/time -f "%M %e %U %S" -o "$RES/$set-mem-status.txt" folio -C "$run" status >/dev/null
	sh -c "$(aside "$run")"
	empty_trash
}

# po4a_untimed DIR NAME ARGS...: run po4a in DIR outside the timings,
# within TIMEOUT, keeping the end of its messages in $RES/NAME.log (a
# looping po4a writes hundreds of megabytes a minute); stop the script
# when it fails.
po4a_untimed() {
	local dir=$1 name=$2
	shift 2
	(cd "$dir" && $T po4a "$@" 2>&1 >/dev/null) | tail -c 65536 >"$RES/$name.log" ||
		die "po4a $* failed in $dir; the end of its messages is in $RES/$name.log"
}

# po_suite SET: po4a, gettext and Translate Toolkit on the set's PO files.
po_suite() {
	local set=$1 dir="$WORK/sets/$1" run="$WORK/prun-$1"
	if [ -n "$RESUME" ] && [ -f "$RES/$set-goi18n.json" ]; then
		echo "== $set: peer tools kept from the interrupted run" >&2
		return
	fi
	local po4a="cd $run && po4a --keep 0 po4a.cfg >/dev/null"
	hf "$set-po4a-first" --prepare "$(aside $run) && cp -a $dir $run && rm -f $run/po/docs.pot" "$po4a"
	sh -c "$(aside "$run.steady")" && cp -a "$dir" "$run.steady" && rm -f "$run.steady/po/docs.pot"
	po4a_untimed "$run.steady" "$set-po4a-steady" --keep 0 po4a.cfg
	hf "$set-po4a-nochange" --prepare "$(aside $run) && cp -a $run.steady $run" "$po4a"
	hf "$set-po4a-edit" --prepare "$(aside $run) && cp -a $run.steady $run && $(edit_into "$dir" "$run")" "$po4a"
	# The POT of the edited sources, for msgmerge's fuzzy matching.
	sh -c "$(aside "$run")" && cp -a "$run.steady" "$run" && sh -c "$(edit_into "$dir" "$run")"
	po4a_untimed "$run" "$set-po4a-pot" --no-translations po4a.cfg
	cp "$run/po/docs.pot" "$WORK/$set-edited.pot"
	local langs
	langs=$(sed -n 's/^\[po4a_langs\] //p' "$dir/po4a.cfg")
	local mm="" mf=""
	for l in $langs; do
		mm="$mm msgmerge --quiet -o /dev/null $dir/po/$l.po $WORK/$set-edited.pot &&"
		mf="$mf msgfmt --statistics -o /dev/null $dir/po/$l.po 2>/dev/null &&"
	done
	hf "$set-msgmerge" "$mm true"
	hf "$set-msgfmt" "$mf true"
	hf "$set-pocount" "pocount $dir/po >/dev/null"
	hf "$set-pofilter" --prepare "$(aside $WORK/pofilter-out)" "pofilter --progress=none -i $dir/po -o $WORK/pofilter-out >/dev/null 2>&1"
	# goi18n merge refuses a source catalog with no message ("no messages
	# found for source locale"), as an empty document's is: those folders
	# are left out, listed before the timing.
	(cd "$dir" && { find locales -name en.toml -not -path '*/obsolete/*' -exec grep -l '^\["' {} + || true; } |
		sed 's,/en\.toml$,,' | LC_ALL=C sort >"$WORK/$set-goi18n-dirs")
	hf "$set-goi18n" --prepare "$(aside $WORK/goi18n-out)" \
		"cd $dir && while read -r d; do mkdir -p $WORK/goi18n-out/\$d && goi18n merge -sourceLanguage en -outdir $WORK/goi18n-out/\$d \$(ls \$d/*.toml) || exit 1; done <$WORK/$set-goi18n-dirs"
	sh -c "$(aside "$run")"
	empty_trash
}

# The floor under every run: a process's start, Folio's (printing its
# version and nothing else) and a Go program's that does nothing. The
# report sets twice Folio's against what each missed target of a
# two-command run allows.
mkdir -p "$WORK/empty" && printf 'package main\n\nfunc main() {}\n' >"$WORK/empty/main.go" &&
	(cd "$WORK/empty" && GOFLAGS= go build -o "$WORK/bin/go-empty" main.go) ||
	die "building the empty Go program failed"
RUNS=50 hf folio-start --warmup 5 "folio --version >/dev/null"
RUNS=50 hf go-empty --warmup 5 "go-empty"

if [ -n "$CORPUS" ]; then
	make_set C1 corpus 1 -po && folio_suite C1 && po_suite C1
	make_set C10 corpus 10 -po && folio_suite C10 && po_suite C10
fi
for size in $SIZES; do
	case $size in
	S)
		make_set S1 S 1 -po && folio_suite S1 && po_suite S1
		make_set S10 S 10 -po && folio_suite S10 && po_suite S10
		;;
	M)
		make_set M1 M 1 -po && folio_suite M1 && RUNS=1 po_suite M1
		make_set M10 M 10 && folio_suite M10
		;;
	L)
		make_set L10 L 10 && RUNS=1 folio_suite L10
		;;
	esac
done

echo "== writing $REPORT" >&2
python3 "$ROOT/bench/report.py" "$RES" "$RUNS" "$CORPUS" >"$REPORT"
echo "wrote $REPORT" >&2
