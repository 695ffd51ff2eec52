// An application binary as a scenario's target: its handlers checked with file:line:column and
// "did you mean", and each way it can be wrong (missing, not executable, not a walletfuzz app,
// another version, a factory that throws, duplicate names or routes, a replay build asked to
// fuzz) is one line naming the path and the fix, with exit 2 or 3.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "../cli/cli_runner.hpp"
#include "walletfuzz/cli/app.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/fuzzers/fuzz_campaign.hpp"

namespace walletfuzz {
namespace {

namespace fs = std::filesystem;

using Outcome = testing::CliOutcome;
using testing::run_cli;

class app_target : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(WALLETFUZZ_BINARY_DIR) / "test-work" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ::unsetenv("TEST_APP_BREAK");
  }
  void TearDown() override { ::unsetenv("TEST_APP_BREAK"); }

  // A scenario naming `app` (relative paths resolve against the scenario's directory).
  fs::path scenario(const std::string& app, const std::string& rest = "") {
    fs::path file = dir_ / "scenario.yaml";
    write_file_atomically(file, "name: app-target\ntarget: {app: " + app + "}\n" + rest);
    return file;
  }
  // A script standing in for a binary that answers list mode with `output`.
  fs::path fake_app(const std::string& output) {
    fs::path file = dir_ / "fake-app";
    write_file_atomically(file, "#!/bin/sh\necho '" + output + "'\n");
    ::chmod(file.c_str(), 0755);
    return file;
  }

  fs::path dir_;
};

std::string one_line(const std::string& text) {
  EXPECT_EQ(text.find('\n'), text.size() - 1) << text;
  return text;
}

TEST_F(app_target, handler_names_and_routes_are_checked_against_the_apps_own_list) {
  fs::copy_file(TEST_APP, dir_ / "app");
  fs::permissions(dir_ / "app", fs::perms::owner_all);
  Outcome ok = run_cli({"validate", scenario("app", "functions: [{name: greet}]\n").string()});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("app " + (dir_ / "app").string()), std::string::npos) << ok.out;

  Outcome typo =
      run_cli({"validate",
               scenario("app", "functions:\n  - {name: gret}\n  - {name: farewell, route: /bye}\n")
                   .string()});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(
      typo.err.find("scenario.yaml:4:12: functions[0].name: the app " + (dir_ / "app").string() +
                    " has no handler 'gret' (hint: did you mean "
                    "'greet'?"),
      std::string::npos)
      << typo.err;
  EXPECT_NE(typo.err.find("functions[1].route: 'farewell' is served at /farewell, not /bye"),
            std::string::npos)
      << typo.err;
}

TEST_F(app_target, a_missing_or_non_executable_app_is_exit_2_at_target_app) {
  const std::string where = (dir_ / "scenario.yaml").string() + ":2:15: target.app: application " +
                            (dir_ / "build/shop").string() + " does not exist";
  Outcome missing = run_cli({"run", scenario("build/shop").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(one_line(missing.err).rfind("walletfuzz: " + where, 0), 0u) << missing.err;
  Outcome listed = run_cli({"validate", scenario("build/shop").string()});
  EXPECT_EQ(listed.exit_code, 2);
  EXPECT_EQ(listed.err.rfind(where, 0), 0u) << listed.err;
  Outcome json = run_cli({"validate", "--json", scenario("build/shop").string()});
  EXPECT_EQ(json.exit_code, 2);
  EXPECT_NE(json.out.find(R"("field":"target.app")"), std::string::npos) << json.out;
  write_file_atomically(dir_ / "not-exec", "data");
  Outcome plain = run_cli({"fuzz", scenario("not-exec").string()});
  EXPECT_EQ(plain.exit_code, 2);
  EXPECT_NE(one_line(plain.err).find("is not an executable file"), std::string::npos);
}

TEST_F(app_target, something_else_or_another_version_is_exit_3_naming_the_fix) {
  Outcome other = run_cli({"validate", scenario(fake_app("hello").string()).string()});
  EXPECT_EQ(other.exit_code, 3);
  EXPECT_NE(one_line(other.err).find("is not a walletfuzz application (fix: build it with "
                                     "walletfuzz_add_app)"),
            std::string::npos)
      << other.err;
  Outcome old = run_cli(
      {"validate",
       scenario(
           fake_app(R"({"walletfuzz_version":"0.0.1","engine":"replay","handlers":[]})").string())
           .string()});
  EXPECT_EQ(old.exit_code, 3);
  EXPECT_NE(one_line(old.err).find("was built with walletfuzz 0.0.1, this is walletfuzz "),
            std::string::npos)
      << old.err;
  EXPECT_NE(old.err.find("fix: rebuild it against this walletfuzz's CMake package"),
            std::string::npos);
}

TEST_F(app_target, a_throwing_factory_and_duplicate_handlers_are_exit_3_naming_the_fix) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"throw", "the application's factory threw: cannot reach the config service (fix: "},
      {"duplicate-name", "duplicate handler name 'greet' (fix: give each handler its own name"},
      {"duplicate-route", "handlers 'greet' and 'farewell' both serve GET /greet (fix: "}};
  for (const auto& [how, expected] : cases) {
    ::setenv("TEST_APP_BREAK", how.c_str(), 1);
    Outcome broken = run_cli({"validate", scenario(TEST_APP).string()});
    EXPECT_EQ(broken.exit_code, 3) << how;
    EXPECT_NE(one_line(broken.err).find(std::string("application ") + TEST_APP), std::string::npos)
        << broken.err;
    EXPECT_NE(broken.err.find(expected), std::string::npos) << broken.err;
  }
}

TEST_F(app_target, fuzzing_a_replay_build_is_exit_3_with_the_command_that_fixes_it) {
  const fuzzers::TargetInfo info = fuzzers::query_target(TEST_APP, {});
  if (info.engine != "replay") GTEST_SKIP() << "a libFuzzer build of the test app";
  Outcome fuzz = run_cli({"fuzz", scenario(TEST_APP, "fuzz: {time_budget_s: 1}\n").string(),
                          "--out", (dir_ / "run").string()});
  EXPECT_EQ(fuzz.exit_code, 3);
  // The last line: the command first says what it is about to fuzz.
  const std::string last = fuzz.err.substr(fuzz.err.rfind('\n', fuzz.err.size() - 2) + 1);
  EXPECT_NE(last.find("is a replay build, which cannot fuzz"), std::string::npos) << fuzz.err;
  EXPECT_NE(fuzz.err.find("fix: cmake -S "), std::string::npos) << fuzz.err;
  EXPECT_NE(fuzz.err.find("--target test_app"), std::string::npos) << fuzz.err;
}

TEST_F(app_target, the_list_names_the_app_its_version_and_every_setting) {
  const fuzzers::TargetInfo info = fuzzers::query_target(TEST_APP, {});
  EXPECT_EQ(info.app_name, "test_app");
  ASSERT_EQ(info.handlers.size(), 2u);
  EXPECT_EQ(info.handlers[1].name, "farewell");
  EXPECT_EQ(info.handlers[1].route, "/farewell");
  EXPECT_EQ(info.handlers[1].baseline_requests.size(), 1u);
  EXPECT_FALSE(info.fuzz_build_command.empty());
}

}  // namespace
}  // namespace walletfuzz
