#!/bin/bash
# test_print.sh - end-to-end test of `sspf print`: the consent form as PDF,
# filled in and blank, in Swedish and English; the plan (åtagandeplan)
# through the consent gate; a meeting's agenda and minutes, codes only in
# an arbetsgruppsmöte and no refused case's name or text anywhere; the
# "print" audit entries; and the way to a printer through lp (a fake lp on
# PATH). Checked with pdftotext and pdfinfo (poppler-utils); template
# errors and unknown cases or meetings leave no file.
# Run by meson as
#   test_print.sh PATH_TO_SSPF PATH_TO_MKFIXTURE PATH_TO_MKPRINTFIXTURE
# and prints TAP. The passphrase goes on descriptors only, never on the
# command line.
set -u

if [ $# -ne 3 ] || [ ! -x "$1" ] || [ ! -x "$2" ] || [ ! -x "$3" ]; then
	echo "usage: $0 PATH_TO_SSPF PATH_TO_MKFIXTURE PATH_TO_MKPRINTFIXTURE" >&2
	exit 2
fi
SSPF=$1
MKFIXTURE=$2
MKPRINTFIXTURE=$3
SRC=$(cd "$(dirname "$0")/../.." && pwd)

PLAN=54
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

. "$(dirname "$0")/../tap.sh"

# run ARGS...: sspf with the passphrase on descriptor 3.
run() {
	"$SSPF" "$@" --passphrase-fd 3 3<<<"$PASS" >"$T/stdout" 2>"$T/err"
	rc=$?
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

# ---- the plan, agenda and minutes (tests/print/mkprintfixture.c) ----

PDB="$T/docs.db"
if ! "$MKPRINTFIXTURE" "$PDB" <<<"$PASS" >"$T/fx"; then
	echo "Bail out! mkprintfixture failed"
	exit 1
fi
# fx KEY: the value mkprintfixture printed for KEY.
fx() { sed -n "s/^$1 //p" "$T/fx"; }
PV=$(fx valid) PP=$(fx pending) PA=$(fx alone)
NET=$(fx net) GROUP=$(fx group) FOLLOW=$(fx follow) TOPICS=$(fx topics)
run config "$PDB" municipality "Testkommun"
run config "$PDB" coordinator.name "Kim Koordinator"

# has_none PDF: none of the pending case's words, nor any guardian's name.
has_none_pending() {
	local w
	for w in "$(fx pending_name)" "$(fx pending_guardian1)" \
		"$(fx pending_guardian2)" "$(fx valid_guardian1)" \
		"$(fx valid_guardian2)" ORO-TEXT-HEMLIG Hemlig; do
		! text_has "$1" "$w" || return 1
	done
}
# no_names PDF: no child's name and no family member's name at all.
no_names() {
	has_none_pending "$1" && ! text_has "$1" "$(fx valid_name)" &&
		! text_has "$1" "$(fx alone_name)" && ! text_has "$1" "Förälder"
}
# print_count CODE: how many "print" entries the audit log has for CODE
# ("": those without a case); print_logged CODE: at least one.
print_count() {
	run audit "$PDB"
	if [ -n "$1" ]; then
		grep -cE " print +$1\$" "$T/stdout"
	else
		grep -cE " print\$" "$T/stdout"
	fi
}
print_logged() { [ "$(print_count "$1")" -gt 0 ]; }

run print "$PDB" plan --case "$PV" -o "$T/out/plan.pdf"
result "the plan of a case with consent has the child's name and code" eval '
	[ "$rc" -eq 0 ] && text_has "$T/out/plan.pdf" "Åtagandeplan" &&
	text_has "$T/out/plan.pdf" "$(fx valid_name)" &&
	text_has "$T/out/plan.pdf" "$PV" && text_has "$T/out/plan.pdf" Testkommun'
result "it has the goals, and each action with who, by when and status" eval '
	P="$T/out/plan.pdf" && text_has "$P" "1\. MÅL-NÄRVARO varje skoldag" &&
	text_has "$P" "MÅL-FRITID en aktivitet" &&
	pdftotext "$P" - | grep -A1 "ÅTGÄRD-NÄRVAROPLAN" |
	grep -q "Vem: skola, Mentor Mentorsson · Senast: [0-9-]* · Status: pågår" &&
	pdftotext "$P" - | grep -A1 "ÅTGÄRD-FRITIDSGÅRD" |
	grep -q "Senast: inget datum · Status: ej påbörjad"'
result "an overdue action stands out; the latest follow-up is shown" eval '
	pdftotext "$T/out/plan.pdf" - | grep -A1 "ÅTGÄRD-FÖRSENAD" |
	grep -q "(försenad)" &&
	text_has "$T/out/plan.pdf" "Senast uppföljd [0-9-]* (pågår): UPPFÖLJNING-KOMMENTAR"'
result "it has the next meeting: date, time, kind and place" eval '
	text_has "$T/out/plan.pdf" "$(fx net_date), 10:00–11:30: nätverksmöte" &&
	text_has "$T/out/plan.pdf" "Plats: $(fx net_place)"'
result "printing the plan is logged as print with the code" print_logged "$PV"

run print "$PDB" plan --case "$PA" --lang en -o "$T/out/plan-en.pdf"
result "--lang en: an English plan; no meeting booked, no goals yet" eval '
	[ "$rc" -eq 0 ] && P="$T/out/plan-en.pdf" &&
	text_has "$P" "Commitment plan" && text_has "$P" "$(fx alone_name)" &&
	text_has "$P" "No meeting has been booked yet" &&
	text_has "$P" "No goals have been written yet" &&
	! text_has "$P" "Åtagandeplan" && ! text_has "$P" "Mål"'
run print "$PDB" plan --case "$PV" --lang en -o "$T/out/plan-en2.pdf"
result "the English plan has English statuses and meeting kinds" eval '
	[ "$rc" -eq 0 ] && P="$T/out/plan-en2.pdf" &&
	text_has "$P" "Status: ongoing" && text_has "$P" "By: no date" &&
	text_has "$P" "network meeting" && ! text_has "$P" "pågår"'

run print "$PDB" plan --case "$PP" -o "$T/out/refused.pdf"
result "the plan of a case without valid consent: exit 5, no file" eval '
	[ "$rc" -eq 5 ] && [ ! -e "$T/out/refused.pdf" ] && no_temp_left'
result "it says why, naming the case but no guardian and no child" eval '
	grep -q "$PP cannot be printed" "$T/err" &&
	grep -q "has not signed" "$T/err" && ! grep -q Hemlig "$T/err"'
result "a refused plan leaves no print entry in the audit log" eval '
	! print_logged "$PP"'
run print "$PDB" plan --case 2099-999 -o "$T/out/none.pdf"
result "the plan of an unknown case: exit 1, names it, no file" eval '
	[ "$rc" -eq 1 ] && grep -q 2099-999 "$T/err" && [ ! -e "$T/out/none.pdf" ]'

run print "$PDB" agenda --meeting "$GROUP" -o "$T/out/g-agenda.pdf"
result "the agenda of an arbetsgruppsmöte has the codes and the meeting" eval '
	[ "$rc" -eq 0 ] && P="$T/out/g-agenda.pdf" && text_has "$P" Dagordning &&
	text_has "$P" "arbetsgruppsmöte" && text_has "$P" "$(fx group_date)" &&
	text_has "$P" "08:00–09:00" && text_has "$P" "$(fx group_place)" &&
	text_has "$P" "1\. Ärende $PV" && text_has "$P" "2\. Ärende $PP (tas inte upp" &&
	text_has "$P" "3\. PUNKT-ÖVRIGT" && text_has "$P" "mentor, skola: Mentor Mentorsson"'
result "it has no child's name and no family member's name" \
	no_names "$T/out/g-agenda.pdf"
result "the agenda was logged as print once for the refused case on it" eval '
	[ "$(print_count "$PP")" -eq 1 ]'
run print "$PDB" minutes --meeting "$GROUP" -o "$T/out/g-minutes.pdf"
result "its minutes: the allowed case's notes, codes, no names" eval '
	[ "$rc" -eq 0 ] && P="$T/out/g-minutes.pdf" &&
	text_has "$P" Minnesanteckningar && text_has "$P" GRUPP-ANTECKNING-GILTIG &&
	text_has "$P" "$PP" && text_has "$P" "tas inte upp" && no_names "$P"'

run print "$PDB" agenda --meeting "$NET" -o "$T/out/n-agenda.pdf"
result "a nätverksmöte's agenda names the child whose consent allows it" eval '
	[ "$rc" -eq 0 ] && P="$T/out/n-agenda.pdf" && text_has "$P" nätverksmöte &&
	text_has "$P" "Ärende $PV: $(fx valid_name)" && text_has "$P" PUNKT-INLEDNING'
result "it shows the refused case by its code only" eval '
	text_has "$T/out/n-agenda.pdf" "Ärende $PP (tas inte upp" &&
	has_none_pending "$T/out/n-agenda.pdf"'
result "no family name while a case on the agenda is refused" eval '
	! text_has "$T/out/n-agenda.pdf" "Förälder Nätverksson" &&
	text_has "$T/out/n-agenda.pdf" "vårdnadshavare, familjen"'
run print "$PDB" minutes --meeting "$NET" -o "$T/out/n-minutes.pdf"
result "its minutes hold the allowed notes and nothing of the refused case" eval '
	[ "$rc" -eq 0 ] && P="$T/out/n-minutes.pdf" &&
	text_has "$P" "$(fx valid_name)" && text_has "$P" NÄTVERK-ANTECKNING-GILTIG &&
	text_has "$P" INLEDNING-ANTECKNING && has_none_pending "$P" &&
	! text_has "$P" "Förälder Nätverksson"'
run print "$PDB" agenda --meeting "$FOLLOW" -o "$T/out/f-agenda.pdf"
result "where every case may be named, so is the family member" eval '
	[ "$rc" -eq 0 ] &&
	text_has "$T/out/f-agenda.pdf" "vårdnadshavare, familjen: Förälder Uppföljningsson"'
run print "$PDB" minutes --meeting "$NET" --lang en -o "$T/out/n-min-en.pdf"
result "--lang en: English minutes" eval '
	[ "$rc" -eq 0 ] && P="$T/out/n-min-en.pdf" && text_has "$P" Minutes &&
	text_has "$P" "network meeting" && text_has "$P" "Case $PV" &&
	text_has "$P" "not discussed" && ! text_has "$P" Minnesanteckningar'
run print "$PDB" agenda --meeting "$TOPICS" -o "$T/out/t-agenda.pdf"
result "an agenda with no case: printed, logged once without a code" eval '
	[ "$rc" -eq 0 ] && text_has "$T/out/t-agenda.pdf" PUNKT-ENDAST-ÄMNE &&
	print_logged ""'
run print "$PDB" minutes --meeting 9999 -o "$T/out/none.pdf"
result "an unknown meeting: exit 1, names it, no file" eval '
	[ "$rc" -eq 1 ] && grep -q 9999 "$T/err" && [ ! -e "$T/out/none.pdf" ]'

a4() {
	local f
	for f in plan plan-en g-agenda g-minutes n-agenda n-minutes t-agenda; do
		pdfinfo "$T/out/$f.pdf" |
			grep -qE "^Page size: +595(\.[0-9]+)? x 841\.89 pts \(A4\)" ||
			return 1
	done
}
result "every plan, agenda and minutes is A4" a4

cp "$SRC"/contrib/templates/plan.sv.txt "$T/tpl/"
sed -i 's/^Namn: {child_name}$/Namn: {child_name} {shoe_size}/' \
	"$T/tpl/plan.sv.txt"
run print "$PDB" plan --case "$PV" --templates "$T/tpl" -o "$T/out/bad.pdf"
result "a plan template with an unknown placeholder: file, line, no file" eval '
	[ "$rc" -eq 1 ] && grep -q "{shoe_size}" "$T/err" &&
	grep -qE "plan\.sv\.txt:[0-9]+" "$T/err" && [ ! -e "$T/out/bad.pdf" ]'
cp "$SRC"/contrib/templates/minutes.sv.txt "$T/tpl/"
sed -i 's/^{items}$//' "$T/tpl/minutes.sv.txt"
run print "$PDB" minutes --meeting "$NET" --templates "$T/tpl" \
	-o "$T/out/bad.pdf"
result "a minutes template without {items}: exit 1, names it, no file" eval '
	[ "$rc" -eq 1 ] && grep -q "{items}" "$T/err" &&
	grep -q "minutes\.sv\.txt" "$T/err" && [ ! -e "$T/out/bad.pdf" ]'

# ---- to a printer through lp: a fake lp keeps what it was given ----

mkdir -p "$T/lp" "$T/lpbad" "$T/lpgone" "$T/cwd"
cat >"$T/lp/lp" <<LP
#!/bin/sh
printf '%s\n' "\$@" >"$T/lp.args"
cat >"$T/lp.in"
LP
cat >"$T/lpbad/lp" <<'LP'
#!/bin/sh
cat >/dev/null
echo "lp: Unable to print: the printer is out of paper." >&2
exit 1
LP
# like CUPS with an unknown printer: it stops before it reads anything
cat >"$T/lpgone/lp" <<'LP'
#!/bin/sh
echo "lp: The printer or class does not exist." >&2
exit 1
LP
chmod +x "$T/lp/lp" "$T/lpbad/lp" "$T/lpgone/lp"
ls -A "$T/out" >"$T/before"
unchanged() { ls -A "$T/out" | cmp -s - "$T/before" && [ -z "$(ls -A "$T/cwd")" ]; }

(cd "$T/cwd" && PATH="$T/lp:$PATH" run print "$PDB" plan --case "$PV" \
	--printer Skrivare1; exit $rc)
rc=$?
result "--printer NAME runs lp -s -d NAME - and feeds it the PDF" eval '
	[ "$rc" -eq 0 ] && [ "$(tr "\n" " " <"$T/lp.args")" = "-s -d Skrivare1 - " ] &&
	text_has "$T/lp.in" "$(fx valid_name)" && unchanged'
rm -f "$T/lp.args" "$T/lp.in"
(cd "$T/cwd" && PATH="$T/lp:$PATH" run print "$PDB" agenda --meeting "$NET" \
	--print; exit $rc)
rc=$?
result "--print sends to the default printer (no -d), no file written" eval '
	[ "$rc" -eq 0 ] && [ "$(tr "\n" " " <"$T/lp.args")" = "-s - " ] &&
	text_has "$T/lp.in" PUNKT-INLEDNING && unchanged'
rm -f "$T/lp.args" "$T/lp.in"
PATH="$T/lp:$PATH" run print "$PDB" plan --case "$PP" --printer Skrivare1
result "a refused plan sends the printer nothing (exit 5)" eval '
	[ "$rc" -eq 5 ] && [ ! -s "$T/lp.in" ]'
PATH="$T/lpbad:$PATH" run print "$PDB" plan --case "$PV" --printer Skrivare1
result "lp fails: exit 1, sspf says the printer did not take it, and why" eval '
	[ "$rc" -eq 1 ] && grep -q "did not take" "$T/err" &&
	grep -q "out of paper" "$T/err"'
PATH="$T/lpgone:$PATH" run print "$PDB" plan --case "$PV" --printer Nej
result "lp refuses before reading: its message, not a broken pipe" eval '
	[ "$rc" -eq 1 ] && grep -q "did not take" "$T/err" &&
	grep -q "does not exist" "$T/err"'
PATH=/nonexistent "$SSPF" print "$PDB" plan --case "$PV" --printer X \
	</dev/null >"$T/stdout" 2>"$T/err"
rc=$?
result "without lp: exit 1 naming lp and CUPS, before any passphrase" eval '
	[ "$rc" -eq 1 ] && grep -q "lp" "$T/err" && grep -q CUPS "$T/err" &&
	! grep -qi passphrase "$T/err" && unchanged'

# ---- another language is a file, not code: Arabic, right to left ----

run print "$DB" consent-form --blank --lang ar \
	--templates "$SRC/tests/print/templates-ar" -o "$T/out/ar.pdf"
result "--lang ar with an Arabic template file gives an Arabic form" eval '
	[ "$rc" -eq 0 ] && text_has "$T/out/ar.pdf" "الطفل" &&
	text_has "$T/out/ar.pdf" "المدرسة"'
# the title, a short Arabic line, ends at the right margin: its leftmost
# glyph lies right of the middle (left to right it would start at 62 pt)
ar_x=$(pdftotext -bbox "$T/out/ar.pdf" - 2>/dev/null | awk -F'"' '
	/<word / && $4 > 60 && $4 < 100 { x = int($2); if (min == "" || x < min) min = x }
	END { print min }')
result "its text is laid out right to left (the title at the right margin)" \
	eval '[ -n "$ar_x" ] && [ "$ar_x" -gt 250 ]'
run print "$DB" consent-form --blank --lang so -o "$T/out/so.pdf"
result "a language without template files: exit 1, says which, no file" eval '
	[ "$rc" -eq 1 ] && grep -q "no template for the language .so." "$T/err" &&
	[ ! -e "$T/out/so.pdf" ] && no_temp_left'
run print "$DB" consent-form --blank --lang ../sv -o "$T/out/x.pdf"
result "--lang takes letters only (it names a file): usage error" eval '
	[ "$rc" -eq 2 ] && grep -q -- "--lang" "$T/err" && [ ! -e "$T/out/x.pdf" ]'

tap_end
