// Reproduces the providers' published worked examples (tests/data/cost/worked_examples.json) to
// the cent. The expected figures are the sources' own, not outputs of this code.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>

#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/cost_model/billing.hpp"

namespace walletfuzz::cost_model {
namespace {

boost::json::array load_examples() {
  const std::string text =
      read_file(std::string(WALLETFUZZ_SOURCE_DIR) + "/tests/data/cost/worked_examples.json");
  return boost::json::parse(text).as_object().at("examples").as_array();
}

double number(const boost::json::value& v) {
  return v.is_double() ? v.get_double() : static_cast<double>(v.as_int64());
}

long cents(double usd) {
  return std::lround(usd * 100.0);
}

TEST(worked_examples, reproduce_every_published_example_to_the_cent) {
  const auto examples = load_examples();
  ASSERT_GE(examples.size(), 12u);
  for (const auto& value : examples) {
    const auto& example = value.as_object();
    const std::string name(example.at("name").as_string());
    SCOPED_TRACE(name);
    auto catalog = PricingCatalog::builtin();
    if (const auto* overrides = example.if_contains("overrides")) {
      std::vector<PriceOverride> list;
      for (const auto& [key, v] : overrides->as_object()) {
        list.push_back(
            {std::string(key), std::string(v.as_string()), {"worked_examples.json", 0, 0, ""}});
      }
      catalog.apply_overrides(list);
    }
    const auto& c = example.at("config").as_object();
    FunctionConfig config;
    config.provider = std::string(c.at("provider").as_string());
    config.arch = std::string(c.at("arch").as_string());
    config.memory_mb = number(c.at("memory_mb"));
    config.free_tier = c.at("free_tier").as_bool();
    if (const auto* t = c.if_contains("timeout_s")) config.timeout_s = number(*t);
    if (const auto* e = c.if_contains("ephemeral_mb")) config.ephemeral_mb = number(*e);
    BillingModel model(catalog, config);

    Usage usage;
    model.add_bucket(usage, number(example.at("duration_ms")),
                     static_cast<std::uint64_t>(example.at("invocations").as_int64()));
    const Bill bill = model.bill(usage);
    for (const auto& [key, expected] : example.at("expect").as_object()) {
      if (key == "total") {
        EXPECT_EQ(cents(bill.total_usd), cents(number(expected))) << "total " << bill.total_usd;
        continue;
      }
      bool found = false;
      for (const LineItem& item : bill.items) {
        if (item.meter != key) continue;
        found = true;
        EXPECT_EQ(cents(item.usd), cents(number(expected))) << key << " " << item.usd;
      }
      EXPECT_TRUE(found) << "no line item " << key;
    }
  }
}

TEST(worked_examples, billed_duration_includes_init_since_august_2025) {
  // REPORT line quoted in open-telemetry/opentelemetry-lambda PR #2011:
  // Duration 395.99 ms, Init Duration 265.72 ms, Billed Duration 662 ms.
  auto catalog = PricingCatalog::builtin();
  FunctionConfig config;
  config.memory_mb = 512;
  BillingModel model(catalog, config);
  EXPECT_EQ(model.billed_ms(395.99, 265.72), 662.0);
  // AWS News Blog 2020-12-01: Duration 27.55 ms, Billed Duration 28 ms.
  EXPECT_EQ(model.billed_ms(27.55), 28.0);
}

TEST(worked_examples, azure_execution_units_convert_to_gb_seconds) {
  // Microsoft Learn: "1110000000 / 1024000 = 1083.98 GB-seconds".
  auto catalog = PricingCatalog::builtin();
  FunctionConfig config;
  config.provider = "azure-functions-consumption";
  config.memory_mb = 128;
  BillingModel model(catalog, config);
  Usage usage;
  usage.mb_ms = 1110000000.0;
  const Bill bill = model.bill(usage);
  for (const LineItem& item : bill.items) {
    if (item.meter == "execution-time") {
      EXPECT_NEAR(item.total, 1083.98, 0.005);
    }
  }
}

}  // namespace
}  // namespace walletfuzz::cost_model
