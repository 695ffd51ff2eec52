#pragma once
// cost.json, written by `walletfuzz cost` and read by report (fields in docs/FORMATS.md): the
// priced classes, the attacker projections, the concurrency limits and the run's own bill.
// Money is US dollars, unrounded, written as plain JSON numbers.
//
//   CostFile cost = walletfuzz::formats::read_cost_file(run_dir / "cost.json");
//   for (const CostClassRecord& c : cost.classes) std::cout << c.cost_per_million_usd << '\n';

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace walletfuzz::formats {

/// One priced request class.
struct CostClassRecord {
  std::string name;  ///< "finding:slow-3f2a9c1d", "baseline:list-orders"
  std::string kind;  ///< baseline | crash | timeout | oom | slow | leak
  std::string handler;
  std::string finding_id;  ///< empty for baselines
  std::string source;      ///< "load": billed from load.json; "findings": from the finding's median
  std::uint64_t requests = 0;  ///< executions billed
  std::uint64_t sent = 0;
  std::uint64_t throttled = 0;
  std::uint64_t timeouts = 0;
  std::string function;  ///< the plan's function it is priced as; empty = the default function
  std::string arch;      ///< of that function
  double memory_mb = 0;  ///< of that function: each class at its own function's size
  double billed_memory_mb = 0;
  double duration_ms_mean = 0;  ///< measured, before rounding
  double billed_ms_mean = 0;
  double billed_ms_total = 0;
  double cost_per_request_usd = 0;
  double cost_per_million_usd = 0;
  std::optional<double> amplification;       ///< against the handler's baseline; unknown: none
  std::optional<double> throttle_onset_rps;  ///< none when the concurrency is unlimited
  friend bool operator==(const CostClassRecord&, const CostClassRecord&) = default;
};

/// The same attack with every request at the limits: a slow finding's worst case from scale
/// probing (findings.json growth.worst_case), the largest request the platform accepts or the
/// value of an unbounded parameter, billed up to the function's timeout.
struct AttackAtLimitsRecord {
  double request_bytes = 0;  ///< one request at the limits (the attacker's egress per request)
  double duration_ms = 0;    ///< predicted by the fit, at most the timeout
  double billed_ms = 0;
  double cost_per_request_usd = 0;
  bool reaches_timeout = false;  ///< every request bills the whole timeout
  /// The smallest request at which one request reaches the timeout; none when it never does.
  std::optional<double> timeout_request_bytes;
  double executed_rps = 0;
  double throttled_fraction = 0;
  double concurrency = 0;
  double owner_cost_usd = 0;
  double usd_per_day = 0;
  double monthly_exposure_usd = 0;
  double attacker_cost_usd = 0;
  std::optional<double> owner_usd_per_attacker_usd;
  friend bool operator==(const AttackAtLimitsRecord&, const AttackAtLimitsRecord&) = default;
};

/// What an attacker sending one class at a fixed rate costs the owner and themselves. The
/// top-level figures are at the size the class was measured (the fuzzed size); `at_limits`
/// beside them is the same attack at the worst case, when scale probing found one.
struct AttackerRecord {
  std::string class_name;  ///< "class" in the file
  double rate_rps = 0;
  double hours = 0;
  double executed_rps = 0;
  double throttled_fraction = 0;
  double concurrency = 0;
  double owner_cost_usd = 0;
  double usd_per_day = 0;
  double monthly_exposure_usd = 0;
  double attacker_cost_usd = 0;
  std::optional<double> owner_usd_per_attacker_usd;  ///< none when the attacker pays nothing
  std::optional<AttackAtLimitsRecord> at_limits;     ///< slow findings with a growth fit
  friend bool operator==(const AttackerRecord&, const AttackerRecord&) = default;
};

struct ConcurrencyRecord {
  std::optional<double> account_limit;
  std::optional<double> reserved_concurrency;
  std::optional<double> throttle_rate_rps;  ///< lowest onset over the attack classes
  std::string throttle_class;
  friend bool operator==(const ConcurrencyRecord&, const ConcurrencyRecord&) = default;
};

/// One priced meter of a bill.
struct LineItemRecord {
  std::string provider, meter, description, quantity;
  double total = 0, free = 0, billable = 0, usd = 0;
  std::string source_url, as_of;
  bool verified = false;
  friend bool operator==(const LineItemRecord&, const LineItemRecord&) = default;
};

struct MalformedLineRecord {
  std::uint64_t line = 0;
  std::string message;
  friend bool operator==(const MalformedLineRecord&, const MalformedLineRecord&) = default;
};

/// The bill of a Lambda REPORT log (`cost --lambda-log`).
struct ReportLogRecord {
  std::string file;
  std::uint64_t lines = 0, records = 0, duplicates = 0, malformed_count = 0;
  std::vector<MalformedLineRecord> malformed;  ///< the first few
  std::uint64_t cold_starts = 0, timeouts = 0, billed_mismatches = 0;
  double billed_ms_total = 0, recomputed_billed_ms_total = 0;
  std::vector<LineItemRecord> line_items;
  double total_usd = 0;
  friend bool operator==(const ReportLogRecord&, const ReportLogRecord&) = default;
};

/// The client-side estimate against the REPORT-log bill of the same traffic.
struct ComparisonRecord {
  double load_total_usd = 0;
  double report_total_usd = 0;
  std::optional<double> difference_pct;
  friend bool operator==(const ComparisonRecord&, const ComparisonRecord&) = default;
};

/// One function's bill: its configuration, its load bill at list prices (no free tier, no
/// monthly fees), and the bill of its own REPORT lines beside it.
struct CostFunctionRecord {
  std::string name;  ///< empty: the default function (classes of no listed function)
  std::string provider, region, arch;
  double memory_mb = 0, billed_memory_mb = 0, timeout_s = 0;
  std::optional<double> reserved_concurrency;
  std::vector<std::string> classes;
  std::uint64_t invocations = 0;  ///< executions billed from load.json
  std::vector<LineItemRecord> line_items;
  double total_usd = 0;
  std::optional<ReportLogRecord> report_log;   ///< none without its REPORT lines
  std::optional<ComparisonRecord> comparison;  ///< none without load or REPORT lines
  friend bool operator==(const CostFunctionRecord&, const CostFunctionRecord&) = default;
};

/// One function's bill at its declared traffic (`pricing.traffic`), at list prices.
struct MonthlyFunctionRecord {
  std::string name;
  std::string traffic_source;  ///< requests_per_month | requests_per_second | from_report_log
  double traffic_value = 0;    ///< as declared: requests, req/s, or the log's hours
  double requests_per_month = 0;
  double rate_rps = 0;  ///< requests_per_month / seconds in 730 hours
  std::string profile;  ///< what one request was priced from ("baseline classes of load.json")
  double duration_ms_mean = 0;
  double cost_per_request_usd = 0;
  std::vector<LineItemRecord> line_items;
  double total_usd = 0;
  friend bool operator==(const MonthlyFunctionRecord&, const MonthlyFunctionRecord&) = default;
};

/// The monthly bill at declared traffic: per function (list prices), and the account's total
/// over all of them (the free tier, when asked, subtracted once).
struct MonthlyBillRecord {
  std::vector<MonthlyFunctionRecord> functions;
  std::vector<LineItemRecord> line_items;
  double total_usd = 0;
  bool free_tier = false;
  std::vector<std::string> notes;  ///< functions declared but not priced, and why
  friend bool operator==(const MonthlyBillRecord&, const MonthlyBillRecord&) = default;
};

/// One attack duration of an attack scenario.
struct AttackPeriodRecord {
  double hours = 0;
  double attack_usd = 0;  ///< what the attack adds to the bill
  double bill_usd = 0;    ///< the function's monthly bill plus attack_usd
  double legit_requests_turned_away = 0;
  friend bool operator==(const AttackPeriodRecord&, const AttackPeriodRecord&) = default;
};

/// What one mitigation does to an attack scenario.
struct MitigationRecord {
  std::string id;  ///< reserved_concurrency | rate_limit | timeout | input_size_limit
  std::string setting;
  double executed_rps = 0;
  double usd_per_hour = 0;                        ///< the attack's new worst-case spend per hour
  std::vector<double> savings_usd;                ///< per period of the scenario, same order
  double legit_throttled_share = 0;               ///< of declared traffic, no attack
  double legit_throttled_share_under_attack = 0;  ///< of declared traffic, during the attack
  std::string note;
  friend bool operator==(const MitigationRecord&, const MitigationRecord&) = default;
};

/// One line of an attack scenario's spend curve: spend per hour at each of the curve's rates.
struct SpendCurveSeriesRecord {
  std::string id;                            ///< "none", or a mitigation id
  std::string setting;                       ///< the mitigation's setting; empty for "none"
  std::optional<double> throttle_point_rps;  ///< where this spend stops growing
  std::vector<double> usd_per_hour;          ///< one per rate of the curve
  friend bool operator==(const SpendCurveSeriesRecord&, const SpendCurveSeriesRecord&) = default;
};

/// One attacker sending a function's worst finding at the stated rate, beside its declared
/// traffic, under its concurrency limit.
struct AttackScenarioRecord {
  std::string function;    ///< empty: the default function
  std::string class_name;  ///< "class" in the file: the worst finding's class
  double rate_rps = 0;
  double duration_ms = 0;
  double request_bytes = 0;
  double cost_per_request_usd = 0;
  double concurrency_limit = 0;  ///< reserved, else the account's
  std::optional<double> throttle_point_rps;
  double executed_rps = 0;
  double legit_rate_rps = 0;
  double legit_throttled_share = 0;  ///< during the attack: the denial of service
  double usd_per_hour = 0;
  double monthly_bill_usd = 0;  ///< the function's bill at declared traffic (0: none declared)
  std::vector<AttackPeriodRecord> periods;  ///< 1 hour, 1 day, 30 days
  std::vector<MitigationRecord> mitigations;
  /// Spend against attack rate with no mitigation and with each ("spend_curve" in the file):
  /// ascending rates, and one series per line; both empty when not computed.
  std::vector<double> curve_rates_rps;
  std::vector<SpendCurveSeriesRecord> curve;
  friend bool operator==(const AttackScenarioRecord&, const AttackScenarioRecord&) = default;
};

/// Right-sizing of one function from its REPORT lines' Max Memory Used.
struct RightSizingRecord {
  std::string function;
  double configured_mb = 0;
  double peak_used_mb = 0;  ///< largest Max Memory Used
  double headroom = 0;      ///< kept above the peak (0.2 = 20 %)
  double suggested_mb = 0;  ///< on the provider's memory grid; configured_mb when none smaller
  std::string priced_at;    ///< "declared traffic" or "its REPORT lines"
  double usd_now = 0, usd_suggested = 0, saving_usd = 0;
  std::string caution;  ///< CPU scales with memory: durations may grow
  std::string note;     ///< why nothing smaller is suggested
  friend bool operator==(const RightSizingRecord&, const RightSizingRecord&) = default;
};

/// One function on one provider of the comparison.
struct ProviderFunctionRecord {
  std::string function;
  std::optional<double> usd;  ///< none when it cannot run there
  std::string reason;         ///< why it cannot
  std::string note;
  friend bool operator==(const ProviderFunctionRecord&, const ProviderFunctionRecord&) = default;
};

/// The measured workload priced on one provider of the catalog (compute only, list prices).
struct ProviderComparisonRecord {
  std::string provider, name, region;
  std::optional<double> total_usd;  ///< none when some function cannot run there
  std::vector<ProviderFunctionRecord> functions;
  std::vector<LineItemRecord> line_items;  ///< the bill of the functions it can run
  friend bool operator==(const ProviderComparisonRecord&,
                         const ProviderComparisonRecord&) = default;
};

/// Which files were priced, and how.
struct CostInputsRecord {
  std::string load, findings, lambda_log;  ///< paths; empty when not used
  std::string durations;  ///< "histogram_uncorrected", "histogram", ...; empty without load
  double log_bytes_per_invocation = 0;
  std::string lambda_log_dir;  ///< per-function REPORT logs (RUN/lambda-report); empty: none
  friend bool operator==(const CostInputsRecord&, const CostInputsRecord&) = default;
};

/// cost.json as a whole.
struct CostFile {
  std::string generated_at;
  std::string provider, region, arch;
  double memory_mb = 0;
  double billed_memory_mb = 0;
  double timeout_s = 0;
  bool free_tier = false;
  std::vector<std::string> addons;
  CostInputsRecord inputs;
  std::vector<CostClassRecord> classes;
  std::vector<AttackerRecord> attacker;
  ConcurrencyRecord concurrency;
  std::vector<CostFunctionRecord> functions;  ///< one per function with a class or REPORT lines
  std::vector<LineItemRecord> line_items;     ///< the bill of the run's own traffic
  std::optional<ReportLogRecord> report_log;
  std::optional<ComparisonRecord> comparison;
  double total_usd = 0;
  std::vector<std::string> notes;
  std::optional<MonthlyBillRecord> monthly;  ///< none without declared traffic
  std::vector<AttackScenarioRecord> attack_scenarios;
  std::vector<RightSizingRecord> right_sizing;  ///< functions with Max Memory Used in REPORT lines
  /// "declared traffic" (a month of it) or "this run's load"; empty: no comparison.
  std::string providers_basis;
  std::vector<ProviderComparisonRecord> providers;
  friend bool operator==(const CostFile&, const CostFile&) = default;
};

/// Parses cost.json text. Throws InputError naming `file` and the field: bad JSON, a schema
/// check_schema refuses, a class without a name, a field of the wrong type. Missing figures keep
/// their defaults; unknown fields are ignored.
CostFile parse_cost(std::string_view text, const std::string& file);
/// parse_cost of the file at `path` (InputError when it cannot be read).
CostFile read_cost_file(const std::filesystem::path& path);

/// The cost.json text (schema "walletfuzz.cost/1"), indented for people.
std::string cost_to_json(const CostFile& cost);
/// Writes cost_to_json atomically (RuntimeFailure when it cannot).
void write_cost_file(const std::filesystem::path& path, const CostFile& cost);

}  // namespace walletfuzz::formats
