#pragma once
// apps/cli.hpp — what the programs share on the command line: one-line errors and exit codes, and
// the checks of flag values.
//
// Exit codes (README, "When something goes wrong"):
//   0          done
//   1          an error in a file, the data or the run (a missing dataset, a damaged checkpoint,
//              a diverged training, an output folder that cannot be written or is in use, too
//              little memory, standard output that cannot be written)
//   2          a usage error: an unknown flag or a bad value, flags that contradict each other or
//              the checkpoint being resumed; nothing was run, nothing written
//   128 + n    mytorch-train stopped by signal n (130 for Ctrl-C, 143 for SIGTERM) after saving a
//              checkpoint that --resume continues (or, stopped while loading, having written nothing)
// Every error is one line on stderr: "<program>: error: …" or "<program>: usage error: … (see --help)";
// with --json, stdout's last line is then {"error": "…"} with the same text, so a script can rely on
// the last line being one JSON object.

#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "mytorch/train/run_record.hpp"

namespace mytorch::cli {

/// A bad combination of flags found after parsing: exit code 2, like a bad flag.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Parses the flags, then runs body and returns its exit code; turns every exception into one line
/// on stderr (and with --json the {"error": …} line on stdout) and the exit code above. --help
/// prints the help and returns 0. An allocation that fails (std::bad_alloc) is one line too.
int run(CLI::App& app, int argc, char** argv, const std::function<int()>& body);

/// Flag checks for CLI::Option::check; CLI11 puts the flag's name before their messages.
CLI::Validator positive_finite();                 // a finite number > 0 (no nan, no inf)
/// Digits only: 1, 2, … (or 0, 1, … if zero_allowed), at most max.
CLI::Validator whole_number(bool zero_allowed, std::size_t max = std::numeric_limits<std::size_t>::max());
CLI::Validator finite_between(double lo, double hi);  // a finite number in [lo, hi]
CLI::Validator dataset_name();                    // a name data::load_splits knows (data::check_dataset_name), any case
// dataset_name and one_of turn the value into the name it matched: use them with Option::transform.
CLI::Validator one_of(const std::vector<std::string>& names);  // one of names, in any case; becomes that name
/// A value that `parse` accepts; parse throws std::invalid_argument with the reason otherwise.
CLI::Validator parsed_by(const std::function<void(const std::string&)>& parse, const std::string& what);

/// One entry of a tensor written on the command line (mytorch-softmax --z, mytorch-conv --a): a finite
/// number, blanks around it allowed. Throws std::invalid_argument "'<text>' is not a finite number".
double entry(const std::string& text);

/// "a, b, c", for help texts.
std::string joined(const std::vector<std::string>& names);

/// --threads N: the threads BLAS runs the matrix products on (train::use_threads), 0 = BLAS's own
/// setting; the help text says what that is.
void add_threads_option(CLI::App& app, std::size_t& threads);

/// Refuses, before any work, a checkpoint of a CSV run whose file is no longer where the checkpoint
/// says, unless --dataset names the file's new place (dataset_given).
void require_recorded_data(const train::RunRecord& record, const std::string& checkpoint, bool dataset_given);

/// True once a write to stdout failed (a full disk, a closed pipe: SIGPIPE ignored), whether
/// through std::cout or printf.
bool stdout_failed();

/// Flushes std::cout and throws std::runtime_error "cannot write to standard output (…)" if any
/// write to it failed: results that were lost are an error.
void check_stdout();

}  // namespace mytorch::cli
