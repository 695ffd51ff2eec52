#include "walletfuzz/fuzzers/fuzz_dictionary.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace walletfuzz::fuzzers {
namespace {

bool has(const std::vector<std::string>& tokens, std::string_view token) {
  return std::find(tokens.begin(), tokens.end(), token) != tokens.end();
}

TEST(fuzz_dictionary_test, handler_tokens_come_from_route_query_headers_and_json_keys) {
  auto tokens = handler_tokens(
      "/orders/*",
      {"GET /orders/list?customer_id=c_1&limit=10 HTTP/1.1\r\nHost: a\r\nX-Tenant: t\r\n\r\n",
       "POST /orders HTTP/1.1\r\nHost: a\r\nContent-Length: 26\r\n\r\n{\"items\": "
       "[{\"sku\":\"x\"}]}  "});
  EXPECT_TRUE(has(tokens, "/orders/"));
  EXPECT_TRUE(has(tokens, "customer_id="));
  EXPECT_TRUE(has(tokens, "limit="));
  EXPECT_TRUE(has(tokens, "X-Tenant: "));
  EXPECT_TRUE(has(tokens, "\"items\":"));
  EXPECT_TRUE(has(tokens, "sku"));
}

TEST(fuzz_dictionary_test, unparsable_baselines_are_skipped) {
  auto tokens = handler_tokens("/x", {"garbage"});
  EXPECT_EQ(tokens, std::vector<std::string>{"/x"});
}

TEST(fuzz_dictionary_test, quoting_escapes_what_libfuzzer_needs_escaped) {
  EXPECT_EQ(dictionary_quote("a\"b\\c"), "a\\\"b\\\\c");
  EXPECT_EQ(dictionary_quote("\r\n\x1f\x8b"), "\\x0D\\x0A\\x1F\\x8B");
}

TEST(fuzz_dictionary_test, one_dictionary_for_several_handlers_gives_each_token_once) {
  std::string dict = make_dictionary(
      {{.route = "/orders",
        .baseline_requests = {"GET /orders?limit=5 HTTP/1.1\r\nHost: a\r\n\r\n"}},
       {.route = "/signup",
        .baseline_requests = {"GET /signup?limit=5&username=x HTTP/1.1\r\nHost: a\r\n\r\n"}}});
  auto count = [&](std::string_view value) {
    std::size_t n = 0;
    for (auto at = dict.find(value); at != std::string::npos; at = dict.find(value, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("=\"/orders\""), 1u) << dict;
  EXPECT_EQ(count("=\"/signup\""), 1u) << dict;
  EXPECT_EQ(count("=\"username=\""), 1u) << dict;
  EXPECT_EQ(count("=\"limit=\""), 1u) << dict;  // both handlers have it
  EXPECT_EQ(count("=\"GET\""), 1u) << dict;     // a shared token, not repeated as a handler's
}

TEST(fuzz_dictionary_test, every_line_is_a_name_and_a_quoted_value) {
  std::string dict = make_dictionary("/s", {"GET /s?q=1 HTTP/1.1\r\nHost: a\r\n\r\n"});
  std::size_t pos = 0;
  int entries = 0;
  while (pos < dict.size()) {
    std::size_t end = dict.find('\n', pos);
    std::string line = dict.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty() || line[0] == '#') continue;
    ++entries;
    auto eq = line.find("=\"");
    ASSERT_NE(eq, std::string::npos) << line;
    EXPECT_EQ(line.back(), '"') << line;
  }
  EXPECT_GT(entries, 40);
  EXPECT_NE(dict.find("=\"q=\""), std::string::npos);
}

}  // namespace
}  // namespace walletfuzz::fuzzers
