// The host allowlist (walletfuzz/core/host_allowlist.hpp): one matching for `validate` and the
// load generator, and loopback exactly as the docs name it.
#include "walletfuzz/core/host_allowlist.hpp"

#include <gtest/gtest.h>

namespace walletfuzz {
namespace {

TEST(host_allowlist_test, a_scenario_always_allows_the_loopback_names) {
  EXPECT_TRUE(is_host_allowed({}, "localhost"));
  EXPECT_TRUE(is_host_allowed({}, "LOCALHOST"));
  EXPECT_TRUE(is_host_allowed({}, "127.0.0.1"));
  EXPECT_TRUE(is_host_allowed({}, "[::1]"));
  EXPECT_TRUE(is_host_allowed({}, "::1"));
  // Other 127.x addresses are listed like any host (docs: scenarios/README.md, "target").
  EXPECT_FALSE(is_host_allowed({}, "127.0.0.2"));
  EXPECT_TRUE(is_host_allowed({"127.0.0.2"}, "127.0.0.2"));
  EXPECT_FALSE(is_host_allowed({}, "127.0.0.1.nip.io"));
}

TEST(host_allowlist_test, entries_match_exactly_or_as_subdomains) {
  EXPECT_TRUE(host_matches({"API.example.com"}, "api.example.com"));
  EXPECT_TRUE(host_matches({"*.example.com"}, "api.example.com"));
  EXPECT_FALSE(host_matches({"*.example.com"}, "example.com"));
  EXPECT_FALSE(host_matches({"*.example.com"}, "badexample.com"));
  EXPECT_FALSE(host_matches({"api.example.com"}, "api.example.com.evil.net"));
  EXPECT_TRUE(host_matches({"[::1]"}, "::1"));
  // The load generator's list is explicit: loopback counts only when listed.
  EXPECT_FALSE(host_matches({"localhost"}, "127.0.0.1"));
}

}  // namespace
}  // namespace walletfuzz
