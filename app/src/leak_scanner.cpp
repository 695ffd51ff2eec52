// The leak scanner of every application binary: the detectors module's findings, as the
// fuzz harness reports them.
#include <memory>
#include <string_view>

#include "walletfuzz/app/app_main.hpp"
#include "walletfuzz/detectors/leak_detector.hpp"

namespace walletfuzz::app {
namespace {

// Evidence the response only echoes back from the request is no leak: the caller already had it
// (an order id the fuzzer filled with "token_...:..." text, returned as given, is not a secret of
// the function's). Only plain bodies are checked, where the finding's range is in the body as sent.
bool echoes_the_request(const Request& request, const Response& response,
                        const detectors::LeakFinding& finding) {
  if (finding.part != "body" || finding.end <= finding.begin ||
      finding.end > response.body.size() || response.headers.contains("Content-Encoding")) {
    return false;
  }
  std::string_view evidence(response.body.data() + finding.begin, finding.end - finding.begin);
  return request.body.find(evidence) != std::string::npos ||
         request.target.find(evidence) != std::string::npos;
}

}  // namespace

fuzzers::LeakScanner make_leak_scanner() {
  auto detector = std::make_shared<detectors::LeakDetector>();
  return [detector](const Request& request,
                    const Response& response) -> std::optional<fuzzers::LeakHit> {
    std::optional<fuzzers::LeakHit> worst;
    detectors::Severity worst_severity = detectors::Severity::info;
    for (const auto& finding : detector->scan_response(response)) {
      if (!detectors::is_leak(finding)) continue;
      if (echoes_the_request(request, response, finding)) continue;
      if (worst && finding.severity <= worst_severity) continue;
      worst_severity = finding.severity;
      worst = fuzzers::LeakHit{.family = finding.family,
                               .rule = finding.rule_id,
                               .severity = std::string(detectors::to_string(finding.severity)),
                               .fingerprint = finding.fingerprint};
    }
    return worst;
  };
}

}  // namespace walletfuzz::app
