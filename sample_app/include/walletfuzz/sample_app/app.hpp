#pragma once
// The bundled sample serverless app: seven functions of a small online shop, each with normal
// traffic (baseline requests) and, in the vulnerable variant, one defect of a kind real teams
// ship (ReDoS, unbounded pagination, quadratic de-duplication, a crash, a leaked stack trace,
// leaked environment credentials, a decompression bomb). The fixed variant has every defect
// repaired, so that a pipeline run shows gates failing on one and passing on the other.
// sample_app/README.md lists the handlers, their routes and the idea of each trigger.
//
//   walletfuzz::HandlerRegistry app = walletfuzz::make_sample_app();
//   const walletfuzz::HandlerSpec* orders = app.route("GET", "/orders");
//   for (const std::string& raw : orders->baseline_requests) { /* normal traffic */ }
//
// Handlers are thread-safe and check `context.cancelled()` in their long loops. Memory limits
// are enforced only when the binary calls walletfuzz::enable_allocation_tracking().

#include <optional>
#include <string_view>

#include "walletfuzz/core/handler.hpp"

namespace walletfuzz {

/// Which build of the sample app to serve: with the planted defects, or with each one fixed.
enum class SampleAppVariant { vulnerable, fixed };

/// The seven handlers of the sample app, with their settings and baseline requests.
HandlerRegistry make_sample_app(SampleAppVariant variant = SampleAppVariant::vulnerable);

/// "vulnerable" / "fixed".
std::string_view to_string(SampleAppVariant variant) noexcept;

/// Parses "vulnerable" or "fixed"; nullopt otherwise.
std::optional<SampleAppVariant> parse_sample_app_variant(std::string_view text) noexcept;

}  // namespace walletfuzz
