// No output of a run holds a secret: every secret shape the leak detector knows, in every
// spelling, planted in every field a finding carries (summary and exception text, signature,
// leak rule, request line, headers, body) and in load.json and cost.json, is written through the
// library code the commands use (the fuzz stage's findings writer, the run-file writers,
// `walletfuzz report`, `scan`), then every file of the run directory, the history database and
// the commands' stdout and stderr are searched for the raw values. A writer that bypasses the
// redactor fails it. The findings' request files (findings/**/*.http) are exempt: they are the
// exact bytes `walletfuzz replay` sends, as the scenario's own baselines are (docs/FORMATS.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "../detectors/planted_secrets.hpp"
#include "cli_runner.hpp"
#include "walletfuzz/cli/app.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/formats/cost.hpp"
#include "walletfuzz/formats/load.hpp"
#include "walletfuzz/fuzzers/findings_file.hpp"

namespace walletfuzz {
namespace {

namespace fs = std::filesystem;

using Outcome = testing::CliOutcome;
using testing::run_cli;

bool one_line(const std::string& text) {
  return text.find('\n') == std::string::npos && text.find('\r') == std::string::npos;
}

// A request carrying `secret` in its request line, a header (mid-line) and its body, as far as
// HTTP allows (a header value is one line; a request target has no spaces).
std::string request_with(const test::PlantedSecret& secret) {
  std::string target = "/orders";
  if (secret.text.find_first_of(" \r\n\t\"<>{}") == std::string::npos) target += "?" + secret.text;
  std::string request = "POST " + target + " HTTP/1.1\r\nHost: app.example\r\n";
  if (one_line(secret.text)) request += "X-Debug: retried after " + secret.text + "\r\n";
  request += "Authorization: Bearer " + secret.value.substr(0, 20) + "\r\n";
  request +=
      "Content-Type: application/xml\r\nContent-Length: " + std::to_string(secret.text.size()) +
      "\r\n\r\n" + secret.text;
  return request;
}

class secret_outputs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(WALLETFUZZ_BINARY_DIR) / "test-work" / "secret_outputs" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    run_dir_ = dir_ / "run";
    fs::create_directories(run_dir_);
    secrets_ = test::planted_secrets();
  }

  // The fuzz stage's output: one finding per planted secret, the secret in every field.
  void write_findings() {
    std::vector<fuzzers::Finding> findings;
    const fuzzers::FindingKind kinds[] = {fuzzers::FindingKind::crash, fuzzers::FindingKind::leak,
                                          fuzzers::FindingKind::slow};
    for (std::size_t i = 0; i < secrets_.size(); ++i) {
      const test::PlantedSecret& secret = secrets_[i];
      fuzzers::Finding f;
      f.kind = kinds[i % 3];
      f.id = std::string(fuzzers::kind_name(f.kind)) + "-" + std::to_string(10000000 + i);
      f.handler = "get-config";
      f.signature = "get-config:crash:RuntimeError:" + secret.text;
      f.summary = "get-config: RuntimeError: " + secret.text;
      if (f.kind == fuzzers::FindingKind::leak) {
        f.leak = fuzzers::LeakHit{"secret", "secret." + secret.kind + " " + secret.text, "high"};
      }
      f.median_ns = 2'000'000;
      f.baseline_median_ns = 1'000'000;
      f.amplification = 2;
      f.reproducible = true;
      f.first_seen = "2026-12-01T00:00:00Z";
      f.request = request_with(secret);
      findings.push_back(std::move(f));
    }
    fuzzers::write_findings(run_dir_, findings, "2026-12-01T00:00:00Z");
  }

  // The replay and cost stages' outputs, with secrets in their free text.
  void write_load_and_cost() {
    formats::LoadResult load;
    load.target = "http://app:" + secrets_.back().value + "@127.0.0.1:8080";
    load.started_at = "2026-12-01T00:00:00Z";
    load.duration_s = load.send_duration_s = 1;
    formats::CostFile cost;
    cost.generated_at = "2026-12-01T00:00:00Z";
    cost.provider = "aws-lambda";
    cost.region = "us-east-1";
    cost.arch = "arm64";
    for (std::size_t i = 0; i < secrets_.size(); ++i) {
      if (!one_line(secrets_[i].text)) continue;
      formats::ClassResult entry;
      entry.name = "file:" + std::to_string(i) + " " + secrets_[i].text;
      entry.handler = "get-config";
      entry.stats.scheduled = entry.stats.sent = entry.stats.responses = 1;
      entry.stats.status[200] = 1;
      entry.stats.latency.record(1'000'000);
      entry.stats.latency_uncorrected.record(1'000'000);
      load.classes.push_back(entry);
      load.warnings.push_back("request file " + secrets_[i].text + " replayed as is");
      formats::CostClassRecord priced;
      priced.name = entry.name;
      priced.kind = "baseline";
      priced.handler = "get-config";
      priced.source = "load";
      priced.requests = priced.sent = 1;
      cost.classes.push_back(priced);
      cost.notes.push_back("note " + secrets_[i].text);
    }
    formats::write_load_file(run_dir_ / "load.json", load);
    formats::write_cost_file(run_dir_ / "cost.json", cost);
  }

  // Every planted value found in `text`, as "kind/spelling in where".
  std::vector<std::string> leaks_in(const std::string& text, const std::string& where) const {
    std::vector<std::string> found;
    for (const test::PlantedSecret& secret : secrets_) {
      if (text.find(secret.value) != std::string::npos) {
        found.push_back(secret.kind + "/" + secret.spelling + " in " + where);
      }
    }
    return found;
  }

  fs::path dir_, run_dir_;
  std::vector<test::PlantedSecret> secrets_;
};

TEST_F(secret_outputs, no_output_of_a_run_holds_a_planted_secret) {
  write_findings();
  write_load_and_cost();
  std::vector<std::string> leaks;
  auto check = [&](const std::string& text, const std::string& where) {
    for (std::string& leak : leaks_in(text, where)) leaks.push_back(std::move(leak));
  };

  // `walletfuzz report`, text and JSON, with a reproduction target carrying a password.
  const std::string target = "http://app:" + secrets_.back().value + "@127.0.0.1:8080";
  const std::string history = (dir_ / "history.sqlite").string();
  Outcome report = run_cli({"report", run_dir_.string(), "--history", history, "--target", target,
                            "--gate", "no_new_crashes=off", "--gate", "no_new_leaks=off"});
  ASSERT_NE(report.exit_code, 2) << report.err;
  ASSERT_NE(report.exit_code, 3) << report.err;
  check(report.out, "report stdout");
  check(report.err, "report stderr");
  Outcome report_json = run_cli({"report", run_dir_.string(), "--json", "--no-history"});
  check(report_json.out, "report --json stdout");
  check(report_json.err, "report --json stderr");

  // `walletfuzz scan` of a response holding every planted secret, text and JSON.
  std::string response = "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\n";
  for (const test::PlantedSecret& secret : secrets_) response += secret.text + "\n";
  write_file_atomically(dir_ / "response.http", response);
  for (const std::string format : {"--json", ""}) {
    std::vector<std::string> args{"scan", (dir_ / "response.http").string()};
    if (!format.empty()) args.push_back(format);
    Outcome scan = run_cli(args);
    EXPECT_EQ(scan.exit_code, 1) << scan.err;
    check(scan.out, "scan stdout " + format);
    check(scan.err, "scan stderr");
  }

  // Every file the run directory holds, except the request files replay sends byte for byte.
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(run_dir_)) {
    if (!entry.is_regular_file()) continue;
    const fs::path relative = fs::relative(entry.path(), run_dir_);
    if (*relative.begin() == "findings" && entry.path().extension() == ".http") continue;
    ++files;
    check(read_file(entry.path(), 64 << 20), relative.string());
  }
  check(read_file(history, 64 << 20), "history.sqlite");
  // findings.json, load.json, cost.json, report.html, report.md, summary.json, findings.sarif,
  // junit.xml: the test must have looked at each.
  EXPECT_GE(files, 8u);
  for (const char* name : {"findings.json", "load.json", "cost.json", "report.html", "report.md",
                           "summary.json", "findings.sarif", "junit.xml"}) {
    EXPECT_TRUE(fs::exists(run_dir_ / name)) << name;
  }
  EXPECT_TRUE(leaks.empty()) << leaks.size() << " raw secrets in outputs, first: " << leaks.front();
  for (const std::string& leak : leaks) ADD_FAILURE() << leak;
}

TEST_F(secret_outputs, the_test_would_see_a_writer_that_bypasses_the_redactor) {
  // The request files are written raw, so the search above finds every value there: a writer
  // that copied a request into a report without the redactor would be caught the same way.
  write_findings();
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(run_dir_ / "findings")) {
    if (!entry.is_regular_file()) continue;
    ++files;
    EXPECT_FALSE(leaks_in(read_file(entry.path(), 1 << 20), "request file").empty())
        << entry.path();
  }
  EXPECT_EQ(files, secrets_.size());
}

}  // namespace
}  // namespace walletfuzz
