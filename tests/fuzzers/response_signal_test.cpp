#include "walletfuzz/fuzzers/response_signal.hpp"

#include <gtest/gtest.h>

#include <array>
#include <numeric>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/fuzzers/cost_signal.hpp"
#include "walletfuzz/fuzzers/http_target_spec.hpp"

namespace walletfuzz::fuzzers {
namespace {

Response json_response(int status, std::string body) {
  Response r{.status = status, .body = std::move(body)};
  r.headers.set("Content-Type", "application/json");
  return r;
}

TEST(response_signal_test, shape_ignores_values_and_list_length) {
  Response a = json_response(200, R"({"id": 1, "items": [{"n": 1}], "name": "a"})");
  Response b = json_response(200, R"({"name": "zz", "items": [{"n": 7}, {"n": 8}], "id": 99})");
  a.headers.set("Date", "Mon");
  b.headers.set("date", "Tue");
  EXPECT_EQ(response_shape_hash(a), response_shape_hash(b));
}

TEST(response_signal_test, shape_sees_status_headers_keys_and_types) {
  const Response base = json_response(200, R"({"id": 1})");
  const std::uint64_t h = response_shape_hash(base);
  EXPECT_NE(h, response_shape_hash(json_response(500, R"({"id": 1})")));
  EXPECT_NE(h, response_shape_hash(json_response(200, R"({"id": 1, "debug": {}})")));
  EXPECT_NE(h, response_shape_hash(json_response(200, R"({"id": "1"})")));
  Response extra = base;
  extra.headers.set("X-Debug", "1");
  EXPECT_NE(h, response_shape_hash(extra));
  EXPECT_NE(h, response_shape_hash(json_response(200, "Traceback (most recent call last):")));
}

TEST(response_signal_test, each_signal_marks_one_byte_of_its_own_slice) {
  std::array<std::uint8_t, kResponseCounterBytes> counters{};
  ResponseFeedback feedback(counters);
  feedback.record_status(503);
  feedback.record_connection_error(ConnectionError::reset);
  feedback.record_connection_error(ConnectionError::none);  // not an error: nothing marked
  feedback.record_leak_family("stack_trace");
  feedback.record_shape(12345);
  EXPECT_EQ(std::accumulate(counters.begin(), counters.end(), 0), 4);
  EXPECT_EQ(counters[5], 1);      // status class 5
  EXPECT_EQ(counters[8 + 2], 1);  // reset
  // The same observations again add no feature: the corpus cannot grow from repetition.
  auto before = counters;
  feedback.record_status(599);
  feedback.record_shape(12345);
  EXPECT_EQ(counters, before);
}

TEST(response_signal_test, short_span_is_safe) {
  std::array<std::uint8_t, 4> counters{};
  ResponseFeedback feedback(counters);
  feedback.record_shape(~0ULL);
  feedback.record_status(200);
  EXPECT_EQ(counters[2], 1);
}

TEST(http_target_spec_test, round_trips_and_names_bad_fields) {
  HttpTargetSpec spec{.url = "http://127.0.0.1:8080", .max_rps = 12.5, .recovery_ms = 2000};
  spec.functions.push_back({.name = "search",
                            .method = "GET",
                            .route = "/search",
                            .timeout_ms = 6000,
                            .memory_mb = 512,
                            .baseline_requests = {"GET /search?q=a HTTP/1.1\r\nHost: x\r\n\r\n"}});
  const auto file = std::filesystem::path(::testing::TempDir()) / "http-target.json";
  write_http_target_spec(spec, file);
  EXPECT_EQ(read_http_target_spec(file), spec);

  write_file_atomically(file, R"({"url": "http://h", "max_rps": -1})");
  try {
    read_http_target_spec(file);
    FAIL() << "a negative max_rps was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("max_rps"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace walletfuzz::fuzzers
