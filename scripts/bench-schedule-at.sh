#!/usr/bin/env bash
# Times `bin/astreinte schedule at --json -` over N random instants (default 100 000) spread over
# 2026-2030, JVM start included. Generates the input with awk (no external tool), runs 3 times.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-100000}"
input="$(mktemp)"; output="$(mktemp)"
trap 'rm -f "$input" "$output"' EXIT
awk -v n="$n" 'BEGIN {
  srand(42); base = 1767225600  # 2026-01-01T00:00:00Z
  for (i = 0; i < n; i++) {
    t = base + int(rand() * 5 * 365 * 86400)
    z = int(t / 86400) + 719468; s = t % 86400        # days-from-civil, inverted (H. Hinnant)
    era = int(z / 146097); doe = z - era * 146097
    yoe = int((doe - int(doe/1460) + int(doe/36524) - int(doe/146096)) / 365)
    y = yoe + era * 400; doy = doe - (365*yoe + int(yoe/4) - int(yoe/100))
    mp = int((5*doy + 2)/153); d = doy - int((153*mp+2)/5) + 1; m = mp < 10 ? mp + 3 : mp - 9
    if (m <= 2) y++
    printf "%04d-%02d-%02dT%02d:%02d:%02dZ\n", y, m, d, int(s/3600), int(s%3600/60), s%60
  }
}' > "$input"
"$here/bin/astreinte" schedule at --json - < "$input" > /dev/null   # builds the jar if missing, warms the page cache
for run in 1 2 3; do
  start=$(date +%s.%N)
  "$here/bin/astreinte" schedule at --json - < "$input" > "$output"
  end=$(date +%s.%N)
  printf 'run %d: %d lines (%d errors) in %.2f s\n' "$run" "$(wc -l < "$output")" \
    "$(grep -c '"error"' "$output" || true)" "$(echo "$end - $start" | bc)"
done
