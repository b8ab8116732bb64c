#!/bin/bash
# test_stats_merge.sh - end-to-end test of the city's merge as the city
# and three districts run it: `sspf stats-keygen` (the passphrase on a
# descriptor; CITY.pub 0644, CITY.key 0600, never overwritten), three
# district exports made with `sspf stats --format json --for-city`,
# `sspf stats-merge` to CSV and JSON (read back with Python's csv and
# json modules: the city totals, counts each district hid published when
# the sum is large enough, no count of 1 to 4), the refusals with their
# exit statuses and messages (nothing written), and no identifier of the
# fixtures in any output.
# Run by meson as
#   test_stats_merge.sh PATH_TO_SSPF PATH_TO_MKSTATSFIXTURE
# and prints TAP. Passphrases go on descriptors only.
# shellcheck disable=SC2016 # eval bodies expand when they run
set -u

if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
	echo "usage: $0 PATH_TO_SSPF PATH_TO_MKSTATSFIXTURE" >&2
	exit 2
fi
SSPF=$1
MKSTATSFIXTURE=$2

PLAN=33
echo "1..$PLAN"

T=$(mktemp -d "${TMPDIR:-/tmp}/sspf-merge.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data"
mkdir -p "$HOME" "$T/o"

PASS='district test passphrase'
CITYPASS='the city test passphrase'
DISTRICTS=(Norr Söder Väster)
for d in "${DISTRICTS[@]}"; do
	if ! "$MKSTATSFIXTURE" "$T/$d.db" --district "$d" <<<"$PASS" \
		>>"$T/ids"; then
		echo "Bail out! mkstatsfixture failed"
		exit 1
	fi
done

. "$(dirname "$0")/../tap.sh"

# run ARGS...: sspf with the district passphrase on descriptor 3.
run() {
	"$SSPF" "$@" --passphrase-fd 3 3<<<"$PASS" </dev/null >"$T/stdout" \
		2>"$T/err"
	rc=$?
}
# city ARGS...: sspf with the city's passphrase on descriptor 3.
city() {
	"$SSPF" "$@" --passphrase-fd 3 3<<<"$CITYPASS" </dev/null \
		>"$T/stdout" 2>"$T/err"
	rc=$?
}
# bare ARGS...: sspf with no passphrase and no terminal.
bare() {
	setsid "$SSPF" "$@" </dev/null >"$T/stdout" 2>"$T/err"
	rc=$?
}

# csv_cell FILE TABLE CAT1 CAT2: the value of one cell of a CSV export.
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

# csv_ok FILE DISTRICT: every row of 2026Q3, DISTRICT, suppression, 5;
# no count of persons of 1 to 4 published.
csv_ok() {
	python3 - "$@" <<'EOF'
import csv, re, sys
path, district = sys.argv[1:3]
rows = list(csv.reader(open(path, newline="", encoding="utf-8")))
assert len(rows) > 100, len(rows)
for r in rows[1:]:
    assert r[0:4] == ["2026Q3", district, "suppression", "5"], r[0:4]
    v = r[9]
    assert v == ".." or re.fullmatch(r"\d+(\.\d+)?", v), r
    if r[4] not in ("meetings", "days_to_network_meeting",
                    "actions_done_by_due") and v != "..":
        assert int(v) == 0 or int(v) >= 5, r
EOF
}

# json_like_csv JSON CSV: the merged JSON has the facts, is not
# preliminary, holds no sealed figures, and has the CSV's cells.
json_like_csv() {
	python3 - "$@" <<'EOF'
import csv, json, sys
jpath, cpath = sys.argv[1:3]
j = json.load(open(jpath, encoding="utf-8"))
assert j["schema"] == "sspf-stats/1" and j["period"] == "2026Q3"
assert j["district"] == "city" and j["method"] == "suppression"
assert j["threshold"] == 5 and j["preliminary"] is False
assert "sealed" not in j
rows = list(csv.reader(open(cpath, newline="", encoding="utf-8")))[1:]
assert len(rows) == len(j["cells"])
for r, c in zip(rows, j["cells"]):
    assert c["table"] == r[4] and c["hidden"] == (r[9] == ".."), (r, c)
    if not c["hidden"]:
        assert abs(float(r[9]) - c["value"]) < 1e-9, (r, c)
EOF
}

# sealed_json FILE: a JSON export with a "sealed" field of base64.
sealed_json() {
	python3 - "$1" <<'EOF'
import base64, json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
assert j["preliminary"] is False
base64.b64decode(j["sealed"], validate=True)
EOF
}

# concern_hidden FILE: "misstänkt brottslighet" of new_by_concern is
# hidden in the JSON export FILE.
concern_hidden() {
	python3 - "$1" <<'EOF'
import json, sys
cells = json.load(open(sys.argv[1], encoding="utf-8"))["cells"]
c = [x for x in cells if x["table"] == "new_by_concern" and
     x["dimensions"]["concern"] == "misstänkt brottslighet"][0]
assert c["hidden"] and c["value"] is None
EOF
}

no_identifier() {
	! grep -qF -f "$T/ids" "$1" && ! grep -qE '[0-9]{4}-[0-9]{2}-[0-9]{2}' "$1"
}

# ---- the city's key ----

city stats-keygen -o "$T/city"
result "stats-keygen writes CITY.pub and CITY.key" eval '
	status_is 0 && [ -s "$T/city.pub" ] && [ -s "$T/city.key" ]'
result "CITY.key has mode 0600, CITY.pub 0644" eval '
	mode_is 600 "$T/city.key" && mode_is 644 "$T/city.pub"'
result "the files say what they are" eval '
	head -n1 "$T/city.pub" | grep -q "^sspf-city-key/1 public " &&
	[ "$(head -n1 "$T/city.key")" = "sspf-city-key/1 secret" ]'
cp "$T/city.key" "$T/o/key.before"
city stats-keygen -o "$T/city"
result "a city key is never overwritten (exit 1)" eval '
	status_is 1 && err_has "exists" && cmp -s "$T/city.key" "$T/o/key.before"'
"$SSPF" stats-keygen -o "$T/short" --passphrase-fd 3 3<<<"short" \
	>"$T/stdout" 2>"$T/err"
rc=$?
result "a short passphrase makes no key" eval '
	! status_is 0 && no_file "$T/short.key" && no_file "$T/short.pub"'
bare stats-keygen
result "stats-keygen without -o is a usage error" eval 'status_is 2 && err_has -- "-o"'

# ---- the districts' exports ----

for d in "${DISTRICTS[@]}"; do
	run stats "$T/$d.db" --period 2026Q3 --format json \
		--for-city "$T/city.pub" -o "$T/$d.json"
	[ "$rc" -eq 0 ] || break
done
result "three district exports --for-city" eval '
	status_is 0 && sealed_json "$T/Norr.json" && sealed_json "$T/Väster.json"'
result "3 of a concern are hidden in a district's own export" \
	concern_hidden "$T/Norr.json"
run stats "$T/Norr.db" --period 2026Q3 --format json --for-city "$T/city.key"
result "--for-city with the secret key is refused, naming it" eval '
	status_is 2 && err_has "secret key"'
run stats "$T/Norr.db" --period 2026Q3 --for-city "$T/city.pub" -o "$T/n.csv"
result "--for-city with CSV is a usage error, nothing written" eval '
	status_is 2 && err_has -- "--format json" && [ ! -e "$T/n.csv" ]'
run stats "$T/Norr.db" --period 2026Q3 --format json --for-city "$T/nope.pub"
result "--for-city with a missing file names it, no database hint" eval '
	status_is 1 && err_has "nope.pub" && ! err_has "sspf init"'

# ---- the merge ----

city stats-merge --key "$T/city.key" "$T/Norr.json" "$T/Söder.json" \
	"$T/Väster.json"
cp "$T/stdout" "$T/o/city.csv"
result "stats-merge writes the city's CSV on standard output" eval '
	status_is 0 && csv_ok "$T/o/city.csv" city'
result "18 girls of 13-15 in the city (6 in each district)" \
	cell_is "$T/o/city.csv" cases_new 13-15 flicka 18
result "9 of a concern are published for the city (3 hidden in each)" \
	cell_is "$T/o/city.csv" new_by_concern "misstänkt brottslighet" "" 9
city stats-merge --key "$T/city.key" "$T/Norr.json" "$T/Söder.json" \
	"$T/Väster.json" --format json -o "$T/o/city.json"
result "-o writes JSON of mode 0600, nothing on standard output" eval '
	status_is 0 && mode_is 600 "$T/o/city.json" && [ ! -s "$T/stdout" ]'
result "the JSON has the facts, no sealed figures and the CSV's cells" \
	json_like_csv "$T/o/city.json" "$T/o/city.csv"
city stats-merge --key "$T/city.key" "$T/Väster.json" "$T/Norr.json" \
	"$T/Söder.json" --name "Göteborg"
result "--name names the district column; the order of inputs does not matter" eval '
	status_is 0 && csv_ok "$T/stdout" Göteborg &&
	[ "$(sed "s/,Göteborg,/,city,/" "$T/stdout")" = "$(cat "$T/o/city.csv")" ]'
result "no identifier of the fixtures in the merged CSV and JSON" eval '
	no_identifier "$T/o/city.csv" && no_identifier "$T/o/city.json"'

# ---- refusals ----

bare stats-merge --key "$T/city.key" "$T/Norr.json" "$T/Söder.json" \
	"$T/Norr.json" -o "$T/o/twice.csv"
result "a district twice: exit 2 before any passphrase, nothing written" eval '
	status_is 2 && err_has "district '"'"'Norr'"'"'" && no_file "$T/o/twice.csv"'
run stats "$T/Söder.db" --period 2026Q3 -o "$T/o/söder.csv"
bare stats-merge --key "$T/city.key" "$T/Norr.json" "$T/o/söder.csv"
result "a CSV export is refused (exit 2)" eval '
	status_is 2 && err_has "JSON exports made with --for-city"'
run stats "$T/Söder.db" --period 2026Q3 --format json -o "$T/o/plain.json"
bare stats-merge --key "$T/city.key" "$T/Norr.json" "$T/o/plain.json"
result "an export without --for-city is refused (exit 2)" eval '
	status_is 2 && err_has "--for-city"'
run stats "$T/Söder.db" --period 2026Q2 --format json \
	--for-city "$T/city.pub" -o "$T/o/q2.json"
bare stats-merge --key "$T/city.key" "$T/Norr.json" "$T/o/q2.json"
result "exports of different periods are refused (exit 2)" eval '
	status_is 2 && err_has "2026Q3" && err_has "2026Q2"'
"$SSPF" stats-merge --key "$T/city.key" "$T/Norr.json" "$T/Söder.json" \
	--passphrase-fd 3 3<<<"not the passphrase" >"$T/stdout" 2>"$T/err"
rc=$?
result "a wrong passphrase: exit 3, nothing on standard output" eval '
	status_is 3 && err_has "passphrase" && [ ! -s "$T/stdout" ]'
city stats-merge --key "$T/city.pub" "$T/Norr.json"
result "the public key given as --key: exit 2, naming it" eval '
	status_is 2 && err_has "public key"'
city stats-merge --key "$T/none.key" "$T/Norr.json"
result "a missing key file: exit 1" eval 'status_is 1 && err_has "none.key"'
python3 - "$T/Söder.json" "$T/o/tampered.json" <<'EOF'
import sys
t = open(sys.argv[1], encoding="utf-8").read()
i = t.index('"sealed": "') + 11 + 200
t = t[:i] + ("B" if t[i] == "A" else "A") + t[i + 1:]
open(sys.argv[2], "w", encoding="utf-8").write(t)
EOF
city stats-merge --key "$T/city.key" "$T/Norr.json" "$T/o/tampered.json" \
	-o "$T/o/tampered.csv"
result "tampered sealed figures: exit 4, nothing written" eval '
	status_is 4 && err_has "changed after the export" &&
	no_file "$T/o/tampered.csv"'
sed 's/"flicka"/"flickor"/' "$T/Söder.json" >"$T/o/renamed.json"
city stats-merge --key "$T/city.key" "$T/Norr.json" "$T/o/renamed.json"
result "published cells that are not the sealed ones: exit 2" eval '
	status_is 2 && err_has "published cell"'
"$SSPF" stats-keygen -o "$T/other" --passphrase-fd 3 \
	3<<<"another city passphrase" >/dev/null 2>&1
run stats "$T/Väster.db" --period 2026Q2 --format json \
	--for-city "$T/other.pub" -o "$T/o/other.json"
run stats "$T/Söder.db" --period 2026Q2 --format json \
	--for-city "$T/city.pub" -o "$T/o/q2b.json"
city stats-merge --key "$T/city.key" "$T/o/q2b.json" "$T/o/other.json"
result "sealed to another city's key: exit 2, naming the file" eval '
	status_is 2 && err_has "not sealed to this city" && err_has "other.json"'
bare stats-merge "$T/Norr.json"
result "no --key is a usage error" eval 'status_is 2 && err_has -- "--key"'
bare stats-merge --key "$T/city.key"
result "no exports is a usage error" eval 'status_is 2'
bare stats-merge --key "$T/city.key" "$T/Norr.json" --format xml
result "--format xml is a usage error" eval 'status_is 2 && err_has -- "--format"'
city stats-merge --key "$T/city.key" "$T/Norr.json" -o "$T/nowhere/c.csv"
result "-o into a missing folder fails (exit 1) and writes nothing" eval '
	status_is 1 && no_file "$T/nowhere"'
bare stats-merge --key "$T/city.key" "$T/Norr.json" "$T/Söder.json"
result "without --passphrase-fd or a terminal: exit 2, naming the option" eval '
	status_is 2 && err_has -- "--passphrase-fd"'

tap_end
