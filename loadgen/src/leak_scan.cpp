#include "leak_scan.hpp"

#include "walletfuzz/detectors/leak_detector.hpp"

namespace walletfuzz::loadgen::detail {

struct LeakScanner::Impl {
  explicit Impl(detectors::LeakAllowlist accepted) : allowlist(std::move(accepted)) {}
  detectors::LeakDetector detector;
  detectors::LeakAllowlist allowlist;
};

LeakScanner::LeakScanner(detectors::LeakAllowlist allowlist)
    : impl_(std::make_unique<Impl>(std::move(allowlist))) {}

LeakScanner::~LeakScanner() = default;

// A response leaks when the detector reports anything above `info` (an X-Powered-By header
// without a version is reported by `walletfuzz scan` but is not a leak); it counts as accepted
// when every such finding is allowlisted, as `walletfuzz scan` and the no_new_leaks gate decide.
LeakVerdict LeakScanner::scan(const Response& response, std::string_view function) const {
  auto findings = impl_->detector.scan_response(response);
  bool any = false;
  for (const auto& finding : findings) any |= detectors::is_leak(finding);
  if (!any) return LeakVerdict::none;
  if (impl_->allowlist.entries.empty()) return LeakVerdict::leak;
  impl_->allowlist.apply(findings, function);
  for (const auto& finding : findings) {
    if (detectors::is_leak(finding) && !finding.allowlisted) return LeakVerdict::leak;
  }
  return LeakVerdict::allowlisted;
}

namespace {
// Bodies above this are scanned every time rather than kept: memory per class stays bounded,
// and the detector reads at most its max_body_bytes (1 MiB by default) of a body anyway.
constexpr std::size_t kMaxRememberedBody = 1 << 20;
}  // namespace

bool LeakScanMemo::same(const Last& last, const Message& message) {
  if (!last.valid || last.status != message.result_int() || last.body != message.body())
    return false;
  std::size_t i = 0;
  for (const auto& field : message) {
    if (i == last.headers.size() || last.headers[i].first != field.name_string() ||
        last.headers[i].second != field.value()) {
      return false;
    }
    ++i;
  }
  return i == last.headers.size();
}

LeakVerdict LeakScanMemo::scan(const LeakScanner& scanner, std::size_t cls, const Message& message,
                               std::string_view function) {
  Last& last = last_[cls];
  if (same(last, message)) return last.verdict;
  Response response;
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) response.headers.add(field.name_string(), field.value());
  response.body = message.body();
  const LeakVerdict verdict = scanner.scan(response, function);
  last.valid = message.body().size() <= kMaxRememberedBody;
  if (last.valid) {
    last.status = message.result_int();
    last.headers.clear();
    for (const auto& field : message) last.headers.emplace_back(field.name_string(), field.value());
    last.body = std::move(response.body);
    last.verdict = verdict;
  }
  return verdict;
}

}  // namespace walletfuzz::loadgen::detail
