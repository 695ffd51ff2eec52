// Inputs that used to escape validation, through the CLI library the executable is a thin main
// over: every one is exit 2 naming the flag or file:line:column, and what `validate` accepts no
// later stage rejects. No network.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "walletfuzz/cli/app.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/formats/load.hpp"

namespace walletfuzz {
namespace {

namespace fs = std::filesystem;

using Outcome = testing::CliOutcome;
using testing::run_cli;

class input_validation : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(WALLETFUZZ_BINARY_DIR) / "test-work" / "input_validation" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  fs::path dir_;
};

TEST_F(input_validation, an_override_index_too_large_is_bad_input_at_the_flag) {
  Outcome cost =
      run_cli({"cost", "--price", "aws-lambda.meters.requests.tiers[99999999999999999999].usd=1",
               "--duration-ms", "10", "--requests", "10"});
  EXPECT_EQ(cost.exit_code, 2) << cost.err;
  EXPECT_NE(cost.err.find("--price: no element '99999999999999999999'"), std::string::npos)
      << cost.err;
  EXPECT_EQ(cost.err.find("internal error"), std::string::npos) << cost.err;
}

TEST_F(input_validation, validate_lists_every_pricing_override_a_later_stage_would_reject) {
  const fs::path scenario = dir_ / "s.yaml";
  write_file_atomically(scenario, R"(name: overrides
target: {bundled: vulnerable}
pricing:
  provider: aws-lambda
  overrides:
    aws-lambda.meters.requests.tiers[99999999999999999999].usd: 0.2
    aws-lambda.meters.requests.tiers[0].usd: abc
    aws-lambda.nothing.here: 1
)");
  Outcome validate = run_cli({"validate", scenario.string()});
  EXPECT_EQ(validate.exit_code, 2) << validate.out << validate.err;
  const std::string file = scenario.string();
  EXPECT_NE(validate.err.find(file + ":6:"), std::string::npos) << validate.err;
  EXPECT_NE(validate.err.find(file + ":7:"), std::string::npos) << validate.err;
  EXPECT_NE(validate.err.find(file + ":8:"), std::string::npos) << validate.err;
  EXPECT_NE(validate.err.find("3 problems"), std::string::npos) << validate.err;
}

TEST_F(input_validation, cost_refuses_a_memory_size_the_provider_does_not_offer_as_validate_does) {
  Outcome cost = run_cli({"cost", "--provider", "azure-functions-flex", "--memory-mb", "1000",
                          "--duration-ms", "10", "--requests", "10"});
  EXPECT_EQ(cost.exit_code, 2) << cost.out << cost.err;
  EXPECT_NE(cost.err.find("--memory-mb: 1000 MB is not a memory size of azure-functions-flex"),
            std::string::npos)
      << cost.err;
  const fs::path scenario = dir_ / "flex.yaml";
  write_file_atomically(scenario, R"(name: flex
target: {bundled: vulnerable}
functions: [{name: get-config, provider: azure-functions-flex, memory_mb: 1000}]
)");
  Outcome validate = run_cli({"validate", scenario.string()});
  EXPECT_EQ(validate.exit_code, 2);
  EXPECT_NE(validate.err.find("1000 MB is not a memory size of azure-functions-flex"),
            std::string::npos)
      << validate.err;
  // A size Flex offers is billed as given.
  EXPECT_EQ(run_cli({"cost", "--provider", "azure-functions-flex", "--memory-mb", "2048",
                     "--duration-ms", "10", "--requests", "10"})
                .exit_code,
            0);
}

TEST_F(input_validation, a_scenario_that_is_not_utf8_is_refused_at_its_line_and_column) {
  const fs::path scenario = dir_ / "latin1.yaml";
  write_file_atomically(scenario, "name: caf\xE9\ntarget: {bundled: vulnerable}\n");
  Outcome validate = run_cli({"validate", scenario.string()});
  EXPECT_EQ(validate.exit_code, 2);
  EXPECT_NE(validate.err.find(scenario.string() + ":1:10: holds a byte that is not UTF-8 (0xE9)"),
            std::string::npos)
      << validate.err;
}

TEST_F(input_validation, validate_json_is_valid_json_for_a_file_name_that_is_not_utf8) {
  const fs::path scenario = dir_ / "bad\xFFname.yaml";
  write_file_atomically(scenario, "name: ok\ntarget: {bundled: vulnerable}\n");
  Outcome validate = run_cli({"validate", "--json", scenario.string()});
  EXPECT_EQ(validate.exit_code, 0) << validate.err;
  boost::json::error_code ec;
  const boost::json::value parsed = boost::json::parse(validate.out, ec);
  ASSERT_FALSE(ec) << validate.out;
  EXPECT_NE(std::string(parsed.at("file").as_string()).find("bad\xEF\xBF\xBDname.yaml"),
            std::string::npos);
}

TEST_F(input_validation, cost_refuses_an_inconsistent_load_json_as_merge_does) {
  // sent != scheduled - dropped: one reader (formats) with one set of invariants for both.
  formats::LoadResult load;
  load.target = "http://127.0.0.1:8080";
  load.started_at = "2026-12-01T00:00:00Z";
  load.duration_s = load.send_duration_s = 1;
  formats::ClassResult entry{.name = "baseline:get-config", .handler = "get-config"};
  entry.stats.scheduled = 10;
  entry.stats.sent = entry.stats.responses = 5;
  entry.stats.status[200] = 5;
  for (int i = 0; i < 5; ++i) entry.stats.latency.record(1'000'000);
  load.classes.push_back(entry);
  fs::create_directories(dir_ / "run");
  formats::write_load_file(dir_ / "run" / "load.json", load);
  Outcome merge = run_cli({"merge", (dir_ / "run" / "load.json").string()});
  Outcome cost = run_cli({"cost", (dir_ / "run").string(), "--no-scenario"});
  EXPECT_EQ(merge.exit_code, 2) << merge.err;
  EXPECT_EQ(cost.exit_code, 2) << cost.err;
  const std::string reason = "classes[0].scheduled: does not equal sent + dropped";
  EXPECT_NE(merge.err.find(reason), std::string::npos) << merge.err;
  EXPECT_NE(cost.err.find(reason), std::string::npos) << cost.err;
  EXPECT_FALSE(fs::exists(dir_ / "run" / "cost.json"));
}

TEST_F(input_validation, a_refused_host_message_lists_each_allowed_host_once) {
  const fs::path scenario = dir_ / "hosts.yaml";
  write_file_atomically(scenario, R"(name: hosts
target: {url: "http://127.0.0.1:9", allow_hosts: [127.0.0.1, api.example.com]}
functions: [{name: f, route: /, baseline: [{method: GET, path: /}]}]
load:
  stages: [{kind: constant, rate: 1, duration_s: 1}]
  max_requests: 1
  spend_budget_usd: 1
)");
  Outcome replay = run_cli({"replay", scenario.string(), "--target", "http://other.example.net",
                            "--out", (dir_ / "run").string()});
  EXPECT_EQ(replay.exit_code, 2) << replay.err;
  const auto at = replay.err.find("127.0.0.1");
  ASSERT_NE(at, std::string::npos) << replay.err;
  EXPECT_EQ(replay.err.find("127.0.0.1", at + 1), std::string::npos) << replay.err;
}

}  // namespace
}  // namespace walletfuzz
