// The Lambda semantics of the local runtime, observed over loopback HTTP.
#include "walletfuzz/runtime/http_server.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <regex>
#include <thread>

#include "loopback_client.hpp"
#include "shared_gate.hpp"
#include "walletfuzz/core/allocation_tracking.hpp"
#include "walletfuzz/core/error.hpp"

namespace walletfuzz::runtime {
namespace {

using testing::get_request;
using testing::HttpResponse;
using testing::send_raw;

using cost_model::ReportRecord;

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    enable_allocation_tracking();
    registry_.add({.name = "fast",
                   .method = "GET",
                   .route = "/fast",
                   .settings = {.memory_mb = 128},
                   .invoke = [](const Request&, InvocationContext& context) {
                     context.charge(1);
                     return Response{.status = 200, .body = "ok"};
                   }});
    registry_.add({.name = "gated",
                   .method = "GET",
                   .route = "/gated",
                   .settings = {.memory_mb = 256,
                                .timeout = std::chrono::seconds(30),
                                .reserved_concurrency = 2},
                   .invoke = [this](const Request&, InvocationContext& context) {
                     bool passed = gate_.pass(context);
                     return Response{.status = passed ? 200 : 503,
                                     .body = passed ? "passed" : "cancelled"};
                   }});
    registry_.add({.name = "slow",
                   .method = "GET",
                   .route = "/slow",
                   .settings = {.memory_mb = 512, .timeout = std::chrono::milliseconds(150)},
                   .invoke = [](const Request& request, InvocationContext& context) {
                     if (request.query_param("quick")) return Response{.status = 200};
                     while (!context.cancelled()) std::this_thread::yield();
                     return Response{.status = 200, .body = "too late"};
                   }});
    registry_.add({.name = "hungry",
                   .method = "GET",
                   .route = "/hungry",
                   .settings = {.memory_mb = 16},
                   .invoke = [](const Request&, InvocationContext&) {
                     std::string grows;
                     for (;;) grows.append(1 << 20, 'x');
                     return Response{};
                   }});
    registry_.add({.name = "throws",
                   .method = "GET",
                   .route = "/throws",
                   .invoke = [](const Request&, InvocationContext&) -> Response {
                     throw std::runtime_error("secret internal detail");
                   }});
    report_path_ = std::filesystem::temp_directory_path() /
                   ("walletfuzz-report-" + std::to_string(getpid()) + "-" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".log");
    std::filesystem::remove(report_path_);
    report_log_ = std::make_unique<ReportLogWriter>(report_path_);
  }

  void start(RuntimeOptions runtime_options = {}) {
    int fd = open_listening_socket("127.0.0.1", 0, false);
    server_ = std::make_unique<HttpServer>(
        registry_, fd, ServerOptions{.shutdown_grace = std::chrono::seconds(5)}, runtime_options,
        [this](const ReportRecord& record) { report_log_->append(record); });
    port_ = server_->port();
    run_result_ = std::async(std::launch::async, [this] { return server_->run(false); });
  }

  void TearDown() override {
    if (server_) {
      gate_.release();
      server_->request_stop();
      run_result_.wait();
      server_.reset();
    }
    report_log_.reset();
    std::filesystem::remove(report_path_);
  }

  std::vector<ReportRecord> report_lines() {
    std::ifstream in(report_path_);
    std::vector<ReportRecord> lines;
    for (std::string text; std::getline(in, text);) {
      std::string error;
      auto parsed = cost_model::parse_report_line(text, error);
      EXPECT_TRUE(parsed) << error << ": " << text;
      if (parsed) lines.push_back(*parsed);
    }
    return lines;
  }

  HttpResponse get(std::string_view target) {
    auto response = send_raw(port_, get_request(target));
    if (!response) throw std::runtime_error("no response for " + std::string(target));
    return *response;
  }

  HandlerRegistry registry_;
  testing::SharedGate gate_;
  std::filesystem::path report_path_;
  std::unique_ptr<ReportLogWriter> report_log_;
  std::unique_ptr<HttpServer> server_;
  unsigned short port_ = 0;
  std::future<bool> run_result_;
};

TEST_F(HttpServerTest, answers_and_writes_one_report_line_per_invocation_cold_then_warm) {
  start();
  auto first = get("/fast");
  auto second = get("/fast");
  EXPECT_EQ(first.result_int(), 200);
  EXPECT_EQ(first.body(), "ok");
  std::string request_id(first["X-Amzn-RequestId"]);
  EXPECT_TRUE(std::regex_match(
      request_id,
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << request_id;

  auto lines = report_lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].request_id, request_id);
  EXPECT_EQ(lines[1].request_id, std::string(second["X-Amzn-RequestId"]));
  EXPECT_TRUE(lines[0].init_ms.has_value());   // a new execution environment
  EXPECT_FALSE(lines[1].init_ms.has_value());  // reused, warm
  for (const auto& line : lines) {
    EXPECT_EQ(line.memory_mb, 128.0);
    EXPECT_GE(line.max_memory_used_mb.value_or(0), 1.0);
    EXPECT_EQ(line.billed_ms, cost_model::report_billed_ms(line.duration_ms, line.init_ms));
    EXPECT_TRUE(line.status.empty());
    EXPECT_LT(line.duration_ms, 1000.0);
  }
}

TEST_F(HttpServerTest, throttles_beyond_reserved_concurrency_at_once_without_blocking_others) {
  start();
  auto first = std::async(std::launch::async, [&] { return get("/gated"); });
  auto second = std::async(std::launch::async, [&] { return get("/gated"); });
  gate_.wait_for_entered(2);

  auto throttled = get("/gated");
  EXPECT_EQ(throttled.result_int(), 429);
  EXPECT_EQ(throttled["x-amzn-ErrorType"], "TooManyRequestsException");
  auto body = boost::json::parse(throttled.body());
  EXPECT_EQ(body.at("Reason"), "ReservedFunctionConcurrentInvocationLimitExceeded");
  EXPECT_EQ(get("/fast").result_int(), 200);  // other functions are not held up

  gate_.release();
  EXPECT_EQ(first.get().result_int(), 200);
  EXPECT_EQ(second.get().result_int(), 200);
  EXPECT_EQ(report_lines().size(), 3u);  // two gated + one fast; throttles are not invocations
}

TEST_F(HttpServerTest, throttles_beyond_the_account_concurrency) {
  start({.account_concurrency = 1});
  auto held = std::async(std::launch::async, [&] { return get("/gated"); });
  gate_.wait_for_entered(1);
  auto throttled = get("/fast");
  EXPECT_EQ(throttled.result_int(), 429);
  EXPECT_EQ(boost::json::parse(throttled.body()).at("Reason"), "ConcurrentInvocationLimitExceeded");
  gate_.release();
  EXPECT_EQ(held.get().result_int(), 200);
}

TEST_F(HttpServerTest, timeout_answers_504_bills_the_full_timeout_and_cancels_the_handler) {
  start();
  ASSERT_EQ(get("/slow?quick=1").result_int(), 200);  // warm: no Init Duration below
  auto started = std::chrono::steady_clock::now();
  auto timed_out = get("/slow");
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(timed_out.result_int(), 504);
  EXPECT_GE(waited, std::chrono::milliseconds(150));
  auto body = boost::json::parse(timed_out.body());
  EXPECT_EQ(body.at("errorType"), "Sandbox.Timedout");
  EXPECT_NE(body.at("errorMessage").as_string().find("Task timed out after 0.15 seconds"),
            boost::json::string::npos);

  auto after = get("/slow?quick=1");  // the timed-out environment was replaced: cold again
  auto lines = report_lines();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1].request_id, std::string(timed_out["X-Amzn-RequestId"]));
  EXPECT_DOUBLE_EQ(lines[1].duration_ms, 150.0);
  EXPECT_EQ(lines[1].billed_ms, 150.0);
  EXPECT_EQ(lines[1].memory_mb, 512.0);
  EXPECT_EQ(lines[1].status, "timeout");
  EXPECT_FALSE(lines[1].init_ms.has_value());
  EXPECT_TRUE(lines[2].init_ms.has_value());
  EXPECT_EQ(after.result_int(), 200);
}

TEST_F(HttpServerTest, out_of_memory_is_a_502_runtime_error_billed_at_full_memory) {
  start();
  auto response = get("/hungry");
  EXPECT_EQ(response.result_int(), 502);
  EXPECT_EQ(boost::json::parse(response.body()).at("errorType"), "Runtime.OutOfMemory");
  EXPECT_EQ(response["X-Amz-Function-Error"], "Unhandled");
  auto lines = report_lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].max_memory_used_mb, 16.0);
  EXPECT_EQ(lines[0].memory_mb, 16.0);
  EXPECT_EQ(lines[0].status, "error");
  EXPECT_EQ(lines[0].error_type, "Runtime.OutOfMemory");
  // The environment was replaced: the next invocation is a cold start, and is served.
  EXPECT_EQ(get("/fast").result_int(), 200);
}

TEST_F(HttpServerTest, an_uncaught_exception_is_a_502_that_does_not_echo_its_text) {
  start();
  auto response = get("/throws");
  EXPECT_EQ(response.result_int(), 502);
  EXPECT_EQ(boost::json::parse(response.body()).at("errorType"), "Runtime.UnhandledException");
  EXPECT_EQ(response.body().find("secret internal detail"), std::string::npos);
}

TEST_F(HttpServerTest, rejects_unknown_routes_oversized_and_malformed_requests) {
  start();
  EXPECT_EQ(get("/nope").result_int(), 404);
  // Refused on the header alone, before any of the 2 MB body is read.
  auto oversized = send_raw(port_, "POST /fast HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                       std::to_string(2 * 1024 * 1024) + "\r\n\r\n");
  ASSERT_TRUE(oversized);
  EXPECT_EQ(oversized->result_int(), 413);
  auto malformed = send_raw(port_, "GET /fast HTTP/9.9 nonsense\r\n\r\n");
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->result_int(), 400);
  EXPECT_TRUE(report_lines().empty());
}

TEST_F(HttpServerTest, keeps_connections_alive_across_requests) {
  start();
  std::string two = "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n";
  auto first = send_raw(port_, two + "GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->result_int(), 200);
  EXPECT_TRUE(first->keep_alive());
}

TEST_F(HttpServerTest, clean_shutdown_cancels_in_flight_handlers_answers_them_and_stops) {
  start();
  auto in_flight =
      std::async(std::launch::async, [&] { return send_raw(port_, get_request("/gated")); });
  gate_.wait_for_entered(1);
  server_->request_stop();
  EXPECT_TRUE(run_result_.get());  // every handler finished within the grace period
  auto answered = in_flight.get();
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->body(), "cancelled");
  EXPECT_EQ(report_lines().size(), 1u);
  EXPECT_FALSE(send_raw(port_, get_request("/fast")));  // no longer listening
  server_.reset();
}

TEST(ListeningSocket, refuses_non_loopback_and_non_ip_addresses_and_ports_in_use) {
  EXPECT_THROW(open_listening_socket("0.0.0.0", 0, false), InputError);
  EXPECT_THROW(open_listening_socket("localhost", 0, false), InputError);
  int fd = open_listening_socket("127.0.0.1", 0, false);
  unsigned short port = listening_port(fd);
  EXPECT_NE(port, 0);
  try {
    open_listening_socket("127.0.0.1", port, false);
    ADD_FAILURE() << "a port in use was bound twice";
  } catch (const RuntimeFailure& error) {
    EXPECT_NE(std::string(error.what()).find("127.0.0.1:" + std::to_string(port)),
              std::string::npos);
  }
  close(fd);
}

}  // namespace
}  // namespace walletfuzz::runtime
