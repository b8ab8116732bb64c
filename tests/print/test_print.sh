#!/bin/bash
# test_print.sh - end-to-end test of `sspf print`: the consent form as PDF,
# filled in and blank, in Swedish and English, checked with pdftotext and
# pdfinfo (poppler-utils); template errors and unknown cases leave no file.
# Run by meson as "test_print.sh PATH_TO_SSPF PATH_TO_MKFIXTURE"; prints TAP.
# The passphrase goes on descriptors only, never on the command line.
set -u

if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
	echo "usage: $0 PATH_TO_SSPF PATH_TO_MKFIXTURE" >&2
	exit 2
fi
SSPF=$1
MKFIXTURE=$2
SRC=$(cd "$(dirname "$0")/../.." && pwd)

PLAN=18
echo "1..$PLAN"
if ! command -v pdftotext >/dev/null || ! command -v pdfinfo >/dev/null; then
	for i in $(seq 1 $PLAN); do
		echo "ok $i # SKIP poppler-utils (pdftotext, pdfinfo) missing"
	done
	exit 0
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/sspf-print.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data"
mkdir -p "$HOME" "$T/out"

PASS='print test passphrase'
DB="$T/fixture.db"
if ! "$MKFIXTURE" "$DB" <<<"$PASS" >"$T/codes"; then
	echo "Bail out! mkfixture failed"
	exit 1
fi
VALID=$(sed -n 1p "$T/codes")
PENDING=$(sed -n 2p "$T/codes")

n=0
failed=0
rc=0

# run ARGS...: sspf with the passphrase on descriptor 3.
run() {
	"$SSPF" "$@" --passphrase-fd 3 3<<<"$PASS" >"$T/stdout" 2>"$T/err"
	rc=$?
}

result() {
	local desc=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		failed=$((failed + 1))
		echo "#   exit status: $rc"
		sed 's/^/#   stderr: /' "$T/err" | head -n 10
	fi
}

text_has() { pdftotext "$1" - 2>/dev/null | grep -q -- "$2"; }
no_temp_left() { [ -z "$(ls -A "$T/out" | grep -v '\.pdf$')" ]; }

run config "$DB" municipality "Testkommun"
run config "$DB" district "Norra distriktet"
run config "$DB" coordinator.name "Kim Koordinator"

# ---- the filled-in form ----

run print "$DB" consent-form --case "$PENDING" -o "$T/out/sv.pdf"
result "the consent form for a pending case is written (exit 0)" eval \
	'[ "$rc" -eq 0 ] && [ -s "$T/out/sv.pdf" ]'
result "it has the child's and both guardians' names" eval '
	text_has "$T/out/sv.pdf" "Väntar Testbarn" &&
	text_has "$T/out/sv.pdf" "Vårdnadshavare Ett" &&
	text_has "$T/out/sv.pdf" "Vårdnadshavare Två"'
result "it has the municipality, district, coordinator and case code" eval '
	text_has "$T/out/sv.pdf" "Testkommun" &&
	text_has "$T/out/sv.pdf" "Norra distriktet" &&
	text_has "$T/out/sv.pdf" "Kim Koordinator" &&
	text_has "$T/out/sv.pdf" "$PENDING"'
result "it is in Swedish, with the right to withdraw and page numbers" eval '
	text_has "$T/out/sv.pdf" "Samtycke till samverkan" &&
	text_has "$T/out/sv.pdf" "tillbaka samtycket" &&
	pdftotext "$T/out/sv.pdf" - | grep -qE "^1 ?/ ?[0-9]+$"'
result "pdfinfo: the page size is A4 (595 x 842 pts)" eval '
	pdfinfo "$T/out/sv.pdf" | grep -qE "^Page size: +595(\.[0-9]+)? x 841\.89 pts \(A4\)"'
result "the file has mode 0600 and no temporary file is left" eval '
	[ "$(stat -c %a "$T/out/sv.pdf")" = 600 ] && no_temp_left'

run print "$DB" consent-form --case "$VALID" --lang en -o "$T/out/en.pdf"
result "--lang en gives the English form" eval '
	[ "$rc" -eq 0 ] && text_has "$T/out/en.pdf" "Consent to cooperation" &&
	text_has "$T/out/en.pdf" "withdraw" &&
	text_has "$T/out/en.pdf" "Giltig Testbarn" &&
	! text_has "$T/out/en.pdf" "Samtycke till"'

run audit "$DB" --case "$PENDING"
result "printing the form is logged as consent work with the case code" \
	grep -qE "consent-work +$PENDING" "$T/stdout"
result "a 13-year-old has no signature line of the young person's own" eval '
	! text_has "$T/out/sv.pdf" "Den unga själv: Väntar Testbarn"'
run config "$DB" consent.youth_age 12
run print "$DB" consent-form --case "$PENDING" -o "$T/out/youth.pdf"
result "with consent.youth_age 12, the young person signs too" eval '
	[ "$rc" -eq 0 ] &&
	text_has "$T/out/youth.pdf" "Den unga själv: Väntar Testbarn" &&
	text_has "$T/out/youth.pdf" "Från 12 års ålder"'
run config "$DB" --reset consent.youth_age

# ---- the blank form ----

run print "$DB" consent-form --blank -o "$T/out/blank.pdf"
result "--blank has lines to fill in and no names" eval '
	[ "$rc" -eq 0 ] && text_has "$T/out/blank.pdf" "____" &&
	! text_has "$T/out/blank.pdf" "Testbarn" &&
	! text_has "$T/out/blank.pdf" "Vårdnadshavare Ett" &&
	text_has "$T/out/blank.pdf" "Testkommun"'

# ---- errors ----

run print "$DB" consent-form --case 2099-999 -o "$T/out/none.pdf"
result "an unknown case exits 1, names it and writes no file" eval '
	[ "$rc" -eq 1 ] && grep -q 2099-999 "$T/err" &&
	[ ! -e "$T/out/none.pdf" ] && no_temp_left'

mkdir -p "$T/tpl"
cp "$SRC"/contrib/templates/consent-form.*.txt "$T/tpl/"
sed -i 's/^Namn: {child_name}$/Namn: {child_name} {shoe_size}/' \
	"$T/tpl/consent-form.sv.txt"
run print "$DB" consent-form --case "$PENDING" --templates "$T/tpl" \
	-o "$T/out/bad.pdf"
result "an unknown placeholder exits 1, naming it, the file and the line" eval '
	[ "$rc" -eq 1 ] && grep -q "{shoe_size}" "$T/err" &&
	grep -qE "consent-form\.sv\.txt:[0-9]+" "$T/err" &&
	[ ! -e "$T/out/bad.pdf" ] && no_temp_left'

sed -i 's/{guardians}//' "$T/tpl/consent-form.en.txt"
run print "$DB" consent-form --blank --lang en --templates "$T/tpl" \
	-o "$T/out/bad.pdf"
result "a missing required placeholder exits 1 and names it" eval '
	[ "$rc" -eq 1 ] && grep -q "{guardians}" "$T/err" &&
	grep -q "consent-form\.en\.txt" "$T/err" && [ ! -e "$T/out/bad.pdf" ]'

cp "$SRC"/contrib/templates/consent-form.sv.txt "$T/tpl/"
sed -i 's/^Namn: /Barnets namn: /' "$T/tpl/consent-form.sv.txt"
run print "$DB" consent-form --blank --templates "$T/tpl" -o "$T/out/own.pdf"
result "--templates DIR takes a municipality's own wording" eval '
	[ "$rc" -eq 0 ] && text_has "$T/out/own.pdf" "Barnets namn"'

printf '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n' >"$T/nofonts.conf"
FONTCONFIG_FILE="$T/nofonts.conf" run print "$DB" consent-form --blank \
	-o "$T/out/nofont.pdf"
result "without the font: exit 1, a message naming it, no file" eval '
	[ "$rc" -eq 1 ] && grep -q "DejaVu Sans" "$T/err" &&
	[ ! -e "$T/out/nofont.pdf" ] && no_temp_left'

cp "$T/out/sv.pdf" "$T/out/keep.pdf"
run print "$DB" consent-form --case 2099-999 -o "$T/out/keep.pdf"
result "a failed print leaves an existing file as it was" eval '
	[ "$rc" -eq 1 ] && cmp -s "$T/out/sv.pdf" "$T/out/keep.pdf"'

run print "$DB" consent-form -o "$T/out/x.pdf"
result "neither --case nor --blank is a usage error (exit 2)" eval '
	[ "$rc" -eq 2 ] && [ ! -e "$T/out/x.pdf" ]'

[ "$failed" -eq 0 ]
