// `walletfuzz serve [--app PATH] [--port P] ...`: an application on loopback through the Lambda
// runtime. The application binary serves itself (its serve mode, runtime/serve.hpp); this command
// checks the binary and the flags, then becomes that process (exec), so signals, output and the
// exit code are the application's own. Without --app: the bundled sample app's binary.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

#include "command.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/settings_override.hpp"
#include "walletfuzz/fuzzers/fuzz_campaign.hpp"
#include "walletfuzz/sample_app/app.hpp"

namespace walletfuzz::cli {
namespace {

namespace wf = walletfuzz::fuzzers;

struct ServeFlags {
  std::optional<std::string> app;
  std::optional<std::string> variant;
  wf::ServeSettings serve;
  std::string function_settings;  ///< settings_override.hpp text ("" = the app's own)
};

int serve(const ServeFlags& flags) {
  wf::FuzzTargetEnv env{.mode = wf::TargetMode::serve, .serve = flags.serve};
  if (flags.variant) {
    if (flags.app) {
      throw InputError({.field = "--variant"}, "applies to the bundled sample app only",
                       "drop --variant, or --app to serve the bundled app");
    }
    if (!parse_sample_app_variant(*flags.variant)) {
      throw InputError({.field = "--variant"}, "unknown variant '" + *flags.variant + "'",
                       "use vulnerable or fixed");
    }
    env.sample_variant = *flags.variant;
  }
  if (!flags.serve.report_log.empty() && !flags.serve.report_log_dir.empty()) {
    throw InputError({.field = "--report-log-dir"},
                     "only one of --report-log and --report-log-dir");
  }
  env.function_settings = parse_settings_overrides(flags.function_settings, "--function-settings");

  const std::filesystem::path binary =
      flags.app ? wf::check_app_path(*flags.app, {.field = "--app"}) : wf::find_bundled_app();
  // A walletfuzz application of this version, and the names the settings refer to: checked
  // here, so the errors name this command's flags.
  const wf::TargetInfo app = wf::query_target(binary, {.sample_variant = env.sample_variant});
  for (const auto& o : env.function_settings) {
    if (app.find(o.handler) != nullptr) continue;
    std::string known;
    for (const auto& h : app.handlers) known += (known.empty() ? "" : ", ") + h.name;
    throw InputError({.field = "--function-settings"}, "unknown handler '" + o.handler + "'",
                     "known handlers: " + known);
  }
  for (const auto& [name, value] : env.encode()) ::setenv(name.c_str(), value.c_str(), 1);
  const std::string path = binary.string();
  char* argv[] = {const_cast<char*>(path.c_str()), nullptr};
  ::execv(path.c_str(), argv);
  throw RuntimeFailure("serve: cannot start " + path + ": " + std::strerror(errno));
}

}  // namespace

void add_serve_command(CLI::App& root, CommandRunner& chosen) {
  auto flags = std::make_shared<ServeFlags>();
  auto* sub = root.add_subcommand(
      "serve",
      "Serve an application (default: the bundled sample app) on loopback, emulating AWS Lambda "
      "billing semantics");
  sub->add_option("--app", flags->app,
                  "an application binary built with walletfuzz_add_app (docs/OWN_HANDLERS.md)");
  sub->add_option("--host", flags->serve.host, "IP address to listen on (loopback unless allowed)")
      ->capture_default_str();
  sub->add_option("--port", flags->serve.port, "TCP port; 0 picks a free one and prints it")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  sub->add_option("--variant", flags->variant,
                  "bundled app: vulnerable (planted defects, the default) or fixed");
  sub->add_option("--report-log", flags->serve.report_log,
                  "append one Lambda REPORT line per invocation to FILE (default: stdout)");
  sub->add_option("--report-log-dir", flags->serve.report_log_dir,
                  "write each function's REPORT lines to DIR/<function>.log instead (as "
                  "CloudWatch keeps a log group per function)");
  sub->add_option("--concurrency", flags->serve.concurrency,
                  "account concurrency limit: invocations beyond it get 429")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  sub->add_option("--cold-start-ms", flags->serve.cold_start_ms,
                  "simulated init time of each new execution environment")
      ->check(CLI::Range(0, 900'000))
      ->capture_default_str();
  sub->add_option("--function-settings", flags->function_settings,
                  "other settings for some functions, as a scenario's functions section gives "
                  "them: NAME:memory_mb=512,timeout_ms=6000,reserved_concurrency=5;NAME:...");
  sub->add_flag("--allow-non-loopback", flags->serve.allow_non_loopback,
                "allow listening on a non-loopback address (the app may be deliberately "
                "vulnerable)");
  sub->callback([&chosen, flags] { chosen = [flags] { return serve(*flags); }; });
}

}  // namespace walletfuzz::cli
