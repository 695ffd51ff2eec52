#pragma once
// A tiny application with one planted defect per finding kind, for the fuzzers' tests. Its
// costs are deterministic (loop counts, allocations) so tests never depend on timing luck.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "walletfuzz/core/handler.hpp"
#include "walletfuzz/fuzzers/invocation_harness.hpp"

namespace walletfuzz::fuzzers::testing {

// Quadratic in the number of 'a' bytes of the body: each pair costs one charged work unit and a
// little real CPU.
inline Response quadratic(const Request& request, InvocationContext& context) {
  std::uint64_t n = 0;
  for (char c : request.body) n += c == 'a';
  volatile std::uint64_t sink = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    for (std::uint64_t j = 0; j < n; ++j) sink = sink + i * j;
  }
  context.charge(n * n + 1);
  return {.status = 200, .body = "ok"};
}

inline HandlerRegistry fixture_registry() {
  HandlerRegistry registry;
  registry.add({.name = "quadratic",
                .method = "POST",
                .route = "/quadratic",
                .settings = {.memory_mb = 64, .timeout = std::chrono::milliseconds(2000)},
                .baseline_requests = {"POST /quadratic HTTP/1.1\r\nHost: app\r\n"
                                      "Content-Length: 3\r\n\r\nabc"},
                .invoke = quadratic});
  registry.add({.name = "thrower",
                .method = "GET",
                .route = "/thrower",
                .baseline_requests = {"GET /thrower?x=1 HTTP/1.1\r\nHost: app\r\n\r\n"},
                .invoke = [](const Request& request, InvocationContext&) -> Response {
                  if (request.query_param("x") == "boom") throw std::runtime_error("boom 42");
                  return {.status = 200, .body = "fine"};
                }});
  registry.add({.name = "leaky",
                .method = "GET",
                .route = "/leaky",
                .baseline_requests = {"GET /leaky HTTP/1.1\r\nHost: app\r\n\r\n"},
                .invoke = [](const Request& request, InvocationContext&) -> Response {
                  if (request.headers.contains("X-Debug")) {
                    return {.status = 500, .body = "error: SECRET=hunter2"};
                  }
                  return {.status = 200, .body = "fine"};
                }});
  registry.add({.name = "hog",
                .method = "GET",
                .route = "/hog",
                .settings = {.memory_mb = 16},
                .baseline_requests = {"GET /hog?mb=1 HTTP/1.1\r\nHost: app\r\n\r\n"},
                .invoke = [](const Request& request, InvocationContext& context) -> Response {
                  auto mb = std::stoul(request.query_param("mb").value_or("1"));
                  // Reported the way the runtime's allocation hooks would report it.
                  context.note_allocation(static_cast<std::int64_t>(mb) << 20);
                  context.note_allocation(-(static_cast<std::int64_t>(mb) << 20));
                  return {.status = 200, .body = "ok"};
                }});
  registry.add({.name = "sleepy",
                .method = "GET",
                .route = "/sleepy",
                .settings = {.timeout = std::chrono::milliseconds(50)},
                .baseline_requests = {"GET /sleepy HTTP/1.1\r\nHost: app\r\n\r\n"},
                .invoke = [](const Request& request, InvocationContext& context) -> Response {
                  // "forever" spins until the runtime's deadline, as a handler that honours
                  // cancellation does when its input makes it loop.
                  if (request.query_param("q") == "forever") {
                    while (!context.cancelled()) {
                    }
                  }
                  return {.status = 200, .body = "ok"};
                }});
  return registry;
}

// Stands in for the leak detector: a response containing "SECRET=" leaks a secret.
inline LeakScanner fixture_scanner() {
  return [](const Request&, const Response& response) -> std::optional<LeakHit> {
    if (response.body.find("SECRET=") == std::string::npos) return std::nullopt;
    return LeakHit{.family = "secret", .rule = "secret.fixture", .severity = "high"};
  };
}

}  // namespace walletfuzz::fuzzers::testing
