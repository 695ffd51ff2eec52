#pragma once
// The errors walletfuzz shows to people, and the exit codes of the CLI contract.
//
//   throw walletfuzz::InputError({"demo.yaml", 12, 5, "load.stages[2].rate"},
//                                "must be positive", "use a rate in requests per second");
//   // what(): "demo.yaml:12:5: load.stages[2].rate: must be positive (hint: use a rate ...)"

#include <stdexcept>
#include <string>
#include <vector>

namespace walletfuzz {

/// Exit codes shared by every subcommand (see DESIGN.md, "The CLI contract").
enum class ExitCode : int {
  ok = 0,               ///< success, thresholds met, nothing found
  findings = 1,         ///< thresholds breached or findings present
  bad_input = 2,        ///< bad usage, bad config or bad input
  runtime_failure = 3,  ///< target unreachable, I/O error
};

/// Where a problem is. Line and column are 1-based; 0 means unknown and is not printed.
/// `field` is a path inside the file ("load.stages[2].rate") or a flag ("--rate").
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  std::string field;
};

/// "file:line:column: field" with the unknown parts left out.
std::string to_string(const Location& where);

/// A problem with what the user gave walletfuzz (exit code 2). what() is one line.
class InputError : public std::runtime_error {
 public:
  InputError(Location where, std::string message, std::string hint = {});

  const Location& where() const noexcept { return where_; }
  const std::string& message() const noexcept { return message_; }
  const std::string& hint() const noexcept { return hint_; }

 private:
  Location where_;
  std::string message_;
  std::string hint_;
};

/// One of several things wrong with one input: where, what, and what to do about it. Readers
/// that check a whole file (scenarios, pricing files) collect these instead of stopping at the
/// first.
struct Problem {
  Location where;
  std::string message;
  std::string hint;  ///< may be empty
};

/// An InputError carrying every problem of an input, in file order (each formatted as
/// InputError(where, message, hint).what() would be). where()/message()/hint()
/// are those of the first problem; what() lists every problem, one per line, so that a command
/// which only prints what() still shows everything to fix in one go.
class InputProblems : public InputError {
 public:
  explicit InputProblems(std::vector<Problem> problems);
  const std::vector<Problem>& problems() const noexcept { return problems_; }
  const char* what() const noexcept override { return text_.c_str(); }

 private:
  std::vector<Problem> problems_;
  std::string text_;
};

/// A failure of the environment rather than of the input: an unreachable target, a full disk,
/// a read-only directory (exit code 3). what() is one line naming the file or host.
class RuntimeFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace walletfuzz
