#!/usr/bin/env bash
# Runs CI (.ci/run) on fresh clones of HEAD, N times in a row (default 5), while another process
# keeps one core busy the whole time, as the issue on tests under load asks. Prints each run's
# closing line and the time it took; exits non-zero at the first run that fails.
# Usage: bash scripts/ci-under-load.sh [runs] [log folder]
set -uo pipefail
runs=${1:-5}
logs=${2:-$(mktemp -d)}
repo=$(git rev-parse --show-toplevel)
mkdir -p "$logs"

node -e 'for(;;){}' &
busy=$!
trap 'kill $busy 2>/dev/null' EXIT

for i in $(seq 1 "$runs"); do
  clone=$(mktemp -d)
  git clone -q "$repo" "$clone"
  commit=$(git -C "$clone" rev-parse --short HEAD)
  start=$(date +%s)
  (cd "$clone" && bash .ci/run) >"$logs/run-$i.log" 2>&1
  status=$?
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logs/run-$i.log" | tail -n 1)
  echo "run $i at $commit: ${line:-no closing line} (exit $status, $(($(date +%s) - start)) s)"
  rm -rf "$clone"
  [ "$status" -eq 0 ] || exit 1
done
