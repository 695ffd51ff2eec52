#include "walletfuzz/formats/schema.hpp"

#include <gtest/gtest.h>

#include "formats_test_util.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/formats/cost.hpp"
#include "walletfuzz/formats/findings.hpp"
#include "walletfuzz/formats/load.hpp"
#include "walletfuzz/formats/summary.hpp"

namespace walletfuzz::formats {
namespace {

using ::testing::HasSubstr;
using testing::input_error;

TEST(schema_test, same_major_is_accepted_with_or_without_a_minor) {
  EXPECT_NO_THROW(check_schema("walletfuzz.load/1", RunFile::load, "load.json"));
  EXPECT_NO_THROW(check_schema("walletfuzz.load/1.7", RunFile::load, "load.json"));
  EXPECT_NO_THROW(check_schema("walletfuzz.summary/1.12", RunFile::summary, "s.json"));
}

TEST(schema_test, another_major_is_refused_naming_file_and_field) {
  const std::string message =
      input_error([] { check_schema("walletfuzz.cost/2", RunFile::cost, "run/cost.json"); });
  EXPECT_THAT(message, HasSubstr("run/cost.json: schema: unsupported major version"));
  EXPECT_THAT(message, HasSubstr("walletfuzz.cost/1"));
  EXPECT_THAT(input_error([] { check_schema("walletfuzz.cost/10", RunFile::cost, "c"); }),
              HasSubstr("unsupported major"));
}

TEST(schema_test, missing_wrong_kind_and_malformed_versions_are_refused) {
  EXPECT_THAT(input_error([] { check_schema("", RunFile::findings, "f.json"); }),
              HasSubstr("f.json: schema: missing"));
  EXPECT_THAT(input_error([] { check_schema("walletfuzz.load/1", RunFile::findings, "f.json"); }),
              HasSubstr("is not a findings.json schema"));
  EXPECT_THAT(input_error([] { check_schema("walletfuzz.loadx/1", RunFile::load, "l"); }),
              HasSubstr("is not a load.json schema"));
  for (const char* bad : {"walletfuzz.load/", "walletfuzz.load/1.", "walletfuzz.load/x",
                          "walletfuzz.load/1.x", "walletfuzz.load/-1"}) {
    EXPECT_THAT(input_error([&] { check_schema(bad, RunFile::load, "l"); }),
                HasSubstr("has no version"))
        << bad;
  }
}

TEST(schema_test, every_reader_applies_the_rule) {
  const std::string next_major = R"({"schema":"walletfuzz.X/2","findings":[],"classes":[]})";
  auto with_kind = [&](const std::string& kind) {
    std::string text = next_major;
    return text.replace(text.find('X'), 1, kind);
  };
  EXPECT_THAT(input_error([&] { parse_findings(with_kind("findings"), "f.json"); }),
              HasSubstr("f.json: schema: unsupported major"));
  EXPECT_THAT(input_error([&] { parse_load(with_kind("load"), "l.json"); }),
              HasSubstr("l.json: schema: unsupported major"));
  EXPECT_THAT(input_error([&] { parse_cost(with_kind("cost"), "c.json"); }),
              HasSubstr("c.json: schema: unsupported major"));
  EXPECT_THAT(input_error([&] { parse_summary(with_kind("summary"), "s.json"); }),
              HasSubstr("s.json: schema: unsupported major"));
  EXPECT_THAT(input_error([] { parse_cost(R"({"classes":[]})", "c.json"); }),
              HasSubstr("c.json: schema: missing"));
  EXPECT_THAT(input_error([] { parse_summary(R"({"schema":"walletfuzz.cost/1"})", "s.json"); }),
              HasSubstr("s.json: schema: \"walletfuzz.cost/1\" is not a summary.json schema"));
}

TEST(schema_test, truncated_or_corrupt_json_names_the_file) {
  EXPECT_THAT(
      input_error([] { parse_findings(R"({"schema":"walletfuzz.findings/1","fi)", "run/f.json"); }),
      HasSubstr("run/f.json:1:"));
  EXPECT_THAT(input_error([] { parse_load("\x01\x02garbage", "run/load.json"); }),
              HasSubstr("run/load.json:1:1: invalid JSON"));
  EXPECT_THAT(input_error([] { parse_cost("", "run/cost.json"); }), HasSubstr("run/cost.json"));
  EXPECT_THAT(input_error([] { parse_summary("[1, 2]", "run/summary.json"); }),
              HasSubstr("run/summary.json: (root): expected a JSON object"));
}

class require_run_file_test : public testing::RunDirTest {};

TEST_F(require_run_file_test, missing_file_names_the_stage_that_writes_it) {
  EXPECT_EQ(input_error([&] { require_run_file(dir_, RunFile::findings); }),
            (dir_ / "findings.json").string() + ": is missing: it is written by 'walletfuzz fuzz'");
  EXPECT_THAT(input_error([&] { require_run_file(dir_, RunFile::load); }),
              HasSubstr("load.json: is missing: it is written by 'walletfuzz replay'"));
  EXPECT_THAT(input_error([&] { require_run_file(dir_, RunFile::cost); }),
              HasSubstr("it is written by 'walletfuzz cost'"));
  EXPECT_THAT(input_error([&] { require_run_file(dir_, RunFile::summary); }),
              HasSubstr("it is written by 'walletfuzz report'"));
  write_file_atomically(dir_ / "cost.json", "{}");
  EXPECT_EQ(require_run_file(dir_, RunFile::cost), dir_ / "cost.json");
}

TEST(schema_test, writers_use_the_current_major) {
  EXPECT_EQ(schema_string(RunFile::findings), "walletfuzz.findings/1");
  EXPECT_EQ(schema_string(RunFile::load), "walletfuzz.load/1");
  EXPECT_EQ(schema_string(RunFile::cost), "walletfuzz.cost/1");
  EXPECT_EQ(schema_string(RunFile::summary), "walletfuzz.summary/1");
}

}  // namespace
}  // namespace walletfuzz::formats
