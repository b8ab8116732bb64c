# tenyears_lib.sh - helpers of the scenario "tenyears" (test_tenyears.sh):
# timing a screen from the key sent until its text is on the screen,
# waiting for a screen to change, and reading the truths about the
# dataset from sspf's command line before the screens open it.
# Sourced after lib.sh (which gives tmx, capture, keys, why, check).
#
# The times are printed as TAP comments ("# tenyears: case list 12 ms")
# and never compared with anything: the machine may be shared.

TY_TIMES=() # "label|ms" of every step, for the summary at the end

# Times are microseconds of the wall clock read without a fork:
# ${EPOCHREALTIME/[.,]/} (bash 5).

# ---- a tmux control-mode client: keys and looks without a fork ----
# A look through "tmux capture-pane" costs a fork and exec, 5-20 ms on a
# busy machine: more than many screens take. A control-mode client
# (tmux -C) of the session, kept open as a coprocess, answers the same
# commands in about a millisecond. Without it (it did not start, or sspf
# has ended) the helpers fall back to running tmux each time.

TY_CC_ON=0
exec {TY_NAP}<> <(:) # never written to: a read on it is a sleep
# Attach the client to the session of the helpers; ignore-size: it does
# not resize the window, no-output: no copy of what sspf writes.
ty_cc_start() {
	local l

	coproc TY_CC { exec tmux -L "$TUI_SOCKET" -f /dev/null -C attach \
		-f ignore-size,no-output -t "$TUI_SESSION" 2>/dev/null; }
	# the reply to the attach itself comes first
	while IFS= read -r -t 10 l <&"${TY_CC[0]}"; do
		[[ $l == "%end "* ]] && TY_CC_ON=1 && return 0
		[[ $l == "%error "* || $l == "%exit"* ]] && break
	done
	TY_CC_ON=0
	return 1
}

# End the client (before the server: a server whose control client is
# no longer read can stop answering).
ty_cc_stop() {
	TY_CC_ON=0
	[ -n "${TY_CC_PID:-}" ] && kill "$TY_CC_PID" 2>/dev/null
	return 0
}

# ty_cc COMMAND: run one tmux command through the client; its output
# into TY_OUT. Notifications (%session-changed...) around the reply are
# skipped. Read in bulk (read -N): a line-by-line read of a pipe costs
# bash one system call per byte, milliseconds for a screen. Fails when
# the client has gone (the session ended).
ty_cc() {
	local buf= chunk rest rc end
	local re=$'(^|\n)(%end|%error) [^\n]*\n'

	[ "$TY_CC_ON" = 1 ] && [ -n "${TY_CC[1]:-}" ] || return 1
	printf '%s\n' "$1" >&"${TY_CC[1]}" 2>/dev/null ||
		{ TY_CC_ON=0 && return 1; }
	end=$((${EPOCHREALTIME/[.,]/} + 10000000))
	while :; do
		chunk=
		IFS= read -r -t 0.0002 -N 65536 -u "${TY_CC[0]}" chunk
		rc=$?
		buf+=$chunk
		# the reply: from the line after "%begin ..." to "%end ..."
		rest=${buf#*%begin *$'\n'}
		if [ "$rest" != "$buf" ] && [[ $rest =~ $re ]]; then
			TY_OUT=${rest%%"${BASH_REMATCH[0]}"*}
			[ "${BASH_REMATCH[2]}" = %end ]
			return
		fi
		[ $rc = 1 ] && break # the client has ended
		[ "${EPOCHREALTIME/[.,]/}" -lt "$end" ] || break
	done
	TY_CC_ON=0
	return 1
}

# A short pause without the fork of sleep(1).
ty_nap() {
	read -r -t "$1" -u "$TY_NAP" _ 2>/dev/null
	return 0
}

# ty_keys KEY...: keys as tmux names them (Enter, NPage, q), as lib.sh's
# keys but through the client where there is one.
ty_keys() {
	local k cmd="send-keys -t $TUI_SESSION"

	if [ "$TY_CC_ON" = 1 ]; then
		for k in "$@"; do
			cmd+=" '$k'"
		done
		ty_cc "$cmd" && return 0
	fi
	keys "$@"
}

# The screen as text (or with its escapes: -e) into the variable TY_SCR,
# without a temporary file (trailing empty lines dropped).
ty_grab() {
	if [ "$TY_CC_ON" = 1 ] &&
		ty_cc "capture-pane -p $* -t $TUI_SESSION"; then
		TY_SCR=$TY_OUT
		while [[ $TY_SCR == *$'\n' ]]; do
			TY_SCR=${TY_SCR%$'\n'}
		done
		return 0
	fi
	TY_SCR=$(tmx capture-pane -p "$@" -t "$TUI_SESSION" 2>/dev/null)
}

# ty_settle [-e]: after a look (TY_SCR), look again until the screen is
# twice the same 5 ms apart: a screen caught half drawn (ncurses's output
# read by tmux in pieces) is never what is checked. TY_AT: when the
# screen as it stays was first seen, what a time is measured to.
ty_settle() {
	local last

	TY_AT=${EPOCHREALTIME/[.,]/}
	while :; do
		last=$TY_SCR
		ty_nap 0.005
		ty_grab "$@"
		[ "$TY_SCR" = "$last" ] && break
		TY_AT=${EPOCHREALTIME/[.,]/}
	done
	[ $# -eq 0 ] && printf '%s\n' "$TY_SCR" >"$SCREEN"
	[ $# -eq 0 ] || capture
}

# ty_wait TEXT [SECONDS]: until TEXT is on the screen and the screen has
# settled, looked at every 2 ms (lib.sh's wait_for looks every 50 ms, too
# coarse to time a screen).
ty_wait() {
	local text=$1 limit=${2:-$TUI_TIMEOUT} end

	end=$((${EPOCHREALTIME/[.,]/} + limit * 1000000))
	while :; do
		ty_grab
		if [[ $TY_SCR == *"$text"* ]]; then
			ty_settle
			[[ $TY_SCR == *"$text"* ]] && return 0
		fi
		if pane_dead || [ "${EPOCHREALTIME/[.,]/}" -gt "$end" ]; then
			printf '%s\n' "$TY_SCR" >"$SCREEN"
			why "'$text' did not appear within ${limit}s$(pane_dead &&
				echo ": sspf has ended")"
			return 1
		fi
		ty_nap 0.002
	done
}

# ty_wait_changed BEFORE: until the screen (with its attributes: a moved
# selection counts) differs from BEFORE, and has settled.
ty_wait_changed() {
	local before=$1 end

	end=$((${EPOCHREALTIME/[.,]/} + TUI_TIMEOUT * 1000000))
	while :; do
		ty_grab -e
		[ "$TY_SCR" != "$before" ] && break
		if [ "${EPOCHREALTIME/[.,]/}" -gt "$end" ]; then
			why "the screen did not change within ${TUI_TIMEOUT}s"
			return 1
		fi
		ty_nap 0.002
	done
	ty_settle -e
}

# ty_note LABEL MS: one measured time, as a TAP comment, kept for the end.
ty_note() {
	echo "# tenyears: $1 $2 ms"
	TY_TIMES+=("$1|$2")
}

# ty_step LABEL TEXT KEY...: send the keys, wait until TEXT is on the
# screen; the time between the two is noted as LABEL.
ty_step() {
	local label=$1 text=$2 t0

	shift 2
	t0=${EPOCHREALTIME/[.,]/}
	ty_keys "$@" && ty_wait "$text" || return 1
	ty_note "$label" $(((TY_AT - t0) / 1000))
}

# ty_typed_step LABEL TEXT LITERAL: type LITERAL (not timed), then
# Enter (timed) until TEXT shows.
ty_typed_step() {
	type_text "$3" && ty_step "$1" "$2" Enter
}

# ty_paste_secret SECRET: type a passphrase into the terminal through a
# tmux paste buffer loaded from standard input, so that it is never on a
# command line (tmux's send-keys would carry it in its arguments).
ty_paste_secret() {
	printf '%s' "$1" | tmx load-buffer -b ty-secret - &&
		tmx paste-buffer -d -b ty-secret -t "$TUI_SESSION" ||
		{ why "cannot paste into the terminal" && return 1; }
}

# ty_resident: VmRSS and VmHWM of the running sspf, as a comment.
ty_resident() {
	local pid rss hwm

	pid=$(sspf_pid) && [ -r "/proc/$pid/status" ] ||
		{ why "no sspf process" && return 1; }
	rss=$(awk '$1 == "VmRSS:" { print $2, $3 }' "/proc/$pid/status")
	hwm=$(awk '$1 == "VmHWM:" { print $2, $3 }' "/proc/$pid/status")
	echo "# tenyears: sspf resident at the end (VmRSS) $rss, peak (VmHWM) $hwm"
}

# The summary of every step's time, in the order taken.
ty_summary() {
	local t i t0 label

	# what the harness itself costs: one command to tmux and one look at
	# the screen; a time is at least this, and up to 2 ms late
	t0=${EPOCHREALTIME/[.,]/}
	for i in 1 2 3 4 5 6 7 8 9 10; do
		{ ty_cc "display -p -t $TUI_SESSION ok" ||
			tmx display -p -t "$TUI_SESSION" ok; } >/dev/null && ty_grab
	done
	i=$(((${EPOCHREALTIME/[.,]/} - t0) / 10))
	printf '# tenyears: the harness alone (one tmux command and one look)'
	printf ' %d.%d ms: no time below is shorter%s\n' $((i / 1000)) \
		$((i % 1000 / 100)) \
		"$([ "$TY_CC_ON" = 1 ] || echo " (no control-mode client)")"
	echo "# tenyears: times at scale $SCALE (key sent until the screen shows it):"
	for t in "${TY_TIMES[@]}"; do
		label=${t%|*}
		# padded by characters (printf would count the bytes of å, ä, ö)
		printf '#   %s%*s %6s ms\n' "$label" $((56 - ${#label})) "" \
			"${t##*|}"
	done
}

# ---- what the command line says about the dataset ----
# Read before the screens open the file (one program at a time). Only
# counts, codes, dates and meeting facts are kept; a child's name from
# the output of 'sspf cases' or 'sspf case' never reaches a file.

# The command line under the dataset's clock, the passphrase on fd 3
# from a pipe (printf is a builtin: no command line holds it).
ty_cli() {
	faketime "$TUI_NOW" "$SSPF" "$@" --passphrase-fd 3 \
		3< <(printf '%s\n' "$PASS")
}

# Fill the associative array cl: counts and edges of the lists.
ty_read_truths() {
	local - out

	set -o pipefail # a failing sspf fails the pipe into awk

	out=$(ty_cli cases "$DB" | awk -v name="$NAME" '
		{ n++; if (n == 1) first = $1; last = $1 }
		$2 == "open" && $3 == "waiting" { waiting++ }
		index($0, name) { named++ }
		END { printf "cases %d first_code %s last_code %s waiting %d named %d\n",
			n, first, last, waiting, named }') || return 1
	ty_cl_take $out
	out=$(ty_cli actions "$DB" | awk '
		{ n++; if (n == 1) first = $1; last = $1 }
		$2 == "OVERDUE" { overdue++ }
		END { printf "actions %d overdue %d first_due %s last_due %s\n",
			n, overdue, first, last }') || return 1
	ty_cl_take $out
	# the meetings have no names and no codes: kept whole
	ty_cli meetings "$DB" >"$T/meetings" &&
		ty_cli meetings "$DB" --upcoming >"$T/upcoming" || return 1
	cl[upcoming]=$(wc -l <"$T/upcoming")
	cl[meetings]=$(wc -l <"$T/meetings")
	# the busy case: its goals, its first action's due date and the date
	# of the last meeting about it (the end of its history)
	out=$(ty_cli case "$DB" "${fx[busy_case]}" | awk '
		BEGIN { d = "^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$" }
		{ f = $1 }
		/^[A-Z][a-z]*:/ { sec = $1; f = $2 }
		sec == "Goals:" { goals++ }
		sec == "Actions:" && fa == "" && f ~ d { fa = f }
		sec == "Meetings:" && f ~ d { lm = f }
		END { printf "goals %d first_action %s last_meeting %s\n",
			goals, fa, lm }') || return 1
	ty_cl_take $out
}
ty_cl_take() {
	while [ $# -ge 2 ]; do
		cl[$1]=$2
		shift 2
	done
}

# ty_meeting_place ID: "DATE KIND ITEMS UPCOMING POS" of meeting ID: its
# place in the list of the screens (past: latest first; upcoming:
# soonest first) filtered by its kind, 0 the first row.
ty_meeting_place() {
	local id=$1 line date kind items up=0 pos

	line=$(awk -v id="$id" '$1 == id' "$T/meetings")
	[ -n "$line" ] || return 1
	read -r _ date _ kind _ <<<"$line"
	items=$(sed -n 's/.*(\([0-9]*\) agenda items*).*/\1/p' <<<"$line")
	awk -v id="$id" '$1 == id { f = 1 } END { exit !f }' "$T/upcoming" &&
		up=1
	if [ $up = 1 ]; then
		pos=$(awk -v d="$date" -v k="$kind" '$4 == k && $2 < d' \
			"$T/upcoming" | wc -l)
	else
		pos=$(awk -v d="$date" -v k="$kind" '$4 == k && $2 > d' \
			"$T/meetings" | grep -vxF -f "$T/upcoming" | wc -l)
	fi
	echo "$date $kind $items $up $pos"
}
