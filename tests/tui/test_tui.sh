#!/bin/bash
# test_tui.sh - end-to-end tests of the screens: the real sspf binary in
# tmux at 80x24 (and 132x43), driven with keys as a coordinator would, on
# databases made by mktuifixture, with TZ Europe/Stockholm and the clock
# pinned by libfaketime at 2026-11-25 10:00 (and running from there).
# Run by meson as "test_tui.sh PATH_TO_SSPF PATH_TO_MKTUIFIXTURE"; prints
# TAP. Fails at once when tmux, faketime or pgrep is missing. TUI_ONLY="flow
# lock" runs only those scenarios (names: see the end of this file).
set -u

if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
	echo "usage: $0 PATH_TO_SSPF PATH_TO_MKTUIFIXTURE" >&2
	exit 2
fi
for tool in tmux faketime pgrep; do
	if ! command -v "$tool" >/dev/null; then
		# contrib/bootstrap installs them: missing is a failure
		echo "Bail out! $tool is not installed (contrib/bootstrap installs it)"
		exit 1
	fi
done
SSPF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
MKFIXTURE=$2
# The databases on a tmpfs where there is one: every change is committed
# with fsync, and on a busy disk making the fixture alone can take half a
# minute instead of a second.
tmp=${TMPDIR:-/tmp}
[ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && tmp=/dev/shm
T=$(mktemp -d "$tmp/sspf-tui.XXXXXX") || exit 1
export TZ=${TZ:-Europe/Stockholm}
. "$(dirname "$0")/lib.sh"
trap 'tui_server_stop; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP
mkdir -p "$T/home" "$T/data"
export HOME="$T/home" XDG_DATA_HOME="$T/data"

PASS='tui test passphrase'
# The command line under the pinned clock.
cli() {
	faketime "$TUI_NOW" "$SSPF" "$@"
}

# ---- the fixtures ----

if ! faketime "$TUI_NOW" "$MKFIXTURE" demo "$T/demo.db" >"$T/fixture" \
	2>"$T/err"; then
	echo "Bail out! mktuifixture demo failed: $(cat "$T/err")"
	exit 1
fi
declare -A fx
: >"$T/names"
while read -r k v; do
	case $k in
	child | guardian) echo "$v" >>"$T/names" ;;
	*) fx[$k]=$v ;;
	esac
done <"$T/fixture"
if ! grep -qF "${fx[valid_name]}" "$T/names"; then
	echo "Bail out! mktuifixture printed no names"
	exit 1
fi
# everything of the two refused cases besides their codes, and the
# surnames alone (a name cut at the edge of a column is still a name)
for s in pending expired; do
	printf '%s\n' "${fx[${s}_name]}" "${fx[${s}_school]}" \
		"${fx[${s}_concern]}" "${fx[${s}_guardian]}" \
		"${fx[${s}_name]##* }"
done >"$T/refused-data"
# the words only the fixture's own people have in their names
printf '%s\n' Synlig Testbarnsson Väntesson Hemligsson Väntmamma \
	Väntpappa >>"$T/names"
if ! tui_server_start; then
	echo "Bail out! cannot start a tmux server"
	exit 1
fi

# A fresh copy of the demo database for one scenario.
demo_copy() {
	cp "$T/demo.db" "$T/$1.db"
	[ -e "$T/demo.db-redo" ] && cp "$T/demo.db-redo" "$T/$1.db-redo"
	echo "$T/$1.db"
}

# The line n of the screen captured last.
line() {
	sed -n "${1}p" "$SCREEN"
}
# wait_line N TEXT: until line N of the screen holds TEXT.
wait_line() {
	local i=0

	while [ $i -lt $((TUI_TIMEOUT * 20)) ]; do
		capture
		line "$1" | grep -qF -- "$2" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	why "line $1 is '$(line "$1")', without '$2'"
	return 1
}
# The title line (line 2) names the screen shown.
wait_title() {
	wait_line 2 "$1"
}

# Start sspf in English on db in session s (cols x lines), unlock it and
# wait for the overview. More VAR=VALUE for its environment may follow.
open_en() {
	local s=$1 cols=$2 lines=$3 db=$4

	shift 4
	tui_start "$s" "$cols" "$lines" "$@" -- --lang en "$db" &&
		wait_for "Passphrase:" && type_text "${UNLOCK_PASS:-demo}" &&
		keys Enter && wait_title Overview
}

# sspf (under faketime, which passes on its exit status) ended with 0.
ended_cleanly() {
	wait_exit || return 1
	[ "$(pane_status)" = 0 ] && return 0
	why "sspf ended with status $(pane_status)"
	return 1
}
# Empty the text field with the cursor (at its end): 12 Backspaces.
clear_field() {
	keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace \
		BSpace BSpace BSpace
}

# ---- 1: unlocking ----

t_wrong_says_so() {
	tui_start unlock 80 24 -- --lang en "$(demo_copy unlock)" &&
		wait_for "Unlock the database" && wait_for "Passphrase:" &&
		type_text "hemligt-fel" && settle && lacks "hemligt-fel" &&
		keys Enter && wait_for "The passphrase is wrong"
}
t_wrong_delay() {
	# after a wrong one sspf waits a moment before the next try
	wait_for "Wait a moment" 3 && lacks "Overview" &&
		wait_gone "Wait a moment" 5 && has "The passphrase is wrong"
}
t_right_opens() {
	type_text demo && keys Enter && wait_title Overview &&
		has "1 Overview" && has "DEMO" && lacks "Unlock the database"
}
scenario_unlock() {
	check "unlock: a wrong passphrase is not shown and is told to be wrong" \
		t_wrong_says_so
	check "unlock: after a wrong passphrase sspf waits before the next try" \
		t_wrong_delay
	check "unlock: the right passphrase opens the overview" t_right_opens
	tui_stop
}

# ---- 2: the whole flow, on an empty database ----
# A new case with its consent, a network meeting planned and run (minutes
# and an action), a follow-up meeting where the action is followed up;
# then the command line shows that everything was saved.

FLOW_DB=
flow_case() {
	local s=$1 cols=$2 lines=$3

	FLOW_DB="$T/$s.db"
	faketime "$TUI_NOW" "$MKFIXTURE" empty "$FLOW_DB" <<<"$PASS" ||
		{ why "mktuifixture empty failed" && return 1; }
	UNLOCK_PASS=$PASS open_en "$s" "$cols" "$lines" "$FLOW_DB" &&
		keys 3 && wait_for "No cases yet" && keys n &&
		wait_for "Child's name" || return 1
	# name, birth, gender, school, class, concerns, about, raised by,
	# sole custody, then the two guardians (name, phone, e-mail, custody)
	type_text "Flödes Testbarn" && keys Tab && type_text 2013-05-01 &&
		keys Tab Right Tab && type_text Flödesskolan && keys Tab &&
		type_text 7F && keys Tab Space Tab && type_text FLOW-CONCERN &&
		keys Tab Right Tab Tab && type_text "Flödes Mamma" &&
		keys Tab Tab Tab Tab && type_text "Flödes Pappa" &&
		wait_for "Flödes Pappa" && keys F2 &&
		wait_for "Register the consent for case 2026-001 now?" &&
		has "Saved: the new case is 2026-001." || return 1
	keys y && wait_title "Consent work" && wait_for "Waiting:" &&
		keys r && wait_for "Actors covered" || return 1
	type_text sopf && keys Tab Tab && type_text "skolgång och insatser" &&
		keys Tab && type_text "samordnat stöd" &&
		wait_for "samordnat stöd" && keys F2 &&
		wait_for "Valid until 2027-11-24" && wait_for "Saved." &&
		has "Flödes Mamma, custody, signed"
}
# new_meeting KIND_KEYS DATE START END PLACE: a meeting with a
# participant from the school and case 2026-001 on its agenda.
new_meeting() {
	keys 2 && wait_title Meetings && keys n && wait_for "New meeting" &&
		keys $1 Tab && clear_field && type_text "$2" && keys Tab &&
		type_text "$3" && keys Tab && type_text "$4" && keys Tab &&
		type_text "$5" && wait_for "$5" && keys F2 &&
		wait_for "The meeting is saved." && wait_title Meeting &&
		keys p && wait_for "Add a participant" &&
		type_text "Flödes Kurator" && keys Tab Tab &&
		type_text kurator && wait_for "kurator" && keys F2 &&
		wait_for "Actors: school" && keys c &&
		wait_for "Case code" && type_text 2026-001 && keys Enter &&
		wait_for "Case 2026-001 is on the agenda now."
}
flow_plan() {
	new_meeting Right 2026-11-25 13:00 14:00 "Flödesskolan rum 1" &&
		has "network meeting" && has "1. 2026-001" &&
		has "Flödes Testbarn"
}
flow_run() {
	keys r && wait_title "Run the meeting" &&
		wait_for "Press m to write them" && keys m &&
		wait_for "F2/Ctrl-S Save" && type_text "FLOW-MINUTES rad ett" &&
		keys Enter && type_text "rad två åäö" && wait_for "rad två åäö" &&
		keys F2 && wait_for "Minutes saved." &&
		has "FLOW-MINUTES rad ett" || return 1
	keys a && wait_for "New action" && type_text "FLOW-ACTION ring hem" &&
		keys Tab Tab && type_text "Flödes Kurator" && keys Tab &&
		type_text 2026-12-10 && wait_for 2026-12-10 && keys F2 &&
		wait_for "Action added." &&
		has "+ FLOW-ACTION ring hem" # "+": decided in this meeting
}
flow_follow() {
	keys q && wait_title Meeting && keys q && wait_title Meetings &&
		new_meeting "Right Right" 2026-12-09 15:00 16:00 \
			"Flödesskolan rum 2" && has "follow-up meeting" &&
		keys r && wait_title "Run the meeting" &&
		wait_for "FLOW-ACTION" && wait_for "Not followed up yet." &&
		keys f && wait_for "Follow up: FLOW-ACTION ring hem" &&
		keys Right Tab && type_text "FLOW-FOLLOWUP går bra" &&
		wait_for "FLOW-FOLLOWUP går bra" && keys F2 &&
		wait_for "Follow-up saved." && has "ongoing" &&
		has "✓ FLOW-ACTION ring hem" # "✓": followed up in this meeting
}
flow_saved() {
	keys q && wait_title Meeting && keys q && wait_title Meetings &&
		keys q && ended_cleanly || return 1
	cli case "$FLOW_DB" 2026-001 --passphrase-fd 3 3<<<"$PASS" \
		>"$SCREEN" 2>&1 || { why "sspf case failed" && return 1; }
	has "Flödes Testbarn" && has "FLOW-CONCERN" &&
		has "FLOW-MINUTES rad ett" && has "rad två åäö" &&
		has "FLOW-ACTION ring hem" && has "Flödes Kurator" &&
		has "2026-12-10" && has "FLOW-FOLLOWUP går bra" &&
		has "2026-11-25 nätverksmöte" && has "2026-12-09 uppföljning" ||
		return 1
	cli check "$FLOW_DB" --passphrase-fd 3 3<<<"$PASS" >"$SCREEN" 2>&1 ||
		{ why "sspf check failed" && return 1; }
}
scenario_flow() {
	local size cols lines

	for size in 80x24 132x43; do
		cols=${size%x*}
		lines=${size#*x}
		check "flow $size: a new case, and its consent registered" \
			flow_case "flow$cols" "$cols" "$lines"
		check "flow $size: a network meeting with a participant and the case" \
			flow_plan
		check "flow $size: running it, minutes and an action are saved" \
			flow_run
		check "flow $size: in a follow-up meeting the action is followed up" \
			flow_follow
		check "flow $size: after quitting, sspf case shows the minutes, the action and the follow-up" \
			flow_saved
		tui_stop
	done
}

# ---- 3: a case the consent gate refuses ----

t_refused_expired() {
	open_en refused 80 24 "$(demo_copy refused)" && keys 3 G &&
		wait_for "${fx[expired]}" && keys Enter &&
		wait_for "Case ${fx[expired]}" && wait_for "The consent expired" &&
		lacks_any "$T/refused-data" &&
		has "c Consent" && lacks "Add goal" && lacks "Add action"
}
t_refused_pending() {
	keys q && wait_title Cases && keys k Enter &&
		wait_for "Case ${fx[pending]}" &&
		wait_for "No consent has been registered for this case" &&
		lacks_any "$T/refused-data"
}
t_refused_no_form() {
	# adding to its plan is refused before anything is typed
	keys a && settle && lacks "What" && lacks "Due date" &&
		keys g && settle && lacks "New goal" && lacks_any "$T/refused-data"
}
t_refused_decline() {
	# the family said no: recorded for the statistics, the case still waits
	keys c && wait_for "Register consent" && keys a &&
		wait_for "Record a no to consent for ${fx[pending]}" &&
		wait_for "Said no on" && keys Enter &&
		wait_for "the no is recorded" && wait_for "Said no" && keys q
}
scenario_refused() {
	check "refused case: an expired consent shows the code and the reason, nothing else" \
		t_refused_expired
	check "refused case: a case waiting for consent shows the code and the reason, nothing else" \
		t_refused_pending
	check "refused case: no form for its plan opens" t_refused_no_form
	check "refused case: the consent screen records a no to consent (a)" \
		t_refused_decline
	tui_stop
}

# ---- 4 and 5: an arbetsgruppsmöte, and the presentation mode ----

t_group_agenda() {
	# today's arbetsgruppsmöte is the first of the upcoming ones
	open_en group 80 24 "$(demo_copy group)" && keys 2 &&
		wait_title Meetings && wait_for "${fx[group_place]}" &&
		keys Enter && wait_title Meeting &&
		wait_for "${fx[group_topic2]}" && has "${fx[valid]}" &&
		has "${fx[pending]}" && has "${fx[expired]}" &&
		has "${fx[group_topic1]}" && lacks_any "$T/names"
}
t_group_run() {
	local i

	keys r && wait_title "Run the meeting" &&
		wait_for "${fx[group_topic1]}" || return 1
	for i in 2 3 4 5; do
		keys n && wait_for "Item $i of 5" && lacks_any "$T/names" ||
			return 1
	done
	has "${fx[group_topic2]}"
}
t_presentation() {
	# back to the case with a valid consent, then full screen
	keys p p p && wait_for "Item 2 of 5" && has "${fx[valid]}" &&
		keys v && wait_gone "1 Overview" && wait_for "${fx[valid]}" &&
		lacks "${fx[group_topic1]}" && lacks "${fx[group_topic2]}" &&
		lacks "${fx[pending]}" && lacks "${fx[expired]}" &&
		lacks "Meetings" && lacks "L Lock" && lacks_any "$T/names"
}
t_presentation_next() {
	keys n && wait_for "${fx[pending]}" && lacks "${fx[valid]}" &&
		lacks "1 Overview" && lacks_any "$T/refused-data" &&
		keys v && wait_for "1 Overview" && wait_for "L Lock"
}
scenario_group() {
	check "arbetsgruppsmöte: the agenda shows codes and topics, no names" \
		t_group_agenda
	check "arbetsgruppsmöte: running it shows no name on any item" \
		t_group_run
	check "presentation mode: only the current item, no tab bar" \
		t_presentation
	check "presentation mode: the next item replaces it; v leaves" \
		t_presentation_next
	tui_stop
}

# ---- 6: resizing ----

t_too_small() {
	open_en resize 80 24 "$(demo_copy resize)" &&
		tmx resize-window -t resize -x 79 -y 24 &&
		wait_for "The window is too small (79x24)" &&
		has "Make it at least 80x24" && lacks "Overview" &&
		tmx resize-window -t resize -x 100 -y 23 &&
		wait_for "The window is too small (100x23)"
}
t_small_keys_ignored() {
	# a key pressed while too small does nothing
	keys 3 && settle && has "The window is too small" &&
		tmx resize-window -t resize -x 80 -y 24 &&
		wait_gone "The window is too small" && wait_title Overview
}
t_resumes() {
	keys 3 && wait_title Cases && keys G && wait_for "${fx[valid]}" &&
		tmx resize-window -t resize -x 132 -y 43 &&
		wait_line 43 "L Lock" && wait_title Cases &&
		[ "$(line 1 | wc -m)" -gt 120 ] && has "${fx[expired]}" &&
		has "${fx[valid_name]}"
}
scenario_resize() {
	check "resize: below 80x24 sspf asks for a larger window" t_too_small
	check "resize: keys do nothing while the window is too small" \
		t_small_keys_ignored
	check "resize: back at 80x24 and at 132x43 the work goes on" t_resumes
	tui_stop
}

# ---- 7: NO_COLOR ----

# The SGR parameters of the screen with escapes, one per line.
sgr_params() {
	grep -oE $'\e\\[[0-9;]*m' "$SCREEN.e" | tr -d $'\e[m' | tr ';' '\n' |
		sort -u
}
# A colour: 30-38, 40-48 (39 and 49 are the default colours), 90-107.
colour_params() {
	sgr_params | grep -E '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$'
}
t_no_color() {
	open_en nocolor 80 24 "$(demo_copy nocolor)" NO_COLOR=1 &&
		settle && capture_escapes || return 1
	sgr_params | grep -qE '^(1|7)$' ||
		{ why "no bold or reverse at all: $(sgr_params | tr '\n' ' ')" && return 1; }
	! colour_params | grep -q . ||
		{ why "colour codes: $(colour_params | tr '\n' ' ')" && return 1; }
}
t_color() {
	tui_stop nocolor
	open_en color 80 24 "$(demo_copy color)" && settle &&
		capture_escapes || return 1
	colour_params | grep -q . ||
		{ why "no colour codes: $(sgr_params | tr '\n' ' ')" && return 1; }
}
scenario_color() {
	check "NO_COLOR=1: attributes but no colour on the screen" t_no_color
	check "without NO_COLOR the screen has colours" t_color
	tui_stop
}

# ---- 8: locking ----

t_lock() {
	open_en lock 80 24 "$(demo_copy lock)" && keys 3 G &&
		wait_for "${fx[valid_name]}" && keys L &&
		wait_for "Unlock the database" && wait_for "Passphrase:" &&
		lacks "${fx[valid]}" && lacks "${fx[valid_name]}" &&
		lacks "Demodistrikt" && lacks "Cases" && lacks_any "$T/names"
}
t_unlock_again() {
	type_text demo && keys Enter && wait_title Overview &&
		lacks "Unlock the database"
}
t_idle_lock() {
	local db start end rc

	db=$(demo_copy idle)
	cli config "$db" lock.idle_minutes 1 --passphrase-fd 3 3<<<demo \
		>"$T/out" 2>&1 || { why "sspf config: $(cat "$T/out")" && return 1; }
	# the clock runs 20 times faster: a minute passes in 3 seconds
	TUI_FAKETIME="-f '@$TUI_NOW x20'"
	open_en idle 80 24 "$db"
	rc=$?
	TUI_FAKETIME=
	[ $rc -eq 0 ] && keys 3 G && wait_for "${fx[valid_name]}" || return 1
	start=$(date +%s.%N)
	wait_for "Unlock the database" 20 || return 1
	end=$(date +%s.%N)
	lacks "${fx[valid_name]}" && lacks "${fx[valid]}" || return 1
	# not at once: about 3 s (60 s of the faster clock)
	awk -v s="$start" -v e="$end" 'BEGIN { exit !(e - s >= 1.5) }' ||
		{ why "locked after $(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }') s" && return 1; }
	type_text demo && keys Enter && wait_title Overview
}
# Minutes being written when the idle lock comes are saved, not lost.
t_idle_minutes() {
	local db rc

	db=$(demo_copy idleminutes)
	cli config "$db" lock.idle_minutes 1 --passphrase-fd 3 3<<<demo \
		>"$T/out" 2>&1 || { why "sspf config: $(cat "$T/out")" && return 1; }
	TUI_FAKETIME="-f '@$TUI_NOW x20'"
	open_en idleminutes 80 24 "$db"
	rc=$?
	TUI_FAKETIME=
	[ $rc -eq 0 ] && keys 2 && wait_title Meetings &&
		wait_for "${fx[group_place]}" && keys r &&
		wait_title "Run the meeting" && keys n &&
		wait_for "${fx[valid]}" && keys m && wait_for "F2/Ctrl-S Save" &&
		type_text "LYSSNADE-LÄNGE" && wait_for "Unlock the database" 20 &&
		lacks "LYSSNADE-LÄNGE" || return 1
	keys Escape && ended_cleanly || return 1
	cli case "$db" "${fx[valid]}" --passphrase-fd 3 3<<<demo >"$SCREEN" \
		2>&1 && has "LYSSNADE-LÄNGE"
}
scenario_lock() {
	check "lock: L locks; nothing of the data is on the screen" t_lock
	check "lock: the passphrase opens the overview again" t_unlock_again
	tui_stop
	check "idle lock: after lock.idle_minutes without a key sspf locks itself" \
		t_idle_lock
	tui_stop
	check "idle lock while writing minutes: what was typed is saved first" \
		t_idle_minutes
	tui_stop
}

# ---- 9: language ----

t_english() {
	open_en english 80 24 "$(demo_copy english)" &&
		has "1 Overview" && has "2 Meetings" && has "3 Cases" &&
		lacks "Översikt"
}
t_english_locale() {
	# no --lang: an English locale gives English (LC_ALL empty)
	tui_stop english
	tui_start locale 80 24 LC_ALL= LANG=en_US.UTF-8 -- \
		"$(demo_copy locale)" && wait_for "Unlock the database" &&
		type_text demo && keys Enter && wait_title Overview &&
		has "2 Meetings"
}
t_swedish() {
	local mo=contrib/po/sv/LC_MESSAGES/sspf.mo

	tui_stop locale
	tui_start swedish 80 24 -- "$(demo_copy swedish)" &&
		wait_for "swedish.db" && type_text demo && keys Enter &&
		wait_title Översikt && has "1 Översikt" && has "2 Möten" &&
		has "3 Ärenden" && lacks "Overview" && lacks "Meetings" &&
		return 0
	# sspf run from the build folder finds the catalogue next to it
	[ -e "$(dirname "$SSPF")/$mo" ] ||
		why "$TUI_WHY; and there is no $(dirname "$SSPF")/$mo: was the catalogue built?"
	return 1
}
scenario_lang() {
	check "--lang en gives English" t_english
	check "an English locale gives English" t_english_locale
	check "without --lang the screens are Swedish" t_swedish
	tui_stop
}

# ---- 10: a hang-up in the middle of an edit ----

HUP_DB=
t_hup_commit() {
	HUP_DB=$(demo_copy hup)
	open_en hup 80 24 "$HUP_DB" && keys 6 && wait_title Settings &&
		wait_for "Demokommun" && keys Enter &&
		wait_for "Leave it empty" && clear_field &&
		type_text Testkommun && wait_for "Municipality  Testkommun" &&
		keys Enter && wait_for "Saved." && wait_gone "Leave it empty" &&
		has "Testkommun"
}
t_hup_edit() {
	local pid

	keys Enter && wait_for "Leave it empty" && type_text HALVSKRIVET &&
		wait_for "TestkommunHALVSKRIVET" && pid=$(sspf_pid) &&
		kill -HUP "$pid" || return 1
	wait_pid_gone "$pid" ||
		{ echo hup >>"$T/hung" && kill -KILL "$pid" && return 1; }
	ended_cleanly
}
t_hup_after() {
	cli check "$HUP_DB" --passphrase-fd 3 3<<<demo >"$T/out" 2>&1 ||
		{ why "sspf check failed: $(cat "$T/out")" && return 1; }
	cli config "$HUP_DB" municipality --passphrase-fd 3 3<<<demo \
		>"$T/out" 2>/dev/null && [ "$(cat "$T/out")" = Testkommun ] ||
		{ why "municipality is now '$(cat "$T/out")'" && return 1; }
	cli config "$HUP_DB" --passphrase-fd 3 3<<<demo >"$T/out" 2>/dev/null &&
		! grep -q HALVSKRIVET "$T/out" ||
		{ why "the half-typed text was saved" && return 1; }
}
# The same when the terminal goes away (tmux kills the session) while the
# minutes are being written.
t_hangup_minutes() {
	local db

	db=$(demo_copy hangup)
	open_en hangup 80 24 "$db" && keys 2 && wait_title Meetings &&
		wait_for "${fx[group_place]}" && keys r &&
		wait_title "Run the meeting" && keys n &&
		wait_for "${fx[valid]}" && keys m && wait_for "F2/Ctrl-S Save" &&
		type_text "SPARAD-ANTECKNING" && keys F2 &&
		wait_for "Minutes saved." && keys m &&
		wait_for "F2/Ctrl-S Save" && type_text " HALVSKRIVEN-RAD" &&
		wait_for "HALVSKRIVEN-RAD" || return 1
	tui_stop hangup || return 1
	cli check "$db" --passphrase-fd 3 3<<<demo >"$T/out" 2>&1 ||
		{ why "sspf check failed: $(cat "$T/out")" && return 1; }
	cli case "$db" "${fx[valid]}" --passphrase-fd 3 3<<<demo >"$SCREEN" \
		2>&1 && has "SPARAD-ANTECKNING" && lacks "HALVSKRIVEN"
}
scenario_hup() {
	check "SIGHUP: a setting is saved when Enter is pressed" t_hup_commit
	check "SIGHUP during an edit: sspf closes the database and ends cleanly" \
		t_hup_edit
	check "SIGHUP: the file checks whole, the saved change is there, the half-typed text is not" \
		t_hup_after
	tui_stop
	check "terminal gone while writing minutes: the saved minutes are kept, the half-typed are not" \
		t_hangup_minutes
}

# ---- 11: printing from the screens ----
# The print dialog (u) saves a document as a PDF file in $HOME (mode 600,
# the child's name in it), asks before it replaces a file, writes nothing
# on Esc, sends it to a printer through lp (a stand-in on PATH that keeps
# what it is given), and without lp says so and still offers saving. It
# always says that the document lies outside the encrypted database.

# The text of the PDF file $1 into $SCREEN (for has and lacks).
pdf_text() {
	[ -s "$1" ] || { why "$1 is not there" && return 1; }
	pdftotext "$1" "$SCREEN" 2>"$T/out" ||
		{ why "pdftotext $1: $(cat "$T/out")" && return 1; }
}
# The file $1 is a PDF file only its owner may read or write.
pdf_0600() {
	[ -f "$1" ] || { why "$1 is not there" && return 1; }
	[ "$(stat -c %a "$1")" = 600 ] ||
		{ why "$1 has mode $(stat -c %a "$1")" && return 1; }
	[ "$(head -c 5 "$1")" = %PDF- ] || { why "$1 is not a PDF" && return 1; }
}
# The files in $HOME besides the ones named (no temporary file is left).
home_has_only() {
	local extra

	extra=$(ls -A "$T/home" | grep -vxF -f <(printf '%s\n' "$@"))
	[ -z "$extra" ] && return 0
	why "in \$HOME besides $*: $(tr '\n' ' ' <<<"$extra")"
	return 1
}
# Backspaces enough to empty a file name field.
erase_field() {
	local i

	for i in 1 2 3 4 5; do
		clear_field || return 1
	done
}

PRINT_FORM=
t_print_form() {
	local db

	db=$(demo_copy print)
	mkdir -p "$T/fakebin"
	printf '#!/bin/sh\nprintf "%%s\\n" "$*" >%q\ncat >%q\n' \
		"$T/lp.args" "$T/lp.pdf" >"$T/fakebin/lp"
	chmod +x "$T/fakebin/lp"
	PRINT_FORM="$T/home/consent-form-${fx[valid]}.pdf"
	open_en print 80 24 "$db" PATH="$T/fakebin:$PATH" && keys 3 G k k &&
		wait_for "${fx[valid_name]}" && keys Enter &&
		wait_for "Case ${fx[valid]}" && wait_for "u Print" && keys u &&
		wait_for "Print or save as PDF" && has "Commitment plan" &&
		has "Consent form" && keys Down Enter &&
		wait_for "Consent form for ${fx[valid]}" &&
		wait_for "outside the encrypted database" &&
		has "~/consent-form-${fx[valid]}.pdf" && has "Save as PDF" &&
		has "English (en)" && keys Enter &&
		wait_for "Saved: $PRINT_FORM" || return 1
	pdf_0600 "$PRINT_FORM" && pdf_text "$PRINT_FORM" &&
		has "${fx[valid_name]}" && has "${fx[valid_guardian]}" &&
		home_has_only "${PRINT_FORM##*/}"
}
t_print_replace() {
	local before

	before=$(sha256sum <"$PRINT_FORM")
	keys u && wait_for "Print or save as PDF" && keys Down Enter &&
		wait_for "Consent form for ${fx[valid]}" && keys Enter &&
		wait_for "exists already. Replace it?" && keys n &&
		wait_for "outside the encrypted database" && keys Escape &&
		wait_for "Nothing was saved or printed." || return 1
	[ "$(sha256sum <"$PRINT_FORM")" = "$before" ] ||
		{ why "the file was changed after No" && return 1; }
	keys u && wait_for "Print or save as PDF" && keys Down Enter &&
		wait_for "Consent form for ${fx[valid]}" && keys Enter &&
		wait_for "exists already. Replace it?" && keys y &&
		wait_for "Saved: $PRINT_FORM" && pdf_0600 "$PRINT_FORM" &&
		home_has_only "${PRINT_FORM##*/}"
}
t_print_esc() {
	# from the consent screen: its one document, no question which
	keys c && wait_title "Consent work" && wait_for "u Print" && keys u &&
		wait_for "Consent form for ${fx[valid]}" &&
		lacks "Print or save as PDF" && keys Tab && erase_field &&
		type_text "~/ESC-TEST.pdf" && wait_for "~/ESC-TEST.pdf" &&
		keys Escape && wait_gone "Consent form for" &&
		wait_for "Nothing was saved or printed." &&
		home_has_only "${PRINT_FORM##*/}"
}
t_print_lp() {
	keys u && wait_for "Consent form for ${fx[valid]}" && keys Right &&
		wait_for "Enter Print" && has "Printer" && keys Tab &&
		type_text Kontoret && wait_for Kontoret && keys Enter &&
		wait_for "Sent to the printer Kontoret." || return 1
	[ "$(cat "$T/lp.args" 2>/dev/null)" = "-s -d Kontoret -" ] ||
		{ why "lp was run with '$(cat "$T/lp.args" 2>/dev/null)'" && return 1; }
	[ "$(head -c 5 "$T/lp.pdf")" = %PDF- ] ||
		{ why "lp was not given a PDF" && return 1; }
	pdf_text "$T/lp.pdf" && has "${fx[valid_name]}" &&
		home_has_only "${PRINT_FORM##*/}"
}
t_print_version() {
	# renewing: the version of the installed form, not the last one's
	keys n && wait_for "Renew the consent" && keys BTab &&
		wait_for "Form version" || return 1
	grep -qE "Form version +1( |$)" "$SCREEN" ||
		{ why "the version is not the template's: $(grep "Form version" "$SCREEN")" && return 1; }
	# (the page behind the form still shows "version sv-1")
	has "Swedish (sv)" && keys Escape &&
		wait_gone "Renew the consent"
}
t_print_plan() {
	local f="$T/home/plan-${fx[valid]}.pdf"

	keys q && wait_title Case && keys u &&
		wait_for "Print or save as PDF" && keys Enter &&
		wait_for "Commitment plan for ${fx[valid]}" &&
		has "~/plan-${fx[valid]}.pdf" && keys Enter &&
		wait_for "Saved: $f" && pdf_0600 "$f" && pdf_text "$f" &&
		has "${fx[valid]}" && has "${fx[valid_name]}"
}
t_print_refused() {
	keys q && wait_title Cases && keys G && wait_for "${fx[expired]}" &&
		keys Enter && wait_for "Case ${fx[expired]}" &&
		has "u Print" && keys u &&
		wait_for "Consent form for ${fx[expired]}" &&
		lacks "Print or save as PDF" && lacks "Commitment plan" &&
		lacks_any "$T/refused-data" && keys Escape &&
		wait_gone "Consent form for"
}
# agenda and minutes of the arbetsgruppsmöte: codes and topics, no names
t_print_meeting() {
	local a="$T/home/agenda-${fx[group_date]}.pdf"
	local m="$T/home/minutes-${fx[group_date]}.pdf"

	keys 2 && wait_title Meetings && wait_for "${fx[group_place]}" &&
		keys Enter && wait_title Meeting && keys u &&
		wait_for "Print or save as PDF" && keys Enter &&
		wait_for "Agenda of the meeting on ${fx[group_date]}" &&
		keys Enter && wait_for "Saved: $a" && keys u &&
		wait_for "Print or save as PDF" && keys Down Enter &&
		wait_for "Minutes of the meeting on ${fx[group_date]}" &&
		keys Enter && wait_for "Saved: $m" || return 1
	pdf_0600 "$a" && pdf_text "$a" && has "${fx[group_topic1]}" &&
		has "${fx[valid]}" && has "${fx[expired]}" &&
		lacks_any "$T/names" && lacks_any "$T/refused-data" &&
		pdf_0600 "$m" && pdf_text "$m" && has "${fx[valid]}" &&
		lacks_any "$T/names" && lacks_any "$T/refused-data"
}
t_print_blank() {
	local f="$T/home/consent-form.pdf"

	keys 4 && wait_title Consents && wait_for "u Blank form" && keys u &&
		wait_for "Blank consent form" && has "~/consent-form.pdf" &&
		keys Enter && wait_for "Saved: $f" && pdf_0600 "$f" &&
		pdf_text "$f" && lacks_any "$T/names"
}
# Without lp on PATH (only faketime there) the dialog says so and saves.
t_print_no_lp() {
	local f="$T/nolp-home/consent-form.pdf"

	mkdir -p "$T/nolp" "$T/nolp-home"
	# faketime runs date to read the time it is given
	ln -sf "$(command -v faketime)" "$T/nolp/faketime"
	ln -sf "$(command -v date)" "$T/nolp/date"
	open_en printnolp 80 24 "$(demo_copy printnolp)" PATH="$T/nolp" \
		HOME="$T/nolp-home" && keys 4 && wait_title Consents &&
		keys u && wait_for "Blank consent form" && keys Right &&
		wait_for "Print (this computer has no printing system)" &&
		wait_for "outside the encrypted database" && keys Enter &&
		wait_for "There is no printing system on this computer" &&
		wait_for "Blank consent form" && keys Left && keys Enter &&
		wait_for "Saved: $f" && pdf_0600 "$f"
}
t_print_swedish() {
	tui_start printsv 80 24 -- "$(demo_copy printsv)" &&
		wait_for "printsv.db" && type_text demo && keys Enter &&
		wait_title Översikt && keys 4 && wait_title Samtycke && keys u &&
		wait_for "Tom samtyckesblankett" && has "Spara som PDF" &&
		has "~/samtyckesblankett.pdf" &&
		has "utanför den krypterade" && keys Escape &&
		wait_for "Inget sparades eller skrevs ut."
}
# On the real clock (leaks are looked for under ASan): a blank form saved,
# the dialog and the chooser cancelled; sspf ends cleanly.
t_print_leaks() {
	mkdir -p "$T/leak-home"
	TUI_FAKETIME=none open_en printleak 80 24 "$(demo_copy printleak)" \
		HOME="$T/leak-home" && keys 4 && wait_title Consents && keys u &&
		wait_for "Blank consent form" && keys Enter &&
		wait_for "Saved: $T/leak-home/consent-form.pdf" && keys 2 &&
		wait_title Meetings && keys Enter && wait_title Meeting &&
		keys u && wait_for "Print or save as PDF" && keys Enter &&
		wait_for "Agenda of the meeting" && keys Escape &&
		wait_for "Nothing was saved" && keys u &&
		wait_for "Print or save as PDF" && keys Escape &&
		wait_gone "Print or save as PDF" && keys q && wait_title Meetings &&
		keys q && ended_cleanly
}
scenario_print() {
	check "print: the consent form of a case saved as PDF (mode 600, the names in it), the note shown" \
		t_print_form
	check "print: an existing file is replaced only after a question" \
		t_print_replace
	check "print: Esc in the dialog writes nothing" t_print_esc
	check "print: sent to a printer through lp, no file" t_print_lp
	check "print: registering a consent takes the version of the installed form" \
		t_print_version
	check "print: the plan of a case with a valid consent saved as PDF" \
		t_print_plan
	check "print: a refused case offers its consent form only, shows nothing of it" \
		t_print_refused
	check "print: an arbetsgruppsmöte's agenda and minutes saved, without names" \
		t_print_meeting
	check "print: a blank consent form from the consents list, no names" \
		t_print_blank
	tui_stop
	check "print: without lp the dialog says there is no printing system, saving still works" \
		t_print_no_lp
	tui_stop
	check "print: the dialog speaks Swedish, the note too" t_print_swedish
	tui_stop
	check "print on the real clock: sspf ends cleanly (no leak under ASan)" \
		t_print_leaks
	tui_stop
}

# ---- every screen once, on the real clock: leaks (under ASan) ----

# Through every tab, a case, the consent work, a meeting run in both
# views, the help, a lock: sspf ends with 0 and writes nothing (the
# sanitizer build looks for leaks here: without faketime it can).
t_every_screen() {
	local db

	db=$(demo_copy every)
	TUI_FAKETIME=none open_en every 80 24 "$db" || return 1
	keys 2 && wait_title Meetings && keys Enter && wait_title Meeting &&
		keys r && wait_title "Run the meeting" && keys n v &&
		settle && keys n v q && wait_title Meeting && keys q &&
		wait_title Meetings && keys 3 && wait_title Cases &&
		keys Enter && settle && keys q && wait_title Cases && keys c &&
		settle && keys q && keys 4 && wait_title Consent && keys 5 &&
		wait_title Actions && keys 6 && wait_title Settings && keys '?' &&
		wait_title Help && keys q && keys 1 && wait_title Overview &&
		keys L && wait_for "Passphrase:" && type_text demo && keys Enter &&
		wait_title Overview && keys q || return 1
	ended_cleanly
}
scenario_leaks() {
	check "every screen once: sspf ends cleanly (no leak under ASan)" \
		t_every_screen
}

# ---- the disk fills up, or the medium turns read-only, while open ----

# disk_save ERRNO MESSAGE: with the test library faultshim (never part of
# sspf) preloaded, the disk under a copy of the demo database fails every
# write with ERRNO while $T/trigger.* exists. A new meeting is saved
# then: sspf says MESSAGE, keeps the form as typed, and saves it once
# the disk works again; the database checks clean and holds it.
disk_save() {
	local s=disk$1 db trigger

	db=$(demo_copy "$s")
	trigger="$T/trigger.$s"
	rm -f "$trigger"
	open_en "$s" 80 24 "$db" LD_PRELOAD="$SSPF_TEST_FAULTSHIM" \
		SSPF_FAULT_DIR="$db" SSPF_FAULT_TRIGGER="$trigger" \
		SSPF_FAULT_ERRNO="$1" || return 1
	keys 2 && wait_title Meetings && keys n && wait_for "New meeting" &&
		keys Right Tab && clear_field && type_text 2026-12-01 &&
		keys Tab && type_text 09:00 && keys Tab && type_text 10:00 &&
		keys Tab && type_text "DISK-$1-PLACE" &&
		wait_for "DISK-$1-PLACE" || return 1
	touch "$trigger"
	keys F2 && wait_for "$2" && has "DISK-$1-PLACE" &&
		lacks "The meeting is saved." || return 1
	rm -f "$trigger"
	keys F2 && wait_for "The meeting is saved." && keys q &&
		wait_title Meetings && keys q && ended_cleanly || return 1
	cli meetings "$db" --passphrase-fd 3 3<<<demo >"$SCREEN" 2>&1 &&
		has "DISK-$1-PLACE" || return 1
	cli check "$db" --passphrase-fd 3 3<<<demo >"$SCREEN" 2>&1 ||
		{ why "sspf check failed after the full disk" && return 1; }
}
scenario_disk() {
	if [ -z "${SSPF_TEST_FAULTSHIM:-}" ] || [ ! -e "$SSPF_TEST_FAULTSHIM" ]; then
		check "disk: the test library faultshim is built (meson passes SSPF_TEST_FAULTSHIM)" false
		return
	fi
	check "disk full while open: says so, keeps the form, saves when there is room" \
		disk_save ENOSPC "The disk is full"
	check "medium read-only while open: says so, keeps the form, saves when writable" \
		disk_save EROFS "read-only"
}

# ---- after all: nothing on standard error ----

t_quiet() {
	local f hint=

	tui_server_stop
	if [ -s "$T/hung" ]; then
		: >"$SCREEN"
		TUI_SESSION=$(head -n 1 "$T/hung")
		why "sspf did not end within ${TUI_TIMEOUT}s of the hang-up in the run(s) $(tr '\n' ' ' <"$T/hung")(under ASan: LeakSanitizer spins at exit where ptrace is not allowed, as in some containers; there run with ASAN_OPTIONS=detect_leaks=0)"
		return 1
	fi
	f=$(stderr_runs)
	[ -z "$f" ] && return 0
	# the diagnostics show the first one's standard error
	grep -q "futex facility returned an unexpected" $f &&
		hint=" (under libfaketime, LeakSanitizer aborts so where it would report a leak)"
	TUI_SESSION=$(head -n 1 <<<"$f")
	TUI_SESSION=${TUI_SESSION##*/stderr.}
	: >"$SCREEN"
	f=${f//$T\/stderr./}
	why "sspf wrote to standard error in the run(s) $(tr '\n' ' ' <<<"$f")$hint"
	return 1
}

# ---- run ----

for s in unlock flow refused group resize color lock lang hup print disk leaks; do
	case " ${TUI_ONLY:-$s} " in
	*" $s "*) "scenario_$s" ;;
	esac
done
check "every run of sspf ended and wrote nothing to standard error (no sanitizer report, no crash)" \
	t_quiet
echo "1..$TAP_N"
[ $TAP_FAILED -eq 0 ]
