// curl command lines as Chrome's "Copy as cURL (bash)" writes them.
#include <gtest/gtest.h>

#include "import_test_support.hpp"

namespace walletfuzz::importers {
namespace {

using testing::find_request;
using testing::import_error;
using testing::sample;
using testing::write_temp;

TEST(curl_import_test, copy_as_curl_get_with_cookies_and_continuations) {
  const ImportResult result = import_file(ImportKind::curl, sample("chrome-copy-as-curl.sh"));
  ASSERT_EQ(result.requests.size(), 3u);
  const ImportedRequest* orders = find_request(result, "GET", "/api/orders");
  ASSERT_NE(orders, nullptr);
  EXPECT_EQ(orders->request.target, "/api/orders?customer_id=c_1042&limit=20");
  EXPECT_EQ(orders->request.headers.get("Host"), "shop.example.com");
  EXPECT_EQ(orders->request.headers.get("sec-ch-ua"),
            R"("Chromium";v="131", "Not_A Brand";v="24")");
  EXPECT_EQ(orders->request.headers.get("authorization"), "Bearer ${ENV:AUTHORIZATION}");
  EXPECT_EQ(orders->request.headers.get("Cookie"),
            "sid=${ENV:COOKIE_SID}; theme=${ENV:COOKIE_THEME}");
  EXPECT_EQ(orders->source, sample("chrome-copy-as-curl.sh").string() + ":1");
}

TEST(curl_import_test, data_raw_with_ansi_c_quoting_is_a_post_body) {
  const ImportResult result = import_file(ImportKind::curl, sample("chrome-copy-as-curl.sh"));
  const ImportedRequest* items = find_request(result, "POST", "/orders/o_1042_7/items");
  ASSERT_NE(items, nullptr);
  // $'...': \' is a quote, \\n a backslash then n (JSON's own escape, kept for the server).
  EXPECT_EQ(items->request.body, R"({"sku":"sku_77","note":"it's a gift\nwrap it","quantity":2})");
  EXPECT_EQ(items->request.headers.get("x-api-key"), "${ENV:X_API_KEY}");
  EXPECT_EQ(items->request.headers.get("Host"), "api.shop.example.com");
}

TEST(curl_import_test, form_passwords_and_compressed) {
  const ImportResult result = import_file(ImportKind::curl, sample("chrome-copy-as-curl.sh"));
  const ImportedRequest* login = find_request(result, "POST", "/api/login");
  ASSERT_NE(login, nullptr);
  EXPECT_EQ(login->request.body, "email=ada%40example.com&password=${ENV:PASSWORD}&remember=1");
  EXPECT_EQ(login->request.headers.get("Accept-Encoding"), "deflate, gzip, br, zstd");
}

TEST(curl_import_test, method_user_and_get_flags) {
  const auto file = write_temp(
      "more.sh",
      "curl -X DELETE \"https://api.example.com/v1/users/42?hard=true\" -u admin:s3cret-pass\n"
      "curl -G https://api.example.com/search -d q=shoes -d page=2 -sSL\n"
      "curl --json '{\"a\":1}' https://api.example.com/items\n");
  const ImportResult result = import_file(ImportKind::curl, file);
  ASSERT_EQ(result.requests.size(), 3u);
  EXPECT_EQ(result.requests[0].request.method, "DELETE");
  EXPECT_EQ(result.requests[0].path_template, "/v1/users/{user_id}");
  EXPECT_EQ(result.requests[0].request.headers.get("Authorization"), "Basic ${ENV:AUTHORIZATION}");
  EXPECT_EQ(result.requests[1].request.method, "GET");
  EXPECT_EQ(result.requests[1].request.target, "/search?q=shoes&page=2");
  EXPECT_EQ(result.requests[2].request.method, "POST");
  EXPECT_EQ(result.requests[2].request.headers.get("Content-Type"), "application/json");
}

TEST(curl_import_test, bad_command_lines_name_the_line) {
  const auto quote = write_temp("quote.sh", "curl https://a.example/x \\\n  -H 'accept: */*\n");
  EXPECT_EQ(import_error(ImportKind::curl, quote), quote.string() + ":2: unterminated ' quote");
  const auto option = write_temp("option.sh", "curl https://a.example/x --upload-file f.bin\n");
  EXPECT_EQ(import_error(ImportKind::curl, option)
                .rfind(option.string() + ":1: unsupported curl option --upload-file", 0),
            0u);
  const auto wget = write_temp("wget.sh", "\nwget https://a.example/x\n");
  EXPECT_EQ(import_error(ImportKind::curl, wget)
                .rfind(wget.string() + ":2: 'wget' is not a curl command", 0),
            0u);
  const auto cookie_file = write_temp("jar.sh", "curl -b cookies.txt https://a.example/x\n");
  EXPECT_EQ(import_error(ImportKind::curl, cookie_file)
                .rfind(cookie_file.string() + ":1: -b: names a cookie file (cookies.txt)", 0),
            0u);
}

}  // namespace
}  // namespace walletfuzz::importers
