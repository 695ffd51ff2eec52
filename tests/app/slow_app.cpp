// An application built with walletfuzz_add_app for the fail_on test (tests/app/fail_on_test.sh):
// GET /work?n=N spins N thousand times, so the baseline (n=1) and a heavy input (n=5000) differ
// by a factor no machine's speed or load can close. A busy loop, not a sleep: amplification is
// capped by CPU time over the baseline's, and a sleep would not burn any.
#include <cstdint>
#include <string>

#include "walletfuzz/core/handler.hpp"

namespace walletfuzz::testing {

HandlerRegistry slow_app() {
  HandlerRegistry app;
  app.add({.name = "work",
           .method = "GET",
           .route = "/work",
           .baseline_requests = {"GET /work?n=1 HTTP/1.1\r\nHost: app\r\n\r\n"},
           .invoke = [](const Request& request, InvocationContext&) {
             std::uint64_t n = 1;
             try {
               n = std::stoull(request.query_param("n").value_or("1"));
             } catch (...) {  // not a number: the baseline's work
             }
             volatile std::uint64_t sum = 0;
             for (std::uint64_t i = 0; i < (n > 100'000 ? 100'000 : n) * 1000; ++i) sum = sum + i;
             return Response{.body = "done"};
           }});
  return app;
}

}  // namespace walletfuzz::testing
