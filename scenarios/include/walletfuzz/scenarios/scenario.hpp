#pragma once
// The typed form of a scenario file: what one walletfuzz run does, against what, and which gates a
// release must pass. Every stage reads its settings from here and nowhere else.
//
//   walletfuzz::scenarios::Scenario s = walletfuzz::scenarios::load_scenario("demo.yaml");
//   if (s.fuzz) run_fuzzers(s.functions, *s.fuzz);      // absent section: the stage is skipped
//   for (const auto& stage : s.load->stages) plan(stage.from_rate, stage.to_rate,
//   stage.duration_s);
//
// These are plain values with the documented defaults (scenarios/README.md), so a command may also
// build or adjust one in code (for example from --rate) and re-check it with validate().
// The loader fills every field it can resolve: relative paths are made relative to the scenario
// file's directory, a function's provider and arch fall back to the pricing section's, a ramp's
// start rate falls back to the previous stage's end rate.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/core/amplification.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/http.hpp"
#include "walletfuzz/core/response_expectation.hpp"
#include "walletfuzz/core/settings_override.hpp"
#include "walletfuzz/detectors/allowlist.hpp"

namespace walletfuzz::scenarios {

/// bundled: the sample app shipped with walletfuzz; app: an application binary built with
/// walletfuzz_add_app (docs/OWN_HANDLERS.md); url: a deployed endpoint, tested over the wire.
enum class TargetKind { bundled, url, app };
enum class SampleVariant { vulnerable, fixed };

/// What walletfuzz sends to: an application (the bundled sample app or one built with
/// walletfuzz_add_app, started on loopback) or a deployed URL.
struct Target {
  TargetKind kind = TargetKind::bundled;
  SampleVariant variant = SampleVariant::vulnerable;  ///< bundled only
  /// app only: the application binary, resolved against the scenario file's directory. Its
  /// handlers (names, routes, settings, baselines) come from its own list mode.
  std::filesystem::path app;
  std::string url;  ///< url only, as written ("https://staging.example.com/api")
  // The URL's parts, filled by the loader (empty/0 for a bundled target).
  std::string scheme;     ///< "http" or "https"
  std::string host;       ///< lower case, IPv6 without brackets
  unsigned port = 0;      ///< explicit or the scheme's default (80/443)
  std::string base_path;  ///< "/api", or "" for the root
  /// Hosts walletfuzz may send to ("staging.example.com", "*.example.com", "127.0.0.1").
  /// Required for a url target and must contain the URL's host; loopback is always allowed.
  std::vector<std::string> allow_hosts;
  bool insecure_tls = false;  ///< true skips certificate verification (self-signed staging)
};

/// One request of normal traffic for a function. The loader builds `request` from the inline form
/// or reads and parses the request file.
struct BaselineRequest {
  Request request;
  std::filesystem::path file;  ///< the resolved request file, or empty when written inline
};

/// A serverless function (one handler, one route) and what its owner configured and pays for.
struct FunctionSpec {
  std::string name;    ///< unique; for an application target, one of its handler names
  std::string route;   ///< "/orders", "/files/*"; empty = the bundled app's own route
  std::string method;  ///< "GET", "POST", "*"; empty = the bundled app's own (url target: any)
  std::vector<BaselineRequest> baseline;  ///< empty = the bundled app's own baseline requests
  std::string provider;  ///< always filled after loading (default: pricing.provider)
  std::string arch;      ///< always filled after loading (default: pricing.arch)
  // Unset = the bundled handler's own setting; for a url target the loader fills the provider's
  // defaults (AWS Lambda: 128 MB, 3000 ms, unreserved).
  std::optional<unsigned> memory_mb;
  std::optional<unsigned> timeout_ms;
  std::optional<unsigned> reserved_concurrency;  ///< 0 = unreserved (account limit applies)
  /// What its responses must look like under load (`expect:`); unset = not checked.
  std::optional<ResponseExpectation> expect;
};

/// When a fuzz input counts as "slow". At least one is set; with both, either one suffices.
struct SlowThreshold {
  std::optional<double> ratio = 10.0;  ///< × the handler's baseline median cost
  std::optional<double> ms;            ///< absolute wall time of one invocation
};

/// The fuzz stage (`walletfuzz fuzz`).
struct FuzzPlan {
  double time_budget_s = 60;  ///< wall time for the whole stage, all handlers together
  unsigned jobs = 1;          ///< parallel fuzzing processes
  /// Executions after which one handler's search ends (libFuzzer -runs), so that how far the
  /// search gets does not depend on the machine's speed; `time_budget_s` stays the cap on
  /// wall time. 0 = bounded by time only.
  std::uint64_t execs_per_handler = 0;
  /// A handler's search ends once this many of its processes in a row stop at the same defect
  /// (crash signature, timeout or OOM); 0 = restart after every crash.
  unsigned same_defect_limit = 5;
  SlowThreshold slow_threshold;
  unsigned memory_limit_mb = 2048;  ///< per fuzzing process (libFuzzer -rss_limit_mb)
  /// Largest request the fuzzers generate (libFuzzer -max_len). Cost that grows with the size of
  /// a request (an array de-duplicated pairwise, a string a regex backtracks over) needs room.
  std::size_t max_input_bytes = 65536;
  std::filesystem::path corpus_dir;   ///< persistent corpus; default "corpus/<name>" in the cwd
  std::uint64_t seed = 1;             ///< fixed by default so runs are reproducible
  std::vector<std::string> handlers;  ///< handlers to fuzz; empty = all
  /// url target: requests per second the whole campaign may send at most (every process
  /// together). Required, with spend_budget_usd, for a host other than loopback.
  std::optional<double> max_rps;
  /// url target: refuse to start when the campaign's estimated cost (max_rps for the whole time
  /// budget, each request billed at its function's timeout) is above this, unless
  /// --confirm-spend. Required, with max_rps, for a host other than loopback.
  std::optional<double> spend_budget_usd;
};

enum class StageKind { constant, ramp, spike };
enum class LoadMode { open, closed };

/// One stage of the arrival schedule. The rate goes linearly from `from_rate` to `to_rate` over
/// the stage (equal for constant and spike stages), in requests per second.
struct LoadStage {
  StageKind kind = StageKind::constant;
  double from_rate = 0;
  double to_rate = 0;
  double duration_s = 0;
};

/// Relative weights of the request classes in the replayed traffic: each handler's baseline
/// requests, and the findings of each kind. A weight of 0 leaves that class out.
struct TrafficMix {
  double baseline = 1;
  double crash = 1;
  double timeout = 1;
  double oom = 1;
  double slow = 1;
  double leak = 1;
};

/// The load stage (`walletfuzz replay`).
struct LoadPlan {
  LoadMode mode = LoadMode::open;
  std::vector<LoadStage> stages;  ///< open mode: at least one; closed mode: none
  TrafficMix mix;
  unsigned connections = 16;
  unsigned threads = 1;
  std::uint64_t max_requests = 1'000'000;  ///< hard cap on requests sent
  double max_duration_s = 3600;            ///< hard cap on sending time
  unsigned request_timeout_ms = 10'000;
  double spend_budget_usd = 1.0;  ///< refuse to start if the estimated cost of the test is above
  double price_per_request_usd = 0.000002;  ///< estimate used when the cost model cannot price
  /// Findings to replay: a run directory or a findings.json; empty = this run's own findings.
  std::filesystem::path findings_from;
  /// Headers set on every request replayed, findings included, in file order; values may hold
  /// ${ENV:NAME}, kept as written (resolved only when sending).
  std::vector<HeaderField> headers;
  /// Expand {{seq}}, {{uuid}}, {{random_int A B}}, {{now_unix_ms}}, {{pick FILE}} per request.
  bool templates = false;
  /// Above this share of failed checks among the baselines' checked responses, the run is
  /// marked unusable: its figures measured an error path (a 401 page), not the function.
  double max_baseline_check_failures = 0.5;
};

/// A change to the pricing catalog: `key` is "<provider>.<path in its pricing file>"
/// ("aws-lambda.meters.requests.tiers[0].usd"), `value` is YAML text ("0.25", "[x86_64]").
/// The cost model applies and checks it; locate(scenario, "pricing.overrides." + key) gives the
/// line for its messages.
struct PricingOverride {
  std::string key;
  std::string value;
  friend bool operator==(const PricingOverride&, const PricingOverride&) = default;
};

/// A function's normal traffic for the monthly bill (`pricing.traffic.<function>`): exactly one
/// of the three is set.
struct DeclaredTraffic {
  std::optional<double> requests_per_month;
  std::optional<double> requests_per_second;
  /// from_report_log: the observed rate of the function's REPORT log, which covers this many
  /// hours (REPORT lines carry no timestamps, so the span is stated).
  std::optional<double> report_log_hours;
  friend bool operator==(const DeclaredTraffic&, const DeclaredTraffic&) = default;
};

/// The settings whose savings the cost report computes (`pricing.mitigations`); unset = the
/// cost model's suggestion from the declared traffic.
struct MitigationInputs {
  std::optional<unsigned> reserved_concurrency;
  std::optional<double> rate_limit_rps;  ///< per client (WAF rate rule, usage plan)
  std::optional<unsigned> timeout_ms;
  std::optional<unsigned> max_request_bytes;
  friend bool operator==(const MitigationInputs&, const MitigationInputs&) = default;
};

/// How requests are priced (cost_model's catalog, plus overrides of its prices).
struct Pricing {
  std::string provider = "aws-lambda";
  std::string region = "us-east-1";
  std::string arch = "x86_64";
  bool free_tier = false;  ///< subtract the provider's monthly free tier from the run's bill
  /// Add-on price sheets billed beside every function ("aws-api-gateway-http"); the cost model
  /// checks the names when the run plan is built.
  std::vector<std::string> addons;
  std::vector<PricingOverride> overrides;                       ///< in file order
  std::map<std::string, DeclaredTraffic, std::less<>> traffic;  ///< by function name
  MitigationInputs mitigations;
};

/// "An attacker sending `at_rate_rps` must not make the owner pay more than `usd_per_hour`."
struct AttackerSpendGate {
  double usd_per_hour = 0;
  double at_rate_rps = 0;
};

/// What a release must pass. Unset gates are not checked.
struct Gates {
  bool no_new_crash = false;
  bool no_new_leak = false;
  std::optional<double> max_amplification;
  /// What amplification means for max_amplification and for the fuzz stage's slow verdict: per
  /// request byte (size_aware, the default) or per request (raw).
  AmplificationBasis amplification = AmplificationBasis::size_aware;
  std::optional<double> max_cost_per_million_usd;
  std::optional<double> max_p99_ms;  ///< at the planned load (needs a load section)
  /// (transport errors + failed response checks) / sent, of normal traffic (needs a load section)
  std::optional<double> max_error_rate;
  /// 429s and provider throttles / sent, of normal traffic (needs a load section)
  std::optional<double> max_throttled_rate;
  std::optional<AttackerSpendGate> max_attacker_spend;
};

/// Leak findings the owner has accepted (`leaks.allow`): still reported and counted, but they do
/// not fail the no_new_leak gate. Each entry names a rule (or "prefix*"), a function, a
/// fingerprint `walletfuzz scan` printed, or several of these, and why.
struct LeakPolicy {
  detectors::LeakAllowlist allow;
};

/// Where results go.
struct Output {
  std::filesystem::path run_dir;  ///< default "runs/<name>" in the cwd
  bool history = false;           ///< record the run in history.sqlite beside the run directory
};

/// A whole scenario file.
struct Scenario {
  int version = 1;
  std::string name;  ///< default: the file name without extension
  std::string description;
  Target target;
  /// Bundled target: empty = every handler of the app; listed = only these, with the settings
  /// they give overriding the app's. Url target: the functions load reaches.
  std::vector<FunctionSpec> functions;
  std::optional<FuzzPlan> fuzz;  ///< absent: `walletfuzz run` skips fuzzing
  std::optional<LoadPlan> load;  ///< absent: `walletfuzz run` skips the load test
  Pricing pricing;
  Gates gates;
  LeakPolicy leaks;
  Output output;

  std::filesystem::path source_file;  ///< the scenario file as given
  std::filesystem::path base_dir;     ///< its directory; relative paths in it resolve here
  /// Where each field was written, by field path ("load.stages[2].rate"), so problems found
  /// later (by validate() or by a stage) can point at the line. See locate() in loader.hpp.
  std::map<std::string, Location, std::less<>> field_locations;
};

/// For an application target (bundled or app), the settings its `functions:` section gives the
/// application's handlers (memory, timeout, reserved concurrency), for the application binary's
/// fuzz and serve modes to apply; empty for a url target, whose functions are deployed elsewhere.
std::vector<SettingsOverride> bundled_settings_overrides(const Scenario& scenario);

std::string_view to_string(TargetKind kind) noexcept;
std::string_view to_string(SampleVariant variant) noexcept;
std::string_view to_string(StageKind kind) noexcept;
std::string_view to_string(LoadMode mode) noexcept;

}  // namespace walletfuzz::scenarios
