#pragma once
// What one application binary is. walletfuzz_add_app(NAME SOURCES ... FACTORY ns::make_app)
// compiles a small generated main (cmake/walletfuzz_app_main.cpp.in) that hands the factory to
// initialize_app(); everything else an application binary does lives here and in fuzzers/, so
// the bundled sample app and a user's app behave the same:
//   - fuzz mode (libFuzzer, or the replay main without it): request-aware mutation, cost
//     feedback and climbing, the leak detector on every response;
//   - list, export, measure, minimize and check modes (fuzz_target.hpp, target_env.hpp);
//   - serve mode: the handlers on loopback through the Lambda runtime (runtime/serve.hpp).
//
//   extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
//     return walletfuzz::app::initialize_app(
//         {.name = "shop", .factory = [] { return shop::make_app(); }, .engine = "libfuzzer"},
//         argc, argv);
//   }

#include <functional>
#include <string>

#include "walletfuzz/core/handler.hpp"
#include "walletfuzz/fuzzers/fuzz_target.hpp"

namespace walletfuzz::app {

/// One application, as walletfuzz_add_app describes it.
struct AppDefinition {
  std::string name;                          ///< the CMake target's name ("shop")
  std::function<HandlerRegistry()> factory;  ///< FACTORY: builds the handlers, may not throw
  std::string engine = "unknown";            ///< "libfuzzer" or "replay"
  std::string fuzz_build_command;            ///< how to get a libFuzzer build of it
};

/// LLVMFuzzerInitialize's body: decodes WALLETFUZZ_*, builds the registry, and runs a non-fuzz
/// mode to completion (the process exits); returns 0 in fuzz mode. Memory accounting is on in
/// every mode, so a handler's memory size is enforced while fuzzing and while serving.
int initialize_app(const AppDefinition& app, int* argc, char*** argv);

/// The scanner fuzz mode runs on every response: the leak detector (stack traces, verbose
/// errors, secrets), minus evidence that only echoes what the request itself sent.
fuzzers::LeakScanner make_leak_scanner();

}  // namespace walletfuzz::app
