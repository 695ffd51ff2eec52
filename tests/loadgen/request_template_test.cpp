// Per-request values: which placeholders expand to what, determinism under a seed, and framing
// (Content-Length, chunked) kept right whatever the expanded body's length.
#include "walletfuzz/loadgen/request_template.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/request_file.hpp"

namespace walletfuzz::loadgen {
namespace {
namespace fs = std::filesystem;

Request request(const std::string& text) {
  auto parsed = parse_request(text);
  EXPECT_TRUE(parsed.request) << parsed.error;
  return parsed.request.value_or(Request{});
}

std::string expand(const RequestTemplate& t, std::uint64_t seq, std::uint64_t seed = 1) {
  std::string out;
  t.expand(seq, seed, out);
  return out;
}

TEST(request_template, a_request_without_placeholders_is_sent_as_is) {
  EXPECT_FALSE(
      RequestTemplate::compile(request("GET /a?x={y} HTTP/1.1\r\nHost: h\r\n\r\n"), "c", "."));
}

TEST(request_template, content_length_follows_the_expanded_body) {
  const std::string body = "{\"n\":{{random_int -5 1000000}},\"x\":1}";
  const auto t = RequestTemplate::compile(
      request("POST /orders/{{seq}} HTTP/1.1\r\nHost: h\r\nX-Id: {{uuid}}\r\nContent-Length: " +
              std::to_string(body.size()) + "\r\n\r\n" + body),
      "c", ".");
  ASSERT_TRUE(t);
  for (std::uint64_t seq : {0u, 7u, 123456u}) {
    const std::string bytes = expand(*t, seq);
    const auto parsed = parse_request(bytes);
    ASSERT_TRUE(parsed.request) << parsed.error << "\n" << bytes;
    EXPECT_EQ(parsed.request->target, "/orders/" + std::to_string(seq));
    const std::regex number(R"(\{"n":(-?\d+),"x":1\})");
    std::smatch m;
    ASSERT_TRUE(std::regex_match(parsed.request->body, m, number)) << parsed.request->body;
    const long n = std::stol(m[1]);
    EXPECT_GE(n, -5);
    EXPECT_LE(n, 1000000);
    EXPECT_EQ(parsed.request->headers.get("Content-Length"),
              std::to_string(parsed.request->body.size()));
  }
}

TEST(request_template, values_are_a_function_of_seed_and_seq) {
  const auto t = RequestTemplate::compile(
      request(
          "GET /?a={{uuid}}&b={{uuid}}&r={{random_int:0:1000000000}} HTTP/1.1\r\nHost: h\r\n\r\n"),
      "c", ".");
  ASSERT_TRUE(t);
  EXPECT_EQ(expand(*t, 5, 42), expand(*t, 5, 42));
  EXPECT_NE(expand(*t, 5, 42), expand(*t, 5, 43));
  std::set<std::string> uuids;
  const std::regex v4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  for (std::uint64_t seq = 0; seq < 1000; ++seq) {
    const std::string target = request(expand(*t, seq)).target;
    const std::string a = target.substr(4, 36);
    const std::string b = target.substr(43, 36);
    EXPECT_TRUE(std::regex_match(a, v4)) << a;
    EXPECT_NE(a, b);  // two placeholders of one request draw different values
    uuids.insert(a);
  }
  EXPECT_EQ(uuids.size(), 1000u);
}

TEST(request_template, pick_reads_lines_in_order_or_at_random) {
  const fs::path dir = fs::temp_directory_path() / ("wf_pick_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "users.txt") << "alice\r\n\nbob\ncarol";
  const auto t = RequestTemplate::compile(
      request("GET /u/{{pick:users.txt}}?r={{pick:users.txt:random}} HTTP/1.1\r\nHost: h\r\n\r\n"),
      "c", dir);
  ASSERT_TRUE(t);
  const char* in_order[] = {"alice", "bob", "carol", "alice"};
  std::set<std::string> random;
  for (std::uint64_t seq = 0; seq < 64; ++seq) {
    const Request r = request(expand(*t, seq));
    if (seq < 4) {
      EXPECT_EQ(r.path(), std::string("/u/") + in_order[seq]);
    }
    random.insert(*r.query_param("r"));
  }
  EXPECT_EQ(random, (std::set<std::string>{"alice", "bob", "carol"}));
  EXPECT_THROW(RequestTemplate::compile(
                   request("GET /{{pick:missing.txt}} HTTP/1.1\r\nHost: h\r\n\r\n"), "c", dir),
               InputError);
  fs::remove_all(dir);
}

TEST(request_template, a_chunked_body_is_one_chunk_of_the_expanded_body) {
  const auto t = RequestTemplate::compile(
      request("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
              "5\r\nn={{s\r\n6\r\neq}}&x\r\n0\r\n\r\n"),
      "c", ".");
  ASSERT_TRUE(t);
  const auto parsed = parse_request(expand(*t, 1234));
  ASSERT_TRUE(parsed.request) << parsed.error;
  EXPECT_EQ(parsed.request->body, "n=1234&x");
}

TEST(request_template, unknown_and_malformed_placeholders_are_input_errors) {
  for (const char* bad : {"{{sequence}}", "{{random_int 5}}", "{{random_int 9 1}}",
                          "{{random_int a b}}", "{{pick}}", "{{pick f sometimes}}"}) {
    EXPECT_THROW(RequestTemplate::compile(
                     request(std::string("GET / HTTP/1.1\r\nHost: h\r\nX-V: ") + bad + "\r\n\r\n"),
                     "request class file:x", "."),
                 InputError)
        << bad;
  }
}

}  // namespace
}  // namespace walletfuzz::loadgen
