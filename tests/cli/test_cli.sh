#!/bin/bash
# test_cli.sh - end-to-end test of the sspf program as a user runs it:
# exit codes, messages, files and modes. Run by meson as
# "test_cli.sh PATH_TO_SSPF"; prints TAP. Passphrases are always given on
# file descriptors, never on the command line.
set -u

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 PATH_TO_SSPF" >&2
	exit 2
fi
SSPF=$1

T=$(mktemp -d "${TMPDIR:-/tmp}/sspf-cli.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
# Never touch the real default database.
export HOME="$T/home"
export XDG_DATA_HOME="$T/data"
mkdir -p "$HOME"

PASS='correct horse battery'
PASS2='a new passphrase here'
PASS3='third passphrase, ok'
DB="$XDG_DATA_HOME/sspf/sspf.db" # made by "sspf init" without FILE

PLAN=49
echo "1..$PLAN"
. "$(dirname "$0")/../tap.sh"

# run ARGS...: run sspf, stdout in $T/out, stderr in $T/err, status in $rc.
run() {
	"$SSPF" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

any_has() { cat "$T/out" "$T/err" | grep -qiE -- "$1"; }

# flip_byte FILE OFFSET: change one bit of the byte at OFFSET, in place.
flip_byte() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\$(printf %03o $((b ^ 1)))" |
		dd of="$1" bs=1 seek="$2" count=1 conv=notrunc status=none
}

# ---- help, version, usage ----

run --help
result "--help lists the commands and the exit codes" eval '
	status_is 0 && out_has "^ +init " && out_has "^ +passwd " &&
	out_has "^ +check " && out_has "^ +backup " && out_has "^ +help " &&
	out_has "^ +0 " && out_has "^ +2 +wrong usage" &&
	out_has "^ +3 +wrong passphrase or recovery key" &&
	out_has "^ +4 +damaged" && out_has "^ +5 +refused"'

run --version
result "--version prints the version and the license" eval '
	status_is 0 && out_has "^sspf 0\.1\.0$" && out_has "GPL-3\.0-or-later"'

run frobnicate
result "an unknown command exits 2 and names it" eval '
	status_is 2 && err_has "frobnicate" && [ ! -s "$T/out" ]'

run check --bogus-option 3</dev/null
result "an unknown option exits 2 and names it" eval '
	status_is 2 && err_has "bogus-option"'

run help check
result "help COMMAND and COMMAND --help show the command's usage" eval '
	status_is 0 && out_has "^Usage: sspf check" &&
	run check --help && status_is 0 && out_has "passphrase-fd"'

# ---- init ----

run init --passphrase-fd 3 3<<<"short"
result "init refuses a too short passphrase and makes no file" eval '
	[ "$rc" -ne 0 ] && err_has "at least 10 characters" &&
	[ ! -e "$DB" ]'

run init --passphrase-fd 3 3<<<"$PASS"
RK=$(grep -oE '[0-9A-Z]{4}(-[0-9A-Z]{4}){7}' "$T/out" | head -n 1)
result "init makes the default FILE (0600) in a new folder (0700)" eval '
	status_is 0 && [ -f "$DB" ] && mode_is 600 "$DB" &&
	mode_is 700 "$XDG_DATA_HOME/sspf" && out_has "$DB"'
result "init prints a recovery key of 8 groups of 4 and the advice" eval '
	[ -n "$RK" ] && out_has "^ *$RK *\$" && out_has "paper" &&
	out_has "only this time"'

cp "$DB" "$T/orig.db"
run init "$DB" --passphrase-fd 3 3<<<"$PASS2"
result "init on an existing file is refused and leaves it unchanged" eval '
	[ "$rc" -ne 0 ] && err_has "exists" && cmp -s "$DB" "$T/orig.db"'

# ---- check and passphrases ----

run check --passphrase-fd 3 "$DB" 3<<<"$PASS"
result "check on the new database exits 0 and says no problems" eval '
	status_is 0 && out_has "no problems"'

run check "$DB" --passphrase-fd 3 3<<<"$PASS"
result "options after FILE work" status_is 0

run check "$DB" --passphrase-fd 3 3<<<"wrong passphrase!"
result "a wrong passphrase exits 3 and leaves the file byte for byte" eval '
	status_is 3 && err_has "passphrase" && cmp -s "$DB" "$T/orig.db"'

run check "$DB" --passphrase-fd 3 3</dev/null
result "no passphrase on the descriptor exits 2 with a message" eval '
	status_is 2 && err_has "descriptor 3"'

if command -v setsid >/dev/null 2>&1; then
	# setsid: no controlling terminal, so /dev/tty cannot be opened
	setsid -w "$SSPF" check "$DB" </dev/null >"$T/out" 2>"$T/err"
	rc=$?
	result "without a terminal or --passphrase-fd, exit 2 naming the option" eval '
		status_is 2 && err_has "no terminal" && err_has "passphrase-fd"'
else
	skip "without a terminal or --passphrase-fd, exit 2" "no setsid"
fi

run check "$DB" --recovery-key-fd 4 4<<<"$RK"
result "check with the recovery key works" status_is 0

run check "$DB" --recovery-key-fd 4 4<<<"$(echo "$RK" | tr 'A-Z' 'a-z' | tr -d -)"
result "the recovery key is accepted in lower case without dashes" status_is 0

# ---- passwd ----

run passwd "$DB" --passphrase-fd 3 3<<<"$PASS"$'\n'"$PASS2"
result "passwd with the current and new passphrase on one descriptor" eval '
	status_is 0 && out_has "changed"'

run check "$DB" --passphrase-fd 3 3<<<"$PASS"
result "after passwd the old passphrase exits 3" status_is 3

run check "$DB" --passphrase-fd 3 3<<<"$PASS2"
result "after passwd the new passphrase opens it" status_is 0

run passwd "$DB" --recovery-key-fd 4 --passphrase-fd 3 4<<<"$RK" 3<<<"$PASS3"
result "passwd unlocking with --recovery-key-fd sets a new passphrase" eval '
	status_is 0 && run check "$DB" --passphrase-fd 3 3<<<"$PASS3" &&
	status_is 0'

run passwd "$DB" --passphrase-fd 3 3<<<"$PASS3"$'\n'"short"
result "passwd refuses a too short new passphrase; the old one still works" eval '
	[ "$rc" -ne 0 ] && err_has "at least 10 characters" &&
	run check "$DB" --passphrase-fd 3 3<<<"$PASS3" && status_is 0'

# ---- backup ----

run backup "$DB" "$T/backup.db" --passphrase-fd 3 3<<<"$PASS3"
result "backup writes DEST, which opens with the same passphrase and checks" eval '
	status_is 0 && out_has "backup\.db" && [ -f "$T/backup.db" ] &&
	run check "$T/backup.db" --passphrase-fd 3 3<<<"$PASS3" &&
	status_is 0 && out_has "no problems" &&
	run check "$T/backup.db" --recovery-key-fd 4 4<<<"$RK" && status_is 0'

cp "$T/backup.db" "$T/backup.copy"
run backup "$DB" "$T/backup.db" --passphrase-fd 3 3<<<"$PASS3"
result "backup to an existing DEST without --force is refused, DEST unchanged" eval '
	[ "$rc" -ne 0 ] && err_has "exists" && err_has "force" &&
	cmp -s "$T/backup.db" "$T/backup.copy"'

run backup --force "$DB" "$T/backup.db" --passphrase-fd 3 3<<<"$PASS3"
result "backup --force replaces DEST" eval '
	status_is 0 && ! cmp -s "$T/backup.db" "$T/backup.copy"'

# ---- files that are not (whole) sspf databases ----

if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$T/plain.sqlite" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
else
	{ printf 'SQLite format 3\0'; head -c 8176 /dev/zero; } >"$T/plain.sqlite"
fi
run check "$T/plain.sqlite" --passphrase-fd 3 3</dev/null
result "a plain SQLite file exits 4, not an sspf database, no passphrase asked" eval '
	status_is 4 && err_has "not an sspf database" && ! err_has "descriptor"'

head -c 20000 /dev/urandom >"$T/random.bin"
run check "$T/random.bin" --passphrase-fd 3 3</dev/null
result "a file of random bytes exits 4" status_is 4

: >"$T/empty.db"
run check "$T/empty.db" --passphrase-fd 3 3</dev/null
result "an empty file exits 4" status_is 4

run check "$T/no-such.db" --passphrase-fd 3 3</dev/null
result "a missing file exits 1 and the message names it" eval '
	status_is 1 && err_has "no-such\.db"'

cp "$DB" "$T/flipped.db"
flip_byte "$T/flipped.db" $((8192 + 100))
run check "$T/flipped.db" --passphrase-fd 3 3<<<"$PASS3"
result "one changed byte in page 1: check exits 4 and names page 1" eval '
	status_is 4 && any_has "page 1([^0-9]|\$)"'

cp "$DB" "$T/truncated.db"
truncate -s -100 "$T/truncated.db"
run check "$T/truncated.db" --passphrase-fd 3 3<<<"$PASS3"
result "a truncated file: check exits 4" eval '
	status_is 4 && any_has "problem"'

# ---- config ----

run config "$DB" --passphrase-fd 3 3<<<"$PASS3"
result "config FILE lists every setting, unset ones marked (default)" eval '
	status_is 0 && out_has "^consent\.youth_age = 15 \(default\)$" &&
	out_has "from 12 to 18" && out_has "^municipality = \"\" \(default\)$" &&
	out_has "^stats\.threshold = 5 \(default\)$"'

run config "$DB" consent.youth_age 16 --passphrase-fd 3 3<<<"$PASS3"
result "config FILE KEY VALUE sets it and says what changed" eval '
	status_is 0 && out_has "^consent\.youth_age: 15 -> 16$" &&
	run config "$DB" consent.youth_age --passphrase-fd 3 3<<<"$PASS3" &&
	status_is 0 && [ "$(cat "$T/out")" = 16 ]'

cp "$DB" "$T/before-config.db"
run config "$DB" consent.youth_age 30 --passphrase-fd 3 3<<<"$PASS3"
result "config refuses a value out of range: exit 2, the range, no change" eval '
	status_is 2 && err_has "12 to 18" && cmp -s "$DB" "$T/before-config.db"'

run config "$DB" no.such.key 1 --passphrase-fd 3 3<<<"$PASS3"
result "config refuses an unknown key with exit 2 and names it" eval '
	status_is 2 && err_has "no\.such\.key" && err_has "sspf config" &&
	cmp -s "$DB" "$T/before-config.db"'

run config consent.youth_age --passphrase-fd 3 3<<<"$PASS3"
result "config KEY without FILE uses the default database" eval '
	status_is 0 && [ "$(cat "$T/out")" = 16 ]'

run config --reset consent.youth_age --passphrase-fd 3 3<<<"$PASS3"
result "config --reset KEY puts it back to its default" eval '
	status_is 0 && out_has "16 -> 15 \(default\)" &&
	run config "$DB" --passphrase-fd 3 3<<<"$PASS3" &&
	out_has "^consent\.youth_age = 15 \(default\)$"'

# ---- audit ----

run audit "$DB" --verify --passphrase-fd 3 3<<<"$PASS3"
result "audit FILE --verify on a database without case access: intact, 0" eval '
	status_is 0 && out_has "^the audit log is intact: 0 entries$"'

cp "$DB" "$T/before-audit.db"
run audit "$DB" --passphrase-fd 3 3<<<"$PASS3"
result "audit FILE lists nothing yet, and reading the log writes nothing" eval '
	status_is 0 && out_has "^no entries$" && cmp -s "$DB" "$T/before-audit.db"'

run audit "$DB" --since 2026-02-30 --passphrase-fd 3 3<<<"$PASS3"
result "audit --since with a date that does not exist exits 2" eval '
	status_is 2 && err_has "2026-02-30"'

run audit "$DB" --verify --case 2026-001 --passphrase-fd 3 3<<<"$PASS3"
result "audit --verify with --case exits 2" status_is 2

run help audit
result "help audit names the options; help check mentions the audit log" eval '
	status_is 0 && out_has "--case CODE" && out_has "--verify" &&
	out_has "--since" && run help check && out_has "audit log"'

# ---- calendar ----

# ics_ok FILE: the structure RFC 5545 asks for, checked with a few greps:
# every line ends in CRLF, none longer than 75 octets, a continuation line
# starts with one space, BEGIN/END of each part balanced, the required
# properties there.
ics_ok() {
	local f=$1 lines crlf
	lines=$(wc -l <"$f")
	crlf=$(grep -c $'\r$' "$f")
	[ "$lines" -gt 0 ] && [ "$lines" -eq "$crlf" ] &&
		[ "$(tail -c 2 "$f" | od -An -c | tr -d ' ')" = '\r\n' ] &&
		! LC_ALL=C tr -d '\r' <"$f" | LC_ALL=C grep -qE '^.{76,}$' &&
		! LC_ALL=C tr -d '\r' <"$f" | grep -qvE '^([A-Z][A-Z0-9-]*[:;]| [^ ])' &&
		[ "$(head -n 1 "$f")" = $'BEGIN:VCALENDAR\r' ] &&
		[ "$(tail -n 1 "$f")" = $'END:VCALENDAR\r' ] &&
		grep -q $'^VERSION:2.0\r$' "$f" && grep -q '^PRODID:' "$f" &&
		grep -q $'^CALSCALE:GREGORIAN\r$' "$f" &&
		grep -q $'^TZID:Europe/Stockholm\r$' "$f" &&
		grep -q 'BYMONTH=3;BYDAY=-1SU' "$f" &&
		grep -q 'BYMONTH=10;BYDAY=-1SU' "$f" &&
		[ "$(grep -c '^BEGIN:VEVENT' "$f")" -eq "$(grep -c '^END:VEVENT' "$f")" ] &&
		[ "$(grep -c '^BEGIN:VEVENT' "$f")" -eq "$(grep -c '^UID:.*@sspf' "$f")" ] &&
		[ "$(grep -c '^BEGIN:VEVENT' "$f")" -eq "$(grep -c '^DTSTAMP:[0-9]\{8\}T[0-9]\{6\}Z' "$f")" ] &&
		[ "$(grep -c '^BEGIN:VEVENT' "$f")" -eq "$(grep -c '^DTSTART;TZID=Europe/Stockholm:' "$f")" ] &&
		[ "$(grep -c '^BEGIN:VEVENT' "$f")" -eq "$(grep -c '^DTEND;TZID=Europe/Stockholm:' "$f")" ] &&
		[ "$(grep -c '^BEGIN:VEVENT' "$f")" -eq "$(grep -c '^SUMMARY:' "$f")" ]
}

DEMO="$T/demo.db"
"$SSPF" demo "$DEMO" >/dev/null 2>&1
run calendar "$DEMO" -o "$T/cal/m.ics" --passphrase-fd 3 3<<<demo
result "calendar -o into a missing folder exits 1, names it, leaves nothing" eval '
	status_is 1 && err_has "$T/cal" && [ ! -e "$T/cal" ]'

mkdir -p "$T/cal"
run calendar "$DEMO" -o "$T/cal/m.ics" --passphrase-fd 3 3<<<demo
result "calendar -o OUT writes OUT (0600) and nothing else there" eval '
	status_is 0 && [ -f "$T/cal/m.ics" ] && mode_is 600 "$T/cal/m.ics" &&
	[ "$(ls -A "$T/cal")" = m.ics ] && [ ! -s "$T/out" ]'
result "the .ics parses: CRLF, 75 octets, folding, parts, properties" \
	ics_ok "$T/cal/m.ics"

"$SSPF" meetings "$DEMO" --passphrase-fd 3 3<<<demo >"$T/meetings" 2>/dev/null
"$SSPF" cases "$DEMO" --passphrase-fd 3 3<<<demo >"$T/cases" 2>/dev/null
result "one event per meeting; no case code and no child's name" eval '
	[ "$(grep -c "^BEGIN:VEVENT" "$T/cal/m.ics")" -eq "$(wc -l <"$T/meetings")" ] &&
	[ "$(grep -c "consent valid" "$T/cases")" -gt 0 ] &&
	! grep -qE "20[0-9]{2}-[0-9]{3}" "$T/cal/m.ics" &&
	! tr -d "\r\n " <"$T/cal/m.ics" | grep -qF -f <(
		sed -nE "s/^.*consent valid +//p" "$T/cases" | tr -d " ")'

run calendar "$DEMO" --from 2000-01-01 --to 2000-12-31 --passphrase-fd 3 3<<<demo
cp "$T/out" "$T/empty.ics"
result "calendar to standard output; a window without meetings has none" eval '
	status_is 0 && ics_ok "$T/empty.ics" && ! grep -q VEVENT "$T/empty.ics"'

run calendar "$DEMO" --from 2026-06-01 --to 2026-05-01 --passphrase-fd 3 3<<<demo
result "calendar --to before --from exits 2" eval '
	status_is 2 && err_has "--to" && [ ! -s "$T/out" ]'

if [ "$(id -u)" -ne 0 ]; then
	mkdir "$T/ro" && chmod 555 "$T/ro"
	run calendar "$DEMO" -o "$T/ro/m.ics" --passphrase-fd 3 3<<<demo
	result "calendar -o into a read-only folder exits 1, names it, no file" eval '
		status_is 1 && err_has "$T/ro" && [ -z "$(ls -A "$T/ro")" ]'
	chmod 755 "$T/ro"
else
	skip "calendar -o into a read-only folder exits 1" "running as root"
fi

run audit "$DEMO" --passphrase-fd 3 3<<<demo
result "each calendar export is in the audit log, without a case code" eval '
	status_is 0 && [ "$(grep -cE " export *$" "$T/out")" -eq 2 ]'

# The passphrase never appears in argv: every case above passes it on a
# descriptor; there is nothing more to test at run time.

tap_end
