// libFuzzer target over every handler of the bundled sample app (see fuzz_target.hpp for how a
// process picks its handler: WALLETFUZZ_HANDLER, or routing by the input's request line).
// WALLETFUZZ_SAMPLE_VARIANT=fixed fuzzes the repaired build (the regression replay uses it).
//
// Build: cmake --preset fuzz && cmake --build --preset fuzz --target sample_app_fuzz
// Run:   WALLETFUZZ_HANDLER=list-orders build/fuzz/fuzz/sample_app_fuzz -dict=... CORPUS
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "walletfuzz/core/allocation_tracking.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/detectors/leak_detector.hpp"
#include "walletfuzz/fuzzers/fuzz_target.hpp"
#include "walletfuzz/sample_app/app.hpp"

#ifndef WALLETFUZZ_FUZZ_ENGINE
#define WALLETFUZZ_FUZZ_ENGINE "unknown"
#endif

namespace {

// Evidence the response only echoes back from the request is no leak: the caller already had it
// (an order id the fuzzer filled with "token_...:..." text, returned as given, is not a secret of
// the function's). Only plain bodies are checked, where the finding's range is in the body as sent.
bool echoes_the_request(const walletfuzz::Request& request, const walletfuzz::Response& response,
                        const walletfuzz::detectors::LeakFinding& finding) {
  if (finding.part != "body" || finding.end <= finding.begin ||
      finding.end > response.body.size() || response.headers.contains("Content-Encoding")) {
    return false;
  }
  std::string_view evidence(response.body.data() + finding.begin, finding.end - finding.begin);
  return request.body.find(evidence) != std::string::npos ||
         request.target.find(evidence) != std::string::npos;
}

walletfuzz::fuzzers::LeakScanner make_scanner() {
  auto detector = std::make_shared<walletfuzz::detectors::LeakDetector>();
  return [detector](
             const walletfuzz::Request& request,
             const walletfuzz::Response& response) -> std::optional<walletfuzz::fuzzers::LeakHit> {
    std::optional<walletfuzz::fuzzers::LeakHit> worst;
    walletfuzz::detectors::Severity worst_severity = walletfuzz::detectors::Severity::info;
    for (const auto& finding : detector->scan_response(response)) {
      if (!walletfuzz::detectors::is_leak(finding)) continue;
      if (echoes_the_request(request, response, finding)) continue;
      if (worst && finding.severity <= worst_severity) continue;
      worst_severity = finding.severity;
      worst = walletfuzz::fuzzers::LeakHit{
          .family = finding.family,
          .rule = finding.rule_id,
          .severity = std::string(walletfuzz::detectors::to_string(finding.severity)),
          .fingerprint = finding.fingerprint};
    }
    return worst;
  };
}

walletfuzz::HandlerRegistry make_registry() {
  const std::string& name = walletfuzz::fuzzers::fuzz_target_env().sample_variant;
  auto variant = walletfuzz::parse_sample_app_variant(name.empty() ? "vulnerable" : name);
  if (!variant) {
    throw walletfuzz::InputError({.field = "WALLETFUZZ_SAMPLE_VARIANT"}, "bad value '" + name + "'",
                                 "use vulnerable or fixed");
  }
  return walletfuzz::make_sample_app(*variant);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  return walletfuzz::fuzzers::initialize_fuzz_target(
      {.make_registry = make_registry,
       .make_leak_scanner = make_scanner,
       .engine = WALLETFUZZ_FUZZ_ENGINE,
       // Memory is what a function's configured size bounds: without the accounting, a
       // decompression bomb would be an OOM of the fuzzer instead of a finding.
       .prepare = [] { walletfuzz::enable_allocation_tracking(); }},
      argc, argv);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return walletfuzz::fuzzers::run_fuzz_input(data, size);
}

// libFuzzer's own mutations, used by the structure-aware mutator for the parts it mutates. Weak:
// the replay build (no libFuzzer) links without it and never calls the hook below.
extern "C" __attribute__((weak)) std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size,
                                                              std::size_t max_size);

// Request-aware mutation that climbs from the most expensive inputs (fuzz_target.hpp).
extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
                                               std::size_t max_size, unsigned int seed) {
  return walletfuzz::fuzzers::mutate_fuzz_input(data, size, max_size, seed, LLVMFuzzerMutate);
}
