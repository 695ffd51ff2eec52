#include "walletfuzz/reports/redaction.hpp"

#include <gtest/gtest.h>

namespace walletfuzz::reports {
namespace {

TEST(redaction_test, token_shapes_are_replaced_wherever_they_appear) {
  EXPECT_EQ(redact_secrets("key AKIAIOSFODNN7EXAMPLE here"),
            "key [REDACTED:aws-access-key-id] here");
  EXPECT_EQ(redact_secrets("t=ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
            "t=[REDACTED:github-token]");
  EXPECT_EQ(redact_secrets("xoxb-1234567890-abcdefghij"), "[REDACTED:slack-token]");
  EXPECT_EQ(redact_secrets("sk_live_4eC39HqLyjWDarjtT1zdp7dc!"), "[REDACTED:stripe-key]!");
  EXPECT_EQ(redact_secrets("AIzaSyA1234567890abcdefghijklmnopqrstuv"), "[REDACTED:google-api-key]");
  EXPECT_EQ(redact_secrets("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig_part-1 end"),
            "jwt [REDACTED:jwt] end");
}

TEST(redaction_test, lookalikes_are_left_alone) {
  // Too short, lower case, or part of a longer word: not the shape of a key.
  EXPECT_EQ(redact_secrets("AKIA1234"), "AKIA1234");
  EXPECT_EQ(redact_secrets("xAKIAIOSFODNN7EXAMPLE"), "xAKIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(redact_secrets("GET /products?q=token HTTP/1.1"), "GET /products?q=token HTTP/1.1");
  EXPECT_EQ(redact_secrets("{\"token_count\": 5}"), "{\"token_count\": 5}");
}

TEST(redaction_test, private_key_blocks_go_whole_even_when_cut) {
  std::string pem =
      "a\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nxyz\n-----END RSA PRIVATE KEY-----\nb";
  EXPECT_EQ(redact_secrets(pem), "a\n[REDACTED:private-key]\nb");
  EXPECT_EQ(redact_secrets("-----BEGIN PRIVATE KEY-----\nMIIEow"), "[REDACTED:private-key]");
  EXPECT_EQ(redact_secrets("-----BEGIN CERTIFICATE-----"), "-----BEGIN CERTIFICATE-----");
}

TEST(redaction_test, header_lines_keep_the_scheme_and_lose_the_credential) {
  EXPECT_EQ(redact_secrets("Authorization: Basic dXNlcjpwYXNz\r\nHost: a\r\n"),
            "Authorization: Basic [REDACTED:authorization]\r\nHost: a\r\n");
  EXPECT_EQ(redact_secrets("cookie: a=b; c=d"), "cookie: [REDACTED:cookie]");
  EXPECT_EQ(redact_secrets("X-Api-Key: 12345"), "X-Api-Key: [REDACTED:x-api-key]");
  EXPECT_EQ(redact_secrets("  db_password: s3cr3t"), "  db_password: [REDACTED:db_password]");
  EXPECT_EQ(redact_secrets("Content-Type: text/plain"), "Content-Type: text/plain");
}

TEST(redaction_test, pairs_in_queries_forms_and_json) {
  EXPECT_EQ(redact_secrets("/login?user=ann&password=hunter2&x=1"),
            "/login?user=ann&password=[REDACTED:password]&x=1");
  EXPECT_EQ(redact_secrets("{\"user\":\"ann\",\"client_secret\" : \"a\\\"b\",\"n\":1}"),
            "{\"user\":\"ann\",\"client_secret\" : \"[REDACTED:client_secret]\",\"n\":1}");
  EXPECT_EQ(redact_secrets("postgres://app:pw123@db:5432/x"),
            "postgres://app:[REDACTED:url-password]@db:5432/x");
}

TEST(redaction_test, redacting_twice_changes_nothing) {
  std::string once = redact_secrets(
      "Authorization: Bearer abc\n{\"password\": \"x\"}\n/a?token=y AKIAIOSFODNN7EXAMPLE "
      "https://u:p@h/");
  EXPECT_EQ(redact_secrets(once), once);
}

TEST(redaction_test, hostile_input_terminates_and_keeps_length_bounded) {
  std::string hostile;
  for (int i = 0; i < 2000; ++i) hostile += "\"password\":\"a=token=\\";
  std::string out = redact_secrets(hostile);
  EXPECT_LT(out.size(), hostile.size() * 2);
  EXPECT_EQ(redact_secrets(""), "");
  EXPECT_EQ(redact_secrets("="), "=");
  EXPECT_EQ(redact_secrets("\"a\":"), "\"a\":");
}

TEST(redaction_test, sensitive_names) {
  EXPECT_TRUE(is_sensitive_name("Authorization"));
  EXPECT_TRUE(is_sensitive_name("X-Amz-Security-Token"));
  EXPECT_TRUE(is_sensitive_name("aws_secret_access_key"));
  EXPECT_TRUE(is_sensitive_name("pwd"));
  EXPECT_FALSE(is_sensitive_name("author"));
  EXPECT_FALSE(is_sensitive_name("keyword"));
  EXPECT_FALSE(is_sensitive_name("Content-Type"));
}

}  // namespace
}  // namespace walletfuzz::reports
