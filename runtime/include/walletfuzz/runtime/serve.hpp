#pragma once
// Serving an application's handlers on loopback HTTP through the Lambda runtime, until SIGINT or
// SIGTERM: what an application binary does in its serve mode (`walletfuzz serve`, and the load
// stage of `walletfuzz run`, start it that way).
//
//   walletfuzz::HandlerRegistry app = shop::make_app();
//   return walletfuzz::runtime::serve_application(app, {.port = 0, .report_log_dir = "reports"});
//   // stdout: "walletfuzz serve: listening on http://127.0.0.1:41234 (shop, 3 functions)"
//
// The "listening on" line is the protocol: whoever started the process reads the address from
// it. REPORT lines go to stdout, one file or one file per function.

#include <filesystem>
#include <string>
#include <vector>

#include "walletfuzz/core/handler.hpp"
#include "walletfuzz/core/settings_override.hpp"

namespace walletfuzz::runtime {

/// How to serve: address, REPORT log destination and the emulated account's limits.
struct ServeOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;            ///< 0 picks a free port (printed on the listening line)
  std::filesystem::path report_log;      ///< append every REPORT line here; empty = stdout
  std::filesystem::path report_log_dir;  ///< or DIR/<function>.log (one log group each)
  unsigned concurrency = 32;             ///< account concurrency limit (>= 1)
  unsigned cold_start_ms = 0;            ///< simulated init time of each new environment
  bool allow_non_loopback = false;
  std::vector<SettingsOverride> function_settings;  ///< applied to `registry` before serving
  std::string label = "app";                        ///< names the application on the listening line
};

/// Serves `registry` until SIGINT/SIGTERM; returns 0 after a clean stop. Throws InputError for
/// bad options (exit 2) and RuntimeFailure when the address cannot be bound (exit 3). Call it
/// while the process has one thread (the runtime forks its environment helper).
int serve_application(HandlerRegistry& registry, const ServeOptions& options);

}  // namespace walletfuzz::runtime
