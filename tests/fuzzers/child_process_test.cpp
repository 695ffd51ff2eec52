#include "walletfuzz/fuzzers/child_process.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"

namespace walletfuzz::fuzzers {
namespace {

using namespace std::chrono_literals;

TEST(child_process_test, exit_code_and_output_file) {
  auto out = std::filesystem::temp_directory_path() /
             ("walletfuzz-child-" + std::to_string(::getpid()) + ".txt");
  auto result = run_process({.argv = {"/bin/sh", "-c", "echo $WF_X; exit 3"},
                             .env = {{"WF_X", "hello"}},
                             .stdout_path = out},
                            10s);
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_TRUE(result.exited_normally());
  EXPECT_EQ(read_file(out), "hello\n");
  EXPECT_EQ(result.describe(), "exit code 3");
  std::filesystem::remove(out);
}

TEST(child_process_test, signal_is_reported) {
  auto result = run_process({.argv = {"/bin/sh", "-c", "kill -ABRT $$"}}, 10s);
  EXPECT_EQ(result.signal, SIGABRT);
  EXPECT_FALSE(result.exited_normally());
  EXPECT_EQ(result.describe(), "killed by signal 6 (SIGABRT)");
}

TEST(child_process_test, time_limit_kills_the_child_and_what_it_started) {
  auto started = std::chrono::steady_clock::now();
  auto result = run_process({.argv = {"/bin/sh", "-c", "sleep 30 & sleep 30"}}, 200ms);
  EXPECT_TRUE(result.timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

TEST(child_process_test, kill_stops_a_child_that_ignores_terminate) {
  auto ready = std::filesystem::temp_directory_path() /
               ("walletfuzz-child-ready-" + std::to_string(::getpid()));
  std::filesystem::remove(ready);
  // The shell ignores SIGTERM, then says it is ready by creating the file (no sleep needed to
  // know the trap is set), then waits far longer than the test.
  ChildProcess child(
      {.argv = {"/bin/sh", "-c",
                "trap '' TERM; : > " + ready.string() + "; while :; do sleep 1; done"}});
  const auto limit = std::chrono::steady_clock::now() + 10s;
  while (!std::filesystem::exists(ready) && std::chrono::steady_clock::now() < limit) {
    ASSERT_FALSE(child.poll()) << "the child ended early";
  }
  ASSERT_TRUE(std::filesystem::exists(ready));
  child.terminate();
  child.kill();
  auto result = child.wait_until(std::chrono::steady_clock::now() + 10s);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.signal, SIGKILL);
  std::filesystem::remove(ready);
}

TEST(child_process_test, missing_program_is_a_runtime_failure_naming_it) {
  try {
    run_process({.argv = {"/nonexistent/fuzz_target"}}, 1s);
    FAIL() << "expected RuntimeFailure";
  } catch (const RuntimeFailure& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/fuzz_target"), std::string::npos);
  }
}

}  // namespace
}  // namespace walletfuzz::fuzzers
