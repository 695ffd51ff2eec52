// A fuzz target over the fixture app (fixture_app.hpp): the fuzzers' own tests drive its modes
// and, in the fuzz preset, a whole campaign, without depending on the sample app.
#include <cstddef>
#include <cstdint>

#include "fixture_app.hpp"
#include "walletfuzz/fuzzers/fuzz_target.hpp"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  return walletfuzz::fuzzers::initialize_fuzz_target(
      {.make_registry = walletfuzz::fuzzers::testing::fixture_registry,
       .make_leak_scanner = walletfuzz::fuzzers::testing::fixture_scanner,
       .engine = WALLETFUZZ_FUZZ_ENGINE},
      argc, argv);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return walletfuzz::fuzzers::run_fuzz_input(data, size);
}
