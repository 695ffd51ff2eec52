// The black-box HTTP target binary (http_target_fuzz): libFuzzer's hooks (or the replay main's)
// over the forwarding registry (forwarding_app.hpp). Like an application binary, except that
// cost is the latency a client sees (the target's CPU is not visible from here) and memory is
// not accounted (the target's memory is not ours).
#include <cstddef>
#include <cstdint>

#include "walletfuzz/app/app_main.hpp"
#include "walletfuzz/fuzzers/fuzz_target.hpp"
#include "walletfuzz/http_target/forwarding_app.hpp"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  return walletfuzz::fuzzers::initialize_fuzz_target(
      {.make_registry = walletfuzz::http_target::make_http_target_app,
       .app_name = "http_target_fuzz",
       .make_leak_scanner =
           [] {
             return walletfuzz::http_target::with_leak_feedback(
                 walletfuzz::app::make_leak_scanner());
           },
       .engine = WALLETFUZZ_FUZZ_ENGINE,
       .fuzz_build_command =
           "cmake --preset fuzz && cmake --build --preset fuzz --target http_target_fuzz",
       .cost_is_latency = true},
      argc, argv);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return walletfuzz::fuzzers::run_fuzz_input(data, size);
}

// libFuzzer's own mutations, used by the request-aware mutator for the parts it mutates. Weak:
// the replay build (no libFuzzer) links without it and never calls the hook below.
extern "C" __attribute__((weak)) std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size,
                                                              std::size_t max_size);

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
                                               std::size_t max_size, unsigned int seed) {
  return walletfuzz::fuzzers::mutate_fuzz_input(data, size, max_size, seed, LLVMFuzzerMutate);
}
