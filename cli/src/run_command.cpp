// `walletfuzz run SCENARIO [--out DIR]`: the whole pipeline, fuzz → triage → replay → cost →
// report. Each stage runs as a child process of this same executable with the stage's own
// subcommand, so a stage that crashes or hangs cannot take the others' results with it, every
// stage's files are exactly what `walletfuzz <stage>` alone would write (a run can be resumed or
// re-reported stage by stage), and each stage's full output is kept in RUN_DIR/logs/.
// Exit: the report's verdict (0 every gate passed, 1 a gate failed), or the first failing stage's
// code (2 bad input, 3 runtime failure).
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <regex>
#include <sstream>
#include <thread>

#include "command.hpp"
#include "scenario_target.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/formats/schema.hpp"
#include "walletfuzz/fuzzers/child_process.hpp"
#include "walletfuzz/plan/run_plan.hpp"
#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::cli {
namespace {
namespace fs = std::filesystem;
namespace sc = walletfuzz::scenarios;
using fuzzers::ChildProcess;
using fuzzers::ProcessResult;
using fuzzers::ProcessSpec;

struct RunFlags {
  std::string scenario;
  std::string out;
  std::optional<double> fuzz_time_s;
  std::optional<unsigned> jobs;
  bool skip_fuzz = false;
  bool skip_replay = false;
  std::string metrics_out;  // passed to the replay stage
};

// Stages are bounded by the scenario's own budgets; this extra margin covers triage and start-up.
constexpr auto stage_margin = std::chrono::minutes(10);

fs::path self_executable() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw RuntimeFailure("run: cannot locate the walletfuzz executable: " + ec.message());
  return self;
}

std::string tail_of(const fs::path& log, std::size_t lines) {
  std::ifstream in(log);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) all.push_back(line);
  std::string text;
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) {
    text += "    " + all[i] + "\n";
  }
  return text;
}

class Pipeline {
 public:
  Pipeline(fs::path self, fs::path run_dir) : self_(std::move(self)), run_dir_(std::move(run_dir)) {
    fs::create_directories(run_dir_ / "logs");
  }

  // Runs `walletfuzz <args...>` to completion; returns its exit code (3 if it did not exit).
  int stage(const std::string& name, std::vector<std::string> args,
            std::chrono::steady_clock::duration limit) {
    ProcessSpec spec;
    spec.argv.push_back(self_.string());
    for (auto& a : args) spec.argv.push_back(std::move(a));
    spec.stdout_path = log_path(name);
    spec.stderr_path = log_path(name);
    std::cerr << "walletfuzz run: " << name << " ..." << std::flush;
    const auto started = std::chrono::steady_clock::now();
    ChildProcess child(spec);
    ProcessResult result = child.wait_until(started + limit);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cerr << " " << result.describe() << " after " << static_cast<int>(seconds + 0.5)
              << " s (log: " << log_path(name).string() << ")\n";
    if (!result.exited_normally()) return static_cast<int>(ExitCode::runtime_failure);
    return result.exit_code;
  }

  fs::path log_path(const std::string& name) const { return run_dir_ / "logs" / (name + ".log"); }
  const fs::path& self() const { return self_; }

 private:
  fs::path self_;
  fs::path run_dir_;
};

// The application (the bundled sample app, or an app target's binary), started with `walletfuzz
// serve` on a free loopback port for the replay stage and stopped (SIGTERM, clean shutdown) when
// this object goes out of scope.
class ServedApp {
 public:
  ServedApp(const Pipeline& pipeline, const plan::RunPlan& plan,
            const std::optional<fs::path>& binary) {
    const fs::path out = pipeline.log_path("serve");
    // Each function's REPORT lines go to its own log, which the cost stage compares with that
    // function's estimate; an earlier run's lines would be billed twice, so they go first.
    fs::remove_all(plan.report_log_dir());
    ProcessSpec spec{
        .argv = {pipeline.self().string(), "serve", "--port", "0", "--report-log-dir",
                 plan.report_log_dir().string(), "--function-settings",
                 format_settings_overrides(sc::bundled_settings_overrides(plan.scenario))},
        .stdout_path = out,
        .stderr_path = pipeline.log_path("serve.stderr")};
    if (binary) {
      spec.argv.insert(spec.argv.end(), {"--app", binary->string()});
    } else {
      spec.argv.insert(spec.argv.end(),
                       {"--variant", std::string(sc::to_string(plan.scenario.target.variant))});
    }
    child_ = std::make_unique<ChildProcess>(spec);
    // The server prints its address once it is listening; polling the file is the only channel
    // a detached child has, and start-up takes milliseconds.
    static const std::regex listening(R"(listening on (http://127\.0\.0\.1:\d+))");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      std::ifstream in(out);
      std::stringstream text;
      text << in.rdbuf();
      std::smatch match;
      std::string s = text.str();
      if (std::regex_search(s, match, listening)) {
        url_ = match[1];
        return;
      }
      if (auto ended = child_->poll()) {
        throw RuntimeFailure("run: the application did not start (" + ended->describe() +
                             "); see " + pipeline.log_path("serve.stderr").string());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw RuntimeFailure("run: the application did not report its address within 30 s");
  }
  ~ServedApp() {
    if (!child_) return;
    child_->terminate();
    child_->wait_until(std::chrono::steady_clock::now() + std::chrono::seconds(10));
  }
  ServedApp(const ServedApp&) = delete;
  ServedApp& operator=(const ServedApp&) = delete;

  const std::string& url() const { return url_; }

 private:
  std::unique_ptr<ChildProcess> child_;
  std::string url_;
};

std::chrono::seconds seconds_of(double s) {
  return std::chrono::seconds(static_cast<long long>(s + 1));
}

// The stages' child processes rebuild this same plan from the scenario and the run directory
// (`--out DIR`), so every stage reads and writes the directory this run uses.
int run_pipeline(const RunFlags& flags) {
  // Validate first: a bad scenario costs nothing and stops here with every problem listed.
  const ScenarioTarget loaded = load_scenario_target(flags.scenario);
  const sc::Scenario& scenario = loaded.scenario;
  const plan::RunPlan plan =
      loaded.plan({.run_dir = flags.out.empty() ? std::nullopt : std::optional<fs::path>(flags.out),
                   .fuzz_time_s = flags.fuzz_time_s,
                   .fuzz_jobs = flags.jobs});
  const fs::path& run_dir = plan.run_dir;
  Pipeline pipeline(self_executable(), run_dir);
  // The report reads gates from RUN_DIR/scenario.yaml, so the run directory is self-contained.
  write_file_atomically(run_dir / "scenario.yaml", read_file(flags.scenario, 1 << 20));
  const std::string scenario_path = fs::absolute(flags.scenario).string();
  const std::string dir = run_dir.string();

  if (plan.fuzz && !flags.skip_fuzz) {
    const fuzzers::CampaignOptions& fuzz = plan.fuzz->campaign;
    std::vector<std::string> args = {"fuzz",   scenario_path,
                                     "--out",  dir,
                                     "--time", std::to_string(fuzz.time_budget_s),
                                     "--jobs", std::to_string(fuzz.jobs)};
    int code = pipeline.stage("fuzz", args, seconds_of(fuzz.time_budget_s) + stage_margin);
    if (code != 0 && code != 1) {
      std::cerr << tail_of(pipeline.log_path("fuzz"), 5);
      return code;
    }
  }

  if (plan.load && !flags.skip_replay) {
    // A run that fuzzes replays what it found: findings.json missing where the plan reads it
    // would silently turn the load test into baselines only.
    if (plan.fuzz && plan.load->wants_findings() && !fs::exists(plan.load->findings_file))
      formats::require_run_file(plan.load->findings_file.parent_path(), formats::RunFile::findings);
    std::vector<std::string> args = {"replay", scenario_path, "--out", dir};
    std::unique_ptr<ServedApp> served;
    if (scenario.target.kind != sc::TargetKind::url) {
      served = std::make_unique<ServedApp>(pipeline, plan, loaded.binary);
      args.insert(args.end(), {"--target", served->url()});
    }
    // Absolute: the replay stage may not share this process's working directory.
    if (!flags.metrics_out.empty())
      args.insert(args.end(), {"--metrics-out", fs::absolute(flags.metrics_out).string()});
    int code =
        pipeline.stage("replay", args, seconds_of(scenario.load->max_duration_s) + stage_margin);
    served.reset();  // stop the app so its REPORT logs are complete before the cost stage
    if (code != 0) {
      std::cerr << tail_of(pipeline.log_path("replay"), 5);
      return code;
    }
  }

  if (fs::exists(plan.load_file()) || fs::exists(plan.findings_file())) {
    // The cost stage builds the same plan from the scenario: each class at its function's
    // configuration, the run directory's REPORT logs beside the estimate.
    int code =
        pipeline.stage("cost", {"cost", dir, "--scenario", scenario_path}, std::chrono::minutes(5));
    if (code != 0) {
      std::cerr << tail_of(pipeline.log_path("cost"), 5);
      return code;
    }
  }

  int verdict = pipeline.stage("report", {"report", dir, "--scenario", scenario_path},
                               std::chrono::minutes(5));
  std::cout << tail_of(pipeline.log_path("report"), 12);
  if (verdict != 0 && verdict != 1) return verdict;
  std::cout << "walletfuzz run: report " << (run_dir / "report.html").string() << " — "
            << (verdict == 0 ? "every gate passed" : "gates FAILED") << '\n';
  return verdict;
}

}  // namespace

void add_run_command(CLI::App& root, CommandRunner& chosen) {
  auto* sub = root.add_subcommand(
      "run", "The whole pipeline: fuzz, triage, replay, cost and report, from one scenario");
  auto flags = std::make_shared<RunFlags>();
  sub->add_option("SCENARIO", flags->scenario, "The scenario YAML file")->required();
  sub->add_option("--out", flags->out, "Run directory (default: the scenario's output.run_dir)");
  sub->add_option("--fuzz-time", flags->fuzz_time_s, "Override fuzz.time_budget_s (seconds)")
      ->check(CLI::PositiveNumber);
  sub->add_option("--jobs", flags->jobs, "Override fuzz.jobs")->check(CLI::Range(1, 256));
  sub->add_flag("--skip-fuzz", flags->skip_fuzz, "Reuse the run directory's findings");
  sub->add_flag("--skip-replay", flags->skip_replay, "Reuse the run directory's load.json");
  sub->add_option("--metrics-out", flags->metrics_out,
                  "The replay stage's live metrics: one JSON line per second to FILE");
  sub->callback([&chosen, flags] { chosen = [flags] { return run_pipeline(*flags); }; });
}

}  // namespace walletfuzz::cli
