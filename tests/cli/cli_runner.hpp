// Runs the walletfuzz CLI library in-process, as the executable's thin main does, and captures
// what it prints: the one helper every test of a command uses.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "walletfuzz/cli/app.hpp"

namespace walletfuzz::testing {

/// What one command did: its exit code and everything it wrote to stdout and stderr.
struct CliOutcome {
  int exit_code;
  std::string out;
  std::string err;
};

/// `walletfuzz ARGS...`, run through cli::run.
inline CliOutcome run_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "walletfuzz");
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  int code = cli::run(static_cast<int>(argv.size()), argv.data());
  std::string out = ::testing::internal::GetCapturedStdout();
  std::string err = ::testing::internal::GetCapturedStderr();
  return {code, out, err};
}

}  // namespace walletfuzz::testing
