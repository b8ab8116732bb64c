# shellcheck shell=bash
# tap.sh - what the end-to-end test scripts (tests/cli/*.sh,
# tests/print/test_print.sh) share: one TAP line per check, with the
# command's output under a failed one, the usual conditions, and the end
# that checks the plan. Source it once T (the test's folder) is set.
# Each script's own run() leaves the command's output in $T/out or
# $T/stdout, its errors in $T/err and its exit status in $rc.
n=0
failed=0
rc=0

# result DESCRIPTION CONDITION...: one TAP line; on failure the output.
result() {
	local desc=$1 f
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		failed=$((failed + 1))
		echo "#   exit status: $rc"
		for f in "$T/out" "$T/stdout"; do
			[ -f "$f" ] && sed 's/^/#   stdout: /' "$f" | head -n 20
		done
		[ -f "$T/err" ] && sed 's/^/#   stderr: /' "$T/err" | head -n 20
	fi
	return 0
}

# skip DESCRIPTION REASON
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

status_is() { [ "$rc" -eq "$1" ]; }
# out_has / err_has [--] PATTERN: an extended regular expression, any case
out_has() {
	[ "$1" = "--" ] && shift
	cat "$T/out" "$T/stdout" 2>/dev/null | grep -qiE -- "$1"
}
err_has() {
	[ "$1" = "--" ] && shift
	grep -qiE -- "$1" "$T/err"
}
mode_is() { [ "$(stat -c %a "$2")" = "$1" ]; }
no_file() { [ ! -e "$1" ]; }

# tap_end: the script's exit status: 1 unless all $PLAN checks ran (when
# PLAN is set) and none failed.
tap_end() {
	if [ -n "${PLAN:-}" ] && [ "$n" -ne "$PLAN" ]; then
		echo "# planned $PLAN tests, ran $n"
		exit 1
	fi
	[ "$failed" -eq 0 ]
	exit $?
}
