#!/bin/bash
# What a curious student tries next (README, "When something goes wrong"): resuming with other
# flags, reusing folders, moving data, absurd sizes, degenerate CSV files, signals while loading or
# plotting, closed or full standard output, and the messages each gets.
#   usage: app_reliability.sh BIN_DIR WORK_DIR
set -u
bin=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
source "$here/app_expect.sh"
train=("$bin/mytorch-train" --quiet --no-plots)
eval=("$bin/mytorch-eval")

# --- Runs and folders -------------------------------------------------------------------------
"${train[@]}" --dataset moons --hidden 8 --epochs 2 --out run || fail "the first run"

# Flags that contradict the checkpoint are refused, naming the flag and the checkpoint's value.
while read -r flag value saved; do
  expect 2 "$flag $value contradicts run/model.npz, trained with $flag $saved" \
    "${train[@]}" --resume run/model.npz --epochs 3 "$flag" "$value"
done <<'EOF'
--dataset xor moons
--hidden 4 8
--activation tanh relu
--optimizer adam sgd
--batch-size 16 32
--seed 5 0
--lr-schedule cosine constant
--val-split 0.2 0.1
--dropout 0.1 0
--momentum 0.5 0.9
EOF
expect 2 "--batchnorm contradicts run/model.npz, trained without --batchnorm" \
  "${train[@]}" --resume run/model.npz --epochs 3 --batchnorm
expect 2 "--epochs 2: run/model.npz has 2 epochs done already" "${train[@]}" --resume run/model.npz --epochs 2
expect 2 "run/model.npz has finished its 2 epochs; to train on, give a larger total, e.g. --epochs 4" \
  "${train[@]}" --resume run/model.npz

# The same values, in any case, are no contradiction; without --out the run continues in its folder.
"${train[@]}" --resume run/model.npz --epochs 3 --dataset MOONS --hidden 8 --lr 0.05 --threads 1 2>stderr.txt ||
  fail "resume with agreeing flags, a new --lr and --threads: $(cat stderr.txt)"
[[ $(grep -c '^3,' run/metrics.csv) == 1 && ! -e runs ]] || fail "the resumed run did not continue in run/"

# A folder that holds a run is refused; --force replaces it, old plots included; a second trainer
# on a folder in use stops at once.
mkdir -p other && touch other/metrics.csv
expect 1 "output folder other holds a run already (metrics.csv): choose another --out, or add --force" \
  "${train[@]}" --dataset moons --hidden 8 --epochs 1 --out other
touch run/loss.png
"${train[@]}" --dataset moons --hidden 8 --epochs 1 --out run --force || fail "--force"
[[ ! -e run/loss.png && $(grep -c . run/metrics.csv) == 2 ]] || fail "--force left the old run's files"
"${train[@]}" --dataset digits --batch-size 4 --epochs 200 --out busy 2>busy.err &
busy=$!
for _ in $(seq 500); do [[ -e busy/.lock ]] && break; sleep 0.02; done
expect 1 "run folder busy is in use by another training run (pid $busy)" \
  "${train[@]}" --dataset moons --epochs 1 --out busy --force
kill -TERM "$busy" && wait "$busy"

# A CSV run records the file's absolute path: it evaluates from any folder; once the file moved, the
# message says how to point at it, and --dataset csv:PATH does.
mkdir -p data moved
for i in $(seq 60); do echo "$((i % 7)),$((i % 5)),$((i % 2))"; done >data/a.csv
(cd data && "${train[@]}" --dataset csv:a.csv --hidden 8 --epochs 1 --out ../csvrun) || fail "the CSV run"
"${eval[@]}" --model csvrun/model.npz >/dev/null || fail "evaluating a CSV run from another folder"
mv data/a.csv moved/a.csv
expect 1 "csvrun/model.npz was trained on $PWD/data/a.csv, which is no longer there: if the file moved, name its new place with --dataset csv:PATH" \
  "${eval[@]}" --model csvrun/model.npz
"${eval[@]}" --model csvrun/model.npz --dataset csv:moved/a.csv >/dev/null || fail "eval --dataset csv:NEWPATH"
"${train[@]}" --resume csvrun/model.npz --dataset csv:moved/a.csv --epochs 2 || fail "resume --dataset csv:NEWPATH"

# A run that fails before its first save leaves no folder behind (here: divergence in epoch 1).
expect 1 "no checkpoint was saved before it" "${train[@]}" --lr 1e30 --epochs 2 --out gone/run
[[ ! -e gone ]] || fail "a run that failed before its first save left gone/"

# --- Sizes and data ---------------------------------------------------------------------------
# A network larger than any machine: refused in well under a second, allocating nothing big (the
# address space is limited to 2 GB: an attempt would fail with bad_alloc instead). AddressSanitizer
# reserves terabytes of address space: under it the limits are left out.
sanitized=false
ldd "$bin/mytorch-train" | grep -q libasan && sanitized=true
limited() {  # limited KB command…: the command with at most KB kilobytes of address space
  local kb=$1
  shift
  if $sanitized; then "$@"; else (ulimit -v "$kb" && exec "$@"); fi
}
start=$(date +%s%N)
expect 1 "the run needs about " limited 2000000 "${train[@]}" --hidden 100000,100000 --out out
((($(date +%s%N) - start) < 1000000000)) || fail "the memory guard took a second or more"
expect 1 "more than the limit of 4.0 GiB; make --hidden or --batch-size smaller" \
  "${train[@]}" --hidden 30000,30000 --max-memory 4G --out out
expect 2 "--max-memory: '4X' is not a size in bytes" "${train[@]}" --max-memory 4X
# An allocation that fails all the same is one line, naming what was being allocated.
$sanitized || expect 1 "out of memory while building the model" \
  limited 1500000 "${train[@]}" --hidden 30000,30000 --max-memory 1T --out out
# A label of 65535 asks for 65536 classes: a warning names the missing labels, the guard refuses.
printf '1,2,0\n3,4,65535\n2,1,0\n4,3,65535\n1,1,0\n5,5,65535\n' >huge.csv
expect 1 "confusion matrix 32 GiB), more than the limit of 8.0 GiB" \
  "${train[@]}" --dataset csv:huge.csv --max-memory 8G --out out
grep -qF "no sample has label 1, 2, 3, 4, 5, …, 65534 (65534 in all)" stderr.txt || fail "no warning of the missing labels"

# Degenerate data: one class, labels from 1, features near the largest double, too few rows.
printf '1,2,0\n3,4,0\n5,6,0\n7,8,0\n' >one.csv
expect 1 "csv:$PWD/one.csv has only one class (label 0): nothing to classify" \
  "${train[@]}" --dataset csv:one.csv --out out
for i in $(seq 30); do echo "$i,$((i % 4)),$((1 + i % 2))"; done >from1.csv
"${train[@]}" --dataset csv:from1.csv --epochs 1 --out from1 2>stderr.txt || fail "labels starting at 1"
grep -qF "but no sample has label 0 (labels should start at 0)" stderr.txt || fail "no warning for labels from 1"
for i in $(seq 10); do printf '1e308,%d,0\n-1e308,%d,1\n' "$i" "$i"; done >huge-values.csv
"${train[@]}" --dataset csv:huge-values.csv --epochs 1 --out huge-values || fail "features near 1e308"
printf '1,2,0\n3,4,1\n' >two.csv
expect 1 "2 samples are too few for a test split of 20 %, a validation split of 10 % of the rest and a training split: they need at least 6 samples" \
  "${train[@]}" --dataset csv:two.csv --out out

# CSV from a spreadsheet: a byte-order mark and a header row; an invisible character shown escaped.
{ printf '\xef\xbb\xbfx1,x2,label\n'; for i in $(seq 30); do echo "$i,$((i % 3)),$((i % 2))"; done; } >sheet.csv
"${train[@]}" --dataset csv:sheet.csv --epochs 1 --out sheet 2>stderr.txt || fail "a CSV with BOM and header"
[[ $(cat stderr.txt) == "warning: csv:$PWD/sheet.csv: skipped the header row x1,x2,label" ]] ||
  fail "header warning: $(cat stderr.txt)"
printf '1,2\xe2\x80\x8b,0\n' >invisible.csv
expect 1 "invisible.csv:1: field 2 '2\\xE2\\x80\\x8B' is not a number" "${train[@]}" --dataset csv:invisible.csv --out out

# --val-split is a fraction of the training data; every accepted value works.
for split in 0 0.5 0.9; do
  "${train[@]}" --dataset moons --hidden 4 --epochs 1 --val-split "$split" --out "split-$split" ||
    fail "--val-split $split"
done
"${eval[@]}" --model split-0/model.npz >/dev/null || fail "evaluating a run without validation"
"${train[@]}" --resume split-0/model.npz --epochs 2 || fail "resuming a run without validation"
expect 2 "--val-split: '0.95' is not in [0, 0.9]" "${train[@]}" --val-split 0.95

# --- Signals and streams ----------------------------------------------------------------------
# A FIFO that no one writes: Ctrl-C or SIGTERM ends the wait; nothing is written.
mkfifo fifo
for signal in INT TERM; do
  "$bin/mytorch-train" --dataset csv:fifo --out out 2>stderr.txt &
  pid=$!
  sleep 0.5
  kill -"$signal" "$pid"
  wait "$pid"
  code=$?
  [[ $code == $((128 + $(kill -l "$signal"))) ]] || fail "FIFO + SIG$signal: exit $code"
  grep -qF "while loading the data; nothing was written" stderr.txt || fail "FIFO + SIG$signal: $(cat stderr.txt)"
  [[ ! -e out ]] || fail "FIFO + SIG$signal left out/"
done

"$bin/mytorch-train" --resume fifo 2>stderr.txt &
pid=$!
sleep 0.5
kill -INT "$pid"
wait "$pid"
code=$?
[[ $code == 130 ]] && grep -qF "stopped by Ctrl-C (SIGINT) while loading the checkpoint; nothing was written" stderr.txt ||
  fail "--resume FIFO + SIGINT: exit $code, $(cat stderr.txt)"

# A gnuplot that hangs: SIGTERM kills it and ends the program at once.
mkdir -p slow-bin && printf '#!/bin/sh\nexec /bin/sleep 100\n' >slow-bin/gnuplot && chmod +x slow-bin/gnuplot
PATH="$PWD/slow-bin:$PATH" "$bin/mytorch-train" --quiet --dataset moons --hidden 4 --epochs 1 --out plots 2>stderr.txt &
pid=$!
for _ in $(seq 500); do [[ -e plots/loss.gp ]] && break; sleep 0.02; done
sleep 0.2
start=$(date +%s%N)
kill -TERM "$pid"
wait "$pid"
code=$?
(($(date +%s%N) - start < 2000000000)) || fail "SIGTERM while plotting took 2 s or more"
[[ $code == 143 ]] || fail "SIGTERM while plotting: exit $code"
grep -qF "stopped by SIGTERM while drawing the plots; the training is complete" stderr.txt || fail "$(cat stderr.txt)"

# Standard output that cannot be written: a full disk is an error; a closed pipe stops the run, which
# keeps its checkpoint.
"${train[@]}" --hidden 4 --epochs 1 --json --out full-stdout >/dev/full 2>stderr.txt
code=$?
[[ $code == 1 && $(grep -c . stderr.txt) == 1 ]] && grep -qF "cannot write to standard output" stderr.txt ||
  fail "--json >/dev/full: exit $code, $(cat stderr.txt)"
"$bin/mytorch-train" --no-plots --dataset moons --hidden 4 --epochs 500 --batch-size 1000 --save-every 0 \
  --out piped 2>stderr.txt | head -1 >/dev/null
code=${PIPESTATUS[0]}
[[ $code == 1 ]] || fail "| head: exit $code"
grep -qF "standard output cannot be written (a closed pipe or a full disk); stopped in epoch" stderr.txt ||
  fail "| head: $(cat stderr.txt)"
"${eval[@]}" --model piped/model.npz >/dev/null || fail "the checkpoint of a run stopped by a closed pipe"

# With --json an error still ends stdout with one JSON object.
expect 2 "--lr-schedule: 'step' is not one of constant, cosine" "${train[@]}" --json --lr-schedule step
[[ $(tail -1 stdout.txt) == '{"error":"--lr-schedule: '"'"'step'"'"' is not one of constant, cosine"}' ]] ||
  fail "--json usage error: $(cat stdout.txt)"
expect 1 "missing.npz: cannot open" "${eval[@]}" --json --model missing.npz
[[ $(tail -1 stdout.txt) == '{"error":"missing.npz: cannot open: No such file or directory"}' ]] ||
  fail "--json error: $(cat stdout.txt)"

# --- Messages ---------------------------------------------------------------------------------
"${train[@]}" --dataset Moons --activation TanH --optimizer SGD --lr-schedule COSINE --model MLP --hidden 4 \
  --epochs 1 --out cases || fail "names in other cases"
"${eval[@]}" --model cases/model.npz --dataset MOONS >/dev/null || fail "mytorch-eval --dataset MOONS"
expect 2 "--momentum is SGD's: adam does not use it" "${train[@]}" --optimizer adam --momentum 0.5
expect 1 "the learning rate 1e+308 is too large: try 0.1 (the usual one) or 0.01" "${train[@]}" --lr 1e308 --out out
grep -q "1e+307" stderr.txt && fail "advice of 1e+307"
# A folder that may not be entered: "Permission denied", not "not found" (as nobody when root).
mkdir -p locked && cp "$here/../data/iris.csv" locked/ && chmod 000 locked
as_user=()
[[ $(id -u) == 0 ]] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
expect 1 "locked/iris.csv: Permission denied" "${as_user[@]}" "${train[@]}" --dataset iris --data-dir locked --out out
chmod 755 locked

echo "$failures failures"
[[ $failures == 0 ]]
