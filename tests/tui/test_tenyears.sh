#!/bin/bash
# test_tenyears.sh - the screens on the ten-year file of a large district
# (issue 7, meson test "tui-tenyears"): sspf-bench makes the dataset, the
# real sspf opens it in tmux under libfaketime at the dataset's today
# (2026-01-14 10:00), the passphrase is typed into the terminal, and a
# coordinator's walk goes through every screen: the overview, the
# meetings (upcoming, past: a year at a time to the end of the ten
# years), an arbetsgruppsmöte and a nätverksmöte run item by item, the
# case list (paged to its end and counted, searched by a name and by a
# code), the busy case (its plan, its history), its consent, the
# consents, the open actions, the settings and retention, the help, a
# lock and unlock.
#
# Each screen is checked against what sspf's command line and
# tenyears.facts say about the dataset (counts, first and last rows). The
# time from the key sent to the screen showing its text is printed as a
# TAP comment ("# tenyears: case list 12 ms"), with sspf's resident
# memory at the end; no time is ever asserted (the machine is shared).
#
# Run by meson as "test_tenyears.sh PATH_TO_SSPF PATH_TO_SSPF_BENCH".
# By hand, at another scale or on a kept dataset:
#   SSPF_TENYEARS_SCALE=1 meson test -C build tui-tenyears -v
#       the full district (5,000 cases; about 80 s to make it, plain;
#       raise meson's timeout with -t 4 under the sanitizers)
#   SSPF_TENYEARS_REUSE=DIR meson test -C build tui-tenyears -v
#       a copy of DIR/tenyears.db made by "sspf-bench --keep DIR"
# The default scale, 0.1 (500 cases, 1,100 meetings, 11,000 actions),
# keeps the suite short on CI, plain and under ASan+UBSan.
set -u

if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
	echo "usage: $0 PATH_TO_SSPF PATH_TO_SSPF_BENCH" >&2
	exit 2
fi
for tool in tmux faketime pgrep; do
	if ! command -v "$tool" >/dev/null; then
		echo "Bail out! $tool is not installed (contrib/bootstrap installs it)"
		exit 1
	fi
done
SSPF=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
BENCH=$2
SCALE=${SSPF_TENYEARS_SCALE:-0.1}
# on a tmpfs where there is one, as test_tui.sh (every change is fsynced)
tmp=${TMPDIR:-/tmp}
[ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && tmp=/dev/shm
T=$(mktemp -d "$tmp/sspf-tenyears.XXXXXX") || exit 1
export TZ=${TZ:-Europe/Stockholm}
# the first screens of a large file under ASan take longer than 10 s
TUI_TIMEOUT=${TUI_TIMEOUT:-60}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tenyears_lib.sh"
trap 'ty_cc_stop; tui_server_stop; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP
mkdir -p "$T/home" "$T/data" "$T/ds"
export HOME="$T/home" XDG_DATA_HOME="$T/data"
# every child of the dataset has this name (contrib/bench/bench_gen_meet.c)
NAME=Påhittad

# ---- the dataset ----

t0=${EPOCHREALTIME/[.,]/}
if [ -n "${SSPF_TENYEARS_REUSE:-}" ]; then
	SCALE="of $SSPF_TENYEARS_REUSE"
	for f in tenyears.db tenyears.db-redo tenyears.facts; do
		[ -e "$SSPF_TENYEARS_REUSE/$f" ] || continue
		cp "$SSPF_TENYEARS_REUSE/$f" "$T/ds/" ||
			{ echo "Bail out! cannot copy $f" && exit 1; }
	done
elif ! "$BENCH" --scale "$SCALE" --keep "$T/ds" --only none \
	>"$T/bench.log" 2>&1; then
	echo "Bail out! sspf-bench --scale $SCALE failed:"
	tail -n 20 "$T/bench.log" | sed 's/^/# /'
	exit 1
fi
t0=$(((${EPOCHREALTIME/[.,]/} - t0) / 1000))
echo "# tenyears: the dataset at scale $SCALE made (or copied) in $t0 ms"
declare -A fx cl
while read -r k v; do
	fx[$k]=$v
done <"$T/ds/tenyears.facts"
for k in passphrase today cases meetings actions busy_case group_meeting \
	network_meeting; do
	[ -n "${fx[$k]:-}" ] ||
		{ echo "Bail out! tenyears.facts has no $k" && exit 1; }
done
printf '# tenyears: %s cases, %s meetings, %s agenda items, %s actions\n' \
	"${fx[cases]}" "${fx[meetings]}" "${fx[items]:-?}" "${fx[actions]}"
DB=$T/ds/tenyears.db
PASS=${fx[passphrase]}
# the dataset's today, at 10:00 in Sweden; the clock runs from there
TUI_NOW="$(date -u -d "@$((fx[today] * 86400))" +%F) 10:00:00"
if ! tui_server_start; then
	echo "Bail out! cannot start a tmux server"
	exit 1
fi

# ---- what the command line says ----

t_truths() {
	ty_read_truths || { why "sspf's command line failed on the dataset" &&
		return 1; }
	[ "${cl[cases]}" = "${fx[cases]}" ] &&
		[ "${cl[meetings]}" = "${fx[meetings]}" ] && return 0
	why "sspf cases/meetings list ${cl[cases]}/${cl[meetings]}, the facts say ${fx[cases]}/${fx[meetings]}"
	return 1
}

# ---- the walk ----

# has_count TEXT N: "TEXT (N)" or "TEXT (N, ..." is on the screen.
has_count() {
	grep -qE -- "$1 \\($2[,)]" "$SCREEN" && return 0
	why "no '$1 ($2)' on the screen"
	return 1
}

t_unlock() {
	tui_start ty 80 24 -- --lang en "$DB" && ty_wait "Passphrase:" ||
		return 1
	ty_cc_start ||
		echo "# tenyears: no tmux control-mode client: each look forks tmux, the times are coarser"
	ty_paste_secret "$PASS" &&
		ty_step "unlock (key derivation at the floor)" \
			"Overdue actions (" Enter || return 1
	has_count "Next meetings" "${cl[upcoming]}" &&
		has_count "Overdue actions" "${cl[overdue]}" &&
		has_count "Waiting for consent" "${cl[waiting]}" &&
		lacks "$NAME"
}

t_meetings() {
	local first latest earliest

	first=$(awk 'NR == 1 { print $2 }' "$T/upcoming")
	latest=$(grep -vxF -f "$T/upcoming" "$T/meetings" | tail -n 1 |
		awk '{ print $2 }')
	earliest=$(awk 'NR == 1 { print $2 }' "$T/meetings")
	ty_step "meetings, upcoming" "Upcoming meetings, the soonest first" 2 &&
		has "${first:-No meetings}" &&
		ty_step "meetings, past" "Past meetings, the latest first" p &&
		has "$latest" || return 1
	# The past list holds the last year at first; End at its oldest row
	# loads a year more each time, until the first meeting of the ten
	# years is the last row (at most one End per year, and one more).
	local n=0 t0 last=
	while [ "$last" != "$earliest" ]; do
		n=$((n + 1))
		[ $n -le 12 ] ||
			{ why "$earliest not reached after 11 years" && return 1; }
		ty_grab -e
		t0=${EPOCHREALTIME/[.,]/}
		ty_keys End && ty_wait_changed "$TY_SCR" || return 1
		ty_note "meetings, past: End ($n, a year more)" \
			$(((TY_AT - t0) / 1000))
		last=$(grep -E '^ [0-9]{4}-' "$SCREEN" | tail -n 1 | cut -c2-11)
	done
	[ $n -ge 9 ] ||
		{ why "ten years came in $n steps: not a year at a time" &&
			return 1; }
	ty_step "meetings, past: Home" "$latest" Home
}

# The English name of a kind as the command line prints it.
kind_en() {
	case $1 in
	arbetsgruppsmöte) echo "group meeting" ;;
	nätverksmöte) echo "network meeting" ;;
	*) echo "follow-up meeting" ;;
	esac
}

LIST=past # which list the Meetings tab shows (p switches)
# open_meeting ID LABEL: select meeting ID in the Meetings tab (filtered
# by its kind, in its list) and open it; sets ITEMS.
open_meeting() {
	local id=$1 label=$2 date kind items up pos en i

	read -r date kind items up pos <<<"$(ty_meeting_place "$id")"
	[ -n "${pos:-}" ] || { why "meeting $id is not in sspf meetings" &&
		return 1; }
	en=$(kind_en "$kind")
	ITEMS=$items
	if { [ "$up" = 1 ] && [ $LIST = past ]; } ||
		{ [ "$up" = 0 ] && [ $LIST = upcoming ]; }; then
		[ $LIST = past ] && LIST=upcoming || LIST=past
		ty_keys p && ty_wait "${LIST^} meetings, the" || return 1
	fi
	for i in 1 2 3 4 5 6; do
		ty_grab
		[[ $TY_SCR == *"Kind: $en "* ]] && break
		ty_grab -e
		ty_keys f && ty_wait_changed "$TY_SCR" || return 1
	done
	[[ $TY_SCR == *"Kind: $en "* ]] ||
		{ why "f does not show the kind $en" && return 1; }
	for ((i = 0; i < pos; i++)); do
		ty_keys Down || return 1
	done
	settle
	ty_step "$label ($items items)" "Agenda ($items)" Enter || return 1
	line 3 | grep -qF "$date" && line 3 | grep -qF "$en" && return 0
	why "the meeting opened is '$(line 3)', not $date $en"
	return 1
}
line() {
	sed -n "${1}p" "$SCREEN"
}

# run_meeting LABEL NONAMES: run the open meeting through all its items;
# NONAMES=1: no child's name on any item (an arbetsgruppsmöte); 0: the
# first item is a case whose name is shown (a nätverksmöte).
run_meeting() {
	local i t0 ms total=0 most=0

	ty_step "$1: running it, the first item" "Item 1 of $ITEMS" r ||
		return 1
	if [ "$2" = 1 ]; then
		lacks "$NAME" || return 1
	else
		has "$NAME" || return 1
	fi
	for ((i = 2; i <= ITEMS; i++)); do
		t0=${EPOCHREALTIME/[.,]/}
		ty_keys n && ty_wait "Item $i of $ITEMS" || return 1
		ms=$(((TY_AT - t0) / 1000))
		total=$((total + ms))
		[ $ms -gt $most ] && most=$ms
		[ "$2" = 1 ] && { lacks "$NAME" || return 1; }
	done
	[ "$ITEMS" -gt 1 ] &&
		ty_note "$1: next item (mean of $((ITEMS - 1)); slowest $most)" \
			$((total / (ITEMS - 1)))
	return 0
}

t_group_meeting() {
	open_meeting "${fx[group_meeting]}" "one arbetsgruppsmöte" &&
		run_meeting "arbetsgruppsmöte" 1 || return 1
	# the presentation mode: the item alone, no tab bar
	ty_keys v && wait_gone "1 Overview" && ty_keys v && wait_for "1 Overview" &&
		ty_step "arbetsgruppsmöte: back to the meeting" "Agenda (" q &&
		ty_step "back to the meetings" "Kind: " q
}

t_network_meeting() {
	open_meeting "${fx[network_meeting]}" "one nätverksmöte" &&
		run_meeting "nätverksmöte" 0 &&
		ty_keys q && ty_wait "Agenda (" && ty_keys q && ty_wait "Kind: "
}

# Page through the whole case list, counting the codes seen.
t_case_list() {
	local -A seen
	local pages=0 t0 c spent=0

	ty_step "case list" "Code      Status" 3 && has "${cl[first_code]}" &&
		ty_step "case list: End" "${cl[last_code]}" End &&
		ty_step "case list: Home" "${cl[first_code]}" Home || return 1
	while :; do
		for c in $(grep -oE '^ [0-9]{4}-[0-9]+ ' "$SCREEN"); do
			seen[$c]=1
		done
		[ -n "${seen[${cl[last_code]}]:-}" ] && break
		[ $pages -le $((fx[cases] / 10 + 10)) ] ||
			{ why "the end of the list not reached" && return 1; }
		ty_grab -e
		t0=${EPOCHREALTIME/[.,]/}
		ty_keys NPage && ty_wait_changed "$TY_SCR" || return 1
		spent=$((spent + TY_AT - t0))
		pages=$((pages + 1))
	done
	ty_note "case list: page down, mean of $pages pages" \
		$((spent / 1000 / (pages > 0 ? pages : 1)))
	[ ${#seen[@]} = "${fx[cases]}" ] && return 0
	why "${#seen[@]} cases in the list, the dataset has ${fx[cases]}"
	return 1
}

# search TEXT: the search field emptied, TEXT typed, Enter timed.
search() {
	ty_keys / && ty_wait "Search for a code or a name:" &&
		ty_keys $(printf 'BSpace %.0s' {1..20}) && type_text "$1" &&
		ty_step "case search: $2" "Search \"$1\": " Enter
}

t_search() {
	search "$NAME" "by a name" &&
		has "Search \"$NAME\": ${cl[named]} found" &&
		search "${fx[busy_case]}" "by a code" &&
		has "Search \"${fx[busy_case]}\": 1 found"
}

t_case() {
	local i end t0

	ty_step "one case (the busy one)" "Case ${fx[busy_case]}" Enter &&
		has "$NAME" || return 1
	# down to its plan, a page at a time
	for i in 1 2 3 4 5 6 7 8; do
		grep -qF "Due: ${cl[first_action]}." "$SCREEN" && break
		ty_grab -e
		t0=${EPOCHREALTIME/[.,]/}
		ty_keys NPage && ty_wait_changed "$TY_SCR" || return 1
		ty_note "one case: page down" $(((TY_AT - t0) / 1000))
	done
	has "Commitment plan: actions" && has "Due: ${cl[first_action]}." ||
		return 1
	ty_grab -e
	t0=${EPOCHREALTIME/[.,]/}
	ty_keys End && ty_wait_changed "$TY_SCR" || return 1
	ty_note "one case: End (its history)" $(((TY_AT - t0) / 1000))
	# the last meeting of its history is the command line's last one
	end=$(grep -E '^   [0-9]{4}-[0-9]{2}-[0-9]{2}  ' "$SCREEN" | tail -n 1)
	[[ $end == "   ${cl[last_meeting]}  "* ]] && return 0
	why "the history ends with '$end', not ${cl[last_meeting]}"
	return 1
}

t_consent() {
	ty_step "its consent screen" "Consent work" c &&
		has "${fx[busy_case]}  " && has "The case's data can be read" &&
		ty_step "back to the case" "g Add goal" q
}

t_consents() {
	ty_step "consents" "Days left" 4 &&
		has_count "Waiting for consent" "${cl[waiting]}" || return 1
	# its four sections fit on one screen at a small scale
	grep -qF "Withdrawn (" "$SCREEN" && return 0
	ty_step "consents: End" "Withdrawn (" End
}

t_actions() {
	ty_step "open actions" "Open actions: " 5 &&
		has "Open actions: ${cl[actions]}, overdue (marked !): ${cl[overdue]}" &&
		has "${cl[first_due]}" &&
		ty_step "open actions: End" "${cl[last_due]}" End
}

t_settings() {
	ty_step "settings" "Keep case data after it ends" 6 &&
		has "Benchkommun" && has "Benchdistrikt" &&
		ty_step "settings: retention" "Nothing is due for retention" g &&
		ty_step "help" "On every screen:" '?' &&
		ty_step "help: back" "Keep case data after it ends" q
}

t_lock() {
	ty_step "overview again" "Overdue actions (" 1 &&
		ty_step "lock" "Passphrase:" L && lacks "Overdue actions" &&
		ty_paste_secret "$PASS" &&
		ty_step "unlock again" "Overdue actions (" Enter &&
		ty_resident
}

# After the walk sspf is on the overview, where q quits; after a failure
# it may be anywhere: a hang-up (the terminal closed) ends it.
t_quit() {
	if [ "$TAP_FAILED" -eq 0 ]; then
		ty_keys q && wait_exit || return 1
		[ "$(pane_status)" = 0 ] ||
			{ why "sspf ended with $(pane_status)" && return 1; }
	else
		tui_stop ty || return 1
	fi
	[ -s "$T/stderr.ty" ] || return 0
	TUI_SESSION=ty
	why "sspf wrote to standard error (a sanitizer's report?)"
	return 1
}

# walk DESCRIPTION FUNCTION: one step of the walk, which starts where
# the one before left the screens: after a failure the rest are skipped
# (each would only wait for its time limit on the wrong screen).
walk() {
	if [ "$TAP_FAILED" -gt 0 ]; then
		TAP_N=$((TAP_N + 1))
		echo "ok $TAP_N - $1 # SKIP a step before failed"
		return
	fi
	check "$@"
}

walk "the command line agrees with tenyears.facts" t_truths
walk "unlock: the overview counts the upcoming meetings, overdue actions, waiting cases; no name" \
	t_unlock
walk "meetings: upcoming, past, and the end of ten years of them" t_meetings
walk "an arbetsgruppsmöte: its agenda, run item by item with no name, presented" \
	t_group_meeting
walk "a nätverksmöte: its agenda, run item by item" t_network_meeting
walk "the case list: every case once, from the first to the last" \
	t_case_list
walk "the case search: by a name, by a code" t_search
walk "the busy case: its plan, and its history to the last meeting" t_case
walk "the busy case's consent screen" t_consent
walk "the consents: the waiting cases counted" t_consents
walk "the open actions: counted, to the last" t_actions
walk "the settings, retention and the help" t_settings
walk "lock and unlock; memory noted" t_lock
[ "$TAP_FAILED" -eq 0 ] && ty_summary
# whatever happened before: sspf ends, and no sanitizer spoke
check "sspf ends with 0 and writes nothing to standard error" t_quit
ty_cc_stop
tui_server_stop
echo "1..$TAP_N"
[ $TAP_FAILED -eq 0 ]
