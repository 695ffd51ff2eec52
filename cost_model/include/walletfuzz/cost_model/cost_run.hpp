#pragma once
// `walletfuzz cost RUN_DIR`: reads what a run measured (load.json, findings.json, optionally a
// Lambda REPORT log), prices it, and writes cost.json atomically (fields in docs/FORMATS.md).
//
//   CostRunOptions options;
//   options.run_dir = "runs/2026-11-28T12-00-00Z";
//   options.functions["resize"].config.memory_mb = 512;  // classes of `resize` at 512 MB
//   options.lambda_log = "lambda.log";                 // optional
//   CostRunResult result = run_cost(PricingCatalog::builtin(), options);
//   // result.written == run_dir / "cost.json"; result.warnings lists skipped REPORT lines
//
// Each request class is priced at the configuration of the function it hit (the class's
// `handler`): its memory size, architecture and timeout. Every function gets its own line items
// and, when its REPORT lines are known (RUN_DIR/lambda-report/<function>.log, one file per
// function as CloudWatch keeps one log group per function), the comparison of the client-side
// estimate with the bill from those lines. The run's total bills the usage of all functions
// together, so the free tier (when asked) is subtracted once, as on a real account.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "walletfuzz/cost_model/billing.hpp"
#include "walletfuzz/cost_model/exposure.hpp"
#include "walletfuzz/cost_model/report_log.hpp"
#include "walletfuzz/cost_model/run_inputs.hpp"
#include "walletfuzz/cost_model/spend_scenarios.hpp"
#include "walletfuzz/formats/cost.hpp"
#include "walletfuzz/formats/findings.hpp"

namespace walletfuzz::cost_model {

/// One function of the run as the cost stage prices it.
struct PricedFunction {
  FunctionConfig config;
  std::optional<int> reserved_concurrency;  ///< for its throttle onset; unset = account limit
  /// Normal traffic for the monthly bill and beside the attack scenarios; unset: none declared.
  std::optional<DeclaredTraffic> traffic;
};

struct CostRunOptions {
  /// The configuration of classes whose handler is not in `functions` (all of them when
  /// `functions` is empty); also the one a REPORT log of unknown functions is billed with.
  FunctionConfig function;
  /// The run's functions by name: a class whose `handler` is listed here is priced at that
  /// function's configuration.
  std::map<std::string, PricedFunction, std::less<>> functions;
  std::filesystem::path run_dir;
  /// A REPORT log of no known function (`cost --lambda-log FILE`): billed as `function`.
  std::optional<std::filesystem::path> lambda_log;
  /// REPORT logs per function, `<dir>/<function>.log`; default: RUN_DIR/lambda-report when it
  /// is a directory (where `walletfuzz run` has `serve` write them).
  std::optional<std::filesystem::path> lambda_log_dir;
  std::optional<std::filesystem::path> output;  ///< default: run_dir / "cost.json"
  TrafficAssumptions traffic;
  double attack_rate_rps = 100;
  double attack_hours = 24;
  /// The attack scenarios' durations: 1 hour, 1 day, 30 days.
  std::vector<double> attack_periods_hours = {1, 24, 720};
  /// Mitigations whose savings are computed; unset settings are suggested from normal traffic.
  MitigationSettings mitigations;
  std::optional<int> account_concurrency_limit;  ///< default: the provider's (1,000 on Lambda)
  std::optional<int> reserved_concurrency;
  std::string attacker_provider = "attacker";  ///< pricing sheet of the attacker's own costs
  std::string generated_at;                    ///< ISO 8601; default: now
};

struct CostRunResult {
  std::string json_text;  ///< what was written
  std::filesystem::path written;
  double total_usd = 0;
  std::vector<std::string> warnings;  ///< one line each ("lambda.log:6: Duration: ...")
};

/// Everything a cost report is computed from, already read. Pure: no I/O. REPORT logs are
/// streamed, so they arrive billed (read_report_log_of) with the same catalog and options.
struct CostInputs {
  std::optional<LoadInput> load;
  std::vector<formats::FindingRecord> findings;
  std::optional<BilledReportLog> report_log;  ///< of no known function
  /// REPORT logs by function name (from `<dir>/<function>.log`).
  std::map<std::string, BilledReportLog, std::less<>> function_report_logs;
  std::string load_file, findings_file, report_file;  ///< names for the report
  std::string report_dir;                             ///< where function_report_logs came from
};

/// Streams the REPORT log `file` of `function` (a name of options.functions, or anything else
/// for the default function) and bills it with that function's model: memory for the totals,
/// not for the file (bill_report_log_file). Throws InputError when it cannot be read.
BilledReportLog read_report_log_of(const PricingCatalog& catalog, const CostRunOptions& options,
                                   const std::string& function, const std::filesystem::path& file);

/// Builds the cost.json document. Throws InputError on a bad configuration.
formats::CostFile build_cost_report(const PricingCatalog& catalog, const CostRunOptions& options,
                                    const CostInputs& inputs);

/// Reads the run directory, builds the report and writes it atomically. Throws InputError when
/// the directory holds nothing to price or an input is malformed (exit 2), RuntimeFailure when
/// cost.json cannot be written (exit 3).
CostRunResult run_cost(const PricingCatalog& catalog, const CostRunOptions& options);

}  // namespace walletfuzz::cost_model
