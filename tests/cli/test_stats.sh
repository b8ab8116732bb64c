#!/bin/bash
# test_stats.sh - end-to-end test of `sspf stats` as a user runs it: the
# file (mode 0600) or standard output, CSV read back with Python's csv
# module and JSON with its json module (the same cells, hidden cells ".."
# and null), the threshold from --threshold or the setting
# stats.threshold, the usage errors (exit 2), one "export" entry in the
# audit log per export, no identifier of the fixture in any output, and
# the memory of releases: an ended period is written again as it was,
# another threshold for the same year is refused, a period not ended is
# preliminary.
# Run by meson as
#   test_stats.sh PATH_TO_SSPF PATH_TO_MKSTATSFIXTURE
# and prints TAP. The passphrase goes on descriptors only, never on the
# command line.
# shellcheck disable=SC2016,SC2034 # eval bodies expand when they run
set -u

if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
	echo "usage: $0 PATH_TO_SSPF PATH_TO_MKSTATSFIXTURE" >&2
	exit 2
fi
SSPF=$1
MKSTATSFIXTURE=$2

PLAN=36
echo "1..$PLAN"

T=$(mktemp -d "${TMPDIR:-/tmp}/sspf-stats.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data"
mkdir -p "$HOME" "$T/o"

PASS='stats test passphrase'
DB="$T/fixture.db"
# the identifiers the fixture holds: codes, names, birth dates, school, class
if ! "$MKSTATSFIXTURE" "$DB" <<<"$PASS" >"$T/ids"; then
	echo "Bail out! mkstatsfixture failed"
	exit 1
fi
# a copy before any export: each threshold or method below starts from it,
# since the first export of an ended period fixes the year's method and k
cp "$DB" "$T/pristine.db"
DISTRICT='Norr, "Gamla" stan'
HEADER='period,district,method,k,table,dimension_1,category_1,dimension_2,category_2,value'

. "$(dirname "$0")/../tap.sh"

# run ARGS...: sspf with the passphrase on descriptor 3; stdout in
# $T/stdout, stderr in $T/err, the exit status in $rc.
run() {
	"$SSPF" "$@" --passphrase-fd 3 3<<<"$PASS" >"$T/stdout" 2>"$T/err"
	rc=$?
}

# The number of "export" entries in the audit log.
exports() {
	"$SSPF" audit "$DB" --passphrase-fd 3 3<<<"$PASS" 2>/dev/null |
		grep -cw export
}

# csv_cell FILE TABLE CAT1 CAT2: the value of one cell of a CSV export
# ("" for no second category), read with Python's csv module.
csv_cell() {
	python3 - "$@" <<'EOF'
import csv, sys
path, table, c1, c2 = sys.argv[1:5]
with open(path, newline="", encoding="utf-8") as f:
    for row in csv.reader(f):
        if row[4] == table and row[6] == c1 and row[8] == c2:
            print(row[9])
            break
EOF
}
cell_is() { [ "$(csv_cell "$1" "$2" "$3" "$4")" = "$5" ]; }

# csv_ok FILE K METHOD: RFC 4180 with CRLF, 10 fields in every row, every
# row of this period, district, method and threshold, values numbers or
# "..", and no count of 1 to K-1 published.
csv_ok() {
	python3 - "$@" "$DISTRICT" "$HEADER" <<'EOF'
import csv, re, sys
path, k, method, district, header = sys.argv[1:6]
data = open(path, "rb").read()
assert data.endswith(b"\r\n"), "no CRLF at the end"
assert data.count(b"\n") == data.count(b"\r\n"), "a line without CR"
rows = list(csv.reader(data.decode("utf-8").splitlines()))
assert ",".join(rows[0]) == header, rows[0]
assert len(rows) > 100, len(rows)
for r in rows[1:]:
    assert len(r) == 10, r
    assert r[0:4] == ["2026Q3", district, method, k], r[0:4]
    v = r[9]
    assert v == ".." or re.fullmatch(r"\d+(\.\d+)?", v), r
    if r[4] not in ("meetings", "days_to_network_meeting",
                    "actions_done_by_due") and v != "..":
        assert int(v) == 0 or int(v) >= int(k), r
EOF
}

# json_like_csv JSON CSV K METHOD: the JSON export parses, has the
# documented fields, and holds the same cells as the CSV export, in the
# same order, null where the CSV has "..".
json_like_csv() {
	python3 - "$@" "$DISTRICT" <<'EOF'
import csv, json, sys
jpath, cpath, k, method, district = sys.argv[1:6]
j = json.load(open(jpath, encoding="utf-8"))
assert j["schema"] == "sspf-stats/1"
assert j["period"] == "2026Q3" and j["district"] == district
assert j["method"] == method and j["threshold"] == int(k)
assert j["additive"] is (method == "suppression")
rows = list(csv.reader(open(cpath, newline="", encoding="utf-8")))[1:]
assert len(rows) == len(j["cells"]), (len(rows), len(j["cells"]))
for r, c in zip(rows, j["cells"]):
    assert set(c) == {"table", "dimensions", "kind", "value", "hidden"}, c
    dims = {d: v for d, v in ((r[5], r[6]), (r[7], r[8])) if d}
    assert c["table"] == r[4] and c["dimensions"] == dims, (r, c)
    assert c["kind"] in ("count", "median_days", "share")
    assert c["hidden"] == (r[9] == "..") == (c["value"] is None), (r, c)
    if not c["hidden"]:
        assert abs(float(r[9]) - c["value"]) < 1e-9, (r, c)
EOF
}

# no_identifier FILE: no line of the fixture's identifiers, and no date
# written YYYY-MM-DD, in FILE.
no_identifier() {
	! grep -qF -f "$T/ids" "$1" && ! grep -qE '[0-9]{4}-[0-9]{2}-[0-9]{2}' "$1"
}

# no_count_hidden FILE: no count ".." in a CSV export (a median or a
# share over fewer than k is hidden with every method).
no_count_hidden() {
	! grep -vE ',(days_to_network_meeting|actions_done_by_due),' "$1" |
		grep -q ',\.\.'$'\r''$'
}

# ---- to a file, to standard output ----

before=$(exports)
run stats "$DB" --period 2026Q3 -o "$T/o/q3.csv"
result "stats -o writes the file and nothing on standard output" eval '
	status_is 0 && [ -s "$T/o/q3.csv" ] && [ ! -s "$T/stdout" ]'
result "the file has mode 0600" mode_is 600 "$T/o/q3.csv"
result "CSV: CRLF, header, 10 fields, period, district, method, k 5" \
	csv_ok "$T/o/q3.csv" 5 suppression
result "6 new cases of girls of 13-15 are published for k 5" \
	cell_is "$T/o/q3.csv" cases_new 13-15 flicka 6
result "3 new cases of one concern are hidden as '..' for k 5" \
	cell_is "$T/o/q3.csv" new_by_concern "misstänkt brottslighet" "" ..
result "the district with a comma and quotes is quoted by RFC 4180" \
	grep -qF ',"Norr, ""Gamla"" stan",' "$T/o/q3.csv"
result "one export entry in the audit log" eval '[ "$(exports)" -eq $((before + 1)) ]'
result "no identifier of the fixture in the CSV" no_identifier "$T/o/q3.csv"

run stats "$DB" --period 2026Q3
result "without -o the same bytes go to standard output" eval '
	status_is 0 && cmp -s "$T/stdout" "$T/o/q3.csv"'
cp "$T/stdout" "$T/o/again.csv"
run stats "$DB" --period 2026Q3
result "the same data gives the same bytes again" cmp -s "$T/stdout" "$T/o/again.csv"

# ---- JSON ----

run stats "$DB" --period 2026Q3 --format json -o "$T/o/q3.json"
result "--format json writes the file (mode 0600)" eval '
	status_is 0 && mode_is 600 "$T/o/q3.json"'
result "JSON: schema, period, district, method, threshold; the CSV's cells" \
	json_like_csv "$T/o/q3.json" "$T/o/q3.csv" 5 suppression
result "no identifier of the fixture in the JSON" no_identifier "$T/o/q3.json"

# ---- the threshold ----

run stats "$DB" --period 2026Q3 --threshold 2 -o "$T/o/k2.csv"
result "--threshold 2 is a usage error naming --threshold, no file" eval '
	status_is 2 && err_has -- "--threshold" && no_file "$T/o/k2.csv"'
run stats "$DB" --period 2026Q3 --threshold many
result "--threshold many is a usage error" status_is 2
# fresh FILE: a copy of the fixture with no export made yet
fresh() {
	cp "$T/pristine.db" "$1"
}
K="$T/k.db"
fresh "$K"
run config "$K" stats.threshold 7
result "sspf config sets stats.threshold 7" status_is 0
run stats "$K" --period 2026Q3 -o "$T/o/k7.csv"
result "the setting is used without --threshold: k 7 in every row" \
	csv_ok "$T/o/k7.csv" 7 suppression
result "with k 7 the 6 girls are hidden" \
	cell_is "$T/o/k7.csv" cases_new 13-15 flicka ..
fresh "$K"
run config "$K" stats.threshold 7
run stats "$K" --period 2026Q3 --threshold 5 -o "$T/o/k5.csv"
result "--threshold 5 wins over the setting" eval '
	status_is 0 && cmp -s "$T/o/k5.csv" "$T/o/q3.csv"'
fresh "$K"
run stats "$K" --period 2026Q3 --threshold 3 --format json -o "$T/o/k3.json"
run stats "$K" --period 2026Q3 --threshold 3 -o "$T/o/k3.csv"
result "k 3: JSON threshold 3 and the same cells as the CSV" \
	json_like_csv "$T/o/k3.json" "$T/o/k3.csv" 3 suppression

# ---- releases ----

run stats "$DB" --period 2026Q3 --threshold 3 -o "$T/o/again3.csv"
result "another threshold for a released year is refused, naming the release" eval '
	status_is 2 && err_has "2026Q3" && err_has "threshold 5" &&
	no_file "$T/o/again3.csv"'
run stats "$DB" --period 2026Q2 --method ckm
result "another method for the year is refused too" eval '
	status_is 2 && err_has "--method suppression"'
run stats "$DB" --period 2026Q3 -o "$T/o/again.csv"
result "an ended period exported again says it is written as before" eval '
	status_is 0 && err_has "2026Q3 was exported before" &&
	cmp -s "$T/o/again.csv" "$T/o/q3.csv"'
fresh "$K"
run stats "$K" --period 2026Q3 -o "$T/o/first.csv"
result "the first export of an ended period says it is remembered" eval '
	status_is 0 && err_has "remembered"'
run stats "$DB" --period 2025Q4 --threshold 4 -o "$T/o/2025.csv"
result "another year may use its own threshold after the first" eval '
	status_is 0 && mode_is 600 "$T/o/2025.csv" && err_has "remembered"'

# ---- the period and the other options ----

run stats "$DB" --period 2026-07 -o "$T/o/bad.csv"
result "--period 2026-07 is a usage error naming --period, no file" eval '
	status_is 2 && err_has -- "--period" && no_file "$T/o/bad.csv"'
run stats "$DB" --period 2026Q5
result "--period 2026Q5 is a usage error" eval 'status_is 2 && err_has -- "--period"'
run stats "$DB" -o "$T/o/none.csv"
result "no --period is a usage error naming --period, no file" eval '
	status_is 2 && err_has -- "--period" && no_file "$T/o/none.csv"'
run stats "$DB" --period 2026Q3 --format xml
result "--format xml is a usage error" eval 'status_is 2 && err_has -- "--format"'
run stats "$DB" --period 2026Q3 --method random
result "--method random is a usage error" eval 'status_is 2 && err_has -- "--method"'
fresh "$K"
run stats "$K" --period 2026Q3 --method ckm --threshold 5 -o "$T/o/ckm.csv"
result "--method ckm: every row says ckm, no count of 1 to 4" eval '
	status_is 0 && csv_ok "$T/o/ckm.csv" 5 ckm'
result "--method ckm: no count hidden, no identifier" eval '
	no_count_hidden "$T/o/ckm.csv" && no_identifier "$T/o/ckm.csv"'
run stats "$DB" --period 2026H2 --threshold 5
result "a half-year: 2026H2 in every row" eval '
	status_is 0 && [ "$(cut -d, -f1 "$T/stdout" | sort -u | tr -d "\r" |
		tr "\n" " ")" = "2026H2 period " ]'
result "a period not ended is preliminary and not remembered" eval '
	err_has "2026H2 has not ended" && err_has "preliminary"'
result "every export is in the audit log, none of the refused ones" eval '
	[ "$(exports)" -eq $((before + 7)) ]'
run stats "$DB" --period 2026Q3 -o "$T/nowhere/q3.csv"
result "-o into a missing folder fails (exit 1) and writes nothing" eval '
	status_is 1 && no_file "$T/nowhere"'

tap_end
