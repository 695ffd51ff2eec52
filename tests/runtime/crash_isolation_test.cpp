// Crash isolation between execution environments: a handler that kills its process fails only
// its own invocation (502, REPORT `Status: error`), other functions keep serving, and the
// runtime never gives up however often it happens.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <csignal>
#include <cstdlib>
#include <future>
#include <mutex>
#include <vector>

#include "loopback_client.hpp"
#include "shared_gate.hpp"
#include "walletfuzz/core/allocation_tracking.hpp"
#include "walletfuzz/runtime/http_server.hpp"

namespace walletfuzz::runtime {
namespace {

using cost_model::ReportRecord;
using testing::get_request;
using testing::HttpResponse;
using testing::send_raw;

class CrashIsolationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    enable_allocation_tracking();
    registry_.add({.name = "steady",
                   .method = "GET",
                   .route = "/steady",
                   // One invocation is held open across 23 crashes and 40 requests: on a loaded
                   // machine that took longer than the default 3 s timeout.
                   .settings = {.memory_mb = 128, .timeout = std::chrono::minutes(5)},
                   .invoke = [this](const Request& request, InvocationContext& context) {
                     if (request.query_param("hold")) gate_.pass(context);
                     return Response{.status = 200, .body = "steady"};
                   }});
    registry_.add({.name = "fragile",
                   .method = "GET",
                   .route = "/fragile",
                   .settings = {.memory_mb = 256},
                   .invoke = [](const Request& request, InvocationContext&) {
                     if (request.query_param("segv")) {
                       volatile int* volatile nowhere = nullptr;
                       *nowhere = 42;  // the planted kind of crash: a null dereference
                     }
                     if (request.query_param("abort")) std::abort();
                     // What a sanitizer does after its report: exit with a non-zero status.
                     if (request.query_param("exit")) std::_Exit(1);
                     if (request.query_param("hungry")) {
                       std::string grows;
                       for (;;) grows.append(1 << 20, 'x');
                     }
                     return Response{.status = 200, .body = "fine"};
                   }});
    int fd = open_listening_socket("127.0.0.1", 0, false);
    server_ = std::make_unique<HttpServer>(registry_, fd, ServerOptions{}, RuntimeOptions{},
                                           [this](const ReportRecord& record) {
                                             std::lock_guard lock(mutex_);
                                             reports_.push_back(record);
                                           });
    port_ = server_->port();
    run_result_ = std::async(std::launch::async, [this] { return server_->run(false); });
  }

  void TearDown() override {
    gate_.release();
    server_->request_stop();
    run_result_.wait();
    server_.reset();
  }

  HttpResponse get(std::string_view target) {
    auto response = send_raw(port_, get_request(target));
    if (!response) throw std::runtime_error("no response for " + std::string(target));
    return *response;
  }

  // The REPORT record of the invocation that answered `response`.
  ReportRecord report_of(const HttpResponse& response) {
    std::string id(response["X-Amzn-RequestId"]);
    std::lock_guard lock(mutex_);
    for (const auto& record : reports_) {
      if (record.request_id == id) return record;
    }
    throw std::runtime_error("no REPORT line for " + id);
  }

  HandlerRegistry registry_;
  testing::SharedGate gate_;
  std::unique_ptr<HttpServer> server_;
  unsigned short port_ = 0;
  std::future<bool> run_result_;
  std::mutex mutex_;
  std::vector<ReportRecord> reports_;
};

void expect_exit_error(const HttpResponse& response, const ReportRecord& report) {
  EXPECT_EQ(response.result_int(), 502);
  auto body = boost::json::parse(response.body());
  EXPECT_EQ(body.at("message"), "Internal server error");
  EXPECT_EQ(body.at("errorType"), "Runtime.ExitError");
  EXPECT_EQ(report.status, "error");
  EXPECT_EQ(report.error_type, "Runtime.ExitError");
  EXPECT_EQ(report.memory_mb, 256.0);
  // Billed for the time it ran, with the cold start of the environment that died.
  ASSERT_TRUE(report.init_ms.has_value());
  EXPECT_EQ(report.billed_ms, cost_model::report_billed_ms(report.duration_ms, report.init_ms));
  EXPECT_GE(report.billed_ms, 1.0);
}

TEST_F(CrashIsolationTest, a_crash_fails_only_its_invocation_while_another_function_serves) {
  // One invocation of "steady" is held open in its environment across the crashes.
  auto held = std::async(std::launch::async, [this] { return get("/steady?hold=1"); });
  gate_.wait_for_entered(1);
  for (const char* crash : {"/fragile?segv=1", "/fragile?abort=1", "/fragile?exit=1"}) {
    auto crashed = get(crash);
    expect_exit_error(crashed, report_of(crashed));
    EXPECT_NE(crashed.body().find(std::string(crash).ends_with("segv=1") ? "segmentation fault"
                                                                         : "Runtime exited"),
              std::string::npos)
        << crashed.body();
    auto other = get("/steady");  // a second environment of the same function, unaffected
    EXPECT_EQ(other.result_int(), 200);
  }
  // Traffic to "steady" from another client while "fragile" keeps crashing: none of it fails.
  auto traffic = std::async(std::launch::async, [this] {
    int ok = 0;
    for (int i = 0; i < 40; ++i) {
      auto response = send_raw(port_, get_request("/steady"));
      ok += response && response->result_int() == 200 ? 1 : 0;
    }
    return ok;
  });
  for (int i = 0; i < 20; ++i) EXPECT_EQ(get("/fragile?segv=1").result_int(), 502);
  EXPECT_EQ(traffic.get(), 40);
  gate_.release();
  auto answered = held.get();
  EXPECT_EQ(answered.result_int(), 200);
  EXPECT_EQ(answered.body(), "steady");
  EXPECT_TRUE(report_of(answered).status.empty());

  auto stats = server_->runtime().stats();
  EXPECT_EQ(stats.total.crashes, 23u);
  EXPECT_EQ(stats.functions.at("fragile").crashes, 23u);
  EXPECT_EQ(stats.functions.at("steady").crashes, 0u);
  EXPECT_NE(describe(stats).find("crashes 23 (fragile 23)"), std::string::npos) << describe(stats);
}

TEST_F(CrashIsolationTest, a_hundred_crashes_in_a_row_are_each_answered_then_the_function_serves) {
  for (int i = 0; i < 100; ++i) {
    auto crashed = get("/fragile?segv=1");
    ASSERT_EQ(crashed.result_int(), 502) << "crash " << i;
    expect_exit_error(crashed, report_of(crashed));
  }
  auto after = get("/fragile");
  EXPECT_EQ(after.result_int(), 200);
  EXPECT_EQ(after.body(), "fine");
  EXPECT_TRUE(report_of(after).init_ms.has_value());  // a new environment: a cold start
  EXPECT_EQ(get("/steady").result_int(), 200);
  EXPECT_EQ(server_->runtime().stats().functions.at("fragile").crashes, 100u);
}

TEST_F(CrashIsolationTest, out_of_memory_is_runtime_out_of_memory_and_replaces_the_environment) {
  ASSERT_EQ(get("/fragile").result_int(), 200);  // warm
  auto oom = get("/fragile?hungry=1");
  EXPECT_EQ(oom.result_int(), 502);
  EXPECT_EQ(boost::json::parse(oom.body()).at("errorType"), "Runtime.OutOfMemory");
  ReportRecord report = report_of(oom);
  EXPECT_EQ(report.status, "error");
  EXPECT_EQ(report.error_type, "Runtime.OutOfMemory");
  EXPECT_EQ(report.max_memory_used_mb, 256.0);
  EXPECT_FALSE(report.init_ms.has_value());  // it ran in the warm environment
  auto after = get("/fragile");
  EXPECT_EQ(after.result_int(), 200);
  EXPECT_TRUE(report_of(after).init_ms.has_value());
}

}  // namespace
}  // namespace walletfuzz::runtime
