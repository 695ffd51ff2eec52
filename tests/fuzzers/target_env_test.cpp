// The fuzz target's environment protocol: what the orchestrator writes is what the target reads,
// and a bad value is one line naming the variable and the value.
#include "walletfuzz/fuzzers/target_env.hpp"

#include <gtest/gtest.h>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::fuzzers {
namespace {

using namespace std::chrono_literals;

TEST(target_env_test, unset_and_empty_variables_take_the_defaults) {
  FuzzTargetEnv env = FuzzTargetEnv::decode({});
  EXPECT_EQ(env, FuzzTargetEnv{});
  EXPECT_EQ(env.mode, TargetMode::fuzz);
  EXPECT_TRUE(env.handler.empty());
  EXPECT_TRUE(env.cost_feedback);
  EXPECT_FALSE(env.byte_mutations_only);
  EXPECT_EQ(env.slow_ratio, 10);
  EXPECT_FALSE(env.slow_ms);
  EXPECT_EQ(env.runs, 5);
  EXPECT_EQ(env.baseline_runs, 5);
  EXPECT_EQ(env.keep_ratio, 0.9);
  EXPECT_EQ(env.minimize_time, 10s);
  EXPECT_TRUE(env.expect_findings);
  EXPECT_FALSE(env.bare);
  // Empty is unset: encode() writes unset fields as empty strings.
  EXPECT_EQ(FuzzTargetEnv::decode({{"WALLETFUZZ_RUNS", ""}, {"WALLETFUZZ_MODE", ""}}),
            FuzzTargetEnv{});
}

TEST(target_env_test, encode_then_decode_gives_the_same_settings) {
  FuzzTargetEnv env{.handler = "list-orders",
                    .mode = TargetMode::minimize,
                    .findings_dir = "/tmp/run/.fuzz/candidates/list-orders",
                    .cost_feedback = false,
                    .byte_mutations_only = true,
                    .slow_ratio = 12.5,
                    .slow_ms = 0.1,
                    .baseline_runs = 3,
                    .bare = true,
                    .runs = 101,
                    .report = "/tmp/report.json",
                    .keep_ratio = 1.0 / 3.0,
                    .minimize_time = 8000ms,
                    .expect_findings = false,
                    .function_settings = {{.handler = "signup", .memory_mb = 512, .timeout = 6s}},
                    .sample_variant = "fixed",
                    .serve = {.host = "::1",
                              .port = 0,
                              .report_log_dir = "/tmp/run/lambda-report",
                              .concurrency = 4,
                              .cold_start_ms = 250,
                              .allow_non_loopback = true}};
  EXPECT_EQ(FuzzTargetEnv::decode(env.encode()), env);
  EXPECT_EQ(FuzzTargetEnv::decode(FuzzTargetEnv{}.encode()), FuzzTargetEnv{});
  for (TargetMode mode :
       {TargetMode::fuzz, TargetMode::list, TargetMode::export_seeds, TargetMode::measure,
        TargetMode::minimize, TargetMode::check, TargetMode::serve}) {
    EXPECT_EQ(FuzzTargetEnv::decode(FuzzTargetEnv{.mode = mode}.encode()).mode, mode);
  }
}

TEST(target_env_test, the_names_and_words_scripts_use_are_kept) {
  auto vars = FuzzTargetEnv{.handler = "search",
                            .mode = TargetMode::export_seeds,
                            .cost_feedback = false,
                            .byte_mutations_only = true,
                            .expect_findings = false}
                  .encode();
  EXPECT_EQ(vars.at("WALLETFUZZ_HANDLER"), "search");
  EXPECT_EQ(vars.at("WALLETFUZZ_MODE"), "export");
  EXPECT_EQ(vars.at("WALLETFUZZ_COST_FEEDBACK"), "0");
  EXPECT_EQ(vars.at("WALLETFUZZ_MUTATOR"), "bytes");
  EXPECT_EQ(vars.at("WALLETFUZZ_EXPECT"), "none");
  EXPECT_EQ(vars.at("WALLETFUZZ_SLOW_RATIO"), "10");
  // Every variable is written, unset ones empty, so a child never inherits a stale one.
  EXPECT_EQ(vars.at("WALLETFUZZ_FINDINGS_DIR"), "");
  EXPECT_EQ(vars.at("WALLETFUZZ_SLOW_MS"), "");
  EXPECT_EQ(vars.at("WALLETFUZZ_SERVE_PORT"), "8080");
  EXPECT_EQ(vars.at("WALLETFUZZ_HTTP_TARGET"), "");
  EXPECT_EQ(vars.at("WALLETFUZZ_FAIL_ON"), "");  // the file beside the binary, if any
  EXPECT_EQ(vars.size(), 25u);
}

std::string decode_error(const std::string& name, const std::string& value) {
  try {
    FuzzTargetEnv::decode({{name, value}});
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(target_env_test, each_bad_value_is_named_with_its_variable) {
  const std::vector<std::pair<std::string, std::string>> bad{
      {"WALLETFUZZ_MODE", "fuzzz"},
      {"WALLETFUZZ_COST_FEEDBACK", "yes"},
      {"WALLETFUZZ_MUTATOR", "smart"},
      {"WALLETFUZZ_SLOW_RATIO", "0"},
      {"WALLETFUZZ_SLOW_RATIO", "ten"},
      {"WALLETFUZZ_SLOW_MS", "-5"},
      {"WALLETFUZZ_SLOW_MS", "5ms"},
      {"WALLETFUZZ_BASELINE_RUNS", "0"},
      {"WALLETFUZZ_BARE", "true"},
      {"WALLETFUZZ_RUNS", "102"},
      {"WALLETFUZZ_RUNS", "3.5"},
      {"WALLETFUZZ_KEEP_RATIO", "1.5"},
      {"WALLETFUZZ_KEEP_RATIO", "nan"},
      {"WALLETFUZZ_MINIMIZE_MS", "99999999999"},
      {"WALLETFUZZ_EXPECT", "some"},
      {"WALLETFUZZ_SERVE_PORT", "65536"},
      {"WALLETFUZZ_SERVE_CONCURRENCY", "0"},
  };
  for (const auto& [name, value] : bad) {
    std::string what = decode_error(name, value);
    EXPECT_EQ(what.rfind(name + ": bad value '" + value + "' (hint: use ", 0), 0u) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
  // The function settings keep core's own checks, under the variable's name.
  std::string what = decode_error("WALLETFUZZ_FUNCTION_SETTINGS", "signup:memory_mb=0");
  EXPECT_NE(what.find("WALLETFUZZ_FUNCTION_SETTINGS"), std::string::npos) << what;
}

}  // namespace
}  // namespace walletfuzz::fuzzers
