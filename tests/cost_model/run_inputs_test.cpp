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

// Two functions: search-products (baseline, 20 ms) at 512 MB arm64, and get-order (a slow
// finding, 900 ms) not listed, so at the default 128 MB.
std::string two_function_load() {
  auto load = json::parse(sample_load()).as_object();
  load["classes"].as_array()[1].as_object()["handler"] = "get-order";
  return json::serialize(load);
}

CostRunOptions two_functions(const std::filesystem::path& dir) {
  CostRunOptions options;
  options.run_dir = dir;
  options.functions["search-products"].config = {.arch = "arm64", .memory_mb = 512};
  options.functions["search-products"].reserved_concurrency = 10;
  return options;
}

TEST_F(cost_run_dir, prices_each_class_at_its_own_functions_configuration) {
  write_file_atomically(dir_ / "load.json", two_function_load());
  const auto doc =
      json::parse(run_cost(PricingCatalog::builtin(), two_functions(dir_)).json_text).as_object();
  const auto& classes = doc.at("classes").as_array();
  ASSERT_EQ(classes.size(), 2u);
  EXPECT_EQ(classes[0].at("function").as_string(), "search-products");
  EXPECT_EQ(classes[0].at("memory_mb").as_double(), 512.0);
  EXPECT_EQ(classes[0].at("arch").as_string(), "arm64");
  EXPECT_TRUE(classes[1].at("function").is_null());  // get-order is not listed: the default
  EXPECT_EQ(classes[1].at("memory_mb").as_double(), 128.0);
  // 20 ms at 0.5 GB arm64 ($0.0000133334 per GB-s) plus the request fee.
  EXPECT_NEAR(classes[0].at("cost_per_request_usd").as_double(),
              20 * 0.5 * 0.0000133334 / 1000 + 0.2e-6, 1e-12);
  // Its reserved concurrency of 10 bounds its throttle onset: 10 / 0.02 s = 500 requests/s.
  EXPECT_NEAR(classes[0].at("throttle_onset_rps").as_double(), 500.0, 1e-6);

  const auto& functions = doc.at("functions").as_array();
  ASSERT_EQ(functions.size(), 2u);  // the default ("" first) and search-products
  EXPECT_TRUE(functions[0].at("name").is_null());
  EXPECT_EQ(functions[1].at("name").as_string(), "search-products");
  EXPECT_EQ(functions[1].at("memory_mb").as_double(), 512.0);
  EXPECT_EQ(functions[1].at("reserved_concurrency").to_number<double>(), 10.0);
  EXPECT_EQ(functions[1].at("invocations").to_number<std::uint64_t>(), 1000u);
  // The run's total is the functions' bills together.
  EXPECT_NEAR(doc.at("total_usd").as_double(),
              functions[0].at("total_usd").as_double() + functions[1].at("total_usd").as_double(),
              1e-12);
}

TEST_F(cost_run_dir, the_free_tier_applies_to_the_run_once_and_only_when_asked) {
  write_file_atomically(dir_ / "load.json", two_function_load());
  CostRunOptions options = two_functions(dir_);
  const double list = run_cost(PricingCatalog::builtin(), options).total_usd;
  EXPECT_GT(list, 0.0);
  options.function.free_tier = true;
  options.functions["search-products"].config.free_tier = true;
  const auto doc = json::parse(run_cost(PricingCatalog::builtin(), options).json_text).as_object();
  EXPECT_TRUE(doc.at("free_tier").as_bool());
  // 1,100 requests and a few GB-s are far inside the monthly free tier...
  EXPECT_EQ(doc.at("total_usd").as_double(), 0.0);
  // ...while each function's own line items stay at list prices (the free tier is the account's).
  EXPECT_GT(doc.at("functions").as_array()[1].at("total_usd").as_double(), 0.0);
}

TEST_F(cost_run_dir, compares_each_functions_estimate_with_its_own_report_lines) {
  write_file_atomically(dir_ / "load.json", two_function_load());
  std::string lines;
  for (int i = 0; i < 1000; ++i) {
    lines += "REPORT RequestId: r" + std::to_string(i) +
             "\tDuration: 19.50 ms\tBilled Duration: 20 ms\tMemory Size: 512 MB\tMax Memory "
             "Used: 50 MB\t\n";
  }
  write_file_atomically(dir_ / "lambda-report" / "search-products.log", lines);
  const auto doc =
      json::parse(run_cost(PricingCatalog::builtin(), two_functions(dir_)).json_text).as_object();
  const auto& search = doc.at("functions").as_array()[1].as_object();
  EXPECT_EQ(search.at("report_log").at("records").to_number<std::uint64_t>(), 1000u);
  EXPECT_NE(search.at("report_log").at("file").as_string().find("search-products.log"),
            std::string::npos);
  // The same 1,000 invocations of 20 ms at 512 MB: estimate and bill agree.
  EXPECT_NEAR(search.at("comparison").at("difference_pct").as_double(), 0.0, 1e-6);
  EXPECT_TRUE(doc.at("functions").as_array()[0].at("report_log").is_null());
  EXPECT_EQ(doc.at("report_log").at("records").to_number<std::uint64_t>(), 1000u);
  EXPECT_EQ(doc.at("inputs").at("lambda_log_dir").as_string(), (dir_ / "lambda-report").string());
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
