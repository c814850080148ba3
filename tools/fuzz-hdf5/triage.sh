#!/bin/sh
# Replays every input `make fuzz-hdf5` saved (crash-*, timeout-*, oom-*, leak-*) through the fuzz target
# alone, symbolized, and sorts each by where it ended:
#   known-attr   libhdf5 1.10.8's attribute message decoder (H5O__attr_exists / H5O__msg_iterate_real)
#   known-link   libhdf5 1.10.8's link name from a corrupted local heap (H5G__node_by_idx)
#   no-repro     ended cleanly when run alone (the crash depended on heap state)
#   NEW          anything else: a finding to fix in the reader (docs/reliability.md, "Findings")
# Prints one line per input and a summary; the replay's report is kept beside the input as INPUT.txt.
# Exits 1 when any input is NEW. Usage: tools/fuzz-hdf5/triage.sh FINDINGS_DIR [BINARY]
set -u
dir=$1
bin=${2:-tools/fuzz-hdf5/.build/release/fuzz-hdf5}
known_attr=0; known_link=0; norepro=0; new=0
for f in "$dir"/crash-* "$dir"/timeout-* "$dir"/oom-* "$dir"/leak-*; do
  [ -f "$f" ] || continue
  case "$f" in *.txt) continue ;; esac
  ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=0 "$bin" -timeout=60 -rss_limit_mb=2048 \
    -malloc_limit_mb=2147483647 -detect_leaks=0 "$f" > "$f.txt" 2>&1
  status=$?
  # The frames of the first report, up to the first Swift frame of the reading layer (the caller).
  top=$(sed -n '/^ *#0 /,/AttestFixtures/p' "$f.txt" | head -12)
  if [ "$status" -eq 0 ]; then kind=no-repro; norepro=$((norepro + 1))
  elif echo "$top" | grep -q -e 'H5O__attr_exists' -e 'H5O__msg_iterate_real'; then kind=known-attr; known_attr=$((known_attr + 1))
  elif echo "$top" | grep -q 'H5G__node_by_idx'; then kind=known-link; known_link=$((known_link + 1))
  else kind=NEW; new=$((new + 1))
  fi
  printf '%-10s %s  %s\n' "$kind" "$(basename "$f")" "$(grep -m1 -e 'ERROR: ' -e 'Fatal error' "$f.txt" | cut -c1-120)"
done
echo "triage: known-attr $known_attr, known-link $known_link, no-repro $norepro, NEW $new"
[ "$new" -eq 0 ]
