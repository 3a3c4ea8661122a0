#!/bin/bash
# Ctrl-C (SIGINT) or SIGTERM during mytorch-train: the program finishes its batch, saves model.npz,
# prints how to continue and exits with 128 + the signal; --resume then reaches the same metrics as
# an uninterrupted run.   usage: app_interrupt.sh BIN_DIR WORK_DIR SIGNAL(INT|TERM)
set -u
bin=$1 work=$2 signal=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
run=("$bin/mytorch-train" --dataset digits --epochs 20 --batch-size 4 --hidden 64 --quiet)
fail() { echo "FAIL: $*"; exit 1; }

"${run[@]}" --out whole || fail "the uninterrupted run"

"${run[@]}" --out part 2>stderr.txt &
pid=$!
for _ in $(seq 3000); do [[ -e part/metrics.csv ]] && break; sleep 0.02; done  # epoch 1 done: in epoch 2
kill -"$signal" "$pid"
wait "$pid"
code=$?
cat stderr.txt
expected=$((128 + $(kill -l "$signal")))
[[ $code == "$expected" ]] || fail "exit code $code, expected $expected"
grep -qF -- "continue with: mytorch-train --resume part/model.npz" stderr.txt || fail "no --resume hint"
[[ $(grep -c . stderr.txt) -le 2 ]] || fail "more than the note and the hint on stderr"
[[ $(wc -l <part/metrics.csv) -lt 21 ]] || fail "the run had finished before the signal came"

"$bin/mytorch-eval" --model part/model.npz >/dev/null || fail "the saved checkpoint does not load"
"$bin/mytorch-train" --resume part/model.npz --quiet || fail "the resumed run (in its own folder, to its 20 epochs)"
diff <(cut -d, -f1-5 whole/metrics.csv) <(cut -d, -f1-5 part/metrics.csv) ||
  fail "resumed metrics differ from the uninterrupted run"
echo "interrupted with SIG$signal, resumed, metrics identical"
