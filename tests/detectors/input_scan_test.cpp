// What `walletfuzz scan` reports per input: plain text vs HTTP, bad input, hostile sizes, and the
// text/JSON output never holding a secret in full.
#include "walletfuzz/detectors/input_scan.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "compress.hpp"

namespace wd = walletfuzz::detectors;
namespace fs = std::filesystem;

namespace {

const wd::LeakDetector& detector() {
  static const wd::LeakDetector instance;
  return instance;
}

fs::path temp_file(const std::string& name, const std::string& contents) {
  fs::path dir = fs::temp_directory_path() / "walletfuzz_input_scan_test";
  fs::create_directories(dir);
  fs::path path = dir / name;
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

}  // namespace

TEST(input_scan_test, plain_text_and_http_inputs) {
  auto text = wd::scan_bytes(detector(), "a.txt", "ORA-00942: table or view does not exist\n");
  EXPECT_FALSE(text.http);
  EXPECT_TRUE(text.leaks());
  auto http = wd::scan_bytes(detector(), "b.http",
                             "HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\n\r\n"
                             "{\"message\": \"Internal server error\"}");
  EXPECT_TRUE(http.http);
  EXPECT_EQ(http.status, 502);
  EXPECT_FALSE(http.leaks());
  EXPECT_EQ(wd::format_text(http), "b.http: clean (HTTP 502)\n");
}

TEST(input_scan_test, gzip_chunked_response_is_decoded_before_scanning) {
  std::string body = gzip("{\"error\":\"sqlite3.OperationalError: no such table: orders\"}");
  std::string raw =
      "HTTP/1.1 500 Internal Server Error\r\nContent-Encoding: gzip\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  char size[16];
  std::snprintf(size, sizeof size, "%zx\r\n", body.size());
  raw += size + body + "\r\n0\r\n\r\n";
  auto result = wd::scan_bytes(detector(), "c.http", raw);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].rule_id, "db-error.sqlite");
  EXPECT_TRUE(result.notes.empty());
}

TEST(input_scan_test, gzip_bomb_is_cut_and_noted) {
  std::string raw = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" +
                    compress_with(std::string(8 << 20, 'A'), 16 + MAX_WBITS, Z_BEST_SPEED);
  auto result = wd::scan_bytes(detector(), "bomb.http", raw);
  EXPECT_TRUE(result.error.empty());
  EXPECT_FALSE(result.leaks());
  ASSERT_FALSE(result.notes.empty());
  EXPECT_NE(result.notes[0].find("decoding cap"), std::string::npos);
}

TEST(input_scan_test, malformed_http_is_an_error_naming_the_input) {
  auto result = wd::scan_bytes(detector(), "broken.http", "HTTP/1.1 OK\r\n\r\n");
  EXPECT_FALSE(result.error.empty());
  EXPECT_NE(result.error.find("broken.http:1"), std::string::npos);
  auto json = wd::to_json(result);
  EXPECT_TRUE(json.contains("error"));
}

TEST(input_scan_test, unreadable_empty_and_huge_files) {
  auto missing = wd::scan_file(detector(), "/nonexistent/dir/resp.http", 1 << 20);
  EXPECT_NE(missing.error.find("/nonexistent/dir/resp.http"), std::string::npos);

  auto empty = wd::scan_file(detector(), temp_file("empty.http", "").string(), 1 << 20);
  EXPECT_TRUE(empty.error.empty());
  EXPECT_FALSE(empty.leaks());

  // 100 MB: only the read cap is read and scanned, and the result says so.
  // A sparse file, so the test costs no disk I/O for the 100 MB it claims.
  fs::path huge_path = temp_file("huge.txt", "\nORA-00933: SQL command not properly ended\n");
  fs::resize_file(huge_path, 100u << 20);
  auto huge = wd::scan_file(detector(), huge_path.string(), 4 << 20);
  EXPECT_EQ(huge.bytes, 4u << 20);
  EXPECT_TRUE(huge.leaks());
  EXPECT_GE(huge.notes.size(), 1u);
  fs::remove_all(fs::temp_directory_path() / "walletfuzz_input_scan_test");
}

TEST(input_scan_test, binary_garbage_is_a_bounded_clean_scan) {
  std::mt19937 random(7);
  std::string garbage(1 << 20, '\0');
  for (auto& c : garbage) c = static_cast<char>(random());
  auto result = wd::scan_bytes(detector(), "garbage.bin", garbage);
  EXPECT_TRUE(result.error.empty());
  EXPECT_FALSE(result.http);
}

TEST(input_scan_test, json_output_has_fields_and_no_secret_in_full) {
  const std::string secret = "wQ3rT8yU1iO4pA7sD0fG2hJ5kL9zX6cV3bN8mQ1e";
  auto result =
      wd::scan_bytes(detector(), "env.txt",
                     "AWS_SECRET_ACCESS_KEY=" + secret +
                         "\nAWS_LAMBDA_FUNCTION_NAME=orders\nLAMBDA_TASK_ROOT=/var/task\n");
  ASSERT_TRUE(result.leaks());
  std::string json = boost::json::serialize(wd::to_json(result));
  std::string text = wd::format_text(result);
  EXPECT_EQ(json.find(secret), std::string::npos);
  EXPECT_EQ(text.find(secret), std::string::npos);
  EXPECT_EQ(json.find(secret.substr(4, 16)), std::string::npos);
  auto object = boost::json::parse(json).as_object();
  EXPECT_EQ(object.at("kind").as_string(), "text");
  EXPECT_TRUE(object.at("leak").as_bool());
  const auto& first = object.at("findings").as_array().at(0).as_object();
  for (auto key : {"family", "rule_id", "severity", "part", "begin", "end", "excerpt"}) {
    EXPECT_TRUE(first.contains(key)) << key;
  }
}

namespace {

TEST(input_scan_test, every_finding_is_one_line_of_the_text_report) {
  // A private key's material starts on the line after its header; its excerpt used to carry that
  // line break into `scan` output, which promises one line per finding.
  std::string material;
  for (std::size_t i = 0; i < 96; ++i) material += "Ab3+Qx9/Kp2Lm7Zt"[i * 7 % 16];
  std::string text = "config dump\n-----BEGIN RSA PRIVATE KEY-----\n" + material.substr(0, 48) +
                     "\r\n" + material.substr(48) + "\n-----END RSA PRIVATE KEY-----\n" +
                     "Traceback (most recent call last):\n  File \"/var/task/app.py\", line 3, in "
                     "handler\nValueError: bad\tinput\n";
  wd::LeakDetector detector;
  wd::InputScan scan = wd::scan_bytes(detector, "dump.txt", text);
  ASSERT_GE(scan.findings.size(), 2u);
  for (const auto& finding : scan.findings) {
    EXPECT_EQ(finding.excerpt.find_first_of("\r\n\t"), std::string::npos) << finding.excerpt;
  }
  const std::string report = wd::format_text(scan);
  std::size_t lines = 0;
  for (char c : report) lines += c == '\n' ? 1 : 0;
  EXPECT_EQ(lines, 1 + scan.findings.size()) << report;
}

}  // namespace
