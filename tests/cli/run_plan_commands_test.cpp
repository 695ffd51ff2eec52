// Commands on the run plan's run directory: replay says when the findings the mix wants are
// missing (stderr and load.json), `run` with a fuzz stage stops at exit 2 naming the file and
// the stage that writes it, and `cost RUN_DIR` prices each class at its function's memory from
// the run directory's scenario copy. Runs the CLI library the executable is a thin main over;
// the only network is the sample app served on loopback.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "cli_runner.hpp"
#include "walletfuzz/cli/app.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/runtime/http_server.hpp"
#include "walletfuzz/sample_app/app.hpp"

namespace walletfuzz {
namespace {

namespace fs = std::filesystem;

using Outcome = walletfuzz::testing::CliOutcome;
using walletfuzz::testing::run_cli;

class run_plan_commands : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(WALLETFUZZ_BINARY_DIR) / "test-work" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write_file_atomically(dir_ / "scenario.yaml", R"(
name: plan-commands
target: {bundled: vulnerable}
functions: [{name: get-config}, {name: import-contacts}]
fuzz: {time_budget_s: 1}
load:
  stages: [{kind: constant, rate: 2, duration_s: 1}]
  mix: {baseline: 1, slow: 1}
  max_requests: 3
  spend_budget_usd: 1
output: {run_dir: default-run}
)");
  }
  fs::path dir_;
};

TEST_F(run_plan_commands, replay_warns_and_records_missing_findings_in_load_json) {
  const fs::path run = dir_ / "run";
  const HandlerRegistry app = make_sample_app(SampleAppVariant::vulnerable);
  runtime::HttpServer server(app, runtime::open_listening_socket("127.0.0.1", 0, false));
  std::thread serving([&server] { server.run(false); });
  const Outcome o =
      run_cli({"replay", (dir_ / "scenario.yaml").string(), "--out", run.string(), "--target",
               "http://127.0.0.1:" + std::to_string(server.port()), "--max-requests", "2"});
  server.request_stop();
  serving.join();
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("warning: " + (run / "findings.json").string() + " does not exist"),
            std::string::npos)
      << o.err;
  const auto load = boost::json::parse(read_file(run / "load.json")).as_object();
  ASSERT_EQ(load.at("warnings").as_array().size(), 1u);
  EXPECT_NE(std::string(load.at("warnings").as_array()[0].as_string()).find("findings.json"),
            std::string::npos);
}

TEST_F(run_plan_commands, run_with_a_fuzz_stage_and_no_findings_is_bad_input) {
  const fs::path run = dir_ / "run";
  const Outcome o =
      run_cli({"run", (dir_ / "scenario.yaml").string(), "--out", run.string(), "--skip-fuzz"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find((run / "findings.json").string() +
                       ": is missing: it is written by 'walletfuzz fuzz'"),
            std::string::npos)
      << o.err;
  EXPECT_FALSE(fs::exists(run / "load.json"));
}

TEST_F(run_plan_commands, cost_prices_each_class_at_its_functions_memory) {
  const fs::path run = dir_ / "run";
  fs::create_directories(run);
  fs::copy_file(dir_ / "scenario.yaml", run / "scenario.yaml");
  write_file_atomically(run / "findings.json", R"({"schema":"walletfuzz.findings/1","findings":[
    {"id":"slow-1","kind":"slow","handler":"import-contacts","file":"f.http",
     "cost":{"median_ns":900000000,"baseline_median_ns":2000000}},
    {"id":"leak-1","kind":"leak","handler":"get-config","file":"g.http",
     "cost":{"median_ns":1000000,"baseline_median_ns":1000000}}]})");
  const Outcome o = run_cli({"cost", run.string()});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto cost = boost::json::parse(read_file(run / "cost.json")).as_object();
  const auto& classes = cost.at("classes").as_array();
  ASSERT_EQ(classes.size(), 2u);
  EXPECT_EQ(classes[0].at("memory_mb").as_double(), 512.0);  // import-contacts' own size
  EXPECT_EQ(classes[1].at("memory_mb").as_double(), 128.0);  // get-config's
  // --no-scenario prices everything with the flags alone, as before.
  ASSERT_EQ(run_cli({"cost", run.string(), "--no-scenario"}).exit_code, 0);
  const auto flat = boost::json::parse(read_file(run / "cost.json")).as_object();
  EXPECT_EQ(flat.at("classes").as_array()[0].at("memory_mb").as_double(), 128.0);
}

}  // namespace
}  // namespace walletfuzz
