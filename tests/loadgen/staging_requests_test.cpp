// Load against an authenticated staging API: ${ENV:NAME} secrets in headers and requests reach
// the (loopback) server and no output, load.headers and --header apply to every request.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "../cli/cli_runner.hpp"
#include "misbehaving_server.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/detectors/redaction.hpp"
#include "walletfuzz/loadgen/env_placeholders.hpp"
#include "walletfuzz/loadgen/load_runner.hpp"

namespace walletfuzz::loadgen {
namespace {
namespace fs = std::filesystem;
using walletfuzz::testing::run_cli;

// Not a shape any rule knows: only the known-value redaction can hide it.
constexpr const char* kToken = "stg7Qm2vX9pL4wK8tZ1c";
constexpr const char* kTenant = "tenant-93f1e6a2";

class staging_requests_test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("wf_staging_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "run");
    ::setenv("WF_TEST_STAGING_TOKEN", kToken, 1);
    ::setenv("WF_TEST_TENANT", kTenant, 1);
    ::unsetenv("WF_TEST_UNSET");
    server_.on_request_text = [this](const std::string& text) {
      std::lock_guard lock(mutex_);
      received_.push_back(text);
    };
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // A url-target scenario at the test server: one function, its baseline from a request file
  // with a placeholder in a header and in the body, a load.headers entry with the token.
  void write_scenario(const std::string& extra_load = "") {
    const std::string body = "{\"tenant\":\"${ENV:WF_TEST_TENANT}\"}";
    write("tenant.http",
          "POST /ok HTTP/1.1\r\nHost: staging.example.com\r\nX-Tenant: ${ENV:WF_TEST_TENANT}\r\n"
          "Content-Type: application/json\r\nContent-Length: " +
              std::to_string(body.size()) + "\r\n\r\n" + body);
    write("scenario.yaml",
          "version: 1\nname: staging\ntarget:\n  url: " + server_.url() +
              "\n  allow_hosts: [127.0.0.1]\nfunctions:\n  - name: orders\n    route: /ok\n"
              "    baseline:\n      - file: tenant.http\n"
              "load:\n  mode: closed\n  connections: 2\n  max_requests: 20\n"
              "  max_duration_s: 5\n  findings_from: none\n"
              "  headers:\n    Authorization: \"Bearer ${ENV:WF_TEST_STAGING_TOKEN}\"\n" +
              extra_load);
  }

  std::vector<std::string> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

  fs::path dir_;
  testing::MisbehavingServer server_;
  std::mutex mutex_;
  std::vector<std::string> received_;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(staging_requests_test, env_token_reaches_the_server_and_no_output) {
  write_scenario();
  const auto r = run_cli({"replay", path("scenario.yaml"), "--out", path("run"), "--duration",
                          "0.3", "--header", "X-Api-Key: key-${ENV:WF_TEST_STAGING_TOKEN}"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto requests = received();
  ASSERT_EQ(requests.size(), 20u);
  for (const auto& request : requests) {
    EXPECT_TRUE(contains(request, std::string("Authorization: Bearer ") + kToken)) << request;
    EXPECT_TRUE(contains(request, std::string("X-Api-Key: key-") + kToken)) << request;
    EXPECT_TRUE(contains(request, std::string("X-Tenant: ") + kTenant)) << request;
    // The body grew by the value's length; its Content-Length followed it.
    const std::string body = std::string("{\"tenant\":\"") + kTenant + "\"}";
    EXPECT_TRUE(contains(request, "Content-Length: " + std::to_string(body.size()))) << request;
    EXPECT_TRUE(request.ends_with(body)) << request;
  }
  EXPECT_FALSE(contains(r.out + r.err, kToken));
  EXPECT_FALSE(contains(r.out + r.err, kTenant));
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
    if (!entry.is_regular_file()) continue;
    const std::string text = read_file(entry.path());
    EXPECT_FALSE(contains(text, kToken)) << entry.path();
    EXPECT_FALSE(contains(text, kTenant)) << entry.path();
    ++files;
  }
  EXPECT_GE(files, 3u);  // the scenario and request file (placeholders kept) and load.json
  EXPECT_TRUE(contains(read_file(dir_ / "scenario.yaml"), "${ENV:WF_TEST_STAGING_TOKEN}"));
  // Whatever later quotes a resolved value (a response echoing it, an error message) is hidden.
  EXPECT_EQ(detectors::redact_secrets(std::string("echo ") + kToken), "echo [REDACTED:env]");
}

TEST_F(staging_requests_test, an_unset_variable_exits_2_naming_it_and_where_before_sending) {
  write_scenario();
  const auto r = run_cli({"replay", path("scenario.yaml"), "--out", path("run"), "--duration",
                          "0.3", "--header", "X-Trace: ${ENV:WF_TEST_UNSET}"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "WF_TEST_UNSET")) << r.err;
  EXPECT_TRUE(contains(r.err, "X-Trace")) << r.err;
  EXPECT_TRUE(received().empty());
  EXPECT_FALSE(fs::exists(dir_ / "run" / "load.json"));
}

TEST_F(staging_requests_test, templates_give_every_request_its_own_values_and_the_same_again) {
  write("order.http",
        "POST /ok?n={{seq}} HTTP/1.1\r\nHost: staging.example.com\r\nX-Request-Id: {{uuid}}\r\n"
        "Content-Length: 34\r\n\r\n{\"qty\":{{random_int 1 9}},\"k\":\"v\"}");
  auto run = [&] {
    const auto r = run_cli({"replay", "--target", server_.url(), "--request", path("order.http"),
                            "--templates", "--closed", "--connections", "2", "--threads", "2",
                            "--max-requests", "20", "--duration", "5", "--seed", "7", "--out",
                            path("run/load.json")});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> sent;
    std::lock_guard lock(mutex_);
    sent.insert(received_.begin(), received_.end());
    received_.clear();
    return sent;
  };
  const std::set<std::string> first = run();
  ASSERT_EQ(first.size(), 20u);  // all different: each has its own seq and uuid
  std::set<std::string> seqs;
  for (const auto& request : first) {
    const auto q = request.find("?n=");
    seqs.insert(request.substr(q + 3, request.find(' ', q) - q - 3));
    EXPECT_TRUE(contains(request, "Content-Length: ")) << request;
  }
  EXPECT_EQ(seqs.size(), 20u);
  EXPECT_EQ(run(), first);  // same seed, same requests
}

TEST(env_placeholders, resolves_names_and_reports_malformed_ones) {
  const EnvLookup lookup = [](const std::string& name) -> std::optional<std::string> {
    if (name == "A_1") return "alpha";
    return std::nullopt;
  };
  EXPECT_EQ(resolve_env_placeholders("x ${ENV:A_1}-${ENV:A_1} y", "f", lookup), "x alpha-alpha y");
  EXPECT_EQ(resolve_env_placeholders("no placeholder ${HOME}", "f", lookup),
            "no placeholder ${HOME}");
  EXPECT_THROW(resolve_env_placeholders("${ENV:A_1", "f", lookup), InputError);
  EXPECT_THROW(resolve_env_placeholders("${ENV:1A}", "f", lookup), InputError);
  try {
    resolve_env_placeholders("Bearer ${ENV:MISSING}", "request class file:x, header Auth", lookup);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), "MISSING")) << e.what();
    EXPECT_TRUE(contains(e.what(), "request class file:x, header Auth")) << e.what();
  }
}

TEST(request_as_sent, plan_headers_replace_the_requests_own_findings_included) {
  LoadPlan plan;
  plan.headers = {{"authorization", "Bearer fixed-1234"}, {"X-Run", "nightly"}};
  RequestClass finding{.name = "finding:slow-1", .kind = "slow"};
  finding.request.headers.add("Authorization", "Basic old");
  const Request sent = request_as_sent(finding, plan);
  EXPECT_EQ(sent.headers.get("Authorization"), "Bearer fixed-1234");
  EXPECT_EQ(sent.headers.get("X-Run"), "nightly");
  EXPECT_EQ(sent.headers.fields().size(), 2u);
}

}  // namespace
}  // namespace walletfuzz::loadgen
