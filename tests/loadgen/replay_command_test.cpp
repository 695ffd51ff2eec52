// `walletfuzz replay` and `walletfuzz merge` end to end, through the CLI's own entry point, against
// a loopback server. Each run is a few hundred requests.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "misbehaving_server.hpp"
#include "walletfuzz/cli/app.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/loadgen/load_result.hpp"

namespace walletfuzz::loadgen {
namespace {
namespace fs = std::filesystem;
using testing::MisbehavingServer;

class replay_command_test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("wf_replay_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    write("ok.http", "GET /ok HTTP/1.1\r\nHost: prod.example.com\r\n\r\n");
    write("throttle.http", "GET /throttle HTTP/1.1\r\nHost: prod.example.com\r\n\r\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  int run(std::vector<std::string> args) {
    args.insert(args.begin(), "walletfuzz");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    return cli::run(static_cast<int>(argv.size()), argv.data());
  }

  fs::path dir_;
};

TEST_F(replay_command_test, writes_load_json_with_per_class_results) {
  MisbehavingServer server;
  ASSERT_EQ(run({"replay", "--target", server.url(), "--request", path("ok.http") + "=3",
                 "--request", path("throttle.http"), "--rate", "500", "--duration", "0.4",
                 "--connections", "4", "--out", path("load.json"), "--json"}),
            0);
  const LoadResult r = formats::parse_load(read_file(path("load.json")), "load.json");
  ASSERT_EQ(r.classes.size(), 2u);
  EXPECT_EQ(r.classes[0].name, "file:ok");
  EXPECT_EQ(r.classes[1].name, "file:throttle");
  EXPECT_EQ(r.classes[0].stats.scheduled + r.classes[1].stats.scheduled, 200u);
  EXPECT_EQ(r.classes[1].stats.throttled, r.classes[1].stats.responses);
  EXPECT_EQ(server.requests(), 200u);
  EXPECT_FALSE(r.partial);
}

TEST_F(replay_command_test, target_not_allowed_is_refused_with_exit_2_before_sending) {
  EXPECT_EQ(run({"replay", "--target", "http://api.example.com", "--request", path("ok.http"),
                 "--rate", "10", "--duration", "1", "--out", path("load.json")}),
            2);
  EXPECT_FALSE(fs::exists(path("load.json")));
}

TEST_F(replay_command_test, spend_above_budget_is_refused_unless_confirmed) {
  MisbehavingServer server;
  const std::vector<std::string> base = {
      "replay", "--target",     server.url(), "--request", path("ok.http"),
      "--rate", "100",          "--duration", "0.5",       "--price-per-request-usd",
      "0.01",   "--budget-usd", "0.1",        "--out",     path("load.json"),
      "--json"};
  EXPECT_EQ(run(base), 2);  // 50 requests x $0.01 = $0.50 > $0.10
  EXPECT_EQ(server.requests(), 0u);
  auto confirmed = base;
  confirmed.push_back("--confirm-spend");
  EXPECT_EQ(run(confirmed), 0);
  EXPECT_EQ(server.requests(), 50u);
}

TEST_F(replay_command_test, the_default_estimate_prices_requests_with_the_cost_model) {
  MisbehavingServer server;
  // No scenario: AWS Lambda x86_64 at its defaults, 128 MB and a 3 s timeout, and a request file
  // is assumed to run to the timeout. By hand (reference/cost.md): 50 requests x ($0.20 / 1e6 +
  // 3 s x 0.125 GB x $0.0000166667 per GB-s) = 50 x $0.0000064500125 = $0.000322500625.
  auto with_budget = [&](const char* budget) {
    return std::vector<std::string>{
        "replay", "--target", server.url(),      "--request", path("ok.http"),
        "--rate", "100",      "--duration",      "0.5",       "--budget-usd",
        budget,   "--out",    path("load.json"), "--json"};
  };
  EXPECT_EQ(run(with_budget("0.00032")), 2);
  EXPECT_EQ(server.requests(), 0u);
  EXPECT_FALSE(fs::exists(path("load.json")));
  EXPECT_EQ(run(with_budget("0.00033")), 0);
  EXPECT_EQ(server.requests(), 50u);
}

// SIGINT to a real `walletfuzz replay` process: it stops sending, drains, writes load.json
// marked partial with counts that add up, and exits 3 (not a success: the planned load was not
// sent). The signal is sent once the server has seen 40 requests, so it lands mid-run.
TEST_F(replay_command_test, sigint_writes_partial_results_and_exits_non_zero) {
  std::mutex mutex;
  std::condition_variable changed;
  bool server_busy = false;
  MisbehavingServer server;
  server.on_request = [&](std::uint64_t n) {
    if (n < 40) return;
    std::lock_guard lock(mutex);
    server_busy = true;
    changed.notify_all();
  };
  const std::string binary = std::string(WALLETFUZZ_BINARY_DIR) + "/cli/walletfuzz";
  const std::string out = path("load.json");
  // Bounded even if the signal were lost: 200 req/s for at most 20 s, 4000 requests.
  std::vector<std::string> args = {
      binary,          "replay", "--target",   server.url(), "--request",      path("ok.http"),
      "--rate",        "200",    "--duration", "20",         "--max-requests", "4000",
      "--connections", "4",      "--out",      out,          "--json"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, path("stdout.txt").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&files, STDERR_FILENO, path("stderr.txt").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, binary.c_str(), &files, nullptr, argv.data(), environ), 0) << binary;
  posix_spawn_file_actions_destroy(&files);

  int status = 0;
  bool exited = false;
  std::thread reaper([&] {
    ::waitpid(pid, &status, 0);
    std::lock_guard lock(mutex);
    exited = true;
    changed.notify_all();
  });
  {
    std::unique_lock lock(mutex);
    const bool busy =
        changed.wait_for(lock, std::chrono::seconds(20), [&] { return server_busy || exited; });
    EXPECT_TRUE(busy && !exited) << "the server never saw 40 requests: "
                                 << read_file(path("stderr.txt"));
    if (!exited) ::kill(pid, SIGINT);
    // The drain waits at most 2 s for responses in flight; 15 s is far beyond it.
    if (!changed.wait_for(lock, std::chrono::seconds(15), [&] { return exited; })) {
      ::kill(pid, SIGKILL);
      ADD_FAILURE() << "replay did not exit after SIGINT";
    }
  }
  reaper.join();

  ASSERT_TRUE(WIFEXITED(status)) << "ended by a signal: " << status;
  EXPECT_EQ(WEXITSTATUS(status), 3) << read_file(path("stderr.txt"));
  ASSERT_TRUE(fs::exists(out)) << read_file(path("stderr.txt"));
  // The decoder itself refuses a file whose counts do not add up.
  const LoadResult r = formats::parse_load(read_file(out), "load.json");
  EXPECT_TRUE(r.partial);
  EXPECT_EQ(r.partial_reason, "interrupted");
  const ClassStats t = r.totals();
  EXPECT_GE(t.sent, 40u);
  EXPECT_LT(t.scheduled, 4000u);  // stopped well before the planned end
  EXPECT_EQ(t.scheduled, t.sent + t.dropped);
  EXPECT_EQ(t.sent, t.responses + t.errors_total());
  EXPECT_EQ(t.responses, t.status[200]);
  EXPECT_EQ(t.responses, server.requests());  // every request the server read was answered
  EXPECT_NE(read_file(path("stderr.txt")).find("interrupted"), std::string::npos);
}

TEST_F(replay_command_test, shard_files_merge_into_the_whole_schedule) {
  MisbehavingServer server;
  for (const char* shard : {"0/2", "1/2"}) {
    ASSERT_EQ(
        run({"replay", "--target", server.url(), "--request", path("ok.http"), "--request",
             path("throttle.http"), "--rate", "400", "--duration", "0.5", "--connections", "4",
             "--shard", shard, "--out", path(std::string("shard") + shard[0] + ".json"), "--json"}),
        0);
  }
  ASSERT_EQ(run({"merge", path("shard0.json"), path("shard1.json"), "--out", path("merged.json"),
                 "--json"}),
            0);
  const LoadResult merged = formats::parse_load(read_file(path("merged.json")), "merged.json");
  EXPECT_EQ(merged.shards_merged, 2u);
  EXPECT_EQ(merged.shard_count, 1u);
  EXPECT_EQ(merged.totals().scheduled, 200u);
  EXPECT_EQ(merged.totals().responses, 200u);
  EXPECT_EQ(server.requests(), 200u);
  // The same shard twice is not a whole run.
  EXPECT_EQ(run({"merge", path("shard0.json"), path("shard0.json")}), 2);
}

TEST_F(replay_command_test, an_output_path_under_a_regular_file_fails_before_any_request) {
  MisbehavingServer server;
  write("plain", "not a directory");
  for (const std::string& out : {path("plain/run/load.json"), path("plain/run")}) {
    ::testing::internal::CaptureStderr();
    EXPECT_EQ(run({"replay", "--target", server.url(), "--request", path("ok.http"), "--rate",
                   "100", "--duration", "0.2", "--out", out}),
              3);
    const std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find(path("plain/run")), std::string::npos) << err;
  }
  EXPECT_EQ(server.requests(), 0u);
}

TEST_F(replay_command_test, a_read_only_output_directory_fails_before_any_request) {
  if (::geteuid() == 0) GTEST_SKIP() << "root may write into a read-only directory";
  MisbehavingServer server;
  fs::create_directories(dir_ / "ro");
  fs::permissions(dir_ / "ro", fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_EQ(run({"replay", "--target", server.url(), "--request", path("ok.http"), "--rate", "100",
                 "--duration", "0.2", "--out", path("ro/load.json")}),
            3);
  fs::permissions(dir_ / "ro", fs::perms::owner_all);
  EXPECT_EQ(server.requests(), 0u);
}

// The output location is fine when checked, then goes away during the run (the first request
// replaces the run directory by a regular file): the measurements must survive.
class lost_output_test : public replay_command_test {
 protected:
  void SetUp() override {
    replay_command_test::SetUp();
    if (const char* tmp = std::getenv("TMPDIR")) saved_tmpdir_ = tmp;
  }
  void TearDown() override {
    if (saved_tmpdir_) {
      ::setenv("TMPDIR", saved_tmpdir_->c_str(), 1);
    } else {
      ::unsetenv("TMPDIR");
    }
    replay_command_test::TearDown();
  }
  void break_output_on_first_request(MisbehavingServer& server) {
    server.on_request = [this](std::uint64_t count) {
      if (count != 1) return;
      fs::remove_all(dir_ / "out");
      write("out", "now a regular file");
    };
  }
  std::vector<std::string> replay_args(const MisbehavingServer& server) {
    return {"replay", "--target",   server.url(), "--request", path("ok.http"),      "--rate",
            "100",    "--duration", "0.2",        "--out",     path("out/load.json")};
  }
  std::optional<std::string> saved_tmpdir_;
};

TEST_F(lost_output_test, results_go_to_the_temporary_directory_and_the_exit_is_3) {
  MisbehavingServer server;
  break_output_on_first_request(server);
  fs::create_directories(dir_ / "tmp");
  ::setenv("TMPDIR", path("tmp").c_str(), 1);
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(run(replay_args(server)), 3);
  const std::string err = ::testing::internal::GetCapturedStderr();
  const fs::path fallback =
      dir_ / "tmp" / ("walletfuzz-load-" + std::to_string(::getpid()) + ".json");
  EXPECT_NE(err.find(fallback.string()), std::string::npos) << err;
  const LoadResult r = formats::parse_load(read_file(fallback), fallback.string());
  EXPECT_EQ(r.totals().responses, 20u);
  EXPECT_EQ(server.requests(), 20u);
}

TEST_F(lost_output_test, with_json_and_no_temporary_directory_the_results_are_on_stdout) {
  MisbehavingServer server;
  break_output_on_first_request(server);
  write("no-tmp", "a regular file, not a directory");
  ::setenv("TMPDIR", path("no-tmp").c_str(), 1);
  auto args = replay_args(server);
  args.push_back("--json");
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(run(args), 3);
  const std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(formats::parse_load(out, "stdout").totals().responses, 20u);
}

TEST_F(replay_command_test, merge_of_a_broken_file_names_it_and_exits_2) {
  write("broken.json", "{\"schema\":\"walletfuzz.load/1\"}");
  EXPECT_EQ(run({"merge", path("broken.json")}), 2);
  EXPECT_EQ(run({"merge", path("missing.json")}), 2);
}

TEST_F(replay_command_test, bad_flags_exit_2) {
  EXPECT_EQ(run({"replay", "--target", "http://127.0.0.1:1", "--request", path("ok.http"), "--rate",
                 "10", "--shard", "2/2"}),
            2);
  EXPECT_EQ(
      run({"replay", "--target", "ftp://127.0.0.1", "--request", path("ok.http"), "--rate", "10"}),
      2);
  EXPECT_EQ(run({"replay", "--target", "http://127.0.0.1:1", "--request", path("missing.http"),
                 "--rate", "10"}),
            2);
  EXPECT_EQ(run({"replay", "--target", "http://127.0.0.1:1", "--request", path("ok.http"),
                 "--duration", "1"}),
            2);
}

}  // namespace
}  // namespace walletfuzz::loadgen
