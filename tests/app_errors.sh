#!/bin/bash
# Every way the programs can be called wrongly must end in exactly one line on stderr that names the
# culprit, the documented exit code (2: usage, 1: files, data, divergence; apps/cli.hpp), no crash
# and no output folder left behind.   usage: app_errors.sh BIN_DIR WORK_DIR
set -u
bin=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
source "$here/app_expect.sh"

train=("$bin/mytorch-train" --quiet --out out)
expect 2 "--bogus" "${train[@]}" --bogus
expect 2 "unknown dataset 'nope'" "${train[@]}" --dataset nope
for bad in abc -3 0 2.5; do expect 2 "--epochs: '$bad'" "${train[@]}" --epochs "$bad"; done
for bad in 0 -1 x; do expect 2 "--batch-size: '$bad'" "${train[@]}" --batch-size "$bad"; done
for bad in 0 -1 nan inf 1e999 fast; do expect 2 "--lr: '$bad'" "${train[@]}" --lr "$bad"; done
for bad in 256,,128 0 -3 abc 256, 1000000; do expect 2 "--hidden" "${train[@]}" --hidden "$bad"; done
expect 2 "--activation" "${train[@]}" --activation selu
expect 2 "--optimizer" "${train[@]}" --optimizer rmsprop
expect 2 "--momentum: '1.5'" "${train[@]}" --momentum 1.5
expect 2 "--val-split: 'nan'" "${train[@]}" --val-split nan
expect 2 "--save-every: '-1'" "${train[@]}" --save-every -1
expect 2 "--seed: '-1'" "${train[@]}" --seed -1
for bad in -1 x 2.5 1025 99999 ""; do expect 2 "--threads: '$bad'" "${train[@]}" --threads "$bad"; done
expect 2 "--threads: '1025' is more than 1024" "$bin/mytorch-eval" --model m.npz --threads 1025
expect 2 "--threads: 'two'" "$bin/mytorch-playground" --threads two
for bad in -0.1 nan 1.5; do expect 2 "--dropout: '$bad'" "${train[@]}" --dropout "$bad"; done
expect 2 "--dropout must be below 1" "${train[@]}" --dropout 1
for bad in -1 inf; do expect 2 "--weight-decay: '$bad'" "${train[@]}" --optimizer adamw --weight-decay "$bad"; done
expect 2 "use it with --optimizer adamw" "${train[@]}" --optimizer adam --weight-decay 0.01
# The CNN takes images, and --conv belongs to it.
expect 2 "--model cnn needs images, and --dataset spiral has none" "${train[@]}" --model cnn --dataset spiral
expect 2 "--conv sets the conv blocks of --model cnn; the mlp model has none" "${train[@]}" --dataset digits --conv 8
for bad in 0 16,0 -4 16,,32; do expect 2 "--conv: '" "${train[@]}" --dataset digits --model cnn --conv "$bad"; done
expect 2 "--conv needs at least one block" "${train[@]}" --dataset digits --model cnn --conv ""
expect 2 "--conv 8,8,8,8: CNN: a 1×8×8 image is too small for 4 conv blocks" \
  "${train[@]}" --dataset digits --model cnn --conv 8,8,8,8

# Output folders that cannot be written: found before training (exit 1).
touch a-file
expect 1 "a-file: exists and is not a folder" "$bin/mytorch-train" --quiet --epochs 1 --out a-file
expect 1 "a-file" "$bin/mytorch-train" --quiet --epochs 1 --out a-file/below
expect 1 "/proc/mytorch-x" "$bin/mytorch-train" --quiet --epochs 1 --out /proc/mytorch-x

# A learning rate far too large: one line with advice, exit 1, the last good epoch kept.
expect 1 "the learning rate 1e+06 is too large: try 0.1 (the usual one) or 0.01" "$bin/mytorch-train" --quiet --lr 1e6 --out diverged
grep -qF "the last good checkpoint diverged/model.npz" stderr.txt || grep -qF "no checkpoint was saved" stderr.txt ||
  { echo "FAIL: the divergence message says nothing of the checkpoint"; failures=$((failures + 1)); }
if [[ -e diverged/model.npz ]] && ! "$bin/mytorch-eval" --model diverged/model.npz >/dev/null; then
  echo "FAIL: the checkpoint kept after divergence does not evaluate"
  failures=$((failures + 1))
fi

# Checkpoints that are no good, for --resume and for mytorch-eval (exit 1, the file named).
"$bin/mytorch-train" --quiet --epochs 1 --hidden 8 --out good || exit 1
head -c 1000 good/model.npz >truncated.npz
echo "not a checkpoint" >text.npz
for bad in truncated.npz text.npz missing.npz; do
  expect 1 "$bad" "${train[@]}" --resume "$bad"
  expect 1 "$bad" "$bin/mytorch-eval" --model "$bad"
done
expect 1 "good/model.npz takes 2 features" "$bin/mytorch-eval" --model good/model.npz --dataset digits
expect 2 "--model is required" "$bin/mytorch-eval"
expect 2 "unknown dataset 'nope'" "$bin/mytorch-eval" --model good/model.npz --dataset nope

# mytorch-softmax: ragged rows, non-numbers, shapes that differ.
expect 2 "--z: row 2 has 1 entries" "$bin/mytorch-softmax" --z "1,2;3"
expect 2 "--z: 'x' is not a finite number" "$bin/mytorch-softmax" --z "1,x"
expect 2 "--dlda: 'nan'" "$bin/mytorch-softmax" --dlda "nan,1,1;1,1,1"
expect 2 "same shape" "$bin/mytorch-softmax" --dlda "1,2"

echo "$failures failures"
[[ $failures == 0 ]]
