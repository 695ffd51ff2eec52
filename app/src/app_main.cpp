#include "walletfuzz/app/app_main.hpp"

#include "walletfuzz/app/fail_on_config.hpp"
#include "walletfuzz/core/allocation_tracking.hpp"
#include "walletfuzz/runtime/serve.hpp"

namespace walletfuzz::app {
namespace {

// Serve mode: the environment's settings as the runtime's options. The function settings were
// applied to the registry already (WALLETFUZZ_FUNCTION_SETTINGS, in every mode).
int serve(const std::string& name, HandlerRegistry& registry,
          const fuzzers::ServeSettings& settings) {
  return runtime::serve_application(registry,
                                    {.host = settings.host,
                                     .port = static_cast<unsigned short>(settings.port),
                                     .report_log = settings.report_log,
                                     .report_log_dir = settings.report_log_dir,
                                     .concurrency = static_cast<unsigned>(settings.concurrency),
                                     .cold_start_ms = static_cast<unsigned>(settings.cold_start_ms),
                                     .allow_non_loopback = settings.allow_non_loopback,
                                     .label = name});
}

}  // namespace

int initialize_app(const AppDefinition& app, int* argc, char*** argv) {
  return fuzzers::initialize_fuzz_target(
      {.make_registry = app.factory,
       .app_name = app.name,
       .make_leak_scanner = make_leak_scanner,
       .engine = app.engine,
       .fuzz_build_command = app.fuzz_build_command,
       // Memory is what a function's configured size bounds: without the accounting, a
       // decompression bomb would be an OOM of the fuzzer instead of a finding.
       .prepare = [] { enable_allocation_tracking(); },
       .serve =
           [name = app.name](HandlerRegistry& registry, const fuzzers::ServeSettings& settings) {
             return serve(name, registry, settings);
           },
       .read_fail_on = read_fail_on_file},
      argc, argv);
}

}  // namespace walletfuzz::app
