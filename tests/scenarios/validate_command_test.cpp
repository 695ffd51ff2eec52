// `walletfuzz validate`: one line per problem on stderr and exit 2; a one-line OK and exit 0;
// --json on stdout. Runs the CLI library the executable is a thin main over.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "../cli/cli_runner.hpp"
#include "walletfuzz/cli/app.hpp"

namespace {

const std::string kSource = WALLETFUZZ_SOURCE_DIR;

using Outcome = walletfuzz::testing::CliOutcome;
using walletfuzz::testing::run_cli;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(validate_command_test, valid_scenario_prints_one_ok_line) {
  Outcome result = run_cli({"validate", kSource + "/scenarios/demo.yaml"});
  EXPECT_EQ(result.exit_code, 0);
  auto lines = lines_of(result.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].rfind(kSource + "/scenarios/demo.yaml: OK (demo: bundled vulnerable app", 0),
            0u)
      << lines[0];
  EXPECT_EQ(result.err, "");
}

TEST(validate_command_test, problems_are_one_per_line_with_exit_code_2) {
  std::string file = kSource + "/tests/data/scenarios/many_problems.yaml";
  Outcome result = run_cli({"validate", file});
  EXPECT_EQ(result.exit_code, 2);
  auto lines = lines_of(result.err);
  ASSERT_EQ(lines.size(), 8u) << result.err;
  EXPECT_EQ(lines[0],
            file +
                ":4:12: target.bundled: unknown value \"vulnerabel\", expected vulnerable "
                "| fixed (hint: did you mean 'vulnerable'?)");
  EXPECT_EQ(lines[5].rfind(file + ":14:9: pricing.arch: ", 0), 0u) << lines[5];
  EXPECT_EQ(lines[7], file + ": 7 problems");
}

TEST(validate_command_test, bundled_handler_names_are_checked_against_the_app) {
  std::string file = kSource + "/tests/data/scenarios/unknown_handler.yaml";
  Outcome result = run_cli({"validate", file});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(":4:27: fuzz.handlers[1]: no handler is called 'get-confg' (hint: did "
                            "you mean 'get-config'?)"),
            std::string::npos)
      << result.err;
}

TEST(validate_command_test, json_lists_problems_with_their_locations) {
  std::string file = kSource + "/tests/data/scenarios/ramp_without_duration.yaml";
  Outcome result = run_cli({"validate", "--json", file});
  EXPECT_EQ(result.exit_code, 2);
  boost::json::object doc = boost::json::parse(result.out).as_object();
  EXPECT_EQ(doc.at("schema").as_string(), "walletfuzz.validate/1");
  EXPECT_FALSE(doc.at("valid").as_bool());
  const auto& problems = doc.at("problems").as_array();
  ASSERT_EQ(problems.size(), 1u);
  const auto& problem = problems[0].as_object();
  EXPECT_EQ(problem.at("file").as_string(), file);
  EXPECT_EQ(problem.at("line").as_int64(), 7);
  EXPECT_EQ(problem.at("column").as_int64(), 7);
  EXPECT_EQ(problem.at("field").as_string(), "load.stages[2].duration_s");
  EXPECT_EQ(problem.at("message").as_string(), "is required but missing");

  Outcome ok = run_cli({"validate", "--json", kSource + "/scenarios/nightly.yaml"});
  EXPECT_EQ(ok.exit_code, 0);
  boost::json::object valid = boost::json::parse(ok.out).as_object();
  EXPECT_TRUE(valid.at("valid").as_bool());
  EXPECT_EQ(valid.at("name").as_string(), "nightly");
  EXPECT_TRUE(valid.at("problems").as_array().empty());
}

TEST(validate_command_test, missing_file_is_bad_input) {
  Outcome result = run_cli({"validate", "/nonexistent/scenario.yaml"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err.rfind("/nonexistent/scenario.yaml: cannot open", 0), 0u) << result.err;
}

}  // namespace
