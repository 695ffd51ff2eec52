// Each broken scenario in tests/data/scenarios is reported with its exact place and field, and
// nothing else: one mistake gives one problem, several mistakes give all of them at once.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::scenarios {
namespace {

const std::filesystem::path kData =
    std::filesystem::path(WALLETFUZZ_SOURCE_DIR) / "tests" / "data" / "scenarios";

struct Expected {
  int line;
  int column;
  std::string field;
  std::string message_part;
  std::string hint_part = {};
};

struct BrokenCase {
  std::string file;
  std::vector<Expected> problems;
};

// Test names show the file, not the bytes of the parameter.
void PrintTo(const BrokenCase& broken, std::ostream* out) {
  *out << broken.file;
}

std::vector<Problem> problems_of(const std::filesystem::path& file, const LoadOptions& options) {
  try {
    load_scenario(file, options);
  } catch (const ScenarioError& e) {
    return e.problems();
  }
  return {};
}

class broken_examples_test : public testing::TestWithParam<BrokenCase> {};

TEST_P(broken_examples_test, reports_exact_location_and_field) {
  const BrokenCase& broken = GetParam();
  LoadOptions options;
  options.known_handlers = {"create-payment", "get-config",     "import-contacts", "import-events",
                            "list-orders",    "shipping-quote", "signup"};
  std::vector<Problem> problems = problems_of(kData / broken.file, options);
  ASSERT_EQ(problems.size(), broken.problems.size()) << [&] {
    std::string all;
    for (const auto& p : problems) all += to_string(p) + "\n";
    return all;
  }();
  for (std::size_t i = 0; i < problems.size(); ++i) {
    const Problem& got = problems[i];
    const Expected& want = broken.problems[i];
    SCOPED_TRACE(to_string(got));
    EXPECT_EQ(got.where.file, (kData / broken.file).string());
    EXPECT_EQ(got.where.line, want.line);
    EXPECT_EQ(got.where.column, want.column);
    EXPECT_EQ(got.where.field, want.field);
    EXPECT_NE(got.message.find(want.message_part), std::string::npos) << got.message;
    EXPECT_NE(got.hint.find(want.hint_part), std::string::npos) << got.hint;
  }
}

INSTANTIATE_TEST_SUITE_P(
    files, broken_examples_test,
    testing::Values(
        BrokenCase{
            "unknown_key.yaml",
            {{5, 7, "load.stages[0].duration_s", "required but missing"},
             {7, 7, "load.stages[0].durration_s", "unknown key", "did you mean 'duration_s'"}}},
        BrokenCase{"wrong_type.yaml",
                   {{5, 9, "fuzz.jobs", "expected a whole number, got \"two\""}}},
        BrokenCase{"ramp_without_duration.yaml",
                   {{7, 7, "load.stages[2].duration_s", "required but missing", "ramp"}}},
        BrokenCase{"memory_out_of_range.yaml",
                   {{9, 16, "functions[0].memory_mb", "20480 MB", "128-10240"}}},
        BrokenCase{"zero_weights.yaml", {{6, 5, "load.mix", "sum to zero"}}},
        BrokenCase{
            "host_not_allowed.yaml",
            {{5, 5, "target.allow_hosts", "'staging.example.com'", "add staging.example.com"}}},
        BrokenCase{"missing_target.yaml", {{1, 1, "target", "required but missing"}}},
        BrokenCase{"unreadable_request_file.yaml",
                   {{8, 15, "functions[0].baseline[0].file", "does-not-exist.http: no such file"}}},
        BrokenCase{"malformed_request_file.yaml",
                   {{8, 15, "functions[0].baseline[0].file", "not a request file"}}},
        BrokenCase{"syntax_error.yaml", {{6, 5, "", "YAML syntax error"}}},
        BrokenCase{"unknown_handler.yaml",
                   {{4, 27, "fuzz.handlers[1]", "'get-confg'", "did you mean 'get-config'"}}},
        BrokenCase{"caps_too_small.yaml",
                   {{7, 19, "load.max_duration_s", "the stages last 120 s"}}},
        BrokenCase{"rate_on_ramp.yaml", {{6, 13, "load.stages[0].rate", "from_rate and to_rate"}}},
        BrokenCase{"duplicate_key.yaml", {{6, 3, "fuzz.jobs", "duplicate key", "line 4"}}},
        BrokenCase{"not_a_map.yaml", {{1, 1, "", "map of sections"}}},
        BrokenCase{"many_problems.yaml",
                   {{4, 12, "target.bundled", "\"vulnerabel\"", "did you mean 'vulnerable'"},
                    {6, 18, "fuzz.time_budget_s", "must be positive"},
                    {7, 27, "fuzz.slow_threshold.ratio", "more than 1"},
                    {10, 11, "load.stages", "closed mode"},
                    {11, 16, "load.connections", "outside 1-100000"},
                    {14, 9, "pricing.arch", "'arm'", "did you mean 'arm64'"},
                    {16, 22, "gates.max_amplification", "at least 1"}}}),
    [](const testing::TestParamInfo<BrokenCase>& param) {
      return param.param.file.substr(0, param.param.file.find('.'));
    });

TEST(broken_examples_test, unreadable_scenario_file_is_one_problem_naming_it) {
  auto problems = problems_of(kData / "no-such-scenario.yaml", {});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where.file, (kData / "no-such-scenario.yaml").string());
  EXPECT_EQ(problems[0].where.line, 0);
  EXPECT_NE(problems[0].message.find("cannot open"), std::string::npos);
}

TEST(broken_examples_test, error_text_lists_every_problem_one_per_line) {
  try {
    load_scenario(kData / "many_problems.yaml");
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    std::string text = e.what();
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 6);
    EXPECT_EQ(text.substr(0, text.find('\n')), to_string(e.problems().front()));
    // It is still an InputError (exit code 2) describing the first problem.
    const InputError& input = e;
    EXPECT_EQ(input.where().field, "target.bundled");
  }
}

}  // namespace
}  // namespace walletfuzz::scenarios
