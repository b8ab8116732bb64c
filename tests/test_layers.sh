#!/bin/bash
# test_layers.sh - the layering the architecture demands, checked on the
# sources: front ends reach case data only through the public API (which
# has no SQLite handle), the screens take "today" from the core, and the
# core and store hold no curses or cairo; the print layer (PDF) uses the
# public API only.
# Run by meson as "test_layers.sh SOURCE_ROOT"; prints TAP.
set -u
root=$1
n=0
failed=0
check() {
	local desc=$1 hits=$2
	n=$((n + 1))
	if [ -z "$hits" ]; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		printf '#   %s\n' "$hits" | head -n 10
		failed=$((failed + 1))
	fi
}
echo "1..9"
check "public headers expose no SQLite handle or internal header" \
	"$(grep -nE 'sqlite3|#include "' "$root"/include/sspf/*.h | grep -v '^[^:]*:[0-9]*: \*')"
check "the CLI includes no internal header of the store or the core" \
	"$(grep -nE '#include "(store|core)/' "$root"/src/cli/*.c "$root"/src/cli/*.h)"
check "the CLI never touches SQLite itself" \
	"$(grep -nE 'sqlite3' "$root"/src/cli/*.c "$root"/src/cli/*.h)"
check "the screens include no internal header of the store or the core" \
	"$(grep -nE '#include "(store|core|cli)/' "$root"/src/tui/*.c "$root"/src/tui/*.h)"
check "the screens never touch SQLite themselves" \
	"$(grep -nE 'sqlite3' "$root"/src/tui/*.c "$root"/src/tui/*.h)"
check "the screens never ask the system clock for the date (the core's clock decides)" \
	"$(grep -nE '\b(localtime|gmtime|sspf_clock_today|sspf_clock_system)\b' "$root"/src/tui/*.c)"
check "the print layer includes no internal header of the store, core or front ends" \
	"$(grep -nE '#include "(store|core|cli|tui)/' "$root"/src/print/*.c "$root"/src/print/*.h)"
check "the print layer never touches SQLite itself" \
	"$(grep -nE 'sqlite3' "$root"/src/print/*.c "$root"/src/print/*.h)"
check "the core and store include no curses or cairo" \
	"$(grep -nE '#include <(n?curses|ncursesw/|cairo|pango)' "$root"/src/core "$root"/src/store -r)"
[ $failed -eq 0 ]
