// One positive per rule, in the places leaks hide (plain text, JSON strings, HTML), with the
// rule id, family and a redacted excerpt checked.
#include "walletfuzz/detectors/leak_detector.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "compress.hpp"

namespace wd = walletfuzz::detectors;

namespace {

const wd::LeakDetector& detector() {
  static const wd::LeakDetector instance;
  return instance;
}

std::vector<std::string> rule_ids(const std::vector<wd::LeakFinding>& findings) {
  std::vector<std::string> ids;
  for (const auto& f : findings) ids.push_back(f.rule_id);
  return ids;
}

bool has_rule(std::string_view text, std::string_view rule) {
  for (const auto& f : detector().scan_text(text)) {
    if (f.rule_id == rule) return true;
  }
  return false;
}

walletfuzz::Response response(int status, std::string body,
                              std::vector<std::pair<std::string, std::string>> headers = {}) {
  walletfuzz::Response r;
  r.status = status;
  r.body = std::move(body);
  for (auto& [name, value] : headers) r.headers.add(name, value);
  return r;
}

}  // namespace

TEST(leak_detector_test, python_traceback_in_plain_text) {
  std::string text =
      "Traceback (most recent call last):\n"
      "  File \"/var/task/app.py\", line 42, in handler\n"
      "    row = table[event[\"id\"]]\n"
      "KeyError: 'id'\n";
  auto findings = detector().scan_text(text);
  // The Lambda path the frame shows is reported too, as an internal path of its own.
  ASSERT_EQ(rule_ids(findings),
            (std::vector<std::string>{"stack-trace.python", "internal-path.lambda"}));
  EXPECT_EQ(findings[0].family, "stack_trace");
  EXPECT_EQ(findings[0].severity, wd::Severity::medium);
  EXPECT_EQ(findings[0].begin, 0u);
  EXPECT_EQ(text.substr(findings[0].begin, 9), "Traceback");
  EXPECT_NE(findings[0].excerpt.find("Traceback (most recent call last):"), std::string::npos);
}

TEST(leak_detector_test, python_traceback_inside_json_string_maps_back_to_source_bytes) {
  std::string body =
      R"j({"error":"Traceback (most recent call last):\n  File \"/build/views.py\", line 7, in get\n    return x\nNameError: name 'x' is not defined"})j";
  auto findings = detector().scan_text(body);
  ASSERT_EQ(rule_ids(findings), std::vector<std::string>{"stack-trace.python"});
  EXPECT_EQ(body.substr(findings[0].begin, 9), "Traceback");
  EXPECT_GT(findings[0].end, body.find("line 7"));
}

TEST(leak_detector_test, jvm_trace_with_caused_by) {
  EXPECT_TRUE(
      has_rule("java.lang.IllegalStateException: tx failed\n"
               "\tat com.acme.OrderService.save(OrderService.java:88)\n"
               "\tat com.acme.OrderController.post(OrderController.java:31)\n"
               "Caused by: java.sql.SQLException: Connection refused\n\t... 12 more\n",
               "stack-trace.jvm"));
}

TEST(leak_detector_test, node_trace_and_lambda_trace_array) {
  EXPECT_TRUE(
      has_rule("TypeError: Cannot read properties of undefined (reading 'id')\n"
               "    at Runtime.handler (/var/task/index.js:12:27)\n",
               "stack-trace.node"));
  EXPECT_TRUE(has_rule(
      R"j({"errorType":"ReferenceError","errorMessage":"x is not defined","trace":["ReferenceError: x is not defined","    at Runtime.exports.handler (/var/task/index.js:2:3)"]})j",
      "stack-trace.lambda-error-json"));
  EXPECT_TRUE(has_rule(
      R"j({"errorMessage":"name 'x' is not defined","errorType":"NameError","stackTrace":["  File \"/var/task/lambda_function.py\", line 2, in lambda_handler\n    return x + 10\n"]})j",
      "stack-trace.lambda-error-json"));
}

TEST(leak_detector_test, dotnet_go_php_ruby_cpp_sanitizer_rust) {
  EXPECT_TRUE(has_rule(
      "System.NullReferenceException: Object reference not set to an instance of an object.\n"
      "   at Acme.Api.OrdersController.Get(Int32 id) in "
      "C:\\src\\Acme.Api\\OrdersController.cs:line 57\n",
      "stack-trace.dotnet"));
  EXPECT_TRUE(
      has_rule("panic: runtime error: invalid memory address or nil pointer dereference\n"
               "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b4f]\n\n"
               "goroutine 1 [running]:\nmain.handler(...)\n\t/app/main.go:42 +0x3d\n",
               "stack-trace.go"));
  EXPECT_TRUE(
      has_rule("PHP Fatal error:  Uncaught Exception: boom in /var/www/html/index.php:7\n"
               "Stack trace:\n#0 /var/www/html/index.php(12): test()\n#1 {main}\n",
               "stack-trace.php"));
  EXPECT_TRUE(
      has_rule("<b>Warning</b>:  Undefined variable $id in <b>/var/www/html/api.php</b> on "
               "line <b>14</b><br />",
               "stack-trace.php"));
  EXPECT_TRUE(
      has_rule("/app/lib/orders.rb:3:in `find': undefined method `id' for nil:NilClass "
               "(NoMethodError)\n\tfrom /app/app.rb:10:in `<main>'\n",
               "stack-trace.ruby"));
  EXPECT_TRUE(
      has_rule("terminate called after throwing an instance of 'std::out_of_range'\n"
               "  what():  vector::_M_range_check: __n (which is 5) >= this->size()\n",
               "stack-trace.cpp-terminate"));
  EXPECT_TRUE(
      has_rule("==6254==ERROR: AddressSanitizer: heap-use-after-free on address "
               "0x603e0001fc64\nREAD of size 4 at 0x603e0001fc64 thread T0\n"
               "    #0 0x417f69 in main example_UseAfterFree.cc:5\n",
               "stack-trace.sanitizer"));
  EXPECT_TRUE(has_rule("thread 'main' panicked at src/main.rs:2:5:\nindex out of bounds\n",
                       "stack-trace.rust"));
}

TEST(leak_detector_test, database_errors) {
  EXPECT_TRUE(
      has_rule("You have an error in your SQL syntax; check the manual that corresponds "
               "to your MySQL server version for the right syntax to use near ''1''' at line 1",
               "db-error.mysql"));
  EXPECT_TRUE(has_rule("ERROR:  syntax error at or near \"FROM\"", "db-error.postgresql"));
  EXPECT_TRUE(has_rule("ORA-00933: SQL command not properly ended", "db-error.oracle"));
  EXPECT_TRUE(has_rule("sqlite3.OperationalError: near \"FROM\": syntax error", "db-error.sqlite"));
  EXPECT_TRUE(
      has_rule("Unclosed quotation mark after the character string 'abc'.", "db-error.mssql"));
}

TEST(leak_detector_test, secrets_are_found_and_never_printed_in_full) {
  const std::string key_id = "AKIAZ7QF4XKQ2WJ3LPRA";
  const std::string secret = "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";
  std::string body = "{\"AccessKeyId\":\"" + key_id + "\",\"SecretAccessKey\":\"" + secret + "\"}";
  auto findings = detector().scan_text(body);
  auto ids = rule_ids(findings);
  EXPECT_EQ(ids,
            (std::vector<std::string>{"secret.aws-access-key-id", "secret.aws-secret-access-key"}));
  for (const auto& f : findings) {
    EXPECT_EQ(f.severity, wd::Severity::high);
    EXPECT_EQ(f.excerpt.find(key_id), std::string::npos) << f.excerpt;
    EXPECT_EQ(f.excerpt.find(secret), std::string::npos) << f.excerpt;
    EXPECT_EQ(f.excerpt.find(secret.substr(0, 12)), std::string::npos) << f.excerpt;
  }
  EXPECT_EQ(body.substr(findings[0].begin, findings[0].end - findings[0].begin), key_id);
}

TEST(leak_detector_test, private_key_jwt_env_dump_vendor_and_generic) {
  std::string pem = "-----BEGIN RSA PRIVATE KEY-----\n";
  for (int i = 0; i < 4; ++i)
    pem += "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw\n";
  pem += "-----END RSA PRIVATE KEY-----\n";
  EXPECT_TRUE(has_rule(pem, "secret.private-key"));
  const std::string jwt =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ."
      "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  EXPECT_TRUE(has_rule("{\"debug\":{\"authorization\":\"Bearer " + jwt + "\"}}", "secret.jwt"));
  EXPECT_TRUE(has_rule(
      "AWS_LAMBDA_FUNCTION_NAME=orders-api\nLAMBDA_TASK_ROOT=/var/task\n_HANDLER=index.handler\n",
      "secret.env-dump"));
  EXPECT_TRUE(has_rule("token=ghp_R8s2kQm4Xz7Lp0Vw3Nc6Hd9Jf1Tb5Ya8Ue2G", "secret.vendor-token"));
  EXPECT_TRUE(has_rule("DB_PASSWORD=Xk9#mP2vQ7wLr4tZ", "secret.generic-assignment"));
}

TEST(leak_detector_test, leaky_headers_rank_low_and_powered_by_without_version_is_info) {
  auto findings = detector().scan_response(response(200, "{}",
                                                    {{"Server", "Apache/2.4.41 (Ubuntu)"},
                                                     {"X-Powered-By", "Express"},
                                                     {"X-Debug-Token", "a1b2c3"}}));
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].rule_id, "header.server-version");
  EXPECT_EQ(findings[0].severity, wd::Severity::low);
  EXPECT_EQ(findings[0].part, "header:Server");
  EXPECT_EQ(findings[1].rule_id, "header.x-powered-by");
  EXPECT_EQ(findings[1].severity, wd::Severity::info);
  EXPECT_FALSE(wd::is_leak(findings[1]));
  EXPECT_EQ(findings[2].rule_id, "header.debug-token");
  auto symfony = detector().scan_response(
      response(500, "{}", {{"X-Debug-Exception", "Division%20by%20zero"}}));
  ASSERT_FALSE(symfony.empty());
  EXPECT_EQ(symfony[0].rule_id, "header.debug-exception");
}

TEST(leak_detector_test, javascript_bodies_are_checked_for_secrets_only_unless_strict) {
  std::string js =
      "var e='TypeError: x is not a function\\n    at run (/srv/app.js:1:20)';"
      "var k='AKIAZ7QF4XKQ2WJ3LPRA';";
  auto r = response(200, js, {{"Content-Type", "application/javascript"}});
  EXPECT_EQ(rule_ids(detector().scan_response(r)),
            std::vector<std::string>{"secret.aws-access-key-id"});
  wd::DetectorOptions strict;
  strict.strict = true;
  wd::LeakDetector strict_detector(strict);
  EXPECT_GE(strict_detector.scan_response(r).size(), 2u);
}

TEST(leak_detector_test, gzip_body_within_cap_is_decoded) {
  auto r =
      response(500, gzip("Traceback (most recent call last):\n  File \"/a.py\", line 1, in x\n"),
               {{"Content-Encoding", "gzip"}});
  EXPECT_EQ(rule_ids(detector().scan_response(r)), std::vector<std::string>{"stack-trace.python"});
}

TEST(leak_detector_test, body_cap_bounds_the_scan) {
  wd::DetectorOptions small;
  small.max_body_bytes = 1024;
  wd::LeakDetector capped(small);
  std::string body(4096, 'a');
  body += "\nORA-00933: SQL command not properly ended";
  EXPECT_TRUE(capped.scan_text(body).empty());
  EXPECT_FALSE(detector().scan_text(body).empty());
}

TEST(leak_detector_test, concurrent_scans_agree) {
  const std::string leak = "ORA-00942: table or view does not exist";
  std::vector<std::thread> threads;
  std::atomic<int> found{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) found += detector().scan_text(leak).size() == 1 ? 1 : 0;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(found.load(), 800);
}
