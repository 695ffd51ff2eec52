// load.json as the replay stage writes it (docs/FORMATS.md), billed per histogram bucket; and
// the cost.json written for a run directory.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/core/histogram.hpp"
#include "walletfuzz/cost_model/cost_run.hpp"

namespace walletfuzz::cost_model {
namespace {

namespace json = boost::json;

formats::ClassResult load_class(std::string name, std::string kind, std::uint64_t n,
                                std::uint64_t ns, std::uint64_t throttled, std::uint64_t timeouts) {
  formats::ClassResult c;
  c.name = std::move(name);
  c.kind = kind;
  c.handler = "search-products";
  c.finding_id = kind == "baseline" ? "" : "slow-1";
  formats::ClassStats& s = c.stats;
  s.latency.record_n(ns, n - throttled);
  s.latency.record_n(1'000'000, throttled);  // 429s come back in 1 ms
  s.latency_uncorrected = s.latency;
  s.responses = n;
  s.errors[static_cast<std::size_t>(formats::ErrorKind::timeout)] = timeouts;
  s.sent = s.scheduled = n + timeouts;
  s.status[200] = n - throttled;
  s.status[429] = throttled;
  s.throttled = throttled;
  s.bytes_out = 500 * (n + timeouts);
  s.bytes_in = 2000 * n;
  return c;
}

formats::LoadResult sample_load_result() {
  formats::LoadResult load;
  load.target = "http://127.0.0.1:8080";
  load.duration_s = load.send_duration_s = 10.0;
  load.classes = {load_class("baseline:search-products", "baseline", 1000, 20'000'000, 0, 0),
                  load_class("finding:slow-1", "slow", 100, 900'000'000, 10, 5)};
  return load;
}

std::string sample_load() {
  return formats::load_to_json(sample_load_result());
}

BillingModel lambda_512(const PricingCatalog& catalog) {
  FunctionConfig config;
  config.memory_mb = 512;
  config.timeout_s = 3;
  return BillingModel(catalog, config);
}

TEST(run_inputs, bills_each_histogram_bucket_at_its_own_duration) {
  const auto catalog = PricingCatalog::builtin();
  const BillingModel model = lambda_512(catalog);
  const LoadInput load = load_input(sample_load_result());
  ASSERT_EQ(load.classes.size(), 2u);
  EXPECT_EQ(load.classes[0].duration_source, "histogram_uncorrected");
  const LoadBilling billed = bill_load(model, load, {});
  // Baseline: every value 20 ms exactly (min = max, so the bucket is exact).
  EXPECT_EQ(billed.classes[0].usage.invocations, 1000u);
  EXPECT_EQ(billed.classes[0].usage.billed_ms, 1000 * 20.0);
  // Slow class: 10 throttled responses are not executions; 90 at ~900 ms (bucket precision
  // 0.4%), and 5 client timeouts billed at the full 3 s timeout.
  const Usage& slow = billed.classes[1].usage;
  EXPECT_EQ(slow.invocations, 95u);
  EXPECT_EQ(slow.timeouts, 5u);
  EXPECT_GE(slow.billed_ms, 90 * 900.0 + 5 * 3000.0);
  EXPECT_LE(slow.billed_ms, 90 * 904.0 + 5 * 3000.0);
  EXPECT_EQ(slow.requests, 105u);  // the front door saw the throttled ones too
  EXPECT_GT(billed.classes[1].cost_per_request_usd / billed.classes[0].cost_per_request_usd, 10.0);
  EXPECT_NEAR(billed.bill.total_usd,
              (slow.mb_ms + 20000.0 * 512) / 1024 / 1000 * 0.0000166667 + (1000 + 95) * 0.2 / 1e6,
              1e-12);
}

TEST(run_inputs, load_input_counts_timeouts_apart_from_other_errors) {
  formats::LoadResult load = sample_load_result();
  load.classes[1].stats.errors[static_cast<std::size_t>(formats::ErrorKind::reset)] = 2;
  const LoadInput in = load_input(load);
  EXPECT_EQ(in.classes[1].timeouts, 5u);
  EXPECT_EQ(in.classes[1].other_errors, 2u);
  EXPECT_EQ(in.classes[1].throttled, 10u);
  std::uint64_t billed = 0;
  for (const DurationBucket& bucket : in.classes[1].durations) billed += bucket.count;
  EXPECT_EQ(billed, 100u);  // one duration per response
}

class cost_run_dir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(WALLETFUZZ_BINARY_DIR) / "cost_run_test" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  std::filesystem::path dir_;
};

TEST_F(cost_run_dir, writes_cost_json_with_classes_attack_and_concurrency) {
  write_file_atomically(dir_ / "load.json", sample_load());
  write_file_atomically(dir_ / "findings.json",
                        R"({"schema":"walletfuzz.findings/1","findings":[
                           {"id":"slow-1","handler":"search-products","kind":"slow","cost":{"median_ns":900000000,"baseline_median_ns":20000000}},
                           {"id":"slow-2","handler":"search-products","kind":"slow","cost":{"median_ns":2000000000,"baseline_median_ns":20000000}}]})");
  CostRunOptions options;
  options.run_dir = dir_;
  options.function.memory_mb = 512;
  options.function.timeout_s = 3;
  options.generated_at = "2026-11-28T12:00:00Z";
  const CostRunResult result = run_cost(PricingCatalog::builtin(), options);
  EXPECT_EQ(result.written, dir_ / "cost.json");
  const auto doc = json::parse(read_file(dir_ / "cost.json")).as_object();
  EXPECT_EQ(doc.at("schema").as_string(), "walletfuzz.cost/1");
  const auto& classes = doc.at("classes").as_array();
  ASSERT_EQ(classes.size(), 3u);  // two replayed classes and one finding that was not replayed
  EXPECT_EQ(classes[2].at("name").as_string(), "finding:slow-2");
  EXPECT_EQ(classes[2].at("source").as_string(), "findings");
  // 2,000 ms vs 20 ms at 0.5 GB: GB-s at $0.0000166667 plus the $0.20-per-million request fee.
  const double per_ms = 0.5 * 0.0000166667 / 1000;
  EXPECT_NEAR(classes[2].at("amplification").as_double(),
              (2000 * per_ms + 0.2e-6) / (20 * per_ms + 0.2e-6), 1e-9);
  const auto& attacker = doc.at("attacker").as_array();
  ASSERT_EQ(attacker.size(), 2u);
  EXPECT_EQ(attacker[0].at("rate_rps").as_double(), 100.0);
  EXPECT_GT(attacker[0].at("owner_usd_per_attacker_usd").as_double(), 1.0);
  // Little's law: 1,000 / 2.0 s = 500 requests/s for the slowest class.
  EXPECT_NEAR(doc.at("concurrency").at("throttle_rate_rps").as_double(), 500.0, 1e-6);
  EXPECT_EQ(doc.at("concurrency").at("throttle_class").as_string(), "finding:slow-2");
  EXPECT_NEAR(doc.at("total_usd").as_double(), result.total_usd, 1e-15);
  EXPECT_GT(result.total_usd, 0.0);
}

TEST_F(cost_run_dir, compares_the_client_estimate_with_report_lines) {
  write_file_atomically(dir_ / "load.json", sample_load());
  write_file_atomically(dir_ / "lambda.log",
                        "REPORT RequestId: a\tDuration: 19.5 ms\tBilled Duration: 20 ms\tMemory "
                        "Size: 512 MB\tMax Memory Used: 50 MB\n"
                        "REPORT RequestId: b\tDuration: x ms\n");
  CostRunOptions options;
  options.run_dir = dir_;
  options.function.memory_mb = 512;
  options.lambda_log = dir_ / "lambda.log";
  const CostRunResult result = run_cost(PricingCatalog::builtin(), options);
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_NE(result.warnings[0].find("lambda.log:2: skipped"), std::string::npos);
  const auto doc = json::parse(result.json_text).as_object();
  EXPECT_EQ(doc.at("report_log").at("records").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(doc.at("report_log").at("malformed_count").to_number<std::uint64_t>(), 1u);
  EXPECT_TRUE(doc.at("comparison").at("difference_pct").is_double());
}

TEST_F(cost_run_dir, an_empty_directory_is_bad_input) {
  CostRunOptions options;
  options.run_dir = dir_;
  EXPECT_THROW(run_cost(PricingCatalog::builtin(), options), InputError);
  options.run_dir = dir_ / "missing";
  EXPECT_THROW(run_cost(PricingCatalog::builtin(), options), InputError);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "cost.json"));
}

}  // namespace
}  // namespace walletfuzz::cost_model
