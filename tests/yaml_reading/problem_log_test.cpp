// The YAML reading layer on its own: problems are collected, not thrown, each with
// file:line:column and the field path, and thrown together in file order.
#include "walletfuzz/yaml_reading/problem_log.hpp"

#include <gtest/gtest.h>

#include "walletfuzz/yaml_reading/document.hpp"
#include "walletfuzz/yaml_reading/values.hpp"

namespace walletfuzz::yaml_reading {
namespace {

std::string line(const Problem& problem) {
  return InputError(problem.where, problem.message, problem.hint).what();
}

TEST(problem_log_test, collects_every_problem_and_throws_them_in_file_order) {
  ProblemLog log("f.yaml");
  auto root = read_document("b: x\na: 1\nc: maybe\nd: 2\n", log, "test file");
  ASSERT_TRUE(root);
  MapReader map(log, *root, "", {"a", "b", "c"});
  double b = 0;
  bool c = false;
  double a = 0;
  map.read("c", c);
  map.read("b", b);
  map.read_in("a", 5, 10, a);
  try {
    log.throw_if_any();
    FAIL() << "expected InputProblems";
  } catch (const InputProblems& e) {
    ASSERT_EQ(e.problems().size(), 4u) << e.what();
    EXPECT_EQ(line(e.problems()[0]),
              "f.yaml:1:4: b: expected a number, got \"x\" (hint: write digits, e.g. 10 or 0.5)");
    EXPECT_EQ(line(e.problems()[1]), "f.yaml:2:4: a: must be between 5 and 10, got 1");
    EXPECT_EQ(line(e.problems()[2]), "f.yaml:3:4: c: expected true or false, got \"maybe\"");
    EXPECT_EQ(to_string(e.problems()[3].where), "f.yaml:4:1: d");
    EXPECT_EQ(e.where().line, 1);  // an InputError whose where() is the first problem
  }
  EXPECT_TRUE(log.failed("b"));
}

TEST(problem_log_test, a_syntax_error_is_one_problem_with_its_position) {
  ProblemLog log("f.yaml");
  EXPECT_FALSE(read_document("a: [1, 2\nb: 3\n", log, "test file"));
  ASSERT_EQ(log.problems.size(), 1u);
  EXPECT_NE(log.problems[0].message.find("YAML syntax error"), std::string::npos);
  EXPECT_GT(log.problems[0].where.line, 0);
}

TEST(problem_log_test, bytes_that_are_not_utf8_are_refused_at_their_line_and_column) {
  ProblemLog log("f.yaml");
  // "é" (two bytes) counts as one column; the Latin-1 byte 0xE9 is no UTF-8.
  EXPECT_FALSE(
      read_document("name: caf\xC3\xA9\nhandler: s\xE9"
                    "arch\n",
                    log, "scenario"));
  ASSERT_EQ(log.problems.size(), 1u);
  EXPECT_EQ(
      line(log.problems[0]),
      "f.yaml:2:11: holds a byte that is not UTF-8 (0xE9) (hint: save the scenario as UTF-8)");
  ProblemLog clean("g.yaml");
  EXPECT_TRUE(read_document("name: caf\xC3\xA9\n", clean, "scenario"));
  EXPECT_TRUE(clean.problems.empty());
}

TEST(problem_log_test, notes_where_fields_were_written) {
  std::map<std::string, Location, std::less<>> where;
  ProblemLog log("f.yaml", "/base", &where);
  auto root = read_document("top:\n  path: x/y\n", log, "test file");
  MapReader top(log, *root, "", {"top"});
  MapReader inner(log, top.get("top"), top.field("top"), {"path"});
  std::filesystem::path path;
  ASSERT_TRUE(inner.read_path("path", path));
  EXPECT_EQ(path, std::filesystem::path("/base/x/y"));
  EXPECT_EQ(to_string(where.at("top.path")), "f.yaml:2:9: top.path");
  EXPECT_TRUE(log.problems.empty());
  EXPECT_NO_THROW(log.throw_if_any());
}

}  // namespace
}  // namespace walletfuzz::yaml_reading
