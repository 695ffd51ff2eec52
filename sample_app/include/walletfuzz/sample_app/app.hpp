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
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/core/handler.hpp"

namespace walletfuzz {

/// Which build of the sample app to serve: with the planted defects, or with each one fixed.
enum class SampleAppVariant { vulnerable, fixed };

/// The seven handlers of the sample app, with their settings and baseline requests.
HandlerRegistry make_sample_app(SampleAppVariant variant = SampleAppVariant::vulnerable);

/// The names of the sample app's handlers, in registry order; both variants have the same ones.
/// What a scenario that targets the bundled app may name in `functions` or `fuzz.handlers`:
///
///   auto names = walletfuzz::sample_app_handler_names();  // {"signup", "list-orders", ...}
///   scenarios::load_scenario(path, {.known_handlers = names});
std::vector<std::string> sample_app_handler_names();

/// "vulnerable" / "fixed".
std::string_view to_string(SampleAppVariant variant) noexcept;

/// Parses "vulnerable" or "fixed"; nullopt otherwise.
std::optional<SampleAppVariant> parse_sample_app_variant(std::string_view text) noexcept;

}  // namespace walletfuzz
