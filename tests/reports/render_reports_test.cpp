#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "report_test_support.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/reports/report.hpp"
#include "walletfuzz/reports/run_history.hpp"

namespace walletfuzz::reports {
namespace {
namespace json = boost::json;
namespace fs = std::filesystem;

std::vector<std::string> ids(const json::value& array) {
  std::vector<std::string> out;
  for (const auto& item : array.as_array()) out.emplace_back(item.at("id").as_string());
  return out;
}

ReportOptions strict_options() {
  ReportOptions options;
  options.gates.max_amplification = 20000;
  options.gates.max_cost_per_million_usd = 10;
  options.gates.max_p99_ms = 2000;
  options.gates.max_attack_usd_per_hour = 5;
  return options;
}

TEST(render_reports_test, writes_every_file_and_returns_the_gate_verdict) {
  testing::TempDir tmp;
  fs::path run_dir = tmp.copy_run("run-1");
  ReportOutcome outcome = render_reports(run_dir, strict_options());
  EXPECT_EQ(outcome.exit_code(), 1);
  ASSERT_EQ(outcome.files.size(), 5u);
  EXPECT_EQ(outcome.files.front().filename(), "report.html");
  for (const char* name :
       {"report.html", "report.md", "summary.json", "findings.sarif", "junit.xml"}) {
    EXPECT_GT(fs::file_size(run_dir / name), 100u) << name;
  }
  EXPECT_TRUE(fs::exists(tmp.path() / "runs" / "history.sqlite")) << "beside the run directories";
  EXPECT_EQ(RunHistory::open(tmp.path() / "runs" / "history.sqlite").run_keys(),
            std::vector<std::string>{"run-1"});
}

TEST(render_reports_test, the_second_run_reports_new_fixed_and_more_expensive) {
  testing::TempDir tmp;
  render_reports(tmp.copy_run("run-1"), strict_options());
  fs::path run2 = tmp.copy_run("run-2");
  ReportOutcome outcome = render_reports(run2, strict_options());
  EXPECT_EQ(outcome.comparison.previous_run, "run-1");

  json::value summary = json::parse(testing::slurp(run2 / "summary.json"));
  const json::value& history = summary.at("history");
  EXPECT_EQ(history.at("previous_run"), "run-1");
  EXPECT_EQ(ids(history.at("new")), std::vector<std::string>{"slow-5b6c7d8e"});
  EXPECT_EQ(ids(history.at("fixed")), std::vector<std::string>{"crash-77aa0b1c"});
  ASSERT_EQ(history.at("more_expensive").as_array().size(), 1u);
  EXPECT_EQ(history.at("more_expensive").at(0).at("label"), "slow-3f2a9c1d");

  std::string markdown = testing::slurp(run2 / "report.md");
  EXPECT_NE(markdown.find("fixed: crash-77aa0b1c"), std::string::npos) << markdown;
  std::string html = testing::slurp(run2 / "report.html");
  EXPECT_NE(html.find("More expensive: slow-3f2a9c1d from $7.80 to $9.36 per 1M requests"),
            std::string::npos);

  // The crash is gone and the leak was seen before: only the new-leak gate is quiet now.
  for (const auto& gate : summary.at("gates").as_array()) {
    if (gate.at("id") == "no_new_crashes" || gate.at("id") == "no_new_leaks") {
      EXPECT_EQ(gate.at("passed"), true) << gate.at("id");
    }
  }

  // Rendering run-2 again compares with run-1 again (idempotent), not with itself.
  ReportOutcome again = render_reports(run2, strict_options());
  EXPECT_EQ(again.comparison.previous_run, "run-1");
  EXPECT_EQ(again.comparison.new_findings.size(), 1u);
}

TEST(render_reports_test, the_fixed_app_passes_every_gate) {
  testing::TempDir tmp;
  ReportOutcome outcome = render_reports(tmp.copy_run("fixed"), strict_options());
  EXPECT_EQ(outcome.exit_code(), 0);
  EXPECT_EQ(outcome.verdict.failed_count(), 0u);
}

TEST(render_reports_test, history_can_be_turned_off_or_placed_elsewhere) {
  testing::TempDir tmp;
  ReportOptions options;
  options.use_history = false;
  render_reports(tmp.copy_run("run-1"), options);
  EXPECT_FALSE(fs::exists(tmp.path() / "runs" / "history.sqlite"));
  options.use_history = true;
  options.history_path = tmp.path() / "elsewhere.sqlite";
  options.run_key = "nightly-42";
  render_reports(tmp.path() / "runs" / "run-1", options);
  EXPECT_EQ(RunHistory::open(options.history_path).run_keys(),
            std::vector<std::string>{"nightly-42"});
}

TEST(render_reports_test, bad_gate_config_is_bad_input_before_anything_is_written) {
  testing::TempDir tmp;
  fs::path run_dir = tmp.copy_run("run-1");
  ReportOptions options;
  options.gates.attack_rate_rps = -5;
  EXPECT_THROW(render_reports(run_dir, options), InputError);
  EXPECT_FALSE(fs::exists(run_dir / "report.html"));
}

TEST(render_reports_test, an_unwritable_output_is_a_runtime_failure_and_history_is_untouched) {
  testing::TempDir tmp;
  fs::path run_dir = tmp.copy_run("run-1");
  fs::create_directories(run_dir / "summary.json");  // a directory where a file must go
  EXPECT_THROW(render_reports(run_dir, strict_options()), RuntimeFailure);
  EXPECT_TRUE(fs::exists(run_dir / "report.html")) << "files written before the failure stay";
  EXPECT_TRUE(RunHistory::open(tmp.path() / "runs" / "history.sqlite").run_keys().empty());
}

TEST(render_reports_test, a_bad_run_directory_is_bad_input) {
  testing::TempDir tmp;
  testing::spit(tmp.path() / "runs" / "broken" / "cost.json", "{\"classes\": [");
  EXPECT_THROW(render_reports(tmp.path() / "runs" / "broken", ReportOptions{}), InputError);
}

}  // namespace
}  // namespace walletfuzz::reports
