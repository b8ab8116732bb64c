# lib.sh - helpers for the end-to-end tests of the screens: the real sspf
# runs in a tmux server of its own (a private socket, no configuration
# file) at a fixed size, with its environment given explicitly and the
# clock pinned by libfaketime; keys go in with send-keys and what is on
# the screen comes back with capture-pane, as in tmux's own regress/.
# Sourced by test_tui.sh, which sets SSPF (the binary) and T (a private
# temporary folder) first. Prints TAP.
#
# Waiting: wait_for polls the screen until a text is there (or a time
# limit passes); no test relies on a fixed sleep where it can wait for
# what the user would see.

TUI_SOCKET="sspf-tuitest-$$"
# When the tests happen: the clock starts here and runs (a Wednesday).
TUI_NOW='2026-11-25 10:00:00'
TUI_TIMEOUT=${TUI_TIMEOUT:-10}	# seconds wait_for waits by default
TUI_SESSION=			# the session the helpers talk to
TUI_WHY=			# why the last check failed
SCREEN="$T/screen"		# the last captured screen

tmx() {
	tmux -L "$TUI_SOCKET" -f /dev/null "$@"
}

# Start the server, with a terminal type every Debian has (ncurses-base)
# and a plain shell (which dies of a hang-up at once, so that the kernel
# hangs up on sspf too, as when a real terminal is closed).
tui_server_start() {
	tmx start-server \; set -g exit-empty off \
		\; set -g default-terminal screen \
		\; set -g default-shell /bin/sh \
		\; set -g history-limit 0 ||
		return 1
}

# Stop it, and remove its socket (tmux leaves it behind).
tui_server_stop() {
	local sock="${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TUI_SOCKET"

	tmx kill-server 2>/dev/null
	[ -S "$sock" ] && rm -f "$sock"
	return 0
}

# tui_start SESSION COLS LINES [VAR=VALUE...] -- [sspf arguments...]
# Starts sspf in a new session of that size under faketime. The program
# sees only the environment given here (plus the faketime variables).
# TUI_FAKETIME may hold other faketime arguments (e.g. -f '@... x20'),
# or none for the real clock.
tui_start() {
	local name=$1 cols=$2 lines=$3 cmd w asan
	local -a envs=(PATH="$PATH" HOME="$T/home" XDG_DATA_HOME="$T/data"
		TERM=screen TZ="${TZ:-Europe/Stockholm}" LC_ALL="${LC_ALL-C.UTF-8}")

	shift 3
	asan=${ASAN_OPTIONS:-}
	# LeakSanitizer hangs or aborts at exit under libfaketime (and where
	# ptrace is not allowed): leaks are looked for in the runs without
	# faketime (TUI_FAKETIME=none, the scenario "leaks")
	if [ -n "$asan" ] && [ "${TUI_FAKETIME:-}" != none ]; then
		asan+=":detect_leaks=0"
	fi
	[ -n "$asan" ] && envs+=(ASAN_OPTIONS="$asan")
	[ -n "${UBSAN_OPTIONS:-}" ] && envs+=(UBSAN_OPTIONS="$UBSAN_OPTIONS")
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	[ "${1:-}" = -- ] && shift
	# faketime ignores the hang-up when the session is killed (sspf sets
	# its own handler), so that it waits for sspf and removes its
	# semaphore and shared memory, which would otherwise stay in /dev/shm
	# and collide with a later faketime of the same pid ("sem_open: File
	# exists"). The pane's shell keeps the default: when it dies of the
	# hang-up, the kernel hangs up on sspf, as when a terminal is closed.
	cmd="(trap '' HUP; exec env -i"
	for w in "${envs[@]}"; do
		cmd+=" $(printf '%q' "$w")"
	done
	if [ "${TUI_FAKETIME:-}" = none ]; then
		: # the real clock
	elif [ -n "${TUI_FAKETIME:-}" ]; then
		cmd+=" faketime $TUI_FAKETIME"
	else
		cmd+=" faketime $(printf '%q' "$TUI_NOW")"
	fi
	cmd+=" $(printf '%q' "$SSPF")"
	for w in "$@"; do
		cmd+=" $(printf '%q' "$w")"
	done
	# what sspf writes to standard error (a sanitizer's report) is kept,
	# and the shell of the pane writes down how sspf (faketime) ended
	rm -f "$T/status.$name" "$T/stderr.$name"
	cmd+=" 2>$(printf '%q' "$T/stderr.$name"))"
	cmd+="; echo \$? >$(printf '%q' "$T/status.$name")"
	TUI_SESSION=$name
	tmx new-session -d -s "$name" -x "$cols" -y "$lines" "$cmd"
}

# Close the session: tmux hangs up on the program, which closes the
# database and ends; wait for that, so that what it writes at the end (a
# sanitizer's report) is in its standard error file.
# One that does not end is written down in $T/hung (the last check fails)
# and killed, so that no test leaves a process behind; then it returns 1.
tui_stop() {
	local name=${1:-$TUI_SESSION} pid

	pid=$(TUI_SESSION=$name sspf_pid)
	tmx kill-session -t "$name" 2>/dev/null
	if [ -n "$pid" ] && ! wait_pid_gone "$pid"; then
		echo "$name" >>"$T/hung"
		kill -KILL "$pid" 2>/dev/null
		why "sspf did not end within ${TUI_TIMEOUT}s of the hang-up"
		return 1
	fi
	return 0
}

# Wait until process pid has ended.
wait_pid_gone() {
	local pid=$1 i=0

	while kill -0 "$pid" 2>/dev/null; do
		[ $i -lt $((TUI_TIMEOUT * 20)) ] ||
			{ why "process $pid still runs after ${TUI_TIMEOUT}s" && return 1; }
		sleep 0.05
		i=$((i + 1))
	done
}

# The runs of sspf that wrote to standard error (the screens never do:
# what comes there is a sanitizer's report or a crash), one file a line.
stderr_runs() {
	local f

	for f in "$T"/stderr.*; do
		[ -s "$f" ] && echo "$f"
	done
	return 0
}

# The screen into $SCREEN; capture_escapes keeps the escape sequences of
# colours and attributes (into $SCREEN.e).
capture() {
	tmx capture-pane -p -t "$TUI_SESSION" >"$SCREEN" 2>/dev/null
	return 0
}
capture_escapes() {
	tmx capture-pane -p -e -t "$TUI_SESSION" >"$SCREEN.e" 2>/dev/null
}

# Keys: "keys Enter", "keys Down Down", "type some text" (literal).
keys() {
	tmx send-keys -t "$TUI_SESSION" "$@" 2>/dev/null && return 0
	why "cannot send keys: sspf has ended"
	return 1
}
type_text() {
	tmx send-keys -t "$TUI_SESSION" -l -- "$1" 2>/dev/null && return 0
	why "cannot send keys: sspf has ended"
	return 1
}

# wait_for TEXT [SECONDS]: until TEXT is on the screen.
wait_for() {
	local text=$1 limit=${2:-$TUI_TIMEOUT} i=0
	local tries=$((limit * 20))

	while [ $i -lt $tries ]; do
		capture
		grep -qF -- "$text" "$SCREEN" && return 0
		pane_dead && break
		sleep 0.05
		i=$((i + 1))
	done
	capture
	grep -qF -- "$text" "$SCREEN" && return 0
	if pane_dead; then
		why "'$text' did not appear: sspf has ended (status $(pane_status))"
	else
		why "'$text' did not appear within ${limit}s"
	fi
	return 1
}

# wait_gone TEXT [SECONDS]: until TEXT is no longer on the screen.
wait_gone() {
	local text=$1 limit=${2:-$TUI_TIMEOUT} i=0
	local tries=$((limit * 20))

	while [ $i -lt $tries ]; do
		capture
		grep -qF -- "$text" "$SCREEN" || return 0
		sleep 0.05
		i=$((i + 1))
	done
	why "'$text' was still on the screen after ${limit}s"
	return 1
}

# Wait until the screen stops changing (for what has no text to wait
# for, e.g. that a key did nothing): twice the same after 0.2 s.
settle() {
	local before i=0

	capture
	while [ $i -lt 40 ]; do
		before=$(cat "$SCREEN")
		sleep 0.2
		capture
		[ "$before" = "$(cat "$SCREEN")" ] && return 0
		i=$((i + 1))
	done
	return 0
}

# Assertions on the screen captured last.
has() {
	grep -qF -- "$1" "$SCREEN" && return 0
	why "'$1' is not on the screen"
	return 1
}
lacks() {
	grep -qF -- "$1" "$SCREEN" || return 0
	why "'$1' is on the screen: $(grep -F -- "$1" "$SCREEN" | head -n 1)"
	return 1
}
# lacks_any FILE: none of the lines of FILE is on the screen.
lacks_any() {
	local found

	found=$(grep -oF -f <(grep . "$1") "$SCREEN" | head -n 3 | tr '\n' ',')
	[ -z "$found" ] && return 0
	why "on the screen: ${found%,}"
	return 1
}

# Whether sspf has ended, and its exit status (faketime passes it on; a
# signal that killed sspf gives 1). The pane's shell writes it, so this
# does not depend on when tmux notices.
pane_dead() {
	[ -s "$T/status.$TUI_SESSION" ]
}
pane_status() {
	cat "$T/status.$TUI_SESSION" 2>/dev/null
}
# The pid of sspf itself: the last of the pane's shell, faketime, sspf.
sspf_pid() {
	local p c

	p=$(tmx display -p -t "$TUI_SESSION" '#{pane_pid}' 2>/dev/null) &&
		[ -n "$p" ] || return 1
	while c=$(pgrep -P "$p" | head -n 1) && [ -n "$c" ]; do
		p=$c
	done
	echo "$p"
}
# wait_exit [SECONDS]: until sspf has ended.
wait_exit() {
	local limit=${1:-$TUI_TIMEOUT} i=0

	while [ $i -lt $((limit * 20)) ]; do
		pane_dead && return 0
		sleep 0.05
		i=$((i + 1))
	done
	why "sspf did not end within ${limit}s"
	return 1
}

# ---- TAP ----

TAP_N=0
TAP_FAILED=0

why() {
	TUI_WHY=$1
}

# check DESCRIPTION COMMAND...: one TAP point; on failure the reason and
# the screen captured last, as comments.
check() {
	local desc=$1

	shift
	TUI_WHY=
	TAP_N=$((TAP_N + 1))
	if "$@"; then
		echo "ok $TAP_N - $desc"
	else
		echo "not ok $TAP_N - $desc"
		TAP_FAILED=$((TAP_FAILED + 1))
		tap_diag
	fi
}

# todo REASON DESCRIPTION COMMAND...: a point that is not expected to
# pass yet (TAP "# TODO"): its failure is reported, not counted. When it
# passes, meson calls it an unexpected pass (a failure): make it a check.
todo() {
	local reason=$1 desc=$2

	shift 2
	TUI_WHY=
	TAP_N=$((TAP_N + 1))
	if "$@"; then
		echo "ok $TAP_N - $desc # TODO $reason"
	else
		echo "not ok $TAP_N - $desc # TODO $reason"
		tap_diag
	fi
}

tap_diag() {
	echo "#   ${TUI_WHY:-failed}"
	if [ -s "$SCREEN" ]; then
		echo "#   screen of session '$TUI_SESSION':"
		sed 's/^/#   |/' "$SCREEN"
	fi
	if [ -s "$T/stderr.$TUI_SESSION" ]; then
		echo "#   standard error of sspf:"
		head -n 40 "$T/stderr.$TUI_SESSION" | sed 's/^/#   : /'
		grep -q "sem_open: File exists" "$T/stderr.$TUI_SESSION" &&
			echo "#   (a faketime killed earlier left its /dev/shm/sem.faketime_sem_PID behind; remove those of no running faketime)"
	fi
}
