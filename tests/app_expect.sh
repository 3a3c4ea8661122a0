# Sourced by the app tests: `expect CODE PATTERN command…` runs the command and checks that it exits
# with CODE, that its error is one line on stderr containing PATTERN (lines "warning: …" before it
# are allowed) and that it left no folder ./out. Counts failures in $failures.
failures=0

expect() {
  local code=$1 pattern=$2
  shift 2
  "$@" >stdout.txt 2>stderr.txt
  local got=$? lines
  lines=$(grep -vc '^warning: ' stderr.txt)
  if [[ $got != "$code" || $lines != 1 ]] || ! grep -v '^warning: ' stderr.txt | grep -qF -- "$pattern"; then
    echo "FAIL: $* -> exit $got (expected $code and one line with '$pattern'); stderr:"
    cat stderr.txt
    failures=$((failures + 1))
  fi
  if [[ -e out ]]; then
    echo "FAIL: $* left an output folder"
    rm -rf out
    failures=$((failures + 1))
  fi
}

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
