#!/usr/bin/env bash
# The live view's resize-during-re-scatter scenario (tests/view.rs,
# resizing_while_the_head_is_laid_out_again_keeps_working) run N times in a
# row while another process renders on the same CPU driver and a busy loop
# takes the other core: issue 10's proof that a surface configure and the
# head thread's GPU work never meet.
#
#   scripts/stress-resize.sh [RUNS] [BACKEND] [SMP]
#   scripts/stress-resize.sh 200 vulkan target/release/smp
#
# Prints one line per failure and "BACKEND: F failures in N runs".
set -uo pipefail
runs=${1:-200}
backend=${2:-vulkan}
smp=$(realpath "${3:-target/release/smp}")
export WGPU_BACKEND=$backend NODEVICE_SELECT=1
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; sleep 1; rm -rf "$work"' EXIT

# The load: smp render in a loop on the same driver, and a busy loop.
( while true; do "$smp" render --views all --size 1024 --out "$work/load" >/dev/null 2>&1; done ) &
( while true; do :; done ) &

script=$work/script.txt
: >"$script"
for k in $(seq 1 15); do
  printf 'set zones.top %d\nresize %d 600\nset zones.crown %d\nresize 1100 %d\n' \
    $((80 + k)) $((800 + 10 * k)) $((70 + k)) $((600 + 5 * k)) >>"$script"
done
echo "screenshot $work/shot.png 200 200" >>"$script"

failures=0
for run in $(seq 1 "$runs"); do
  rm -f "$work/shot.png"
  xvfb-run -a -s "-screen 0 1280x800x24" "$smp" view --script "$script" --frames 3 >"$work/out" 2>"$work/err"
  rc=$?
  if [ $rc -ne 0 ] || grep -q -e panicked -e "GPU work failed" "$work/err" || [ ! -s "$work/shot.png" ]; then
    failures=$((failures + 1))
    echo "run $run: rc $rc: $(grep -m1 -e error -e failed -e panicked "$work/err" | cut -c1-300)"
  fi
  [ $((run % 10)) -ne 0 ] || echo "$(date +%T) $backend: $failures failures in $run runs so far"
done
echo "$backend: $failures failures in $runs runs"
