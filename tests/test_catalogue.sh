#!/bin/bash
# test_catalogue.sh - the Swedish catalogue is complete: every source file
# with translatable strings is listed in contrib/po/POTFILES, every message
# of those files has a Swedish translation in contrib/po/sv.po (none
# missing, none fuzzy), and its printf formats match the English ones.
# Run by meson as "test_catalogue.sh SOURCE_ROOT"; prints TAP.
set -u
root=$1
cd "$root" || exit 1
T=$(mktemp -d "${TMPDIR:-/tmp}/sspf-po.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
n=0
failed=0
result() {
	local desc=$1 out=$2
	n=$((n + 1))
	if [ -z "$out" ]; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		printf '%s\n' "$out" | head -n 20 | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
}
echo "1..3"
missing=$(grep -lE '\b(_|N_|L_)\("' src/tui/*.c src/core/*.c src/store/*.c |
	grep -vxF -f contrib/po/POTFILES)
result "every file with translatable strings is in POTFILES" "$missing"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=L_ \
	-o "$T/sspf.pot" -f contrib/po/POTFILES 2>"$T/err"
result "msgcmp: every message has a Swedish translation" \
	"$(cat "$T/err"; msgcmp contrib/po/sv.po "$T/sspf.pot" 2>&1 >/dev/null)"
msgfmt --check --statistics -o /dev/null contrib/po/sv.po 2>"$T/stat"
result "msgfmt --check: formats match, nothing fuzzy or untranslated" \
	"$(grep -E 'fuzzy|untranslated|error|warning' "$T/stat")"
[ $failed -eq 0 ]
