#pragma once
// The black-box HTTP target as an application: one handler per function of the target, each
// sending its request to the URL over one kept-alive connection (Host rewritten to the target,
// as replay does) and returning the target's response. The HTTP target binary
// (http_target_fuzz) is this registry behind the same entry points as any application binary,
// so libFuzzer's engine, the request-aware mutator, the baseline dictionary, cost feedback,
// measure/minimize/check modes, triage and the findings writers all work on a URL unchanged.
//
//   auto registry = walletfuzz::http_target::make_forwarding_registry(spec);
//   // registry.find("search")->invoke(request, context) answers what the target answered
//
// What a client observes beyond latency (status class, response shape, connection errors) is
// marked in the response counters (response_signal.hpp) as each exchange ends; leak families
// are marked by the scanner with_leak_feedback() wraps.

#include "walletfuzz/core/handler.hpp"
#include "walletfuzz/fuzzers/http_target_spec.hpp"
#include "walletfuzz/fuzzers/invocation_harness.hpp"

namespace walletfuzz::http_target {

/// The handlers of `spec`'s functions. Throws InputError for a URL that is not http://host[:port]
/// (https is not supported by the black-box fuzzer yet).
HandlerRegistry make_forwarding_registry(const fuzzers::HttpTargetSpec& spec);

/// http_target_fuzz's factory: the registry of the spec file named by WALLETFUZZ_HTTP_TARGET.
/// Throws InputError when it is unset or the file is bad.
HandlerRegistry make_http_target_app();

/// `scanner`, also marking the family of each leak it finds as a feature.
fuzzers::LeakScanner with_leak_feedback(fuzzers::LeakScanner scanner);

}  // namespace walletfuzz::http_target
