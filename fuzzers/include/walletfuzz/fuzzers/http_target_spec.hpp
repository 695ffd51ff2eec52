#pragma once
// The description of a black-box HTTP target, which `walletfuzz fuzz` writes for a scenario
// with `target.url` and the HTTP target binary (http_target_fuzz) reads from the file named by
// WALLETFUZZ_HTTP_TARGET: where to send, how fast at most, and the functions behind the URL
// (their routes, timeouts and baseline requests), which become that binary's handlers. So the
// campaign, triage and every mode of an application binary work on a URL unchanged.
//
//   HttpTargetSpec spec{.url = "http://127.0.0.1:8080", .max_rps = 50};
//   spec.functions.push_back({.name = "search", .method = "GET", .route = "/search",
//                             .baseline_requests = {"GET /search?q=a HTTP/1.1\r\n\r\n"}});
//   write_http_target_spec(spec, run_dir / ".fuzz" / "http-target.json");

#include <filesystem>
#include <string>
#include <vector>

namespace walletfuzz::fuzzers {

/// One function behind the URL, as the scenario's functions section gives it.
struct HttpFunction {
  std::string name;
  std::string method = "*";  ///< "*": any method
  std::string route = "/*";  ///< "/orders", "/files/*"
  unsigned timeout_ms = 3000;
  unsigned memory_mb = 128;
  std::vector<std::string> baseline_requests;  ///< request files' bytes
  bool operator==(const HttpFunction&) const = default;
};

struct HttpTargetSpec {
  std::string url;  ///< "http://127.0.0.1:8080[/base]"; only http (no TLS) for now
  /// Requests per second one process may send at most (0: no cap, loopback only). `walletfuzz
  /// fuzz` divides the scenario's fuzz.max_rps by the processes running at once.
  double max_rps = 0;
  /// How long to wait for a target that stopped answering (a crash) to come back.
  unsigned recovery_ms = 10'000;
  std::vector<HttpFunction> functions;
  bool operator==(const HttpTargetSpec&) const = default;
};

/// Writes `spec` as JSON (atomically).
void write_http_target_spec(const HttpTargetSpec& spec, const std::filesystem::path& file);

/// Reads what write_http_target_spec wrote. Throws InputError naming the file and field.
HttpTargetSpec read_http_target_spec(const std::filesystem::path& file);

}  // namespace walletfuzz::fuzzers
