#pragma once
// What a load run does, as validated runtime configuration. The CLI builds a LoadPlan from a
// scenario and flags; the runner never sees raw flags or YAML.
//
//   walletfuzz::loadgen::LoadPlan plan;
//   plan.target = walletfuzz::loadgen::parse_target_url("http://127.0.0.1:8080");
//   plan.allowed_hosts = {"127.0.0.1"};
//   plan.classes.push_back({.name = "baseline:get-order", .kind = "baseline",
//                           .handler = "get-order", .weight = 9, .request = some_request});
//   plan.stages = {{.kind = StageKind::constant, .duration = 10s, .start_rate = 1000}};
//   for (auto& problem : plan.validate()) std::cerr << problem << '\n';   // all errors at once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "walletfuzz/core/http.hpp"
#include "walletfuzz/core/response_expectation.hpp"
#include "walletfuzz/detectors/allowlist.hpp"

namespace walletfuzz::loadgen {

/// Where the load goes: scheme, host and port of one endpoint (the path of each request comes
/// from its request file).
struct TargetUrl {
  bool tls = false;  ///< https
  std::string host;  ///< "127.0.0.1", "api.example.com", "::1" (no brackets)
  std::uint16_t port = 80;
  /// Prefix of every origin-form request path ("/api" for https://host/api), or empty.
  std::string base_path;
  /// "host:port", with the port left out when it is the scheme's default; IPv6 in brackets.
  std::string authority() const;
  /// "http://host:port"
  std::string to_string() const;
};

/// Parses "http[s]://host[:port][/base/path]". Throws InputError at `field` with the reason.
TargetUrl parse_target_url(const std::string& text, const std::string& field = "--target");

/// One request class of the traffic mix: a request file and how often it is sent.
struct RequestClass {
  std::string name;               ///< "baseline:search-products" or "finding:slow-3f2a9c1d"
  std::string kind = "baseline";  ///< baseline | crash | timeout | oom | slow | leak
  std::string handler;            ///< handler name, may be empty
  std::string finding_id;         ///< empty for baselines
  double weight = 1.0;            ///< relative share of the traffic, > 0
  Request request;                ///< as read from the request file; Host is rewritten at send time
  /// Its function's `expect:`: every response is checked against it and the failures counted
  /// (ClassStats::check_failures); unset = not checked.
  std::optional<ResponseExpectation> expect;
};

enum class StageKind {
  constant,  ///< start_rate for the whole stage
  ramp,      ///< linear change from start_rate to end_rate
  spike,     ///< end_rate (the peak) for the whole stage, entered and left instantly
};

struct Stage {
  StageKind kind = StageKind::constant;
  std::chrono::nanoseconds duration{std::chrono::seconds(10)};
  double start_rate = 0;  ///< requests per second (whole run, before sharding)
  double end_rate = 0;    ///< ramp: rate at the end; spike: the peak rate
};

enum class LoadMode {
  open,    ///< arrivals follow the stages whatever the target does (default)
  closed,  ///< each connection sends back-to-back: maximum throughput
};

/// `--shard I/N`: this process sends requests I, I+N, I+2N, ... of the common schedule.
struct Shard {
  unsigned index = 0;
  unsigned count = 1;
};

/// Parses "I/N" with 0 <= I < N. Throws InputError at `--shard`.
Shard parse_shard(const std::string& text);

struct LoadPlan {
  TargetUrl target;
  std::vector<std::string> allowed_hosts;  ///< exact host names or addresses; required
  std::vector<RequestClass> classes;
  LoadMode mode = LoadMode::open;
  std::vector<Stage> stages;                                           ///< open mode
  std::chrono::nanoseconds closed_duration{std::chrono::seconds(10)};  ///< closed mode

  unsigned connections = 16;
  unsigned threads = 1;
  Shard shard;
  std::uint64_t seed = 1;  ///< picks each request's class; same seed, same sequence

  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds request_timeout{10000};  ///< write + wait + read of one request
  std::chrono::milliseconds drain_timeout{2000};     ///< wait for in-flight responses at the end
  std::size_t max_response_body_bytes = 8 * 1024 * 1024;
  /// Open mode: a request still waiting for a free connection this long after its due time is
  /// dropped instead of sent (wrk2 would send it anyway, arbitrarily late).
  std::chrono::milliseconds max_lateness{10000};
  std::size_t max_backlog = 100000;  ///< waiting requests per thread before new ones are dropped

  std::uint64_t max_requests = 1'000'000;  ///< hard cap on requests scheduled (whole run)
  std::chrono::nanoseconds max_duration{std::chrono::minutes(10)};  ///< hard cap on run time

  /// Set on every request, findings included (load.headers, --header), replacing any field of
  /// the same name. Values, like the requests themselves, may hold ${ENV:NAME} placeholders,
  /// resolved only in the bytes sent (env_placeholders.hpp).
  std::vector<HeaderField> headers;
  /// Expand {{seq}}, {{uuid}}, ... in every request, per request (request_template.hpp);
  /// false replays each request byte for byte.
  bool templates = false;
  /// Where relative {{pick FILE}} paths are found (the scenario's directory; else the cwd).
  std::filesystem::path data_dir = ".";

  bool verify_tls = true;  ///< false with --insecure
  bool scan_leaks = true;  ///< run the leak detector over every response body
  /// Accepted leak findings (the scenario's leaks.allow), matched with each class's handler: a
  /// response flagged only by accepted findings counts in leaks_allowlisted, not in leaks.
  detectors::LeakAllowlist leak_allowlist;
  /// Recorded in load.json: above this share of failed checks the baselines are unusable.
  double max_baseline_check_failures = 0.5;

  /// Every problem found, each one line naming the field; empty when the plan can run.
  std::vector<std::string> validate() const;
  /// Requests the open-mode stages schedule for the whole run, before caps and sharding.
  std::uint64_t scheduled_requests() const;
  /// Wall time the run is planned to take (stages, or the closed-mode duration), before caps.
  std::chrono::nanoseconds planned_duration() const;
};

/// Throws InputError (exit 2) unless `target.host` is in `allowed`: an exact host name or address
/// (case-insensitive; IPv6 with or without brackets) or "*.example.com" for any subdomain.
void require_allowed_host(const TargetUrl& target, const std::vector<std::string>& allowed);

}  // namespace walletfuzz::loadgen
