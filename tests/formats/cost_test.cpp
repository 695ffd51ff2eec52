#include "walletfuzz/formats/cost.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "formats_test_util.hpp"

namespace walletfuzz::formats {
namespace {

using ::testing::HasSubstr;
using testing::input_error;

LineItemRecord item(double usd) {
  return {.provider = "aws-lambda",
          .meter = "duration-arm64",
          .description = "Duration (arm64)",
          .quantity = "gb_seconds",
          .total = 456.5,
          .free = 0,
          .billable = 456.5,
          .usd = usd,
          .source_url = "https://aws.amazon.com/lambda/pricing/",
          .as_of = "2026-05-04",
          .verified = true};
}

CostFile sample() {
  CostFile cost;
  cost.generated_at = "2026-11-28T12:00:00Z";
  cost.provider = "aws-lambda";
  cost.region = "us-east-1";
  cost.arch = "arm64";
  cost.memory_mb = 512;
  cost.billed_memory_mb = 512;
  cost.timeout_s = 3;
  cost.free_tier = true;
  cost.addons = {"aws-api-gateway-http"};
  cost.inputs = {"run/load.json", "run/findings.json", "", "histogram_uncorrected", 120};
  cost.classes.push_back({.name = "finding:slow-3f2a9c1d",
                          .kind = "slow",
                          .handler = "search-products",
                          .finding_id = "slow-3f2a9c1d",
                          .source = "load",
                          .requests = 1000,
                          .sent = 1005,
                          .throttled = 10,
                          .timeouts = 5,
                          .function = "search-products",
                          .arch = "arm64",
                          .memory_mb = 512,
                          .billed_memory_mb = 512,
                          .duration_ms_mean = 912.3,
                          .billed_ms_mean = 913.0,
                          .billed_ms_total = 913000.0,
                          .cost_per_request_usd = 0.0000078123456789,
                          .cost_per_million_usd = 7.8123456789,
                          .amplification = 19973.2,
                          .throttle_onset_rps = 1096.5});
  cost.classes.push_back({.name = "baseline:search-products",
                          .kind = "baseline",
                          .handler = "search-products",
                          .source = "findings",
                          .cost_per_request_usd = 3.9e-10,
                          .cost_per_million_usd = 3.9e-4});
  cost.inputs.lambda_log_dir = "run/lambda-report";
  // A function priced at its own configuration, with its REPORT-log bill beside the estimate.
  cost.functions.push_back(
      {.name = "search-products",
       .provider = "aws-lambda",
       .region = "us-east-1",
       .arch = "arm64",
       .memory_mb = 512,
       .billed_memory_mb = 512,
       .timeout_s = 3,
       .reserved_concurrency = 10,
       .classes = {"finding:slow-3f2a9c1d", "baseline:search-products"},
       .invocations = 1000,
       .line_items = {item(0.0061)},
       .total_usd = 0.0121,
       .report_log = ReportLogRecord{.file = "run/lambda-report/search-products.log",
                                     .records = 1000,
                                     .total_usd = 0.0123},
       .comparison = ComparisonRecord{0.0121, 0.0123, -1.6}});
  cost.functions.push_back({.name = "", .arch = "arm64", .memory_mb = 128});
  cost.attacker.push_back({.class_name = "finding:slow-3f2a9c1d",
                           .rate_rps = 100,
                           .hours = 24,
                           .executed_rps = 99.5,
                           .throttled_fraction = 0.005,
                           .concurrency = 91.2,
                           .owner_cost_usd = 67.4,
                           .usd_per_day = 67.4,
                           .monthly_exposure_usd = 2050.1,
                           .attacker_cost_usd = 0.56,
                           .owner_usd_per_attacker_usd = 120.5});
  cost.concurrency = {1000, 50, 1096.5, "finding:slow-3f2a9c1d"};
  cost.line_items = {item(0.0061234567890123)};
  cost.report_log = ReportLogRecord{.file = "lambda.log",
                                    .lines = 3000,
                                    .records = 1000,
                                    .duplicates = 1,
                                    .malformed_count = 1,
                                    .malformed = {{17, "Duration: expected milliseconds"}},
                                    .cold_starts = 1,
                                    .timeouts = 2,
                                    .billed_mismatches = 0,
                                    .billed_ms_total = 913000,
                                    .recomputed_billed_ms_total = 913000,
                                    .line_items = {item(0.0123)},
                                    .total_usd = 0.0123};
  cost.comparison = ComparisonRecord{0.0121, 0.0123, -1.6260162601626016};
  cost.total_usd = 0.0121;
  cost.notes = {"aws-lambda duration-arm64: price not verified"};
  return cost;
}

class cost_test : public testing::RunDirTest {};

TEST_F(cost_test, write_then_read_gives_the_same_file) {
  write_cost_file(dir_ / "cost.json", sample());
  EXPECT_EQ(read_cost_file(dir_ / "cost.json"), sample());
}

TEST(cost_format_test, money_is_written_as_numbers_at_full_precision) {
  const boost::json::value doc = boost::json::parse(cost_to_json(sample()));
  const auto& c = doc.at("classes").at(0);
  ASSERT_TRUE(c.at("cost_per_request_usd").is_double());
  EXPECT_EQ(c.at("cost_per_request_usd").as_double(), 0.0000078123456789);
  EXPECT_TRUE(doc.at("line_items").at(0).at("usd").is_double());
  EXPECT_EQ(doc.at("line_items").at(0).at("usd").as_double(), 0.0061234567890123);
  EXPECT_TRUE(doc.at("total_usd").is_double());
  EXPECT_TRUE(doc.at("classes").at(1).at("amplification").is_null());
}

TEST(cost_format_test, either_price_implies_the_other) {
  const CostFile cost = parse_cost(
      R"({"schema":"walletfuzz.cost/1.2","classes":[{"name":"a","cost_per_million_usd":2.5},
          {"name":"b","cost_per_request_usd":0.000001}]})",
      "c.json");
  EXPECT_DOUBLE_EQ(cost.classes[0].cost_per_request_usd, 2.5e-6);
  EXPECT_DOUBLE_EQ(cost.classes[1].cost_per_million_usd, 1.0);
}

TEST(cost_format_test, wrong_types_name_the_field) {
  EXPECT_EQ(input_error([] {
              parse_cost(R"({"schema":"walletfuzz.cost/1","classes":[{"name":"a"},
                  {"name":"b","cost_per_million_usd":"7.80"}]})",
                         "run/cost.json");
            }),
            "run/cost.json: classes[1].cost_per_million_usd: expected a number");
  EXPECT_THAT(input_error([] {
                parse_cost(R"({"schema":"walletfuzz.cost/1","classes":[],
                    "report_log":{"line_items":[{"usd":true}]}})",
                           "c.json");
              }),
              HasSubstr("c.json: report_log.line_items[0].usd: expected a number"));
  EXPECT_THAT(input_error([] {
                parse_cost(R"({"schema":"walletfuzz.cost/1","classes":[],"notes":[1]})", "c.json");
              }),
              HasSubstr("c.json: notes[0]: expected a string"));
  EXPECT_THAT(input_error([] { parse_cost(R"({"schema":"walletfuzz.cost/1"})", "c.json"); }),
              HasSubstr("c.json: classes: missing"));
}

TEST_F(cost_test, a_spend_curve_round_trips_and_a_ragged_one_is_refused) {
  CostFile cost = sample();
  cost.attack_scenarios.push_back({.function = "search-products",
                                   .class_name = "finding:slow-3f2a9c1d",
                                   .rate_rps = 100,
                                   .curve_rates_rps = {1, 10, 100},
                                   .curve = {{"none", "", 333.3, {0.18, 1.8, 18}},
                                             {"rate_limit", "R = 10 req/s", 10, {0.18, 1.8, 1.8}},
                                             {"input_size_limit", "1024 bytes", {}, {0, 0, 0}}}});
  write_cost_file(dir_ / "cost.json", cost);
  EXPECT_EQ(read_cost_file(dir_ / "cost.json"), cost);
  EXPECT_THAT(input_error([] {
                parse_cost(R"({"schema":"walletfuzz.cost/1","classes":[],"attack_scenarios":[
                    {"class":"c","spend_curve":{"rates_rps":[1,2],
                     "series":[{"id":"none","usd_per_hour":[1]}]}}]})",
                           "c.json");
              }),
              HasSubstr("c.json: attack_scenarios[0].spend_curve.series[0].usd_per_hour: has 1 "
                        "values for 2 rates"));
  EXPECT_THAT(input_error([] {
                parse_cost(R"({"schema":"walletfuzz.cost/1","classes":[],"attack_scenarios":[
                    {"class":"c","spend_curve":{"rates_rps":[2,1],"series":[]}}]})",
                           "c.json");
              }),
              HasSubstr("spend_curve.rates_rps: must be positive and ascending"));
}

}  // namespace
}  // namespace walletfuzz::formats
