#!/usr/bin/env bash
# Kills a process with SIGKILL at random moments while it saves checkpoints to one path in a loop,
# and checks after every kill that the file at that path loads whole (atomic saves) and that killed
# writers' temporary files do not pile up.
#
#   kill_during_save.sh CHECKPOINT_WRITER WORK_DIR [ROUNDS]
set -euo pipefail
writer=$1 dir=$2 rounds=${3:-60}
rm -rf "$dir" && mkdir -p "$dir"
target="$dir/model.npz"
"$writer" write "$target" 1  # a first whole checkpoint, so the target always exists

interrupted=0  # kills that left a temporary file: the writer was in the middle of a save
last_epoch=1 changed=0
for ((round = 1; round <= rounds; ++round)); do
  "$writer" write "$target" &
  pid=$!
  sleep "$(printf '0.%03d' $((RANDOM % 110 + 10)))"
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true

  if ! epoch=$("$writer" check "$target"); then
    echo "round $round: the checkpoint at $target does not load after kill -9"
    exit 1
  fi
  ((epoch != last_epoch)) && changed=$((changed + 1))
  last_epoch=$epoch
  temporaries=$(find "$dir" -name 'model.npz.tmp-*' | wc -l)
  if ((temporaries > 1)); then
    echo "round $round: $temporaries temporary files accumulated:"; ls "$dir"
    exit 1
  fi
  interrupted=$((interrupted + temporaries))
done
echo "$rounds kills: the checkpoint loaded every time; $changed rounds saved a newer one;" \
     "$interrupted kills landed in the middle of a save"
rm -rf "$dir"
