// OpenAPI 3.0 (the Petstore, YAML) and 3.1 (a Petstore variant, JSON): one request per operation
// with the document's examples, else values generated from the schemas.
#include <gtest/gtest.h>

#include "import_test_support.hpp"

namespace walletfuzz::importers {
namespace {

using testing::find_request;
using testing::import_error;
using testing::sample;
using testing::write_temp;

TEST(openapi_import_test, petstore_30_one_request_per_operation) {
  const ImportResult result = import_file(ImportKind::openapi, sample("petstore-3.0.yaml"));
  ASSERT_EQ(result.requests.size(), 3u);
  const ImportedRequest* list = find_request(result, "GET", "/v1/pets");
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->operation_id, "listPets");
  EXPECT_EQ(list->request.query(), "limit=1");  // integer, maximum 100
  EXPECT_EQ(list->request.headers.get("Host"), "petstore.swagger.io");
  const ImportedRequest* create = find_request(result, "POST", "/v1/pets");
  ASSERT_NE(create, nullptr);
  // Pet: required id (int64) and name; the optional tag is left out.
  EXPECT_EQ(create->request.body, R"({"id":1,"name":"string"})");
  EXPECT_EQ(create->request.headers.get("Content-Type"), "application/json");
  const ImportedRequest* show = find_request(result, "GET", "/v1/pets/string");
  ASSERT_NE(show, nullptr);
  EXPECT_EQ(show->path_template, "/v1/pets/{petId}");
  EXPECT_TRUE(result.variables.empty());
}

TEST(openapi_import_test, petstore_31_examples_enums_bounds_and_security) {
  const ImportResult result = import_file(ImportKind::openapi, sample("petstore-3.1.json"));
  ASSERT_EQ(result.requests.size(), 3u);
  const ImportedRequest* find = find_request(result, "GET", "/api/v3/pets");
  ASSERT_NE(find, nullptr);
  // enum: the first value; 3.1's numeric exclusiveMinimum 0: the smallest integer above it.
  EXPECT_EQ(find->request.query(), "status=available&page_size=1");
  // Server variables at their defaults.
  EXPECT_EQ(find->request.headers.get("Host"), "staging.petstore.example.com");
  EXPECT_EQ(find->request.headers.get("api_key"), "${ENV:API_KEY}");

  const ImportedRequest* add = find_request(result, "POST", "/api/v3/pets");
  ASSERT_NE(add, nullptr);
  // The media type's named example, through a $ref to components/examples.
  EXPECT_EQ(add->request.body,
            R"({"name":"doggie","photoUrls":["https://example.com/d.png"],"status":"available"})");

  const ImportedRequest* owner =
      find_request(result, "PUT", "/api/v3/pets/42/owners/user%40example.com");
  ASSERT_NE(owner, nullptr);
  EXPECT_EQ(owner->path_template, "/api/v3/pets/{petId}/owners/{ownerEmail}");
  EXPECT_EQ(owner->request.headers.get("X-Request-Id"), "00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(owner->request.headers.get("Authorization"), "Bearer ${ENV:AUTHORIZATION}");
  EXPECT_EQ(owner->request.headers.get("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(owner->request.body, "since=2024-01-01&nickname=Rex");
  EXPECT_EQ(result.variables, (std::vector<std::string>{"API_KEY", "AUTHORIZATION"}));
}

TEST(openapi_import_test, schema_generation_honours_bounds_and_recursion) {
  const auto file = write_temp("gen.yaml", R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /nodes:
    post:
      operationId: addNode
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Node'}
      responses: {'200': {description: ok}}
components:
  schemas:
    Node:
      type: object
      required: [size, label, children, ratio, when]
      properties:
        size: {type: integer, minimum: 10, maximum: 20, multipleOf: 5}
        label: {type: string, minLength: 8, maxLength: 10}
        ratio: {type: number, minimum: 0, exclusiveMinimum: true, maximum: 0.25}
        when: {type: string, format: date-time}
        children: {type: array, minItems: 1, items: {$ref: '#/components/schemas/Node'}}
)");
  const ImportResult result = import_file(ImportKind::openapi, file);
  ASSERT_EQ(result.requests.size(), 1u);
  EXPECT_EQ(result.requests[0].request.body,
            R"({"size":10,"label":"stringaa","children":[],"ratio":2.5E-1,)"
            R"("when":"2024-01-01T00:00:00Z"})");
}

TEST(openapi_import_test, bad_documents_name_the_yaml_path) {
  const auto responses = write_temp("openapi.yaml", R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      responses: 200
)");
  EXPECT_EQ(import_error(ImportKind::openapi, responses),
            responses.string() +
                ":6:18: paths./pets.get.responses: must be a map of status codes to responses");
  const auto ref = write_temp("ref.yaml", R"(openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /pets:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: 'pet.yaml#/Pet'}
)");
  EXPECT_EQ(
      import_error(ImportKind::openapi, ref)
          .rfind(ref.string() + ":9:28: paths./pets.post.requestBody.content.application/json."
                                "schema.$ref: 'pet.yaml#/Pet' is not a local reference",
                 0),
      0u)
      << import_error(ImportKind::openapi, ref);
  const auto swagger = write_temp("swagger.json", R"({"swagger":"2.0","paths":{}})");
  EXPECT_EQ(import_error(ImportKind::openapi, swagger)
                .rfind(swagger.string() + ": swagger: Swagger 2.0 is not supported", 0),
            0u);
  const auto param = write_temp(
      "param.json", R"({"openapi":"3.0.0","paths":{"/a":{"get":{"parameters":[{"name":"x"}]}}}})");
  EXPECT_EQ(import_error(ImportKind::openapi, param),
            param.string() + ": paths./a.get.parameters[0].in: is missing");
}

}  // namespace
}  // namespace walletfuzz::importers
