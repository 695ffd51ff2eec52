#include "walletfuzz/core/http.hpp"

#include <gtest/gtest.h>

namespace walletfuzz {
namespace {

TEST(http_test, path_and_query_of_origin_and_absolute_targets) {
  Request r;
  r.target = "/orders/7?limit=10&x=%41+b#frag";
  EXPECT_EQ(r.path(), "/orders/7");
  EXPECT_EQ(r.query(), "limit=10&x=%41+b");
  r.target = "http://h.test:81/a/b?q=1";
  EXPECT_EQ(r.path(), "/a/b");
  EXPECT_EQ(r.query(), "q=1");
  r.target = "http://h.test";
  EXPECT_EQ(r.path(), "/");
  EXPECT_EQ(r.query(), "");
}

TEST(http_test, query_param_decodes_and_finds_first) {
  Request r;
  r.target = "/s?name=J%C3%B6rg+K&name=second&flag&bad=%zz";
  EXPECT_EQ(r.query_param("name"), "J\xC3\xB6rg K");
  EXPECT_EQ(r.query_param("flag"), "");
  EXPECT_EQ(r.query_param("bad"), "%zz");
  EXPECT_EQ(r.query_param("missing"), std::nullopt);
}

TEST(http_test, headers_are_case_insensitive_and_ordered) {
  Headers h;
  h.add("Accept", "a");
  h.add("X-Dup", "1");
  h.add("x-dup", "2");
  h.add("Host", "h");
  EXPECT_EQ(h.get("x-DUP"), "1");
  h.set("X-DUP", "3");
  ASSERT_EQ(h.fields().size(), 3u);
  EXPECT_EQ(h.fields()[1].value, "3");
  EXPECT_EQ(h.remove("accept"), 1u);
  EXPECT_FALSE(h.contains("Accept"));
  h.set("New", "n");
  EXPECT_EQ(h.fields().back(), (HeaderField{"New", "n"}));
}

TEST(http_test, reason_phrases) {
  EXPECT_EQ(reason_phrase(429), "Too Many Requests");
  EXPECT_EQ(reason_phrase(504), "Gateway Timeout");
  EXPECT_EQ(reason_phrase(799), "Unknown");
  EXPECT_EQ(reason_phrase(-1), "Unknown");
}

}  // namespace
}  // namespace walletfuzz
