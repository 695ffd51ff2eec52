// The raw response parser and content decoding on good, broken and hostile input: every case
// ends in a clear error or a bounded, flagged result.
#include "walletfuzz/detectors/raw_response.hpp"

#include <gtest/gtest.h>

#include "compress.hpp"
#include "walletfuzz/core/error.hpp"

namespace wd = walletfuzz::detectors;

TEST(raw_response_test, parses_status_headers_and_content_length_body) {
  auto parsed = wd::parse_raw_response(
      "HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\nContent-Length: "
      "2\r\n\r\n{}extra",
      1024);
  EXPECT_EQ(parsed.response.status, 502);
  EXPECT_EQ(parsed.response.headers.get("content-type"), "application/json");
  EXPECT_EQ(parsed.response.body, "{}");
  EXPECT_TRUE(parsed.problems.empty());
}

TEST(raw_response_test, accepts_bare_lf_and_missing_reason_phrase) {
  auto parsed = wd::parse_raw_response("HTTP/1.0 200\nServer: x\n\nhello", 1024);
  EXPECT_EQ(parsed.response.status, 200);
  EXPECT_EQ(parsed.response.body, "hello");
}

TEST(raw_response_test, joins_chunks_and_ignores_extensions) {
  auto parsed = wd::parse_raw_response(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n "
      "world\r\n0\r\n\r\n",
      1024);
  EXPECT_EQ(parsed.response.body, "hello world");
  EXPECT_TRUE(parsed.problems.empty());
}

TEST(raw_response_test, broken_chunking_keeps_what_was_read_and_says_why) {
  auto bad_size = wd::parse_raw_response(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\nmore", 1024);
  EXPECT_EQ(bad_size.response.body, "hello");
  ASSERT_EQ(bad_size.problems.size(), 1u);
  EXPECT_NE(bad_size.problems[0].find("bad chunk size"), std::string::npos);

  auto early_end = wd::parse_raw_response(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffff\r\nshort", 1024);
  EXPECT_EQ(early_end.response.body, "short");
  EXPECT_NE(early_end.problems.at(0).find("inside a chunk"), std::string::npos);

  auto overflow = wd::parse_raw_response(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffffff\r\nx", 1024);
  EXPECT_TRUE(overflow.response.body.empty());
  EXPECT_FALSE(overflow.problems.empty());
}

TEST(raw_response_test, truncated_content_length_and_header_block) {
  auto short_body =
      wd::parse_raw_response("HTTP/1.1 500 x\r\nContent-Length: 100\r\n\r\nonly this", 1024);
  EXPECT_EQ(short_body.response.body, "only this");
  EXPECT_FALSE(short_body.problems.empty());
  auto no_blank_line = wd::parse_raw_response("HTTP/1.1 500 x\r\nServer: a", 1024);
  EXPECT_TRUE(no_blank_line.response.body.empty());
  EXPECT_FALSE(no_blank_line.problems.empty());
}

TEST(raw_response_test, body_is_cut_at_the_cap) {
  std::string raw = "HTTP/1.1 200 OK\r\n\r\n" + std::string(5000, 'x');
  auto parsed = wd::parse_raw_response(raw, 1000);
  EXPECT_EQ(parsed.response.body.size(), 1000u);
  EXPECT_TRUE(parsed.body_truncated);
}

TEST(raw_response_test, malformed_heads_throw_input_errors_naming_file_and_line) {
  try {
    wd::parse_raw_response("HTTP/1.1 2x0 OK\r\n\r\n", 1024, "bad.http");
    FAIL() << "no error";
  } catch (const walletfuzz::InputError& e) {
    EXPECT_EQ(e.where().file, "bad.http");
    EXPECT_EQ(e.where().line, 1);
  }
  try {
    wd::parse_raw_response("HTTP/1.1 200 OK\r\nGood: 1\r\nno colon here\r\n\r\n", 1024, "b.http");
    FAIL() << "no error";
  } catch (const walletfuzz::InputError& e) {
    EXPECT_EQ(e.where().line, 3);
    EXPECT_NE(std::string(e.what()).find("b.http:3"), std::string::npos);
  }
  EXPECT_THROW(wd::parse_raw_response("HTTP/", 10), walletfuzz::InputError);
}

TEST(raw_response_test, decodes_gzip_zlib_and_raw_deflate) {
  const std::string text = "Traceback (most recent call last):\n";
  EXPECT_EQ(wd::decode_content(gzip(text), "gzip", 1 << 20).bytes, text);
  EXPECT_EQ(wd::decode_content(zlib_deflate(text), "deflate", 1 << 20).bytes, text);
  std::string raw_deflate = compress_with(text, -MAX_WBITS);
  auto decoded = wd::decode_content(raw_deflate, "Deflate", 1 << 20);
  EXPECT_TRUE(decoded.ok);
  EXPECT_EQ(decoded.bytes, text);
  EXPECT_EQ(wd::decode_content(text, "identity", 1 << 20).bytes, text);
}

TEST(raw_response_test, gzip_bomb_stops_at_the_cap) {
  // 16 MiB of zeros in ~16 KiB: 16 times the cap is enough to show decoding stops there.
  std::string bomb = compress_with(std::string(16 << 20, '\0'), 16 + MAX_WBITS, Z_BEST_SPEED);
  ASSERT_LT(bomb.size(), 100u * 1024);
  auto decoded = wd::decode_content(bomb, "gzip", 1 << 20);
  EXPECT_EQ(decoded.bytes.size(), 1u << 20);
  EXPECT_TRUE(decoded.truncated);
}

TEST(raw_response_test, corrupt_and_truncated_gzip_are_reported_not_fatal) {
  auto garbage = wd::decode_content("definitely not gzip", "gzip", 1 << 20);
  EXPECT_FALSE(garbage.ok);
  std::string full = gzip(std::string(10000, 'a'));
  auto cut = wd::decode_content(std::string_view(full).substr(0, full.size() / 2), "gzip", 1 << 20);
  EXPECT_FALSE(cut.ok);
  EXPECT_FALSE(cut.truncated);
}
