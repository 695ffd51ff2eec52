#include "walletfuzz/runtime/serve.hpp"

#include <cstdio>
#include <iostream>
#include <memory>

#include "walletfuzz/core/allocation_tracking.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/runtime/http_server.hpp"
#include "walletfuzz/runtime/report_writer.hpp"

namespace walletfuzz::runtime {

int serve_application(HandlerRegistry& registry, const ServeOptions& options) {
  if (options.concurrency == 0) {
    throw InputError({.field = "--concurrency"}, "must be at least 1");
  }
  if (!options.report_log.empty() && !options.report_log_dir.empty()) {
    throw InputError({.field = "--report-log-dir"},
                     "only one of --report-log and --report-log-dir");
  }
  std::unique_ptr<ReportLogWriter> report_log;
  if (!options.report_log.empty())
    report_log = std::make_unique<ReportLogWriter>(options.report_log);
  int listening_fd = open_listening_socket(options.host, options.port, options.allow_non_loopback);
  enable_allocation_tracking();  // memory sizes are enforced per invocation
  apply_settings_overrides(registry, options.function_settings, "--function-settings");

  std::string host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::cout << "walletfuzz serve: listening on http://" << host << ':'
            << listening_port(listening_fd) << " (" << options.label << ", "
            << registry.handlers().size() << " functions)" << std::endl;
  for (const auto& spec : registry.handlers()) {
    std::cerr << "  " << spec.method << ' ' << spec.route << "  -> " << spec.name << " ("
              << spec.settings.memory_mb << " MB, " << spec.settings.timeout.count() << " ms)\n";
  }
  std::unique_ptr<ReportLogDirectory> report_logs;
  if (!options.report_log_dir.empty()) {
    std::vector<std::string> names;
    for (const auto& spec : registry.handlers()) names.push_back(spec.name);
    report_logs = std::make_unique<ReportLogDirectory>(options.report_log_dir, names);
  }
  ReportSink sink;
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
  HttpServer server(registry, listening_fd, {},
                    {.account_concurrency = options.concurrency,
                     .simulated_init = std::chrono::milliseconds(options.cold_start_ms)},
                    std::move(sink));
  server.run(/*handle_signals=*/true);
  // Crashes are counted and reported, never held against the app: one line for the log.
  std::cerr << "walletfuzz serve: stopped; " << describe(server.runtime().stats()) << std::endl;
  return 0;
}

}  // namespace walletfuzz::runtime
