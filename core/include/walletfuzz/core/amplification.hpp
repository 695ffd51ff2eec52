#pragma once
// What "amplification" means: how much more one request costs than normal traffic. The raw ratio
// compares a request with the handler's baseline request; the size-aware ratio compares cost per
// request byte, so that a request whose cost is linear in its size is not called amplifying.
// The fuzzer's triage (the slow verdict), findings.json and the max_amplification gate share
// these definitions; a scenario picks the basis with `gates.amplification`.
//
//   double raw = 279;  // 3.00 ms against an 11 us baseline
//   double judged = walletfuzz::size_aware_amplification(raw, 46'000, 170);  // ≈ 1.0: linear
//   // A 50-byte "limit=500000" request keeps its raw ratio: it is no bigger than the baseline.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string_view>

namespace walletfuzz {

enum class AmplificationBasis {
  size_aware,  ///< cost per request byte against the baseline's (the default)
  raw,         ///< cost per request against the baseline's, whatever the sizes
};

/// "size_aware" or "raw", as scenarios and findings.json spell them.
constexpr std::string_view amplification_basis_name(AmplificationBasis basis) noexcept {
  return basis == AmplificationBasis::raw ? "raw" : "size_aware";
}
constexpr std::optional<AmplificationBasis> parse_amplification_basis(
    std::string_view name) noexcept {
  if (name == "size_aware") return AmplificationBasis::size_aware;
  if (name == "raw") return AmplificationBasis::raw;
  return std::nullopt;
}

/// The raw ratio divided by how many times larger the request is than the baseline request.
/// A request no larger than the baseline keeps its raw ratio: a fixed overhead per request
/// would otherwise make every small request look amplifying per byte. Without a baseline size
/// (0, an older file) the raw ratio is all there is.
constexpr double size_aware_amplification(double raw, std::size_t request_bytes,
                                          std::size_t baseline_request_bytes) noexcept {
  if (baseline_request_bytes == 0 || request_bytes <= baseline_request_bytes) return raw;
  return raw * static_cast<double>(baseline_request_bytes) / static_cast<double>(request_bytes);
}

/// The figure `basis` judges by.
constexpr double judged_amplification(AmplificationBasis basis, double raw,
                                      double size_aware) noexcept {
  return basis == AmplificationBasis::raw ? raw : size_aware;
}

}  // namespace walletfuzz
