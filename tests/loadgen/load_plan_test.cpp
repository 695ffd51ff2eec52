#include "walletfuzz/loadgen/load_plan.hpp"

#include <gtest/gtest.h>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/loadgen/load_runner.hpp"

namespace walletfuzz::loadgen {
namespace {
using namespace std::chrono_literals;

TEST(load_plan_test, parses_target_urls) {
  auto a = parse_target_url("http://127.0.0.1:8080");
  EXPECT_FALSE(a.tls);
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 8080);
  EXPECT_EQ(a.authority(), "127.0.0.1:8080");
  auto b = parse_target_url("https://api.example.com/");
  EXPECT_TRUE(b.tls);
  EXPECT_EQ(b.port, 443);
  EXPECT_EQ(b.authority(), "api.example.com");
  auto c = parse_target_url("http://[::1]:9000");
  EXPECT_EQ(c.host, "::1");
  EXPECT_EQ(c.authority(), "[::1]:9000");
  auto d = parse_target_url("https://staging.example.com:8443/api/");
  EXPECT_EQ(d.base_path, "/api");
  EXPECT_EQ(d.to_string(), "https://staging.example.com:8443/api");
  for (const char* bad : {"ftp://x", "http://", "http://x:0", "http://x:70000", "http://x/a?b",
                          "http://u@x", "x:80", "http://x:"}) {
    EXPECT_THROW(parse_target_url(bad), InputError) << bad;
  }
}

TEST(load_plan_test, parses_shards) {
  EXPECT_EQ(parse_shard("2/4").index, 2u);
  EXPECT_EQ(parse_shard("2/4").count, 4u);
  for (const char* bad : {"4/4", "1", "/2", "1/0", "a/b", "1/2x"})
    EXPECT_THROW(parse_shard(bad), InputError) << bad;
}

TEST(load_plan_test, validate_reports_every_problem_at_once) {
  LoadPlan plan;
  plan.connections = 0;
  plan.threads = 0;
  plan.stages = {{.kind = StageKind::constant, .duration = 0s, .start_rate = -1}};
  plan.classes = {{.name = "a", .weight = 0}, {.name = "a"}};
  const auto problems = plan.validate();
  auto has = [&](const std::string& part) {
    for (const auto& p : problems) {
      if (p.find(part) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("target"));
  EXPECT_TRUE(has("allowed_hosts"));
  EXPECT_TRUE(has("classes[0].weight"));
  EXPECT_TRUE(has("classes[1].name"));
  EXPECT_TRUE(has("stages[0].duration"));
  EXPECT_TRUE(has("stages[0].rate"));
  EXPECT_TRUE(has("connections"));
  EXPECT_TRUE(has("threads"));
}

TEST(load_plan_test, refuses_hosts_not_allowed) {
  const auto target = parse_target_url("http://api.example.com");
  EXPECT_NO_THROW(require_allowed_host(target, {"localhost", "API.example.com"}));
  EXPECT_THROW(require_allowed_host(target, {"127.0.0.1"}), InputError);
  EXPECT_THROW(require_allowed_host(target, {}), InputError);
  EXPECT_NO_THROW(require_allowed_host(parse_target_url("http://[::1]:1"), {"[::1]"}));
  EXPECT_NO_THROW(require_allowed_host(target, {"*.example.com"}));
  EXPECT_THROW(require_allowed_host(parse_target_url("http://example.com"), {"*.example.com"}),
               InputError);
  EXPECT_THROW(require_allowed_host(parse_target_url("http://badexample.com"), {"*.example.com"}),
               InputError);
}

TEST(load_plan_test, rewrites_host_and_absolute_authority_to_the_target) {
  const auto target = parse_target_url("http://127.0.0.1:9000");
  auto relative = parse_request(
      "POST /orders?x=1 HTTP/1.1\r\nHost: prod.example.com\r\nContent-Length: 2\r\n\r\n{}");
  ASSERT_TRUE(relative.request) << relative.error;
  EXPECT_EQ(wire_bytes_for_target(*relative.request, target),
            "POST /orders?x=1 HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nContent-Length: 2\r\n\r\n{}");
  auto absolute =
      parse_request("GET http://evil.example.com/a/b?c HTTP/1.1\r\nHost: evil.example.com\r\n\r\n");
  ASSERT_TRUE(absolute.request) << absolute.error;
  EXPECT_EQ(wire_bytes_for_target(*absolute.request, target),
            "GET http://127.0.0.1:9000/a/b?c HTTP/1.1\r\nHost: 127.0.0.1:9000\r\n\r\n");
  auto based = parse_target_url("http://127.0.0.1:9000/api");
  EXPECT_EQ(wire_bytes_for_target(*relative.request, based),
            "POST /api/orders?x=1 HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nContent-Length: 2\r\n\r\n{}");
  auto no_host = parse_request("GET / HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(no_host.request) << no_host.error;
  EXPECT_EQ(wire_bytes_for_target(*no_host.request, target),
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:9000\r\n\r\n");
}

}  // namespace
}  // namespace walletfuzz::loadgen
