// `walletfuzz report RUN_DIR`: writes report.html, report.md, summary.json, findings.sarif and
// junit.xml into the run directory, records the run in history.sqlite beside it, and exits
// 0 when every gate passed, 1 when any failed (2 bad input, 3 I/O failure).
#include <boost/json.hpp>
#include <filesystem>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/detectors/allowlist.hpp"
#include "walletfuzz/formats/json_text.hpp"
#include "walletfuzz/plan/run_plan.hpp"
#include "walletfuzz/reports/report.hpp"
#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::cli {

namespace {

struct ReportFlags {
  std::string run_dir;
  std::vector<std::string> gates;
  std::vector<std::string> allow_leaks;
  std::optional<double> attack_rate;
  std::string history;
  bool no_history = false;
  std::string run_key;
  std::string target;
  std::string scenario;
  bool json = false;
};

int run_report(const ReportFlags& flags) {
  // Gates come from the scenario (--scenario, else the copy the run directory keeps), then
  // --gate flags override them; without any scenario the defaults check new crashes and leaks.
  reports::ReportOptions options;
  std::filesystem::path scenario_file = flags.scenario;
  if (scenario_file.empty() &&
      std::filesystem::exists(std::filesystem::path(flags.run_dir) / "scenario.yaml")) {
    scenario_file = std::filesystem::path(flags.run_dir) / "scenario.yaml";
  }
  if (!scenario_file.empty()) {
    // Only its gates are needed; its request files may be elsewhere.
    const auto scenario = scenarios::load_scenario(scenario_file, {.read_files = false});
    options = plan::build_run_plan(scenario, nullptr, {.run_dir = flags.run_dir}).report;
  }
  std::vector<reports::GateSetting> settings;
  for (const std::string& gate : flags.gates) settings.push_back(reports::split_gate_flag(gate));
  if (flags.attack_rate) {
    settings.push_back(
        {"attack_rate_rps", std::to_string(*flags.attack_rate), {"", 0, 0, "--attack-rate"}});
  }
  auto parsed = reports::parse_gate_settings(settings, options.gates);
  if (!parsed.errors.empty()) {
    // Every problem at once, then fail on the first (InputError's what() is one line).
    for (std::size_t i = 1; i < parsed.errors.size(); ++i) {
      std::cerr << "walletfuzz: " << parsed.errors[i] << '\n';
    }
    throw InputError({}, parsed.errors.front());
  }
  options.gates = parsed.config;
  for (const auto& spec : flags.allow_leaks) {
    options.gates.leak_allowlist.entries.push_back(
        detectors::parse_allow_spec(spec, "--allow-leak"));
  }
  if (!flags.history.empty()) {
    options.use_history = true;
    options.history_path = flags.history;
  }
  if (flags.no_history) options.use_history = false;
  options.run_key = flags.run_key;
  if (!flags.target.empty()) options.target_url = flags.target;

  reports::ReportOutcome outcome = reports::render_reports(flags.run_dir, options);
  const auto& verdict = outcome.verdict;
  std::vector<std::string> failed;
  for (const auto& gate : verdict.results) {
    if (!gate.passed) failed.push_back(gate.id);
  }
  if (flags.json) {
    boost::json::array failed_gates;
    for (const std::string& id : failed) failed_gates.emplace_back(id);
    boost::json::object out{{"report", outcome.files.front().string()},
                            {"passed", verdict.passed()},
                            {"exit_code", verdict.exit_code()},
                            {"failed_gates", std::move(failed_gates)},
                            {"new_findings", outcome.comparison.new_findings.size()},
                            {"fixed_findings", outcome.comparison.fixed_findings.size()},
                            {"more_expensive", outcome.comparison.more_expensive.size()}};
    std::cout << formats::to_json_text(out, /*pretty=*/false) << '\n';
  } else {
    std::cout << outcome.files.front().string() << '\n';
    if (verdict.passed()) {
      std::cout << "PASS: every configured gate passed\n";
    } else {
      std::cout << "FAIL: " << failed.size() << " gate(s) failed:";
      for (const std::string& id : failed) std::cout << ' ' << id;
      std::cout << '\n';
    }
    const auto& diff = outcome.comparison;
    if (diff.previous_run) {
      std::cout << "since " << *diff.previous_run << ": " << diff.new_findings.size() << " new, "
                << diff.fixed_findings.size() << " fixed, " << diff.more_expensive.size()
                << " more expensive\n";
    }
  }
  return verdict.exit_code();
}

}  // namespace

void add_report_command(CLI::App& root, CommandRunner& chosen) {
  auto flags = std::make_shared<ReportFlags>();
  auto* sub = root.add_subcommand(
      "report",
      "Write report.html, report.md, summary.json, findings.sarif and junit.xml for a run "
      "directory; exit 1 when a gate fails");
  sub->add_option("RUN_DIR", flags->run_dir, "Run directory (findings.json, load.json, cost.json)")
      ->required();
  sub->add_option("--gate", flags->gates,
                  "Gate threshold NAME=VALUE, repeatable: max_amplification, "
                  "max_cost_per_million_usd, max_p99_ms, p99_scope (all|baseline), "
                  "max_attack_usd_per_hour, attack_rate_rps, no_new_crashes, no_new_leaks; "
                  "'off' disables one");
  sub->add_option(
      "--attack-rate", flags->attack_rate,
      "Attack rate in requests/s for the $/day figures and the spend gate (default 100)");
  sub->add_option("--history", flags->history,
                  "History database (default: history.sqlite beside the run directory)");
  sub->add_flag("--no-history", flags->no_history,
                "Neither compare with nor record in the history");
  sub->add_option("--run-key", flags->run_key,
                  "Name of this run in the history (default: directory name)");
  sub->add_option("--target", flags->target, "Base URL for curl reproduction commands");
  sub->add_option("--scenario", flags->scenario,
                  "Scenario whose gates apply (default: RUN_DIR/scenario.yaml when present)");
  sub->add_flag("--json", flags->json, "Print a JSON verdict on stdout");
  sub->add_option("--allow-leak", flags->allow_leaks,
                  "Accept leak findings (added to the scenario's leaks.allow): "
                  "rule=ID|PREFIX*,function=NAME,fingerprint=HEX,reason=TEXT; repeatable");
  sub->callback([&chosen, flags] { chosen = [flags] { return run_report(*flags); }; });
}

}  // namespace walletfuzz::cli
