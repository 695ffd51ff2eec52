// The pricing catalog: every built-in price carries a source and a date, broken pricing files
// are rejected with file:line and the field, and scenario overrides change prices without a
// rebuild (or are rejected at the override's own location).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "walletfuzz/cost_model/pricing.hpp"

namespace walletfuzz::cost_model {
namespace {

const char* kMinimal = R"(schema: walletfuzz.pricing/1
provider: test-fn
kind: compute
name: Test
region: here
compute:
  billed_time: wall
  granularity_ms: 1
  minimum_billed_ms: 0
  memory_mb: {min: 128, max: 1024, step: 1}
  memory_billing: configured
  memory_rounding_mb: 1
  timeout_s: {default: 3, max: 900}
  init_billed: true
  architectures: [x86_64]
  source: {url: "https://example.com/p", as_of: "2026-01-01"}
meters:
  - id: requests
    description: Requests
    quantity: requests
    arch: any
    per: 1000000
    tiers:
      - usd: 0.20
    source: {url: "https://example.com/p", as_of: "2026-01-01"}
)";

std::string error_of(const std::string& text) {
  try {
    parse_pricing_sheet(text, "test.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return text.replace(pos, from.size(), to);
}

TEST(pricing_catalog, builtin_has_every_provider_and_every_price_has_a_source) {
  const auto catalog = PricingCatalog::builtin();
  const std::vector<std::string> compute = {
      "aws-lambda",         "azure-functions-consumption", "azure-functions-flex",
      "cloudflare-workers", "gcp-cloud-functions-gen1",    "gcp-cloud-run-functions"};
  EXPECT_EQ(catalog.providers("compute"), compute);
  const std::vector<std::string> addons = {"aws-api-gateway-http", "aws-api-gateway-rest",
                                           "aws-cloudwatch-logs", "aws-data-transfer-out"};
  EXPECT_EQ(catalog.providers("addon"), addons);
  ASSERT_NE(catalog.find("attacker"), nullptr);
  for (const auto& kind : {"compute", "addon"}) {
    for (const auto& provider : catalog.providers(kind)) {
      const PricingSheet& sheet = *catalog.find(provider);
      for (const Meter& meter : sheet.meters) {
        EXPECT_EQ(meter.source.url.rfind("http", 0), 0u) << provider << " " << meter.id;
        EXPECT_EQ(meter.source.as_of.size(), 10u) << provider << " " << meter.id;
        EXPECT_GT(meter.where.line, 0) << provider << " " << meter.id;
      }
    }
  }
  const PricingSheet& lambda = *catalog.find("aws-lambda");
  EXPECT_EQ(lambda.compute->granularity_ms, 1.0);
  EXPECT_EQ(lambda.compute->memory_min_mb, 128.0);
  EXPECT_EQ(lambda.compute->memory_max_mb, 10240.0);
  EXPECT_EQ(lambda.compute->timeout_max_s, 900.0);
  EXPECT_TRUE(lambda.compute->init_billed);
  EXPECT_EQ(lambda.compute->account_concurrency_limit, 1000);
}

TEST(pricing_catalog, request_size_limits_have_their_sources) {
  const auto catalog = PricingCatalog::builtin();
  const PricingSheet& lambda = *catalog.find("aws-lambda");
  ASSERT_TRUE(lambda.limits);
  EXPECT_EQ(lambda.limits->max_request_bytes, 6291456.0);  // synchronous Invoke: 6 MB
  EXPECT_EQ(lambda.limits->source.url.rfind("https://docs.aws.amazon.com/lambda/", 0), 0u);
  EXPECT_EQ(lambda.limits->source.as_of.size(), 10u);
  const PricingSheet& rest = *catalog.find("aws-api-gateway-rest");
  ASSERT_TRUE(rest.limits);
  EXPECT_EQ(rest.limits->max_request_bytes, 10485760.0);  // REST API payload: 10 MB
  EXPECT_EQ(rest.limits->source.url.rfind("https://docs.aws.amazon.com/apigateway/", 0), 0u);
}

TEST(pricing_catalog, minimal_sheet_parses) {
  const PricingSheet sheet = parse_pricing_sheet(kMinimal, "test.yaml");
  EXPECT_EQ(sheet.provider, "test-fn");
  ASSERT_EQ(sheet.meters.size(), 1u);
  EXPECT_EQ(sheet.meters[0].tiers[0].usd, 0.20);
  EXPECT_EQ(sheet.meters[0].where.line, 18);
}

TEST(pricing_catalog, missing_field_names_file_line_and_field) {
  const std::string text = replace(kMinimal, "    per: 1000000\n", "");
  EXPECT_EQ(error_of(text), "test.yaml:18:5: meters[0].per: is required but missing");
}

TEST(pricing_catalog, wrong_type_names_file_line_and_field) {
  EXPECT_EQ(error_of(replace(kMinimal, "usd: 0.20", "usd: cheap")),
            "test.yaml:24:14: meters[0].tiers[0].usd: expected a number, got \"cheap\" (hint: "
            "write digits, e.g. 10 or 0.5)");
  EXPECT_EQ(error_of(replace(kMinimal, "granularity_ms: 1", "granularity_ms: [1]")),
            "test.yaml:8:19: compute.granularity_ms: expected a number, got a list");
  // The same rule as scenarios: yes/no and on/off are booleans too, anything else is not.
  EXPECT_EQ(error_of(replace(kMinimal, "init_billed: true", "init_billed: maybe")),
            "test.yaml:14:16: compute.init_billed: expected true or false, got \"maybe\"");
}

TEST(pricing_catalog, rejects_absurd_and_inconsistent_values) {
  EXPECT_NE(error_of(replace(kMinimal, "usd: 0.20", "usd: -0.20"))
                .find("meters[0].tiers[0].usd: must be between"),
            std::string::npos);
  EXPECT_NE(error_of(replace(kMinimal, "usd: 0.20", "usd: .nan")).find("expected a number"),
            std::string::npos);
  EXPECT_NE(error_of(replace(kMinimal, "max: 1024", "max: 64"))
                .find("compute.memory_mb.max: must not be below min"),
            std::string::npos);
  EXPECT_NE(error_of(replace(kMinimal, "\"2026-01-01\"}\nmeters", "\"last year\"}\nmeters"))
                .find("compute.source.as_of"),
            std::string::npos);
  EXPECT_NE(error_of(replace(kMinimal, "quantity: requests", "quantity: bananas"))
                .find("unknown quantity 'bananas'"),
            std::string::npos);
  EXPECT_NE(error_of(replace(kMinimal, "arch: any", "arch: arm64")).find("meters[0].arch"),
            std::string::npos);
  EXPECT_NE(error_of(replace(kMinimal, "      - usd: 0.20", "      - {up_to: 5, usd: 0.20}"))
                .find("the last tier has no upper bound"),
            std::string::npos);
  EXPECT_NE(error_of(replace(kMinimal, "granularity_ms", "granularity"))
                .find("compute.granularity: unknown key 'granularity' (hint: did you mean "
                      "'granularity_ms'"),
            std::string::npos);
  EXPECT_NE(error_of(replace(kMinimal, "walletfuzz.pricing/1", "walletfuzz.pricing/9"))
                .find("unsupported schema"),
            std::string::npos);
  EXPECT_NE(error_of("schema: [unclosed").find("test.yaml:"), std::string::npos);
  EXPECT_NE(error_of("- a list").find("must be a YAML map"), std::string::npos);
}

TEST(pricing_catalog, every_problem_of_a_file_is_reported_at_once) {
  // Three problems in three places: each is reported with its own line and column, in file
  // order, as the scenario loader does.
  std::string text = replace(kMinimal, "granularity_ms: 1", "granularity_ms: fast");
  text = replace(text, "memory_billing: configured", "memory_billing: configurd");
  text = replace(text, "usd: 0.20", "usd: -1");
  try {
    parse_pricing_sheet(text, "test.yaml");
    FAIL() << "expected InputProblems";
  } catch (const InputProblems& e) {
    ASSERT_EQ(e.problems().size(), 3u) << e.what();
    EXPECT_EQ(to_string(e.problems()[0].where), "test.yaml:8:19: compute.granularity_ms");
    EXPECT_EQ(to_string(e.problems()[1].where), "test.yaml:11:19: compute.memory_billing");
    EXPECT_NE(e.problems()[1].hint.find("did you mean 'configured'"), std::string::npos);
    EXPECT_EQ(to_string(e.problems()[2].where), "test.yaml:24:14: meters[0].tiers[0].usd");
    const std::string what = e.what();
    EXPECT_EQ(std::count(what.begin(), what.end(), '\n'), 2) << what;
  }
}

TEST(pricing_catalog, override_changes_a_price_without_rebuilding) {
  auto catalog = PricingCatalog::builtin();
  const std::vector<PriceOverride> overrides = {
      {"aws-lambda.meters.duration-arm64.tiers[0].usd", "0.000012", {"scenario.yaml", 14, 7, ""}},
      {"aws-lambda.compute.granularity_ms", "100", {"scenario.yaml", 15, 7, ""}},
      {"aws-lambda.meters.0.free_tier.quantity", "0", {"scenario.yaml", 16, 7, ""}},
  };
  catalog.apply_overrides(overrides);
  const PricingSheet& lambda = *catalog.find("aws-lambda");
  EXPECT_EQ(lambda.compute->granularity_ms, 100.0);
  EXPECT_EQ(lambda.meters[0].free_tier, 0.0);
  for (const Meter& meter : lambda.meters) {
    if (meter.id == "duration-arm64") {
      EXPECT_EQ(meter.tiers[0].usd, 0.000012);
    }
  }
  // Applying more overrides later keeps the earlier ones.
  const std::vector<PriceOverride> more = {{"aws-lambda.compute.minimum_billed_ms", "100", {}}};
  catalog.apply_overrides(more);
  EXPECT_EQ(catalog.find("aws-lambda")->compute->granularity_ms, 100.0);
  EXPECT_EQ(catalog.find("aws-lambda")->compute->minimum_billed_ms, 100.0);
}

TEST(pricing_catalog, bad_override_is_reported_at_the_override_and_changes_nothing) {
  auto catalog = PricingCatalog::builtin();
  auto error_of_override = [&](PriceOverride o) -> std::string {
    try {
      const std::vector<PriceOverride> list = {{"aws-lambda.compute.granularity_ms", "10", {}}, o};
      catalog.apply_overrides(list);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(error_of_override(
                {"aws-lambda.meters.requests.tiers[0].usd", "free", {"s.yaml", 9, 5, "pricing"}}),
            "s.yaml:9:5: pricing aws-lambda.meters.requests.tiers[0].usd: expected a number, got "
            "\"free\" (pricing override 'free') (hint: write digits, e.g. 10 or 0.5)");
  EXPECT_NE(error_of_override({"aws-lamda.compute.granularity_ms", "1", {"s.yaml", 3, 1, ""}})
                .find("s.yaml:3:1: aws-lamda.compute.granularity_ms: unknown provider 'aws-lamda'"),
            std::string::npos);
  EXPECT_NE(error_of_override({"aws-lambda.meters.nope.usd", "1", {"s.yaml", 4, 1, ""}})
                .find("no element 'nope'"),
            std::string::npos);
  EXPECT_NE(error_of_override({"aws-lambda.compute.granularity", "1", {"s.yaml", 5, 1, ""}})
                .find("unknown key"),
            std::string::npos);
  EXPECT_NE(error_of_override({"aws-lambda.compute.memory_mb.max", "-5", {"s.yaml", 6, 1, ""}})
                .find("s.yaml:6:1"),
            std::string::npos);
  // An index too large for any integer type is the override's error, not "internal error:
  // stoul" (exit 3); a key the override creates on its way is blamed on the override too.
  EXPECT_EQ(error_of_override({"aws-lambda.meters.requests.tiers[99999999999999999999].usd",
                               "1",
                               {"s.yaml", 7, 3, ""}}),
            "s.yaml:7:3: aws-lambda.meters.requests.tiers[99999999999999999999].usd: no element "
            "'99999999999999999999' at meters[0].tiers");
  EXPECT_NE(error_of_override({"aws-lambda.nothing.here", "1", {"s.yaml", 8, 3, ""}})
                .find("s.yaml:8:3: aws-lambda.nothing.here: unknown key 'nothing'"),
            std::string::npos);
  EXPECT_EQ(catalog.find("aws-lambda")->compute->granularity_ms, 1.0);  // all or nothing
}

TEST(pricing_catalog, a_user_can_add_a_provider) {
  auto catalog = PricingCatalog::builtin();
  catalog.add_text(kMinimal, "mine.yaml");
  ASSERT_NE(catalog.find("test-fn"), nullptr);
  EXPECT_EQ(catalog.find("test-fn")->file, "mine.yaml");
  EXPECT_THROW(catalog.sheet("nope", {"", 0, 0, "--provider"}), InputError);
}

}  // namespace
}  // namespace walletfuzz::cost_model
