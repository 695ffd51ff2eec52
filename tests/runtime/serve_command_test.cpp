// `walletfuzz serve` end to end: the real executable on loopback, crash isolation, exit codes.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "loopback_client.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/cost_model/report_log.hpp"
#include "walletfuzz/runtime/http_server.hpp"
#include "walletfuzz/sample_app/app.hpp"

extern char** environ;

namespace walletfuzz::runtime {
namespace {

const std::filesystem::path executable =
    std::filesystem::path(WALLETFUZZ_BINARY_DIR) / "cli" / "walletfuzz";

std::string read_file_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// One `walletfuzz serve ...` process: stdout on a pipe (for the "listening on" line), stderr in
// a file read after it exits.
class ServeProcess {
 public:
  explicit ServeProcess(std::vector<std::string> arguments) {
    stderr_path_ = std::filesystem::temp_directory_path() /
                   ("walletfuzz-serve-stderr-" + std::to_string(getpid()) + "-" +
                    std::to_string(counter_++) + ".txt");
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    arguments.insert(arguments.begin(), {executable.string(), "serve"});
    std::vector<char*> argv;
    for (auto& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
      throw std::runtime_error("cannot start " + executable.string());
    }
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    stdout_ = out[0];
  }
  ~ServeProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      wait();
    }
    close(stdout_);
    std::filesystem::remove(stderr_path_);
  }

  // The first stdout line (blocks until the server printed it or exited).
  std::string first_line() {
    std::string line;
    char c;
    while (read(stdout_, &c, 1) == 1 && c != '\n') line += c;
    return line;
  }
  unsigned short port() {
    std::string line = first_line();
    auto colon = line.rfind("127.0.0.1:");
    if (colon == std::string::npos) throw std::runtime_error("no port in: " + line);
    return static_cast<unsigned short>(std::stoi(line.substr(colon + 10)));
  }
  int wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  void terminate() { kill(pid_, SIGTERM); }
  std::string error_output() { return read_file_text(stderr_path_); }

 private:
  static inline int counter_ = 0;
  pid_t pid_ = -1;
  int stdout_ = -1;
  std::filesystem::path stderr_path_;
};

TEST(ServeCommand, bad_usage_gets_one_line_and_exit_code_2) {
  for (auto arguments : std::vector<std::vector<std::string>>{{"--variant", "hardened"},
                                                              {"--frobnicate"},
                                                              {"--host", "0.0.0.0", "--port", "0"},
                                                              {"--port", "70000"}}) {
    ServeProcess serve(arguments);
    EXPECT_EQ(serve.wait(), 2) << arguments[0];
    std::string errors = serve.error_output();
    EXPECT_FALSE(errors.empty()) << arguments[0];
  }
  ServeProcess variant({"--variant", "hardened"});
  EXPECT_EQ(variant.wait(), 2);
  EXPECT_EQ(variant.error_output(),
            "walletfuzz: --variant: unknown variant 'hardened' (hint: use vulnerable or fixed)\n");
}

TEST(ServeCommand, function_settings_replace_a_handlers_memory_and_timeout) {
  // What `walletfuzz run` passes from a scenario's functions section: the REPORT line must bill
  // the scenario's memory size, and the scenario's timeout must end the invocation.
  auto log = std::filesystem::temp_directory_path() /
             ("walletfuzz-serve-settings-" + std::to_string(getpid()) + ".log");
  std::filesystem::remove(log);
  ServeProcess serve({"--port", "0", "--report-log", log.string(), "--function-settings",
                      "list-orders:memory_mb=1024,timeout_ms=40"});
  unsigned short port = serve.port();
  auto response =
      testing::send_raw(port, testing::get_request("/orders?customer_id=c_1042&limit=900000000"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 504);
  serve.terminate();
  EXPECT_EQ(serve.wait(), 0);

  std::ifstream in(log);
  std::string text;
  ASSERT_TRUE(std::getline(in, text));
  std::string error;
  auto parsed = cost_model::parse_report_line(text, error);
  ASSERT_TRUE(parsed) << error << ": " << text;
  EXPECT_EQ(parsed->memory_mb, 1024.0);
  EXPECT_EQ(parsed->status, "timeout");
  // Billed the full timeout, plus the cold start's Init Duration (a few hundredths of a ms here,
  // more under a sanitizer) rounded up with it, as Lambda bills both.
  EXPECT_EQ(parsed->duration_ms, 40.0);
  EXPECT_EQ(parsed->billed_ms, std::ceil(40.0 + parsed->init_ms.value_or(0)));
  std::filesystem::remove(log);
}

TEST(ServeCommand, bad_function_settings_are_exit_2_naming_the_flag) {
  ServeProcess unknown({"--port", "0", "--function-settings", "nope:memory_mb=512"});
  EXPECT_EQ(unknown.wait(), 2);
  EXPECT_NE(unknown.error_output().find("--function-settings: unknown handler 'nope'"),
            std::string::npos)
      << unknown.error_output();
  ServeProcess malformed({"--port", "0", "--function-settings", "list-orders:memory_mb=lots"});
  EXPECT_EQ(malformed.wait(), 2);
  EXPECT_NE(malformed.error_output().find("memory_mb 'lots' is not a whole number"),
            std::string::npos)
      << malformed.error_output();
}

TEST(ServeCommand, serves_an_app_binary_given_with_app_and_refuses_a_missing_one) {
  // The bundled app's binary, named like any application's: the same serve mode answers.
  ServeProcess serve(
      {"--app",
       (std::filesystem::path(WALLETFUZZ_BINARY_DIR) / "fuzz" / "sample_app_fuzz").string(),
       "--port", "0", "--report-log", "/dev/null"});
  unsigned short port = serve.port();
  auto response = testing::send_raw(port, testing::get_request("/orders?customer_id=c_1042"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
  serve.terminate();
  EXPECT_EQ(serve.wait(), 0);

  ServeProcess missing({"--app", "/nonexistent/shop", "--port", "0"});
  EXPECT_EQ(missing.wait(), 2);
  EXPECT_EQ(missing.error_output(),
            "walletfuzz: --app: application /nonexistent/shop does not exist (hint: build it "
            "(cmake --build <build dir>) or correct the path; a relative path in a scenario is "
            "relative to the scenario file)\n");
}

TEST(ServeCommand, a_port_in_use_is_a_runtime_failure_naming_the_port) {
  int fd = open_listening_socket("127.0.0.1", 0, false);
  std::string port = std::to_string(listening_port(fd));
  ServeProcess serve({"--port", port});
  EXPECT_EQ(serve.wait(), 3);
  EXPECT_NE(serve.error_output().find("127.0.0.1:" + port), std::string::npos)
      << serve.error_output();
  close(fd);
}

TEST(ServeCommand, serves_every_baseline_isolates_crashes_and_stops_cleanly_on_sigterm) {
  auto log = std::filesystem::temp_directory_path() /
             ("walletfuzz-serve-report-" + std::to_string(getpid()) + ".log");
  std::filesystem::remove(log);
  ServeProcess serve({"--port", "0", "--report-log", log.string()});
  unsigned short port = serve.port();

  HandlerRegistry app = make_sample_app();
  std::size_t answered = 0;
  for (const auto& spec : app.handlers()) {
    for (const auto& raw : spec.baseline_requests) {
      auto response = testing::send_raw(port, raw);
      ASSERT_TRUE(response) << spec.name;
      EXPECT_EQ(response->result_int() / 100, 2) << spec.name << ": " << response->body();
      ++answered;
    }
  }

  // The planted crash kills only its own execution environment: the client gets a 502...
  std::string crash = R"({"weight_kg":1,"destination":{"country":"ZZ"}})";
  std::string crash_request =
      "POST /shipping/quote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(crash.size()) + "\r\n\r\n" + crash;
  for (int i = 0; i < 25; ++i) {
    auto crashed = testing::send_raw(port, crash_request);
    ASSERT_TRUE(crashed) << "crash " << i;
    EXPECT_EQ(crashed->result_int(), 502);
  }
  // ...and nothing is refused afterwards, of that function or any other.
  auto after = testing::send_raw(port, app.find("get-config")->baseline_requests[0]);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->result_int(), 200);
  auto quote = testing::send_raw(port, app.find("shipping-quote")->baseline_requests[0]);
  ASSERT_TRUE(quote);
  EXPECT_EQ(quote->result_int(), 200);

  serve.terminate();
  EXPECT_EQ(serve.wait(), 0);
  std::string log_text = serve.error_output();
  EXPECT_NE(log_text.find("crashes 25 (shipping-quote 25)"), std::string::npos) << log_text;

  std::ifstream in(log);
  std::size_t lines = 0, errors = 0;
  for (std::string text; std::getline(in, text); ++lines) {
    std::string error;
    auto parsed = cost_model::parse_report_line(text, error);
    EXPECT_TRUE(parsed) << error << ": " << text;
    if (parsed && parsed->status == "error") {
      EXPECT_EQ(parsed->error_type, "Runtime.ExitError");
      EXPECT_EQ(parsed->memory_mb, 128.0);
      ++errors;
    }
  }
  EXPECT_EQ(lines, answered + 25 + 2);  // every invocation reports, the crashed ones too
  EXPECT_EQ(errors, 25u);
  std::filesystem::remove(log);
}

}  // namespace
}  // namespace walletfuzz::runtime
