#!/bin/sh
# smoke.sh - the smoke test of sspf-bench (meson test bench-smoke): run it
# at a small scale and check that it ends well and prints every line of its
# table. It never looks at a timing: a slow machine must not fail it.
set -u
bench=$1
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
TMPDIR=${TMPDIR:-/tmp} "$bench" --scale 0.01 --runs 1 >"$out" 2>&1
rc=$?
cat "$out"
[ $rc -eq 0 ] || { echo "not ok: sspf-bench exited with $rc"; exit 1; }
missing=0
while IFS= read -r label; do
	[ -n "$label" ] || continue
	if ! grep -qF -- "$label" "$out"; then
		echo "not ok: no line '$label'"
		missing=1
	fi
done <<'LABELS'
key derivation alone
open with the passphrase
beyond the key derivation
open without key derivation
1 overview
1 overview, first after unlocking
2 meetings, upcoming
2 meetings, past
2 one arbetsgruppsmöte
2 one nätverksmöte
2 running it
3 case list
3 case search
3 one case
5 open actions
audit log entries
generating, all
one change saved
stats export of 2025
backup
check: headers, every page, integrity
check: the audit chain
resident after loading (steady)
peak resident (VmHWM), no KDF
plain SQLite, journal MEMORY
sspf encrypted store
encrypted / plain
targets missed:
sspf-bench: done
LABELS
[ $missing -eq 0 ] || exit 1
# with SQLCipher built, its line and ratio must be there too
if grep -q "not built (libsqlcipher-dev missing)" "$out"; then
	echo "ok: sspf-bench ran (SQLCipher not built)"
elif grep -qF "sspf / SQLCipher" "$out"; then
	echo "ok: sspf-bench ran, all three ways"
else
	echo "not ok: no SQLCipher line"
	exit 1
fi
