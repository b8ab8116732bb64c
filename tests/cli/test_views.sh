#!/bin/bash
# test_views.sh - end-to-end test of the plain-text views (`sspf cases`,
# `sspf case`) through the consent gate, on a database made by mkfixture
# with three cases: consent valid, waiting for consent, consent expired.
# Run by meson as "test_views.sh PATH_TO_SSPF PATH_TO_MKFIXTURE"; prints TAP.
set -u

if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
	echo "usage: $0 PATH_TO_SSPF PATH_TO_MKFIXTURE" >&2
	exit 2
fi
SSPF=$1
T=$(mktemp -d "${TMPDIR:-/tmp}/sspf-views.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data"
mkdir -p "$HOME"
PASS='views test passphrase'
DB="$T/views.db"

echo "1..16"
. "$(dirname "$0")/../tap.sh"
run() {
	"$SSPF" "$@" --passphrase-fd 3 3<<<"$PASS" >"$T/out" 2>"$T/err"
	rc=$?
}
has() { grep -q -- "$2" "$T/$1"; }
lacks() { ! grep -q -- "$2" "$T/$1"; }

if ! "$2" "$DB" <<<"$PASS" >"$T/codes" 2>"$T/err"; then
	echo "Bail out! mkfixture failed: $(cat "$T/err")"
	exit 1
fi
mapfile -t code <"$T/codes"

run cases "$DB"
result "cases lists every code" \
	eval 'has out "${code[0]}" && has out "${code[1]}" && has out "${code[2]}"'
result "cases shows the name where the consent is valid" has out "Giltig Testbarn"
result "cases shows no name of a case waiting for consent or expired" \
	eval 'lacks out "Väntar" && lacks out "Utgången"'
result "cases lists in code order" \
	eval '[ "$(cut -d" " -f1 "$T/out")" = "$(printf "%s\n" "${code[@]}")" ]'

run cases "$DB" --state refused
result "cases --state refused lists the two refused cases only" \
	eval 'lacks out "${code[0]}" && has out "${code[1]}" && has out "${code[2]}"'

run case "$DB" "${code[0]}"
result "case shows an allowed case with its name and concerns" \
	eval '[ $rc -eq 0 ] && has out "Giltig Testbarn" && has out "CONCERN-TEXT-"'

run case "$DB" "${code[1]}"
result "case of a case without consent exits 5 and shows nothing" \
	eval '[ $rc -eq 5 ] && [ ! -s "$T/out" ]'
result "the reason names what is missing" has err "No consent"

run case "$DB" "${code[2]}"
result "case of an expired consent exits 5, says expired, shows nothing" \
	eval '[ $rc -eq 5 ] && [ ! -s "$T/out" ] && has err "expired"'

run case "$DB" 2026-999
result "an unknown code exits 1 and names it" \
	eval '[ $rc -eq 1 ] && has err "2026-999"'

# sspf import: a small list as Swedish Excel saves it (';'), then a bad one.
printf 'ärendekod;namn;födelsedatum;kön;oro\r\n2025-901;Import Ett;2012-01-01;flicka;"skolk;brott"\r\n2025-902;Import Två;2012-02-02;pojke;vbe\r\n' >"$T/list.csv"
run import "$DB" "$T/list.csv"
result "import of a semicolon CSV says what it did" \
	eval '[ $rc -eq 0 ] && has out "Imported 2 new cases (0 were already there)" && has out "UTF-8, .;."'
run cases "$DB"
result "cases lists the imported codes, without names (no consent)" \
	eval 'has out "2025-901" && has out "2025-902" && lacks out "Import Ett"'
printf 'namn;födelsedatum\nBra Rad;2012-01-01\nFel Rad;2012-13-01\n' >"$T/bad.csv"
run import "$DB" "$T/bad.csv"
result "a CSV with a bad row exits 1, names the row and imports nothing" \
	eval '[ $rc -eq 1 ] && has err "line 3, column födelsedatum (B)" && has err "Nothing was imported" && [ ! -s "$T/out" ] && run cases "$DB" && [ "$(wc -l <"$T/out")" -eq 5 ]'

# sspf demo: the real binary (it calibrates the key derivation, 1-2 s).
"$SSPF" demo "$T/demo.db" >"$T/out" 2>"$T/err"
rc=$?
result "demo makes a database and prints its passphrase" \
	eval '[ $rc -eq 0 ] && has out "The passphrase is: demo"'
"$SSPF" cases "$T/demo.db" --passphrase-fd 3 3<<<demo >"$T/out" 2>"$T/err"
rc=$?
result "the demo database opens with 'demo' and lists 35+ cases" \
	eval '[ $rc -eq 0 ] && [ "$(wc -l <"$T/out")" -ge 35 ]'
"$SSPF" actions "$T/demo.db" --passphrase-fd 3 3<<<demo >"$T/out" 2>"$T/err"
rc=$?
# what the action is starts at the same character (44) on every shown
# line, after "socialtjänst" (with ä) as after "polis"
cat >"$T/cols.py" <<'PY'
import sys
lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
shown = [l for l in lines if "not shown" not in l]
bad = [l for l in shown if len(l) < 46 or l[43] != " " or l[44] == " "]
print("\n".join("# misaligned: " + l for l in bad))
sys.exit(1 if bad or not shown else 0)
PY
result "actions keeps its columns straight with å ä ö" \
	eval '[ $rc -eq 0 ] && grep -q "socialtjänst" "$T/out" && python3 "$T/cols.py" "$T/out"'

tap_end
