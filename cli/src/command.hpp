#pragma once
// How a subcommand plugs into the CLI: each lives in its own <name>_command.cpp and defines an
// add_<name>_command() that declares its options on the root app and, when the subcommand is
// chosen, stores the function to run in `chosen`. Running happens after parsing, so errors
// thrown by a command are reported once, in app.cpp, with the right exit code.

#include <CLI/CLI.hpp>
#include <functional>

namespace walletfuzz::cli {

using CommandRunner = std::function<int()>;

void add_serve_command(CLI::App& root, CommandRunner& chosen);
void add_cost_command(CLI::App& root, CommandRunner& chosen);
void add_scan_command(CLI::App& root, CommandRunner& chosen);
void add_validate_command(CLI::App& root, CommandRunner& chosen);
void add_replay_command(CLI::App& root, CommandRunner& chosen);
void add_merge_command(CLI::App& root, CommandRunner& chosen);
void add_report_command(CLI::App& root, CommandRunner& chosen);
void add_fuzz_command(CLI::App& root, CommandRunner& chosen);
void add_run_command(CLI::App& root, CommandRunner& chosen);
void add_import_command(CLI::App& root, CommandRunner& chosen);
void add_init_command(CLI::App& root, CommandRunner& chosen);

}  // namespace walletfuzz::cli
