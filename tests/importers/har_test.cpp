// The HAR importer on a Chromium export: API calls kept, static resources and CORS preflights
// left out, HTTP/2 pseudo-headers dropped, credentials replaced by placeholders.
#include <gtest/gtest.h>

#include "import_test_support.hpp"

namespace walletfuzz::importers {
namespace {

using testing::find_request;
using testing::import_error;
using testing::sample;
using testing::write_temp;

TEST(har_import_test, chromium_export_keeps_api_calls_only) {
  const ImportResult result = import_file(ImportKind::har, sample("chromium.har"));
  // 5 entries: a script (static), a preflight (OPTIONS), three API calls.
  ASSERT_EQ(result.requests.size(), 3u);
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_NE(result.warnings[0].find("skipped 1 entries of static resources"), std::string::npos);
  for (const ImportedRequest& imported : result.requests)
    EXPECT_NE(imported.request.method, "OPTIONS");
}

TEST(har_import_test, request_line_host_and_headers_come_from_the_entry) {
  const ImportResult result = import_file(ImportKind::har, sample("chromium.har"));
  const ImportedRequest* orders = find_request(result, "GET", "/api/orders");
  ASSERT_NE(orders, nullptr);
  EXPECT_EQ(orders->request.target, "/api/orders?customer_id=c_1042&limit=20");
  EXPECT_EQ(orders->request.headers.get("Host"), "shop.example.com");
  EXPECT_EQ(orders->request.headers.get("accept"), "application/json");
  EXPECT_FALSE(orders->request.headers.contains(":authority"));
  EXPECT_FALSE(orders->request.headers.contains(":path"));
  EXPECT_EQ(orders->path_template, "/api/orders");

  const ImportedRequest* items = find_request(result, "POST", "/orders/o_1042_7/items");
  ASSERT_NE(items, nullptr);
  EXPECT_EQ(items->request.headers.get("Host"), "api.shop.example.com");
  EXPECT_EQ(items->request.body, R"({"sku":"sku_77","quantity":2,"gift":false})");
  EXPECT_EQ(items->request.headers.get("content-type"), "application/json");
  // The recorded Content-Length is the writer's to compute, not copied.
  EXPECT_FALSE(items->request.headers.contains("content-length"));
  EXPECT_EQ(items->path_template, "/orders/{order_id}/items");
}

TEST(har_import_test, cookies_authorization_and_tokens_become_placeholders) {
  const ImportResult result = import_file(ImportKind::har, sample("chromium.har"));
  const ImportedRequest* orders = find_request(result, "GET", "/api/orders");
  ASSERT_NE(orders, nullptr);
  EXPECT_EQ(orders->request.headers.get("authorization"), "Bearer ${ENV:AUTHORIZATION}");
  EXPECT_EQ(orders->request.headers.get("cookie"),
            "sid=${ENV:COOKIE_SID}; theme=${ENV:COOKIE_THEME}");
  EXPECT_EQ(orders->request.headers.get("x-api-key"), "${ENV:X_API_KEY}");
  const ImportedRequest* items = find_request(result, "POST", "/orders/o_1042_7/items");
  ASSERT_NE(items, nullptr);
  EXPECT_EQ(items->request.headers.get("x-amz-security-token"), "${ENV:X_AMZ_SECURITY_TOKEN}");
  EXPECT_EQ(result.variables,
            (std::vector<std::string>{"AUTHORIZATION", "COOKIE_SID", "COOKIE_THEME",
                                      "X_AMZ_SECURITY_TOKEN", "X_API_KEY"}));
}

TEST(har_import_test, bad_files_name_the_json_path) {
  const auto no_url =
      write_temp("no-url.har", R"({"log":{"entries":[{"request":{"method":"GET"}}]}})");
  EXPECT_EQ(import_error(ImportKind::har, no_url),
            no_url.string() + ": log.entries[0].request.url: is missing");
  const auto no_log = write_temp("no-log.har", R"({"entries":[]})");
  EXPECT_EQ(import_error(ImportKind::har, no_log), no_log.string() + ": log: is missing");
  const auto wrong_type =
      write_temp("headers.har", R"({"log":{"entries":[{"request":{"method":"GET",
        "url":"https://a.example/x","headers":{"accept":"*/*"}}}]}})");
  EXPECT_EQ(import_error(ImportKind::har, wrong_type),
            wrong_type.string() + ": log.entries[0].request.headers: must be a list");
  const auto broken = write_temp("broken.har", "{\n  \"log\": [1,,]\n}");
  const std::string syntax = import_error(ImportKind::har, broken);
  EXPECT_EQ(syntax.rfind(broken.string() + ":2:13: not valid JSON", 0), 0u) << syntax;
  EXPECT_EQ(syntax.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace walletfuzz::importers
