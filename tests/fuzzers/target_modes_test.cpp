// The fixture target binary's modes, run as child processes exactly as `walletfuzz fuzz` runs
// them (list, measure, minimize, check), plus the orchestrator's checks before fuzzing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/fuzzers/child_process.hpp"
#include "walletfuzz/fuzzers/fuzz_campaign.hpp"

namespace walletfuzz::fuzzers {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class target_modes_test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("walletfuzz-modes-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  ProcessResult run(std::map<std::string, std::string> env, std::vector<std::string> args,
                    std::string* out = nullptr, std::string* err = nullptr) {
    std::vector<std::string> argv = {FIXTURE_TARGET};
    argv.insert(argv.end(), args.begin(), args.end());
    auto result = run_process(
        {.argv = argv, .env = env, .stdout_path = dir_ / "out", .stderr_path = dir_ / "err"}, 60s);
    if (out != nullptr) *out = read_file(dir_ / "out");
    if (err != nullptr) *err = read_file(dir_ / "err");
    return result;
  }
  fs::path write(const std::string& name, const std::string& bytes) {
    write_file_atomically(dir_ / name, bytes);
    return dir_ / name;
  }
  fs::path dir_;
};

TEST_F(target_modes_test, list_reports_handlers_and_engine) {
  auto info = query_target(FIXTURE_TARGET, {});
  ASSERT_EQ(info.handlers.size(), 5u);
  EXPECT_EQ(info.handlers[0].name, "quadratic");
  EXPECT_EQ(info.handlers[0].memory_mb, 64u);
  EXPECT_EQ(info.handlers[0].timeout, 2000ms);
  EXPECT_EQ(info.handlers[0].baseline_requests.size(), 1u);
  EXPECT_TRUE(info.engine == "replay" || info.engine == "libfuzzer") << info.engine;
}

TEST_F(target_modes_test, function_settings_from_the_environment_replace_the_handlers_own) {
  auto info = query_target(
      FIXTURE_TARGET,
      {.function_settings = {
           {.handler = "quadratic", .memory_mb = 96, .timeout = std::chrono::milliseconds(2500)}}});
  ASSERT_EQ(info.handlers[0].name, "quadratic");
  EXPECT_EQ(info.handlers[0].memory_mb, 96u);
  EXPECT_EQ(info.handlers[0].timeout, 2500ms);
  EXPECT_EQ(info.handlers[1].timeout, query_target(FIXTURE_TARGET, {}).handlers[1].timeout);

  std::string err;
  auto result =
      run({{"WALLETFUZZ_MODE", "list"}, {"WALLETFUZZ_FUNCTION_SETTINGS", "nope:memory_mb=96"}}, {},
          nullptr, &err);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(err.find("WALLETFUZZ_FUNCTION_SETTINGS: unknown handler 'nope'"), std::string::npos)
      << err;
}

TEST_F(target_modes_test, export_writes_one_dictionary_and_every_baseline_as_a_seed) {
  auto dict = dir_ / "fixture_app_fuzz.dict";
  auto seeds = dir_ / "seeds";
  std::string out;
  ASSERT_EQ(run({{"WALLETFUZZ_MODE", "export"}}, {dict.string(), seeds.string()}, &out).exit_code,
            0);
  auto info = query_target(FIXTURE_TARGET, {});
  std::size_t baselines = 0;
  std::string text = read_file(dict);
  for (const auto& h : info.handlers) {
    for (std::size_t i = 0; i < h.baseline_requests.size(); ++i, ++baselines) {
      EXPECT_EQ(read_file(seeds / (h.name + "-" + std::to_string(i) + ".http")),
                h.baseline_requests[i]);
    }
    EXPECT_NE(text.find("=\"" + h.route), std::string::npos) << h.route << "\n" << text;
  }
  EXPECT_EQ(boost::json::parse(out).at("seeds").to_number<std::size_t>(), baselines);
  EXPECT_EQ(std::distance(fs::directory_iterator(seeds), fs::directory_iterator()),
            static_cast<std::ptrdiff_t>(baselines));

  std::string err;
  EXPECT_EQ(run({{"WALLETFUZZ_MODE", "export"}}, {dict.string()}, nullptr, &err).exit_code, 2);
  EXPECT_NE(err.find("needs DICTIONARY_FILE SEED_DIR"), std::string::npos) << err;
}

TEST_F(target_modes_test, measure_reports_kind_medians_and_amplification) {
  auto input =
      write("slow-1.http", "POST /quadratic HTTP/1.1\r\nHost: a\r\nContent-Length: 400\r\n\r\n" +
                               std::string(400, 'a'));
  std::string out;
  auto result = run({{"WALLETFUZZ_MODE", "measure"},
                     {"WALLETFUZZ_HANDLER", "quadratic"},
                     {"WALLETFUZZ_RUNS", "3"}},
                    {input.string()}, &out);
  ASSERT_EQ(result.exit_code, 0) << out;
  auto entry = boost::json::parse(out).at("inputs").at(0).as_object();
  EXPECT_EQ(entry.at("kind").as_string(), "slow");
  EXPECT_EQ(entry.at("shown").to_number<int>(), 3);
  EXPECT_EQ(entry.at("work_units").to_number<std::uint64_t>(), 400u * 400u + 1);
  EXPECT_GT(entry.at("amplification").to_number<double>(), 10.0);
}

// An input whose runs take seconds is settled by three runs that all show the finding: each run
// here spins until the function's 400 ms timeout, so three take over a second on any machine.
TEST_F(target_modes_test, measure_settles_an_expensive_input_after_three_agreeing_runs) {
  auto input = write("timeout-1.http", "GET /sleepy?q=forever HTTP/1.1\r\nHost: a\r\n\r\n");
  std::string out;
  auto result = run({{"WALLETFUZZ_MODE", "measure"},
                     {"WALLETFUZZ_HANDLER", "sleepy"},
                     {"WALLETFUZZ_FUNCTION_SETTINGS", "sleepy:timeout_ms=400"},
                     {"WALLETFUZZ_RUNS", "5"}},
                    {input.string()}, &out);
  ASSERT_EQ(result.exit_code, 0) << out;
  auto entry = boost::json::parse(out).at("inputs").at(0).as_object();
  EXPECT_EQ(entry.at("kind").as_string(), "timeout");
  EXPECT_EQ(entry.at("runs").to_number<int>(), 3);
  EXPECT_EQ(entry.at("shown").to_number<int>(), 3);
}

TEST_F(target_modes_test, a_pinned_handler_ignores_requests_that_do_not_route_to_it) {
  // The same slow body under a mangled request line: it could not be replayed against the
  // deployed function, so it is no finding of this handler.
  auto input =
      write("slow-3.http", "PT /quadratc HTTP/1.1\r\nHost: a\r\nContent-Length: 400\r\n\r\n" +
                               std::string(400, 'a'));
  std::string out;
  auto result = run({{"WALLETFUZZ_MODE", "measure"},
                     {"WALLETFUZZ_HANDLER", "quadratic"},
                     {"WALLETFUZZ_RUNS", "1"}},
                    {input.string()}, &out);
  ASSERT_EQ(result.exit_code, 0) << out;
  auto entry = boost::json::parse(out).at("inputs").at(0).as_object();
  EXPECT_EQ(entry.at("kind").as_string(), "rejected");
}

TEST_F(target_modes_test, minimize_keeps_the_cost_and_drops_the_rest) {
  auto input = write("slow-2.http",
                     "POST /quadratic?junk=zzzzzz HTTP/1.1\r\nHost: a\r\nX-Noise: 1\r\n"
                     "Content-Length: 450\r\n\r\n" +
                         std::string(50, 'x') + std::string(400, 'a'));
  auto output = dir_ / "min.http";
  auto result = run({{"WALLETFUZZ_MODE", "minimize"}, {"WALLETFUZZ_HANDLER", "quadratic"}},
                    {input.string(), output.string()});
  ASSERT_EQ(result.exit_code, 0);
  std::string minimized = read_file(output);
  EXPECT_EQ(minimized.find("junk"), std::string::npos);
  EXPECT_EQ(minimized.find("X-Noise"), std::string::npos);
  EXPECT_EQ(minimized.find('x'), std::string::npos);
  // Work is n^2 in the count of 'a': keeping 90% of it allows dropping at most 5% of them.
  auto a_count = std::count(minimized.begin(), minimized.end(), 'a');
  EXPECT_GE(a_count, 380);
}

TEST_F(target_modes_test, check_passes_reproducing_findings_and_flags_stale_ones) {
  auto corpus = dir_ / "regression";
  write_file_atomically(corpus / "crash-1.http", "GET /thrower?x=boom HTTP/1.1\r\nHost: a\r\n\r\n");
  write_file_atomically(corpus / "leak-1.http",
                        "GET /leaky HTTP/1.1\r\nHost: a\r\nX-Debug: 1\r\n\r\n");
  write_file_atomically(corpus / "timeout-1.http",
                        "GET /sleepy?q=forever HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(run({{"WALLETFUZZ_MODE", "check"}}, {corpus.string()}).exit_code, 0);
  write_file_atomically(corpus / "crash-2.http", "GET /thrower?x=fine HTTP/1.1\r\nHost: a\r\n\r\n");
  std::string err;
  EXPECT_EQ(run({{"WALLETFUZZ_MODE", "check"}}, {corpus.string()}, nullptr, &err).exit_code, 1);
  EXPECT_NE(err.find("crash-2.http: does not reproduce"), std::string::npos) << err;
}

TEST_F(target_modes_test, check_accepts_slow_for_timeout_but_not_for_another_kind) {
  // A timeout found under a loaded campaign may replay just under the timeout on a quiet
  // machine: still slow, still the same defect. A leak file that replays as slow is stale.
  std::string slow_body = std::string(400, 'a');
  std::string slow =
      "POST /quadratic HTTP/1.1\r\nHost: a\r\nContent-Length: 400\r\n\r\n" + slow_body;
  auto corpus = dir_ / "regression";
  write_file_atomically(corpus / "timeout-1.http", slow);
  std::string err;
  EXPECT_EQ(run({{"WALLETFUZZ_MODE", "check"}}, {corpus.string()}, nullptr, &err).exit_code, 0)
      << err;
  EXPECT_NE(err.find("timeout-1.http: ok (as slow"), std::string::npos) << err;
  write_file_atomically(corpus / "leak-1.http", slow);
  EXPECT_EQ(run({{"WALLETFUZZ_MODE", "check"}}, {corpus.string()}, nullptr, &err).exit_code, 1);
  EXPECT_NE(err.find("leak-1.http: does not reproduce"), std::string::npos) << err;
}

TEST_F(target_modes_test, unknown_handler_is_exit_2_with_the_known_names) {
  std::string err;
  auto result =
      run({{"WALLETFUZZ_MODE", "list"}, {"WALLETFUZZ_HANDLER", "nope"}}, {}, nullptr, &err);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(err.find("unknown handler 'nope'"), std::string::npos) << err;
  EXPECT_NE(err.find("quadratic"), std::string::npos) << err;
}

TEST_F(target_modes_test, a_bad_variable_is_exit_2_naming_it_and_its_value) {
  std::string err;
  auto result = run({{"WALLETFUZZ_MODE", "list"}, {"WALLETFUZZ_RUNS", "many"}}, {}, nullptr, &err);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(err.find("WALLETFUZZ_RUNS: bad value 'many'"), std::string::npos) << err;
}

TEST_F(target_modes_test, replay_build_is_refused_by_the_campaign) {
  auto info = query_target(FIXTURE_TARGET, {});
  if (info.engine != "replay") GTEST_SKIP() << "libFuzzer build";
  try {
    run_campaign(
        info, {.run_dir = dir_ / "run", .corpus_dir = dir_ / "corpus", .handlers = {"quadratic"}});
    FAIL() << "expected RuntimeFailure";
  } catch (const RuntimeFailure& e) {
    EXPECT_NE(std::string(e.what()).find("cmake --preset fuzz"), std::string::npos) << e.what();
  }
}

// The checks that run before any fuzzing: a TargetInfo that claims a libFuzzer engine is enough,
// since nothing is started before they pass.
TargetInfo pretend_libfuzzer() {
  auto info = query_target(FIXTURE_TARGET, {});
  info.engine = "libfuzzer";
  return info;
}

TEST_F(target_modes_test, corrupt_corpus_entry_is_bad_input_naming_the_file) {
  fs::create_directories(dir_ / "corpus" / "quadratic" / "not-a-file");
  try {
    run_campaign(
        pretend_libfuzzer(),
        {.run_dir = dir_ / "run", .corpus_dir = dir_ / "corpus", .handlers = {"quadratic"}});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(e.where().file.find("not-a-file"), std::string::npos) << e.what();
  }
}

TEST_F(target_modes_test, unknown_handler_is_bad_input) {
  EXPECT_THROW(
      run_campaign(pretend_libfuzzer(),
                   {.run_dir = dir_ / "run", .corpus_dir = dir_ / "corpus", .handlers = {"nope"}}),
      InputError);
}

TEST_F(target_modes_test, run_dir_that_is_a_file_is_a_runtime_failure_and_keeps_the_corpus) {
  write_file_atomically(dir_ / "corpus" / "quadratic" / "entry", "kept");
  write_file_atomically(dir_ / "run", "a file where the run directory should be");
  EXPECT_THROW(run_campaign(pretend_libfuzzer(), {.run_dir = dir_ / "run",
                                                  .corpus_dir = dir_ / "corpus",
                                                  .handlers = {"quadratic"}}),
               RuntimeFailure);
  EXPECT_EQ(read_file(dir_ / "corpus" / "quadratic" / "entry"), "kept");
}

TEST_F(target_modes_test, default_search_passes_over_a_replay_build_and_says_so) {
  if (query_target(FIXTURE_TARGET, {}).engine != "replay") GTEST_SKIP() << "libFuzzer build";
  ::unsetenv("WALLETFUZZ_FUZZ_TARGET");  // the search is what is under test
  fs::create_directories(dir_ / "dev");
  fs::copy_file(FIXTURE_TARGET, dir_ / "dev" / "fixture_app_fuzz");
  try {
    find_fuzz_target(std::nullopt, "fixture_app_fuzz", {dir_ / "dev"});
    FAIL() << "a replay build was chosen for fuzzing";
  } catch (const RuntimeFailure& e) {
    EXPECT_NE(std::string(e.what()).find("replay build"), std::string::npos) << e.what();
  }
  // An explicit path is taken as given.
  EXPECT_EQ(find_fuzz_target(dir_ / "dev" / "fixture_app_fuzz", "fixture_app_fuzz", {}),
            dir_ / "dev" / "fixture_app_fuzz");
}

TEST_F(target_modes_test, missing_target_binary_says_how_to_build_it) {
  try {
    find_fuzz_target(std::nullopt, "no_such_fuzz", {dir_});
    FAIL() << "expected RuntimeFailure";
  } catch (const RuntimeFailure& e) {
    std::string text = e.what();
    EXPECT_NE(text.find(dir_.string()), std::string::npos) << text;
    EXPECT_NE(text.find("--target no_such_fuzz"), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace walletfuzz::fuzzers
