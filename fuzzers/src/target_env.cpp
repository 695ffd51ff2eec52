#include "walletfuzz/fuzzers/target_env.hpp"

#include <array>
#include <charconv>
#include <cstdlib>
#include <utility>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::fuzzers {
namespace {

// The names, once. Tests and scripts spell them out; the code uses these.
constexpr const char* kHandler = "WALLETFUZZ_HANDLER";
constexpr const char* kMode = "WALLETFUZZ_MODE";
constexpr const char* kFindingsDir = "WALLETFUZZ_FINDINGS_DIR";
constexpr const char* kFailOn = "WALLETFUZZ_FAIL_ON";
constexpr const char* kCostFeedback = "WALLETFUZZ_COST_FEEDBACK";
constexpr const char* kMutator = "WALLETFUZZ_MUTATOR";
constexpr const char* kSlowRatio = "WALLETFUZZ_SLOW_RATIO";
constexpr const char* kSlowMs = "WALLETFUZZ_SLOW_MS";
constexpr const char* kBaselineRuns = "WALLETFUZZ_BASELINE_RUNS";
constexpr const char* kBare = "WALLETFUZZ_BARE";
constexpr const char* kRuns = "WALLETFUZZ_RUNS";
constexpr const char* kReport = "WALLETFUZZ_REPORT";
constexpr const char* kKeepRatio = "WALLETFUZZ_KEEP_RATIO";
constexpr const char* kMinimizeMs = "WALLETFUZZ_MINIMIZE_MS";
constexpr const char* kExpect = "WALLETFUZZ_EXPECT";
constexpr const char* kFunctionSettings = "WALLETFUZZ_FUNCTION_SETTINGS";
constexpr const char* kSampleVariant = "WALLETFUZZ_SAMPLE_VARIANT";
constexpr const char* kHttpTarget = "WALLETFUZZ_HTTP_TARGET";
constexpr const char* kServeHost = "WALLETFUZZ_SERVE_HOST";
constexpr const char* kServePort = "WALLETFUZZ_SERVE_PORT";
constexpr const char* kServeReportLog = "WALLETFUZZ_SERVE_REPORT_LOG";
constexpr const char* kServeReportLogDir = "WALLETFUZZ_SERVE_REPORT_LOG_DIR";
constexpr const char* kServeConcurrency = "WALLETFUZZ_SERVE_CONCURRENCY";
constexpr const char* kServeColdStartMs = "WALLETFUZZ_SERVE_COLD_START_MS";
constexpr const char* kServeAllowNonLoopback = "WALLETFUZZ_SERVE_ALLOW_NON_LOOPBACK";

constexpr std::array<const char*, 25> kNames{kHandler,
                                             kHttpTarget,
                                             kMode,
                                             kFindingsDir,
                                             kFailOn,
                                             kCostFeedback,
                                             kMutator,
                                             kSlowRatio,
                                             kSlowMs,
                                             kBaselineRuns,
                                             kBare,
                                             kRuns,
                                             kReport,
                                             kKeepRatio,
                                             kMinimizeMs,
                                             kExpect,
                                             kFunctionSettings,
                                             kSampleVariant,
                                             kServeHost,
                                             kServePort,
                                             kServeReportLog,
                                             kServeReportLogDir,
                                             kServeConcurrency,
                                             kServeColdStartMs,
                                             kServeAllowNonLoopback};

constexpr std::array<std::pair<TargetMode, std::string_view>, 7> kModes{{
    {TargetMode::fuzz, "fuzz"},
    {TargetMode::list, "list"},
    {TargetMode::export_seeds, "export"},
    {TargetMode::measure, "measure"},
    {TargetMode::minimize, "minimize"},
    {TargetMode::check, "check"},
    {TargetMode::serve, "serve"},
}};

std::string number_text(double value) {
  char text[32];
  auto [end, ec] = std::to_chars(text, text + sizeof text, value);  // shortest exact form
  return std::string(text, ec == std::errc{} ? end : text);
}

[[noreturn]] void bad_value(std::string_view name, std::string_view value, std::string_view want) {
  throw InputError({.field = std::string(name)}, "bad value '" + std::string(value) + "'",
                   "use " + std::string(want));
}

// Reads one variable; empty when missing or empty.
class Reader {
 public:
  explicit Reader(const std::map<std::string, std::string>& vars) : vars_(vars) {}

  std::string text(const char* name) const {
    auto it = vars_.find(name);
    return it == vars_.end() ? std::string() : it->second;
  }

  // One of two words; `fallback` when unset.
  bool choice(const char* name, std::string_view yes, std::string_view no, bool fallback) const {
    std::string value = text(name);
    if (value.empty()) return fallback;
    if (value == yes) return true;
    if (value == no) return false;
    bad_value(name, value, std::string(yes) + " or " + std::string(no));
  }

  int whole(const char* name, int fallback, int low, int high) const {
    std::string value = text(name);
    if (value.empty()) return fallback;
    int number = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (ec != std::errc{} || end != value.data() + value.size() || number < low || number > high) {
      bad_value(name, value,
                "a whole number from " + std::to_string(low) + " to " + std::to_string(high));
    }
    return number;
  }

  // A finite number in (0, high].
  std::optional<double> positive(const char* name, double high, std::string_view want) const {
    std::string value = text(name);
    if (value.empty()) return std::nullopt;
    double number = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (ec != std::errc{} || end != value.data() + value.size() || !(number > 0) ||
        !(number <= high)) {
      bad_value(name, value, want);
    }
    return number;
  }

 private:
  const std::map<std::string, std::string>& vars_;
};

}  // namespace

std::string_view to_string(TargetMode mode) noexcept {
  for (const auto& [value, name] : kModes) {
    if (value == mode) return name;
  }
  return "fuzz";
}

std::map<std::string, std::string> FuzzTargetEnv::encode() const {
  std::map<std::string, std::string> vars;
  vars[kHandler] = handler;
  vars[kMode] = std::string(to_string(mode));
  vars[kFindingsDir] = findings_dir.string();
  vars[kFailOn] = fail_on;
  vars[kCostFeedback] = cost_feedback ? "1" : "0";
  vars[kMutator] = byte_mutations_only ? "bytes" : "request";
  vars[kSlowRatio] = number_text(slow_ratio);
  vars[kSlowMs] = slow_ms ? number_text(*slow_ms) : std::string();
  vars[kBaselineRuns] = std::to_string(baseline_runs);
  vars[kBare] = bare ? "1" : "0";
  vars[kRuns] = std::to_string(runs);
  vars[kReport] = report.string();
  vars[kKeepRatio] = number_text(keep_ratio);
  vars[kMinimizeMs] = std::to_string(minimize_time.count());
  vars[kExpect] = expect_findings ? "findings" : "none";
  vars[kFunctionSettings] = format_settings_overrides(function_settings);
  vars[kSampleVariant] = sample_variant;
  vars[kHttpTarget] = http_target.string();
  vars[kServeHost] = serve.host;
  vars[kServePort] = std::to_string(serve.port);
  vars[kServeReportLog] = serve.report_log.string();
  vars[kServeReportLogDir] = serve.report_log_dir.string();
  vars[kServeConcurrency] = std::to_string(serve.concurrency);
  vars[kServeColdStartMs] = std::to_string(serve.cold_start_ms);
  vars[kServeAllowNonLoopback] = serve.allow_non_loopback ? "1" : "0";
  return vars;
}

FuzzTargetEnv FuzzTargetEnv::decode(const std::map<std::string, std::string>& vars) {
  const Reader read(vars);
  FuzzTargetEnv env;
  env.handler = read.text(kHandler);
  if (std::string mode = read.text(kMode); !mode.empty()) {
    bool known = false;
    for (const auto& [value, name] : kModes) {
      if (name == mode) {
        env.mode = value;
        known = true;
      }
    }
    if (!known) bad_value(kMode, mode, "fuzz, list, export, measure, minimize, check or serve");
  }
  env.findings_dir = read.text(kFindingsDir);
  env.fail_on = read.text(kFailOn);
  env.cost_feedback = read.choice(kCostFeedback, "1", "0", true);
  env.byte_mutations_only = read.choice(kMutator, "bytes", "request", false);
  env.slow_ratio =
      read.positive(kSlowRatio, 1e9, "a multiple of the baseline above 0").value_or(10);
  env.slow_ms = read.positive(kSlowMs, 3.6e6, "milliseconds above 0, at most an hour");
  env.baseline_runs = read.whole(kBaselineRuns, 5, 1, 101);
  env.bare = read.choice(kBare, "1", "0", false);
  env.runs = read.whole(kRuns, 5, 1, 101);
  env.report = read.text(kReport);
  env.keep_ratio = read.positive(kKeepRatio, 1, "a share above 0 and at most 1").value_or(0.9);
  env.minimize_time = std::chrono::milliseconds(read.whole(kMinimizeMs, 10'000, 1, 3'600'000));
  env.expect_findings = read.choice(kExpect, "findings", "none", true);
  env.function_settings = parse_settings_overrides(read.text(kFunctionSettings), kFunctionSettings);
  env.sample_variant = read.text(kSampleVariant);
  env.http_target = read.text(kHttpTarget);
  if (std::string host = read.text(kServeHost); !host.empty()) env.serve.host = host;
  env.serve.port = read.whole(kServePort, 8080, 0, 65535);
  env.serve.report_log = read.text(kServeReportLog);
  env.serve.report_log_dir = read.text(kServeReportLogDir);
  env.serve.concurrency = read.whole(kServeConcurrency, 32, 1, 100'000);
  env.serve.cold_start_ms = read.whole(kServeColdStartMs, 0, 0, 900'000);
  env.serve.allow_non_loopback = read.choice(kServeAllowNonLoopback, "1", "0", false);
  return env;
}

FuzzTargetEnv FuzzTargetEnv::from_environment() {
  std::map<std::string, std::string> vars;
  for (const char* name : kNames) {
    if (const char* value = std::getenv(name)) vars[name] = value;
  }
  return decode(vars);
}

}  // namespace walletfuzz::fuzzers
