#pragma once
// The `walletfuzz` command line: subcommand wiring over the module libraries.

namespace walletfuzz::cli {

/// Parses the arguments, runs the chosen subcommand and returns the process exit code of the
/// CLI contract (0 ok, 1 findings or gates failed, 2 bad input, 3 runtime failure). Never throws:
/// every error becomes one line on stderr.
int run(int argc, char** argv);

}  // namespace walletfuzz::cli
