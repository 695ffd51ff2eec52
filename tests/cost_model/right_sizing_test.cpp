// Right-sizing from REPORT lines, checked against arithmetic done by hand from the AWS Lambda
// pricing page (us-east-1, as of 2026-05-04): requests $0.20 per million, x86_64 duration
// $0.0000166667 per GB-second; Lambda memory from 128 MB to 10,240 MB in 1 MB steps.
#include "walletfuzz/cost_model/right_sizing.hpp"

#include <gtest/gtest.h>

#include "walletfuzz/cost_model/cost_run.hpp"

namespace walletfuzz::cost_model {
namespace {

// Ten invocations of 100 ms at 1,024 MB that used at most 180 MB.
std::string report_log() {
  std::string text;
  for (int i = 0; i < 10; ++i) {
    text += "REPORT RequestId: 00000000-0000-0000-0000-00000000000" + std::to_string(i) +
            "\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 1024 MB\t"
            "Max Memory Used: " +
            std::to_string(150 + 3 * i) + " MB\t\n";
  }
  return text;
}

TEST(right_sizing, the_grid_rounds_up_the_peak_plus_headroom) {
  const auto catalog = PricingCatalog::builtin();
  const ComputeRules& lambda = *catalog.sheet("aws-lambda", {}).compute;
  EXPECT_EQ(suggested_memory_mb(lambda, 180, 0.2), 216.0);  // 180 x 1.2 = 216, 1 MB steps
  EXPECT_EQ(suggested_memory_mb(lambda, 50, 0.2), 128.0);   // never under the minimum
  EXPECT_FALSE(suggested_memory_mb(lambda, 10000, 0.2).has_value());
  EXPECT_TRUE(cpu_scales_with_memory(lambda));
  const ComputeRules& gen1 = *catalog.sheet("gcp-cloud-functions-gen1", {}).compute;
  // GCF 1st gen offers listed sizes only: 216 MB needs the 256 MB size.
  EXPECT_EQ(suggested_memory_mb(gen1, 180, 0.2), 256.0);
}

// The log's peak is 150 + 3 x 9 = 177 MB; with 20 % headroom 212.4 MB -> 213 MB.
// Declared traffic 1,000,000 requests a month, each 100 ms:
//   now:       1,000,000 x 0.1 s x 1 GB = 100,000 GB-s x 0.0000166667 = $1.66667, + $0.20
//              = $1.86667
//   at 213 MB: 100,000 x 213 / 1,024 = 20,800.78125 GB-s x 0.0000166667 = $0.346680... :
//              20,800.78125 x 0.0000166667 = 0.34668038...; + $0.20 = $0.54668038...
//   saving:    1.86667 - 0.54668038 = $1.31998962 (to 1e-6)
TEST(right_sizing, a_report_log_with_known_memory_use_gives_size_and_saving) {
  const auto catalog = PricingCatalog::builtin();
  CostRunOptions options;
  options.generated_at = "2026-12-03T00:00:00Z";
  FunctionConfig config;
  config.memory_mb = 1024;
  options.functions["resize"] = {config, std::nullopt,
                                 DeclaredTraffic{DeclaredTraffic::Source::requests_per_month, 1e6}};
  CostInputs inputs;
  const BillingModel model(catalog, config);
  const ReportLog log = parse_report_log(report_log());
  ASSERT_EQ(log.records.size(), 10u);
  BilledReportLog billed{.counts = log, .billing = bill_report_lines(model, log)};
  EXPECT_EQ(billed.billing.peak_memory_used_mb, 177.0);
  inputs.function_report_logs["resize"] = billed;
  inputs.report_dir = "lambda-report";
  const formats::CostFile cost = build_cost_report(catalog, options, inputs);
  ASSERT_EQ(cost.right_sizing.size(), 1u);
  const formats::RightSizingRecord& r = cost.right_sizing[0];
  EXPECT_EQ(r.function, "resize");
  EXPECT_EQ(r.peak_used_mb, 177.0);
  EXPECT_EQ(r.suggested_mb, 213.0);
  EXPECT_EQ(r.priced_at, "declared traffic");
  EXPECT_NEAR(r.usd_now, 1.86667, 1e-9);
  EXPECT_NEAR(r.usd_suggested, 20800.78125 * 0.0000166667 + 0.2, 1e-9);
  EXPECT_NEAR(r.saving_usd, 1.31998962, 1e-6);
  EXPECT_NE(r.caution.find("CPU scales with memory"), std::string::npos);
  // Round trip through cost.json.
  EXPECT_EQ(formats::parse_cost(formats::cost_to_json(cost), "cost.json").right_sizing[0].function,
            "resize");
}

TEST(right_sizing, nothing_smaller_when_the_peak_is_near_the_size) {
  const auto catalog = PricingCatalog::builtin();
  FunctionConfig config;
  config.memory_mb = 256;
  const BillingModel model(catalog, config);
  Usage usage;
  model.add_bucket(usage, 100, 1000);
  const RightSizing r = right_size(catalog, model, 240, usage);
  EXPECT_EQ(r.suggested_mb, 256.0);
  EXPECT_EQ(r.saving_usd, 0.0);
  EXPECT_NE(r.note.find("no smaller size"), std::string::npos);
}

}  // namespace
}  // namespace walletfuzz::cost_model
