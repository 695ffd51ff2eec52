// Near misses that must stay clean (the false positives reported against OWASP ZAP 90022/10023
// and gitleaks), each next to the real leak it resembles so the test cannot pass by a rule
// simply being switched off.
#include <gtest/gtest.h>

#include "walletfuzz/detectors/leak_detector.hpp"

namespace wd = walletfuzz::detectors;

namespace {

const wd::LeakDetector& detector() {
  static const wd::LeakDetector instance;
  return instance;
}

std::string rules(std::string_view text) {
  std::string out;
  for (const auto& f : detector().scan_text(text)) out += f.rule_id + " ";
  return out;
}

}  // namespace

TEST(near_miss_test, generic_5xx_bodies_and_problem_json) {
  EXPECT_EQ(rules(R"j({"message": "Internal server error"})j"), "");
  EXPECT_EQ(
      rules(
          R"j({"type":"about:blank","title":"Internal Server Error","status":500,"detail":"Upstream failed"})j"),
      "");
  EXPECT_EQ(rules("<pre>Internal Server Error</pre>"), "");
}

TEST(near_miss_test, prose_about_exceptions_and_stacks) {
  EXPECT_EQ(rules("When an exception is thrown the stack trace is logged, at the top of the "
                  "stack. Traceback objects are described in the docs."),
            "");
  // The real thing: a header line and a frame.
  EXPECT_NE(rules("Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\n"),
            "");
}

TEST(near_miss_test, exception_class_names_without_frames) {
  EXPECT_EQ(
      rules(
          R"j({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"})j"),
      "");
  EXPECT_EQ(rules("java.lang.IllegalStateException: order 12 is closed\n"), "");
  EXPECT_NE(rules("java.lang.IllegalStateException: order 12 is closed\n\tat a.B.c(B.java:3)\n"),
            "");
}

TEST(near_miss_test, minified_js_error_strings) {
  EXPECT_EQ(rules("throw new TypeError(\"Cannot read properties of undefined\");"
                  "e.stack.split(\"\\n    at \").slice(1);console.error(\"internal error\")"),
            "");
}

TEST(near_miss_test, uuids_hashes_and_base64_blobs) {
  EXPECT_EQ(
      rules(
          R"j({"id":"3f2b8c1e-9a4d-4e2f-8b6a-1c2d3e4f5a6b","sha":"9fceb02d0ae598e95dc970b74767f19372d61af8"})j"),
      "");
  EXPECT_EQ(
      rules(
          R"j({"thumbnail":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="})j"),
      "");
  EXPECT_EQ(rules(R"j({"nextToken":"eyJsYXN0S2V5Ijp7InBrIjoiT1JERVIjMTIzIn19"})j"), "");
  EXPECT_EQ(rules(R"j({"csrf_token":"b0f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9"})j"), "");
}

TEST(near_miss_test, documentation_example_keys_and_placeholders) {
  EXPECT_EQ(rules("aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                  "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),
            "");
  EXPECT_EQ(rules("DB_PASSWORD=${DB_PASSWORD}\nAPI_KEY=<your-api-key>\npassword: changeme123\n"),
            "");
  EXPECT_EQ(rules("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"), "");
  EXPECT_EQ(rules("Use sk_test_4eC39HqLyjWDarjtT1zdp7dc while developing."), "");
  EXPECT_NE(rules("aws_secret_access_key = wQ3rT8yU1iO4pA7sD0fG2hJ5kL9zX6cV3bN8mQ1e\n"), "");
}

TEST(near_miss_test, issued_tokens_are_the_response_working) {
  const std::string jwt =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
      "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
  EXPECT_EQ(
      rules("{\"access_token\":\"" + jwt + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}"),
      "");
  EXPECT_NE(rules("{\"error\":\"upstream rejected " + jwt + "\"}"), "");
}

TEST(near_miss_test, lambda_variable_names_in_documentation) {
  EXPECT_EQ(rules("_HANDLER: The handler location configured on the function.\n"
                  "AWS_LAMBDA_FUNCTION_NAME: The name of the function.\n"
                  "LAMBDA_TASK_ROOT: The path to your Lambda function code.\n"),
            "");
}

TEST(near_miss_test, validation_messages_about_passwords) {
  EXPECT_EQ(rules(R"j({"errors":{"password":["is too short (minimum is 12 characters)"]}})j"), "");
  EXPECT_EQ(rules(R"j({"password_min_length":12,"password":"********","token_type":"Bearer"})j"),
            "");
  EXPECT_EQ(rules("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-Ab12Cd"), "");
}

TEST(near_miss_test, urls_with_task_like_paths_are_not_internal_paths) {
  EXPECT_EQ(rules("see https://docs.example.com/var/task/overview.html and /optimize/run"), "");
  EXPECT_NE(rules("ENOENT: no such file or directory, open '/var/task/config.json'"), "");
}
