#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>

#include "command.hpp"
#include "walletfuzz/core/allocation_tracking.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/settings_override.hpp"
#include "walletfuzz/sample_app/app.hpp"
#include "walletfuzz/sample_app/http_server.hpp"
#include "walletfuzz/sample_app/report_log.hpp"
#include "walletfuzz/sample_app/sandbox_supervisor.hpp"

namespace walletfuzz::cli {
namespace {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string variant = "vulnerable";
  std::string report_log;
  unsigned concurrency = 32;
  unsigned cold_start_ms = 0;
  bool allow_non_loopback = false;
  std::string function_settings;  ///< settings_override.hpp text ("" = the app's own)
};

// Runs in the supervised child: one server process on the shared listening socket.
int serve_once(const HandlerRegistry& registry, int listening_fd, const ServeOptions& options,
               ReportLog* report_log) {
  ReportSink sink;
  if (report_log != nullptr) {
    sink = [report_log](const ReportLine& line) { report_log->append(line); };
  } else {
    sink = [](const ReportLine& line) {
      std::string text = format_report_line(line) + "\n";
      std::fwrite(text.data(), 1, text.size(), stdout);
      std::fflush(stdout);
    };
  }
  HttpServer server(registry, listening_fd, {},
                    {.account_concurrency = options.concurrency,
                     .simulated_init = std::chrono::milliseconds(options.cold_start_ms)},
                    std::move(sink));
  server.run(/*handle_signals=*/true);
  return 0;
}

int serve(const ServeOptions& options) {
  auto variant = parse_sample_app_variant(options.variant);
  if (!variant) {
    throw InputError({.field = "--variant"}, "unknown variant '" + options.variant + "'",
                     "use vulnerable or fixed");
  }
  if (options.concurrency == 0) {
    throw InputError({.field = "--concurrency"}, "must be at least 1");
  }
  // Fail here, once, with a clear message, rather than in every restarted child.
  std::unique_ptr<ReportLog> report_log;
  if (!options.report_log.empty()) report_log = std::make_unique<ReportLog>(options.report_log);
  int listening_fd = open_listening_socket(options.host, static_cast<unsigned short>(options.port),
                                           options.allow_non_loopback);
  enable_allocation_tracking();  // memory sizes are enforced per invocation
  HandlerRegistry registry = make_sample_app(*variant);
  apply_settings_overrides(
      registry, parse_settings_overrides(options.function_settings, "--function-settings"),
      "--function-settings");

  std::string host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::cout << "walletfuzz serve: listening on http://" << host << ':'
            << listening_port(listening_fd) << " (sample app, " << to_string(*variant)
            << " variant, " << registry.handlers().size() << " functions)" << std::endl;
  for (const auto& spec : registry.handlers()) {
    std::cerr << "  " << spec.method << ' ' << spec.route << "  -> " << spec.name << " ("
              << spec.settings.memory_mb << " MB, " << spec.settings.timeout.count() << " ms)\n";
  }
  int status = run_supervised(
      [&] { return serve_once(registry, listening_fd, options, report_log.get()); }, {}, std::cerr);
  close(listening_fd);
  return status;
}

}  // namespace

void add_serve_command(CLI::App& root, CommandRunner& chosen) {
  auto options = std::make_shared<ServeOptions>();
  auto* sub = root.add_subcommand(
      "serve", "Serve the bundled sample app on loopback, emulating AWS Lambda billing semantics");
  sub->add_option("--host", options->host, "IP address to listen on (loopback unless allowed)")
      ->capture_default_str();
  sub->add_option("--port", options->port, "TCP port; 0 picks a free one and prints it")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  sub->add_option("--variant", options->variant, "vulnerable (planted defects) or fixed")
      ->capture_default_str();
  sub->add_option("--report-log", options->report_log,
                  "append one Lambda REPORT line per invocation to FILE (default: stdout)");
  sub->add_option("--concurrency", options->concurrency,
                  "account concurrency limit: invocations beyond it get 429")
      ->capture_default_str();
  sub->add_option("--cold-start-ms", options->cold_start_ms,
                  "simulated init time of each new execution environment")
      ->capture_default_str();
  sub->add_option("--function-settings", options->function_settings,
                  "other settings for some functions, as a scenario's functions section gives "
                  "them: NAME:memory_mb=512,timeout_ms=6000,reserved_concurrency=5;NAME:...");
  sub->add_flag("--allow-non-loopback", options->allow_non_loopback,
                "allow listening on a non-loopback address (the app is deliberately vulnerable)");
  sub->callback([&chosen, options] { chosen = [options] { return serve(*options); }; });
}

}  // namespace walletfuzz::cli
