// `walletfuzz fuzz SCENARIO [--time S] [--jobs N]`: cost-guided fuzzing of the run plan's
// handlers with the libFuzzer-built target binary, then triage into RUN_DIR/findings/ and
// RUN_DIR/findings.json (RUN_DIR: --out, else the scenario's output.run_dir). Exit 0 when nothing
// was found, 1 with findings, 2 for bad input (bad scenario, unknown handler, corrupt corpus
// entry), 3 for runtime failures (no target binary, a target that fails to start, an unwritable run
// directory).
#include <unistd.h>

#include <boost/json.hpp>
#include <csignal>
#include <iostream>
#include <map>
#include <memory>

#include "command.hpp"
#include "http_fuzz_target.hpp"
#include "scenario_target.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/formats/json_text.hpp"
#include "walletfuzz/fuzzers/fuzz_campaign.hpp"
#include "walletfuzz/plan/run_plan.hpp"
#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::cli {
namespace {

namespace ws = walletfuzz::scenarios;
namespace wf = walletfuzz::fuzzers;
namespace wp = walletfuzz::plan;

struct FuzzFlags {
  std::string scenario;
  std::optional<double> time_s;
  std::optional<unsigned> jobs;
  std::optional<std::string> out;
  std::optional<std::string> corpus;
  std::optional<std::string> fuzz_target;
  std::optional<std::uint64_t> seed;
  bool no_cost_feedback = false;
  bool confirm_spend = false;
  bool progress = false;
  bool json = false;
};

void on_fuzz_interrupt(int) {
  wf::request_campaign_stop();
}

boost::json::object summary_json(const wf::CampaignResult& result, const wf::CampaignOptions& o) {
  std::map<std::string, int> by_kind;
  for (const auto& f : result.findings) ++by_kind[std::string(wf::kind_name(f.kind))];
  boost::json::object kinds;
  for (const auto& [kind, n] : by_kind) kinds[kind] = n;
  boost::json::array stats;
  for (const auto& s : result.stats) {
    stats.push_back({{"handler", s.handler},
                     {"execs", s.execs},
                     {"corpus_entries", s.corpus_entries},
                     {"fuzz_seconds", s.fuzz_seconds},
                     {"restarts", s.restarts},
                     {"failure", s.failure},
                     {"stopped_on", s.stopped_on}});
  }
  boost::json::array warnings;
  for (const auto& w : result.warnings) warnings.emplace_back(w);
  return {{"schema", "walletfuzz.fuzz-summary/1"},
          {"run_dir", o.run_dir.string()},
          {"findings_json", (o.run_dir / "findings.json").string()},
          {"findings", result.findings.size()},
          {"new_findings", result.new_findings},
          {"by_kind", std::move(kinds)},
          {"handlers", std::move(stats)},
          {"warnings", std::move(warnings)}};
}

int run_fuzz(const FuzzFlags& flags) {
  const ScenarioTarget loaded = load_scenario_target(flags.scenario);
  const ws::Scenario& scenario = loaded.scenario;
  const wp::RunPlan plan = loaded.plan(
      {.run_dir = flags.out ? std::optional<std::filesystem::path>(*flags.out) : std::nullopt,
       .fuzz_time_s = flags.time_s,
       .fuzz_jobs = flags.jobs,
       .fuzz_seed = flags.seed,
       .corpus_dir =
           flags.corpus ? std::optional<std::filesystem::path>(*flags.corpus) : std::nullopt,
       .fuzz_stage = true});

  // An app target is its own binary; the bundled app's libFuzzer build is searched for, and a
  // url target is fuzzed black-box by the HTTP target binary (docs/FUZZING.md).
  const bool bundled = scenario.target.kind == ws::TargetKind::bundled;
  std::optional<std::filesystem::path> chosen =
      flags.fuzz_target ? std::optional<std::filesystem::path>(*flags.fuzz_target) : loaded.binary;
  wf::TargetInfo target;
  if (scenario.target.kind == ws::TargetKind::url) {
    target = prepare_http_fuzz_target(plan, chosen, flags.confirm_spend);
  } else {
    auto binary =
        bundled ? wf::find_fuzz_target(chosen, "sample_app_fuzz", wf::default_fuzz_target_dirs())
                : *chosen;
    // The scenario's memory, timeout and concurrency for these functions reach every process
    // of the target through its environment, so fuzzing judges timeouts and memory by them.
    target = wf::query_target(
        binary, {.function_settings = plan.fuzz->function_settings,
                 .sample_variant = bundled ? std::string(ws::to_string(plan.fuzz->variant)) : ""});
  }
  for (const auto& name : plan.fuzz->campaign.handlers) {
    if (target.find(name) == nullptr)
      throw RuntimeFailure("fuzz: the fuzz target " + target.binary.string() + " has no handler '" +
                           name + "'; is it built from this app?");
  }

  wf::CampaignOptions options = plan.fuzz->campaign;
  options.cost_feedback = !flags.no_cost_feedback;
  if (flags.progress || ::isatty(STDERR_FILENO)) {
    options.progress = [](const std::string& line) { std::cerr << line << '\n'; };
  }
  std::cerr << "walletfuzz fuzz: " << options.handlers.size() << " handler(s), "
            << options.time_budget_s << " s on " << options.jobs << " job(s), target "
            << target.binary.string() << ", corpus " << options.corpus_dir.string() << '\n';

  auto previous_handler = std::signal(SIGINT, on_fuzz_interrupt);
  wf::CampaignResult result;
  try {
    result = wf::run_campaign(target, options);
  } catch (...) {
    std::signal(SIGINT, previous_handler);
    throw;
  }
  std::signal(SIGINT, previous_handler);

  for (const auto& warning : result.warnings)
    std::cerr << "walletfuzz fuzz: warning: " << warning << '\n';
  if (flags.json) {
    std::cout << formats::to_json_text(summary_json(result, options), /*pretty=*/false) << '\n';
  } else {
    for (const auto& f : result.findings) {
      std::cout << f.id << "  " << f.summary << (f.flaky ? "  [flaky]" : "") << "\n    "
                << (options.run_dir / f.file).string() << '\n';
    }
    std::cout << result.findings.size() << " finding(s) (" << result.new_findings << " new) in "
              << (options.run_dir / "findings.json").string() << '\n';
  }
  return static_cast<int>(result.findings.empty() ? ExitCode::ok : ExitCode::findings);
}

}  // namespace

void add_fuzz_command(CLI::App& root, CommandRunner& chosen) {
  auto* sub = root.add_subcommand(
      "fuzz", "Cost-guided fuzzing of the scenario's handlers; writes findings/ and findings.json");
  auto flags = std::make_shared<FuzzFlags>();
  sub->add_option("SCENARIO", flags->scenario, "The scenario YAML file")->required();
  sub->add_option("--time", flags->time_s, "Fuzzing time budget in seconds (all handlers)")
      ->check(CLI::PositiveNumber);
  sub->add_option("--jobs", flags->jobs, "libFuzzer processes at once")->check(CLI::Range(1, 256));
  sub->add_option("--out", flags->out, "Run directory (default: the scenario's output.run_dir)");
  sub->add_option("--corpus", flags->corpus, "Corpus directory (default: fuzz.corpus_dir)");
  sub->add_option("--fuzz-target", flags->fuzz_target,
                  "libFuzzer build of the application (default: the scenario's target.app; "
                  "bundled: $WALLETFUZZ_FUZZ_TARGET, then build/fuzz/fuzz/sample_app_fuzz; "
                  "url: http_target_fuzz, searched for the same way)");
  sub->add_option("--seed", flags->seed, "libFuzzer seed (default: fuzz.seed)");
  sub->add_flag("--no-cost-feedback", flags->no_cost_feedback,
                "Coverage guidance only (for comparisons)");
  sub->add_flag("--confirm-spend", flags->confirm_spend,
                "url target: fuzz even when the campaign's estimated cost is above "
                "fuzz.spend_budget_usd");
  sub->add_flag("--progress", flags->progress, "Print progress even when stderr is not a terminal");
  sub->add_flag("--json", flags->json, "Print a JSON summary on stdout");
  sub->callback([&chosen, flags] { chosen = [flags] { return run_fuzz(*flags); }; });
}

}  // namespace walletfuzz::cli
