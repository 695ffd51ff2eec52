#include "walletfuzz/core/request_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz {
namespace {

TEST(request_file_test, canonical_requests_round_trip_byte_exact) {
  const std::string cases[] = {
      "GET /orders?limit=10 HTTP/1.1\r\nHost: x\r\n\r\n",
      "POST /orders HTTP/1.1\r\nHost: api.example.test\r\nContent-Type: application/json\r\n"
      "Content-Length: 13\r\n\r\n{\"id\":[1,2]}\n",
      "PUT /a HTTP/1.0\r\nhost: lower\r\nX-Custom-CASE: Value With Spaces\r\nContent-Length: "
      "3\r\n\r\nabc",
      "POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
      "DELETE http://host.test:8080/items/7?force=1 HTTP/1.1\r\nHost: host.test:8080\r\n\r\n",
  };
  for (const auto& raw : cases) {
    auto parsed = parse_request(raw);
    ASSERT_TRUE(parsed.request) << parsed.error << " for " << raw;
    EXPECT_EQ(serialize_request(*parsed.request), raw);
  }
}

TEST(request_file_test, parses_fields_in_order_with_case_and_decoded_body) {
  auto parsed = parse_request(
      "POST /x HTTP/1.1\r\nHost: h\r\nX-B: 2\r\nx-a: 1\r\nContent-Length: 4\r\n\r\nbody");
  ASSERT_TRUE(parsed.request);
  const Request& r = *parsed.request;
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/x");
  EXPECT_EQ(r.version, 11u);
  ASSERT_EQ(r.headers.fields().size(), 4u);
  EXPECT_EQ(r.headers.fields()[1], (HeaderField{"X-B", "2"}));
  EXPECT_EQ(r.headers.fields()[2], (HeaderField{"x-a", "1"}));
  EXPECT_EQ(r.headers.get("X-A"), "1");
  EXPECT_EQ(r.body, "body");
}

TEST(request_file_test, multi_chunk_body_is_decoded_and_rechunked_as_one_chunk) {
  auto parsed = parse_request(
      "POST /u HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  ASSERT_TRUE(parsed.request) << parsed.error;
  EXPECT_EQ(parsed.request->body, "abcde");
  EXPECT_EQ(
      serialize_request(*parsed.request),
      "POST /u HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n");
}

TEST(request_file_test, whitespace_around_values_normalises_to_canonical_form) {
  auto parsed = parse_request("GET / HTTP/1.1\r\nHost:   spaced   \r\n\r\n");
  ASSERT_TRUE(parsed.request) << parsed.error;
  EXPECT_EQ(serialize_request(*parsed.request), "GET / HTTP/1.1\r\nHost: spaced\r\n\r\n");
}

TEST(request_file_test, serializer_keeps_content_length_consistent_with_body) {
  Request r;
  r.method = "POST";
  r.target = "/p";
  r.headers.add("Host", "x");
  r.headers.add("Content-Length", "999");
  r.body = "12345";
  EXPECT_EQ(serialize_request(r), "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n12345");

  Request no_length;
  no_length.method = "POST";
  no_length.body = "ab";
  EXPECT_EQ(serialize_request(no_length), "POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nab");
}

struct MalformedCase {
  const char* name;
  std::string bytes;
  const char* error_fragment;
};

class request_file_malformed_test : public testing::TestWithParam<MalformedCase> {};

TEST_P(request_file_malformed_test, rejects_with_a_message_naming_the_fault) {
  const auto& c = GetParam();
  auto parsed = parse_request(c.bytes);
  EXPECT_FALSE(parsed.request);
  EXPECT_NE(parsed.error.find(c.error_fragment), std::string::npos)
      << "error was: " << parsed.error;
}

INSTANTIATE_TEST_SUITE_P(
    cases, request_file_malformed_test,
    testing::Values(
        MalformedCase{"empty", "", "empty"},
        MalformedCase{"garbage", std::string("\x00\xff\x13garbage", 10), "request line"},
        MalformedCase{"no_blank_line", "GET / HTTP/1.1\r\nHost: x\r\n", "before the blank line"},
        MalformedCase{"truncated_body", "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc",
                      "truncated"},
        MalformedCase{"trailing_bytes", "GET / HTTP/1.1\r\nHost: x\r\n\r\nEXTRA",
                      "5 unexpected bytes"},
        MalformedCase{"bad_version", "GET / HTTP/9.9\r\n\r\n", "request line"},
        MalformedCase{"bad_chunk", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                      "body framing"}),
    [](const testing::TestParamInfo<MalformedCase>& param_info) { return param_info.param.name; });

TEST(request_file_test, header_limit_is_enforced) {
  RequestLimits limits;
  limits.max_header_bytes = 64;
  std::string raw = "GET / HTTP/1.1\r\nX-Long: " + std::string(100, 'a') + "\r\n\r\n";
  auto parsed = parse_request(raw, limits);
  EXPECT_FALSE(parsed.request);
  EXPECT_NE(parsed.error.find("header size limit"), std::string::npos) << parsed.error;
}

TEST(request_file_test, body_limit_is_enforced) {
  RequestLimits limits;
  limits.max_body_bytes = 4;
  auto parsed = parse_request("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n12345", limits);
  EXPECT_FALSE(parsed.request);
  EXPECT_NE(parsed.error.find("body size limit"), std::string::npos) << parsed.error;
}

TEST(request_file_test, load_request_file_names_the_file_on_error) {
  auto dir = std::filesystem::temp_directory_path() / "walletfuzz_core_request_file_test";
  std::filesystem::create_directories(dir);
  auto bad = dir / "broken.http";
  std::ofstream(bad) << "NOT A REQUEST";
  try {
    load_request_file(bad);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, bad.string());
    EXPECT_NE(std::string(e.what()).find("malformed request file"), std::string::npos);
  }
  auto good = dir / "good.http";
  std::ofstream(good, std::ios::binary) << "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n";
  EXPECT_EQ(load_request_file(good).target, "/ok");
  EXPECT_THROW(load_request_file(dir / "missing.http"), InputError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace walletfuzz
