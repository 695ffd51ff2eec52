// Response checks under load (a function's `expect:`), the error-rate gate, unusable baselines
// and --metrics-out, against a loopback server: checks are counted per class in load.json, a
// run whose baselines fail them is marked unusable, and the per-second lines add up to load.json.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "../cli/cli_runner.hpp"
#include "misbehaving_server.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/formats/load.hpp"
#include "walletfuzz/loadgen/metrics_log.hpp"
#include "walletfuzz/loadgen/response_check.hpp"

namespace walletfuzz::loadgen {
namespace {
namespace fs = std::filesystem;
namespace http = boost::beast::http;
namespace json = boost::json;
using walletfuzz::testing::run_cli;

std::uint64_t count_at(const json::value& object, const char* key) {
  return object.at(key).to_number<std::uint64_t>();
}

ResponseCheck::Message response(unsigned status, const std::string& body,
                                const std::string& content_type = "application/json") {
  ResponseCheck::Message m;
  m.result(status);
  if (!content_type.empty()) m.set(http::field::content_type, content_type);
  m.body() = body;
  return m;
}

TEST(response_check, status_header_body_and_json_pointer) {
  ResponseExpectation e;
  e.statuses = {{200, 200}, {300, 399}};
  ResponseCheck status_only(e, "t");
  EXPECT_TRUE(status_only.passes(response(200, "")));
  EXPECT_TRUE(status_only.passes(response(304, "")));
  EXPECT_FALSE(status_only.passes(response(401, "")));
  EXPECT_FALSE(status_only.passes(response(201, "")));

  e.header_name = "content-type";  // names are case-insensitive
  e.header_contains = "json";
  e.body_contains = "\"status\"";
  e.json_pointer = "/items/1/state";
  e.json_equals = "\"paid\"";
  ResponseCheck all(e, "t");
  const std::string good = R"({"status":1,"items":[{"state":"new"},{"state":"paid"}]})";
  EXPECT_TRUE(all.passes(response(200, good)));
  EXPECT_FALSE(all.passes(response(200, good, "text/html")));
  EXPECT_FALSE(all.passes(response(200, good, "")));
  EXPECT_FALSE(all.passes(response(200, R"({"items":[{"state":"new"},{"state":"paid"}]})")));
  EXPECT_FALSE(all.passes(response(200, R"({"status":1,"items":[{"state":"paid"}]})")));
  EXPECT_FALSE(all.passes(response(200, "\"status\" <html>")));  // not JSON

  ResponseExpectation number;
  number.json_pointer = "/count";
  number.json_equals = "3";
  ResponseCheck count(number, "t");
  EXPECT_TRUE(count.passes(response(200, R"({"count":3.0})")));
  EXPECT_FALSE(count.passes(response(200, R"({"count":"3"})")));

  number.json_equals = "ok";  // not JSON text: the loader writes "\"ok\""
  EXPECT_THROW(ResponseCheck(number, "t"), InputError);
}

TEST(metrics_log, intervals_subtract_counts_and_histograms) {
  ClassStats before;
  before.sent = 5;
  before.responses = 5;
  before.latency.record(1'000'000);
  ClassStats now = before;
  now.sent = 9;
  now.responses = 8;
  now.errors[static_cast<std::size_t>(ErrorKind::timeout)] = 1;
  now.latency.record(4'000'000);
  now.latency.record(4'000'000);
  now.latency.record(4'000'000);
  const ClassStats d = stats_since(now, before);
  EXPECT_EQ(d.sent, 4u);
  EXPECT_EQ(d.responses, 3u);
  EXPECT_EQ(d.errors_total(), 1u);
  EXPECT_EQ(d.latency.count(), 3u);
  const json::value line =
      json::parse(metrics_line({.t_s = 2, .interval_s = 0.5, .counts = d, .final = false}));
  EXPECT_EQ(count_at(line, "sent"), 4u);
  EXPECT_EQ(count_at(line.at("errors"), "timeout"), 1u);
  EXPECT_DOUBLE_EQ(line.at("achieved_rate").as_double(), 8.0);
  EXPECT_NEAR(line.at("p50_ms").as_double(), 4.0, 0.02);  // the interval's own responses only
}

class staging_checks_test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("wf_checks_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "run");
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // A url-target scenario at the test server with the given functions, closed mode, bounded.
  void write_scenario(const std::string& functions, const std::string& extra = "") {
    std::ofstream(dir_ / "scenario.yaml")
        << "version: 1\nname: checks\ntarget:\n  url: " << server_.url()
        << "\n  allow_hosts: [127.0.0.1]\nfunctions:\n"
        << functions
        << "load:\n  mode: closed\n  connections: 2\n  max_requests: 60\n"
           "  max_duration_s: 5\n  findings_from: none\n"
        << extra;
  }

  fs::path dir_;
  testing::MisbehavingServer server_;
};

const std::string kJsonFunction =
    "  - name: orders\n    route: /json\n    baseline: ['GET /json']\n"
    "    expect:\n      status: [200]\n      header: {name: Content-Type, contains: json}\n"
    "      json: {pointer: /status, equals: ok}\n";
const std::string kMissingFunction =
    "  - name: profile\n    route: /missing\n    baseline: ['GET /missing']\n"
    "    expect: {status: 2xx}\n";

TEST_F(staging_checks_test, failed_checks_are_counted_per_class_and_metrics_add_up) {
  write_scenario(kJsonFunction + kMissingFunction, "  max_baseline_check_failures: 0.9\n");
  const auto r = run_cli({"replay", path("scenario.yaml"), "--out", path("run"), "--duration", "5",
                          "--metrics-out", path("metrics.jsonl")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const formats::LoadResult load = formats::read_load_file(dir_ / "run" / "load.json");
  ASSERT_EQ(load.classes.size(), 2u);
  const ClassStats& orders = load.classes[0].stats;
  const ClassStats& profile = load.classes[1].stats;
  EXPECT_EQ(load.classes[0].name, "baseline:orders");
  EXPECT_GT(orders.responses, 0u);
  EXPECT_EQ(orders.checked, orders.responses);
  EXPECT_EQ(orders.check_failures, 0u);
  EXPECT_GT(profile.responses, 0u);
  EXPECT_EQ(profile.check_failures, profile.responses);  // every 404 fails "2xx"
  EXPECT_FALSE(load.baselines_unusable());               // below the 0.9 written
  EXPECT_NE(r.out.find("failed the function's checks"), std::string::npos) << r.out;
  const std::string text = read_file(dir_ / "run" / "load.json");
  EXPECT_NE(text.find("\"baselines_unusable\":false"), std::string::npos);

  // Every line is a JSON object of the documented fields; their sums are load.json's totals.
  std::ifstream lines(dir_ / "metrics.jsonl");
  std::uint64_t sent = 0, responses = 0, errors = 0, failures = 0, count = 0;
  bool last_final = false;
  for (std::string line; std::getline(lines, line);) {
    const json::value o = json::parse(line);
    for (const char* key :
         {"t_s", "interval_s", "sent", "responses", "errors_total", "errors", "check_failures",
          "throttled", "dropped", "p50_ms", "p99_ms", "achieved_rate", "final"}) {
      EXPECT_TRUE(o.as_object().contains(key)) << key << " in " << line;
    }
    sent += count_at(o, "sent");
    responses += count_at(o, "responses");
    errors += count_at(o, "errors_total");
    failures += count_at(o, "check_failures");
    last_final = o.at("final").as_bool();
    ++count;
  }
  ASSERT_GE(count, 1u);
  EXPECT_TRUE(last_final);
  const ClassStats totals = load.totals();
  EXPECT_EQ(sent, totals.sent);
  EXPECT_EQ(sent, 60u);
  EXPECT_EQ(responses, totals.responses);
  EXPECT_EQ(errors, totals.errors_total());
  EXPECT_EQ(failures, totals.check_failures);
}

TEST_F(staging_checks_test, failing_baselines_make_the_run_unusable_and_fail_the_error_gate) {
  write_scenario(kMissingFunction, "gates:\n  max_error_rate: 0.01\n");
  const auto r =
      run_cli({"replay", path("scenario.yaml"), "--out", path("run"), "--duration", "5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const formats::LoadResult load = formats::read_load_file(dir_ / "run" / "load.json");
  EXPECT_TRUE(load.baselines_unusable());
  EXPECT_EQ(load.baseline_check_failure_rate(), 1.0);
  EXPECT_NE(r.out.find("UNUSABLE"), std::string::npos) << r.out;

  const auto report =
      run_cli({"report", path("run"), "--scenario", path("scenario.yaml"), "--no-history"});
  EXPECT_EQ(report.exit_code, 1) << report.out << report.err;  // the gate failed
  const std::string md = read_file(dir_ / "run" / "report.md");
  EXPECT_NE(md.find("Load figures unusable"), std::string::npos) << md;
  EXPECT_NE(md.find("100% of the baselines"), std::string::npos) << md;
  const std::string html = read_file(dir_ / "run" / "report.html");
  EXPECT_NE(html.find("class=\"unusable\""), std::string::npos);
}

}  // namespace
}  // namespace walletfuzz::loadgen
