#include "walletfuzz/cli/app.hpp"

#include <iostream>

#include "command.hpp"
#include "walletfuzz/core/error.hpp"

namespace walletfuzz::cli {

int run(int argc, char** argv) {
  CLI::App app{
      "walletfuzz: finds the requests that make serverless handlers slow, crash or leak, and "
      "what they cost their owner"};
  app.set_version_flag("--version", std::string("walletfuzz ") + WALLETFUZZ_VERSION);
  app.require_subcommand(1);
  // One line per error, as for every other bad input (CLI11's default adds a second line).
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return "walletfuzz: " + std::string(e.what()) + " (see --help)\n";
  });

  CommandRunner chosen;
  add_serve_command(app, chosen);
  add_cost_command(app, chosen);
  add_scan_command(app, chosen);
  add_validate_command(app, chosen);
  add_replay_command(app, chosen);
  add_merge_command(app, chosen);
  add_report_command(app, chosen);
  add_fuzz_command(app, chosen);
  add_run_command(app, chosen);
  add_import_command(app, chosen);
  add_init_command(app, chosen);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with exit code 0 in CLI11; real usage errors map to 2.
    int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::bad_input);
  }
  try {
    return chosen ? chosen() : static_cast<int>(ExitCode::bad_input);
  } catch (const InputError& e) {
    std::cerr << "walletfuzz: " << e.what() << '\n';
    return static_cast<int>(ExitCode::bad_input);
  } catch (const RuntimeFailure& e) {
    std::cerr << "walletfuzz: " << e.what() << '\n';
    return static_cast<int>(ExitCode::runtime_failure);
  } catch (const std::exception& e) {
    std::cerr << "walletfuzz: internal error: " << e.what() << '\n';
    return static_cast<int>(ExitCode::runtime_failure);
  }
}

}  // namespace walletfuzz::cli
