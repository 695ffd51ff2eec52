#include <iostream>
#include <memory>
#include <optional>

#include "command.hpp"
#include "walletfuzz/core/allocation_tracking.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/settings_override.hpp"
#include "walletfuzz/runtime/http_server.hpp"
#include "walletfuzz/runtime/report_writer.hpp"
#include "walletfuzz/sample_app/app.hpp"

namespace walletfuzz::cli {
namespace {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string variant = "vulnerable";
  std::string report_log;
  std::string report_log_dir;
  unsigned concurrency = 32;
  unsigned cold_start_ms = 0;
  bool allow_non_loopback = false;
  std::string function_settings;  ///< settings_override.hpp text ("" = the app's own)
};

int serve(const ServeOptions& options) {
  auto variant = parse_sample_app_variant(options.variant);
  if (!variant) {
    throw InputError({.field = "--variant"}, "unknown variant '" + options.variant + "'",
                     "use vulnerable or fixed");
  }
  if (options.concurrency == 0) {
    throw InputError({.field = "--concurrency"}, "must be at least 1");
  }
  if (!options.report_log.empty() && !options.report_log_dir.empty()) {
    throw InputError({.field = "--report-log-dir"},
                     "only one of --report-log and --report-log-dir");
  }
  std::unique_ptr<runtime::ReportLogWriter> report_log;
  if (!options.report_log.empty()) {
    report_log = std::make_unique<runtime::ReportLogWriter>(options.report_log);
  }
  int listening_fd = runtime::open_listening_socket(
      options.host, static_cast<unsigned short>(options.port), options.allow_non_loopback);
  enable_allocation_tracking();  // memory sizes are enforced per invocation
  HandlerRegistry registry = make_sample_app(*variant);
  apply_settings_overrides(
      registry, parse_settings_overrides(options.function_settings, "--function-settings"),
      "--function-settings");

  std::string host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::cout << "walletfuzz serve: listening on http://" << host << ':'
            << runtime::listening_port(listening_fd) << " (sample app, " << to_string(*variant)
            << " variant, " << registry.handlers().size() << " functions)" << std::endl;
  for (const auto& spec : registry.handlers()) {
    std::cerr << "  " << spec.method << ' ' << spec.route << "  -> " << spec.name << " ("
              << spec.settings.memory_mb << " MB, " << spec.settings.timeout.count() << " ms)\n";
  }
  std::unique_ptr<runtime::ReportLogDirectory> report_logs;
  if (!options.report_log_dir.empty()) {
    std::vector<std::string> names;
    for (const auto& spec : registry.handlers()) names.push_back(spec.name);
    report_logs = std::make_unique<runtime::ReportLogDirectory>(options.report_log_dir, names);
  }
  runtime::ReportSink sink;
  if (report_logs) {
    sink = [&report_logs](const cost_model::ReportRecord& record) { report_logs->append(record); };
  } else if (report_log) {
    sink = [&report_log](const cost_model::ReportRecord& record) { report_log->append(record); };
  } else {
    sink = [](const cost_model::ReportRecord& record) {
      std::string text = cost_model::format_report_line(record) + "\n";
      std::fwrite(text.data(), 1, text.size(), stdout);
      std::fflush(stdout);
    };
  }
  // Built while this process has one thread: the runtime forks its environment helper here.
  runtime::HttpServer server(registry, listening_fd, {},
                             {.account_concurrency = options.concurrency,
                              .simulated_init = std::chrono::milliseconds(options.cold_start_ms)},
                             std::move(sink));
  server.run(/*handle_signals=*/true);
  // Crashes are counted and reported, never held against the app: one line for the log.
  std::cerr << "walletfuzz serve: stopped; " << runtime::describe(server.runtime().stats())
            << std::endl;
  return 0;
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
  sub->add_option("--report-log-dir", options->report_log_dir,
                  "write each function's REPORT lines to DIR/<function>.log instead (as "
                  "CloudWatch keeps a log group per function)");
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
