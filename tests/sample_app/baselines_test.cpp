// Every handler's baseline requests, in both variants: correct answers, little work.
#include <gtest/gtest.h>

#include "handler_invoker.hpp"
#include "walletfuzz/core/allocation_tracking.hpp"

namespace walletfuzz {
namespace {

using testing::invoke_raw;

class SampleBaselines : public ::testing::TestWithParam<SampleAppVariant> {
 protected:
  void SetUp() override { enable_allocation_tracking(); }
  HandlerRegistry app_ = make_sample_app(GetParam());
  const HandlerSpec& handler(std::string_view name) {
    const HandlerSpec* spec = app_.find(name);
    if (spec == nullptr) throw std::runtime_error("no handler " + std::string(name));
    return *spec;
  }
};

TEST_P(SampleBaselines, has_seven_routed_handlers_each_with_parsable_baselines) {
  ASSERT_GE(app_.handlers().size(), 7u);
  for (const auto& spec : app_.handlers()) {
    ASSERT_FALSE(spec.baseline_requests.empty()) << spec.name;
    for (const auto& raw : spec.baseline_requests) {
      auto parsed = parse_request(raw);
      ASSERT_TRUE(parsed.request) << spec.name << ": " << parsed.error;
      EXPECT_EQ(app_.route(parsed.request->method, parsed.request->path()), &spec) << spec.name;
    }
  }
}

TEST_P(SampleBaselines, every_baseline_succeeds_quickly_with_little_work_and_memory) {
  for (const auto& spec : app_.handlers()) {
    for (const auto& raw : spec.baseline_requests) {
      auto result = invoke_raw(spec, raw);
      EXPECT_GE(result.response.status, 200) << spec.name << ": " << result.response.body;
      EXPECT_LT(result.response.status, 300) << spec.name << ": " << result.response.body;
      EXPECT_EQ(result.response.headers.get("Content-Type"), "application/json") << spec.name;
      EXPECT_NO_THROW((void)result.json()) << spec.name;
      EXPECT_LE(result.charged, 60u) << spec.name;
      EXPECT_LT(result.peak_bytes, 2u * 1024 * 1024) << spec.name;
      // A generous sanity bound (debug + sanitizers on a shared CI core), not a benchmark.
      EXPECT_LT(result.milliseconds, 250.0) << spec.name;
    }
  }
}

TEST_P(SampleBaselines, signup_creates_the_account_with_the_requested_plan) {
  const auto& spec = handler("signup");
  auto result = invoke_raw(spec, spec.baseline_requests[1]);
  ASSERT_EQ(result.response.status, 201);
  auto body = result.json().as_object();
  EXPECT_EQ(body.at("username"), "m.rossi-42");
  EXPECT_EQ(body.at("plan"), "pro");
  EXPECT_TRUE(body.at("user_id").as_string().starts_with("u_"));
}

TEST_P(SampleBaselines, list_orders_returns_the_requested_page_and_reads_one_row_per_order) {
  const auto& spec = handler("list-orders");
  auto first = invoke_raw(spec, spec.baseline_requests[0]);
  ASSERT_EQ(first.response.status, 200);
  EXPECT_EQ(first.json().at("orders").as_array().size(), 20u);
  EXPECT_EQ(first.charged, 20u);
  auto second = invoke_raw(spec, spec.baseline_requests[1]);
  auto page = second.json().as_object();
  EXPECT_EQ(page.at("orders").as_array().size(), 50u);
  EXPECT_EQ(page.at("orders").as_array()[0].at("order_id"), "o_1042_20");
  EXPECT_EQ(page.at("next_cursor").as_int64(), 70);
}

TEST_P(SampleBaselines, import_contacts_drops_case_insensitive_duplicates) {
  auto body =
      invoke_raw(handler("import-contacts"), handler("import-contacts").baseline_requests[0])
          .json()
          .as_object();
  EXPECT_EQ(body.at("received").as_int64(), 3);
  EXPECT_EQ(body.at("imported").as_int64(), 2);
  EXPECT_EQ(body.at("duplicates").as_int64(), 1);
}

TEST_P(SampleBaselines, shipping_quote_prices_by_zone_weight_and_service) {
  const auto& spec = handler("shipping-quote");
  // DE: 490 base + ceil(2.5 kg) * 90 = 760; FR express: (790 + 1 * 140) * 1.8 = 1674.
  EXPECT_EQ(invoke_raw(spec, spec.baseline_requests[0]).json().at("price_cents").as_int64(), 760);
  EXPECT_EQ(invoke_raw(spec, spec.baseline_requests[1]).json().at("price_cents").as_int64(), 1674);
}

TEST_P(SampleBaselines, create_payment_captures_the_amount) {
  auto body =
      invoke_raw(handler("create-payment"), handler("create-payment").baseline_requests[0]).json();
  EXPECT_EQ(body.at("status"), "captured");
  EXPECT_EQ(body.at("amount_cents").as_int64(), 1999);
}

TEST_P(SampleBaselines, get_config_returns_the_service_flags_without_secrets) {
  const auto& spec = handler("get-config");
  for (const auto& raw : spec.baseline_requests) {
    auto result = invoke_raw(spec, raw);
    EXPECT_TRUE(result.json().as_object().contains("flags"));
    EXPECT_EQ(result.response.body.find("ASIA"), std::string::npos);
  }
}

TEST_P(SampleBaselines, import_events_counts_gzip_and_plain_uploads_by_type) {
  const auto& spec = handler("import-events");
  auto gzipped = invoke_raw(spec, spec.baseline_requests[0]).json().as_object();
  EXPECT_EQ(gzipped.at("accepted").as_int64(), 40);
  EXPECT_EQ(gzipped.at("by_type").at("page_view").as_int64(), 10);
  auto plain = invoke_raw(spec, spec.baseline_requests[1]).json().as_object();
  EXPECT_EQ(plain.at("accepted").as_int64(), 5);
}

INSTANTIATE_TEST_SUITE_P(Variants, SampleBaselines,
                         ::testing::Values(SampleAppVariant::vulnerable, SampleAppVariant::fixed),
                         [](const auto& param_info) {
                           return std::string(to_string(param_info.param));
                         });

TEST(SampleAppVariant, parses_its_own_names_only) {
  EXPECT_EQ(parse_sample_app_variant("fixed"), SampleAppVariant::fixed);
  EXPECT_EQ(parse_sample_app_variant("vulnerable"), SampleAppVariant::vulnerable);
  EXPECT_EQ(parse_sample_app_variant("Fixed"), std::nullopt);
  EXPECT_EQ(parse_sample_app_variant(""), std::nullopt);
}

}  // namespace
}  // namespace walletfuzz
