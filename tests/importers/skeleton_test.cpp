// The skeleton: grouping into one function per method and path template, the written files
// (the scenario loader accepts them, they parse as request files, placeholders resolve), and no
// credential of any sample in any file written.
#include "walletfuzz/importers/skeleton.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "import_test_support.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/loadgen/env_placeholders.hpp"
#include "walletfuzz/scenarios/loader.hpp"

namespace walletfuzz::importers {
namespace {

using testing::sample;

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Sample {
  ImportKind kind;
  std::vector<std::string> files;
};

const std::vector<Sample>& samples() {
  static const std::vector<Sample> all{
      {ImportKind::har, {"chromium.har"}},
      {ImportKind::openapi, {"petstore-3.0.yaml"}},
      {ImportKind::openapi, {"petstore-3.1.json"}},
      {ImportKind::apigw_event, {"apigw-rest-v1.json", "apigw-http-v2.json", "function-url.json"}},
      {ImportKind::curl, {"chrome-copy-as-curl.sh"}},
  };
  return all;
}

ImportResult import_sample(const Sample& s) {
  ImportResult result;
  for (const std::string& file : s.files) append_import(result, import_file(s.kind, sample(file)));
  return result;
}

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("walletfuzz_skeleton_" + name);
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(skeleton_test, path_templates_from_concrete_paths) {
  EXPECT_EQ(detect_path_template("/users/42/orders/9f1c0d2e8a7b4c3d"),
            "/users/{user_id}/orders/{order_id}");
  EXPECT_EQ(detect_path_template("/v1/files/3fa85f64-5717-4562-b3fc-2c963f66afa6"),
            "/v1/files/{file_id}");
  EXPECT_EQ(detect_path_template("/api/v2/categories/c_1042"), "/api/v2/categories/{category_id}");
  EXPECT_EQ(detect_path_template("/api/me/s3/settings"), "/api/me/s3/settings");
  EXPECT_EQ(detect_path_template("/"), "/");
  EXPECT_EQ(route_of_template("/pets/{petId}/photos"), "/pets/*");
  EXPECT_EQ(route_of_template("/pets"), "/pets");
  EXPECT_EQ(template_parameters("/a/{x}/b/{y}"), (std::vector<std::string>{"x", "y"}));
}

TEST(skeleton_test, one_function_per_method_and_template_with_the_first_request) {
  const ImportResult result = import_file(ImportKind::har, sample("chromium.har"));
  const std::vector<FunctionSkeleton> functions = group_functions(result);
  ASSERT_EQ(functions.size(), 2u);
  EXPECT_EQ(functions[0].name, "get-api-orders");
  EXPECT_EQ(functions[0].requests, 2u);  // two customers' orders: one operation
  EXPECT_EQ(functions[0].baseline->request.query(), "customer_id=c_1042&limit=20");
  EXPECT_EQ(functions[1].name, "post-orders-order-id-items");
  EXPECT_EQ(functions[1].route, "/orders/*");
  EXPECT_EQ(functions[1].parameters, (std::vector<std::string>{"order_id"}));

  const ImportResult openapi = import_file(ImportKind::openapi, sample("petstore-3.0.yaml"));
  std::vector<std::string> names;
  for (const auto& function : group_functions(openapi)) names.push_back(function.name);
  EXPECT_EQ(names, (std::vector<std::string>{"list-pets", "create-pets", "show-pet-by-id"}));
}

TEST(skeleton_test, scenario_loader_accepts_the_skeleton_of_every_sample) {
  int index = 0;
  for (const Sample& s : samples()) {
    SCOPED_TRACE(s.files.front());
    const auto dir = fresh_dir("loader" + std::to_string(index++));
    const ImportResult result = import_sample(s);
    const WrittenImport written = write_import(result, dir, "test");
    ASSERT_EQ(written.functions, group_functions(result).size());
    const std::string scenario =
        "version: 1\nname: imported\ntarget:\n  url: http://127.0.0.1:9000\n  allow_hosts: "
        "[127.0.0.1]\n" +
        read_all(written.functions_file);
    std::ofstream(dir / "scenario.yaml") << scenario;
    const scenarios::Scenario loaded = scenarios::load_scenario(dir / "scenario.yaml");
    ASSERT_EQ(loaded.functions.size(), written.functions);
    for (const auto& function : loaded.functions) ASSERT_EQ(function.baseline.size(), 1u);
  }
}

TEST(skeleton_test, request_files_parse_and_their_placeholders_resolve) {
  int index = 0;
  for (const Sample& s : samples()) {
    const auto dir = fresh_dir("parse" + std::to_string(index++));
    const WrittenImport written = write_import(import_sample(s), dir, "test");
    for (const auto& file : written.request_files) {
      SCOPED_TRACE(file.string());
      const std::string bytes = read_all(file);
      const ParseOutcome parsed = parse_request(bytes);
      ASSERT_TRUE(parsed.request.has_value()) << parsed.error;
      const std::string sent = loadgen::resolve_env_placeholders(
          bytes, file.string(), [](const std::string& name) { return "value-of-" + name; });
      EXPECT_EQ(sent.find("${ENV:"), std::string::npos);
    }
  }
  const WrittenImport har = write_import(import_sample(samples()[0]), fresh_dir("har"), "test");
  const std::string sent = loadgen::resolve_env_placeholders(
      read_all(har.request_files[0]), "har", [](const std::string& name) { return "v-" + name; });
  EXPECT_NE(sent.find("authorization: Bearer v-AUTHORIZATION"), std::string::npos) << sent;
}

TEST(skeleton_test, no_credential_of_any_sample_reaches_any_output_file) {
  // Every credential the samples hold, as written there.
  const std::vector<std::string> secrets{
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjXzEwNDIiLCJpYXQiOjE3NjQ0OTM2NDJ9",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjXzEwNDIifQ",
      "q3x8Tt0dJmW1pVq2sK7aLrN4cBzE9yH6uF5gD1oI2jM",
      "s%3AQx7fK2mNpL9vR3tW",
      "Qx7fK2mNpL9vR3tW",
      "k9Zr2LmQ8vXc4TbN7pWs",
      "IQoJb3JpZ2luX2VjEJr",
      "9b1c3e5f7a2d4c6e",
      "AbCdEf0123456789GhIjKl",
      "hunter2hunter2",
      "theme=dark",
      "consent=all",
  };
  int index = 0;
  for (const Sample& s : samples()) {
    const auto dir = fresh_dir("secrets" + std::to_string(index++));
    write_import(import_sample(s), dir, "test");
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      const std::string text = read_all(entry.path());
      for (const std::string& secret : secrets) {
        EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << entry.path();
      }
    }
  }
}

TEST(skeleton_test, functions_yaml_lists_variables_and_templates) {
  const ImportResult result = import_file(ImportKind::har, sample("chromium.har"));
  const std::string yaml =
      functions_yaml(group_functions(result), result, "walletfuzz import har x");
  EXPECT_NE(yaml.find("export before replay: AUTHORIZATION COOKIE_SID COOKIE_THEME "
                      "X_AMZ_SECURITY_TOKEN X_API_KEY"),
            std::string::npos);
  EXPECT_NE(yaml.find("    # POST /orders/{order_id}/items (path parameters: order_id)\n"
                      "    method: POST\n    route: \"/orders/*\"\n    baseline:\n"
                      "      - file: requests/post-orders-order-id-items.http\n"),
            std::string::npos)
      << yaml;
}

}  // namespace
}  // namespace walletfuzz::importers
