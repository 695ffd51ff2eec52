// API Gateway REST (payload 1.0), HTTP API (2.0) and Function URL events, shaped like AWS's
// documented samples.
#include <gtest/gtest.h>

#include "import_test_support.hpp"

namespace walletfuzz::importers {
namespace {

using testing::find_request;
using testing::import_error;
using testing::sample;
using testing::write_temp;

TEST(apigw_event_import_test, rest_v1_uses_multi_value_fields_and_the_resource) {
  const ImportResult result = import_file(ImportKind::apigw_event, sample("apigw-rest-v1.json"));
  ASSERT_EQ(result.requests.size(), 1u);
  const ImportedRequest& imported = result.requests[0];
  EXPECT_EQ(imported.request.method, "GET");
  // Every value of multiValueQueryStringParameters, not the single-value map's last one.
  EXPECT_EQ(imported.request.target, "/orders/o_1042_7?expand=lines&expand=items&fields=total");
  EXPECT_EQ(imported.path_template, "/orders/{orderId}");
  EXPECT_EQ(imported.request.headers.get("Host"), "r4nd0m1d.execute-api.us-east-1.amazonaws.com");
  std::vector<std::string> languages;
  for (const HeaderField& field : imported.request.headers) {
    if (iequals(field.name, "accept-language")) languages.push_back(field.value);
  }
  EXPECT_EQ(languages, (std::vector<std::string>{"en-GB", "fr;q=0.5"}));
  EXPECT_EQ(imported.request.headers.get("Authorization"), "Bearer ${ENV:AUTHORIZATION}");
  EXPECT_EQ(imported.request.body, "");
}

TEST(apigw_event_import_test, http_api_v2_decodes_base64_and_joins_cookies) {
  const ImportResult result = import_file(ImportKind::apigw_event, sample("apigw-http-v2.json"));
  ASSERT_EQ(result.requests.size(), 1u);
  const ImportedRequest& imported = result.requests[0];
  EXPECT_EQ(imported.request.method, "POST");
  EXPECT_EQ(imported.request.target,
            "/carts/81f2c7d4e5a6b7c8/checkout?dry_run=true&coupon=WINTER10&coupon=VIP");
  EXPECT_EQ(imported.path_template, "/carts/{cartId}/checkout");  // from the routeKey
  EXPECT_EQ(imported.request.body, R"({"payment":"card","items":[{"sku":"sku_77"}]})");
  EXPECT_EQ(imported.request.headers.get("Cookie"),
            "session=${ENV:COOKIE_SESSION}; consent=${ENV:COOKIE_CONSENT}");
  EXPECT_EQ(imported.request.headers.get("x-api-key"), "${ENV:X_API_KEY}");
  EXPECT_FALSE(imported.request.headers.contains("content-length"));
}

TEST(apigw_event_import_test, function_url_events_in_a_list) {
  const ImportResult result = import_file(ImportKind::apigw_event, sample("function-url.json"));
  ASSERT_EQ(result.requests.size(), 2u);
  const ImportedRequest* get =
      find_request(result, "GET", "/thumbnails/8f14e45fceea167a5a36dedd4bea2543");
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->request.query(), "w=200&h=200");
  EXPECT_EQ(get->path_template, "/thumbnails/{thumbnail_id}");  // "$default": detected
  EXPECT_EQ(get->request.headers.get("Cookie"), "sid=${ENV:COOKIE_SID}");
  const ImportedRequest* post = find_request(result, "POST", "/thumbnails");
  ASSERT_NE(post, nullptr);
  EXPECT_EQ(post->request.body, "https://example.com/cat.jpg");
  EXPECT_EQ(post->source, sample("function-url.json").string() + ": [1]");
}

TEST(apigw_event_import_test, bad_events_name_the_json_path) {
  const auto not_event = write_temp("s3.json", R"({"Records":[{"eventSource":"aws:s3"}]})");
  EXPECT_EQ(import_error(ImportKind::apigw_event, not_event)
                .rfind(not_event.string() + ": is not an API Gateway or Function URL event", 0),
            0u);
  const auto no_method = write_temp("v2.json", R"([{"rawPath":"/a","requestContext":{}}])");
  EXPECT_EQ(import_error(ImportKind::apigw_event, no_method),
            no_method.string() + ": [0].requestContext.http: is missing");
  const auto bad_body = write_temp(
      "b64.json", R"({"httpMethod":"POST","path":"/a","body":"%%%","isBase64Encoded":true})");
  EXPECT_EQ(import_error(ImportKind::apigw_event, bad_body),
            bad_body.string() + ": body: isBase64Encoded is true but the body is not base64");
}

}  // namespace
}  // namespace walletfuzz::importers
