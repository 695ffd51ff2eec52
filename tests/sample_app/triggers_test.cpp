// Each planted defect misbehaves as designed in the vulnerable variant and not in the fixed one.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>

#include "handler_invoker.hpp"
#include "walletfuzz/core/allocation_tracking.hpp"

namespace walletfuzz {
namespace {

using testing::invoke_raw;
using testing::json_request;

class SampleTriggers : public ::testing::Test {
 protected:
  void SetUp() override { enable_allocation_tracking(); }
  HandlerRegistry vulnerable_ = make_sample_app(SampleAppVariant::vulnerable);
  HandlerRegistry fixed_ = make_sample_app(SampleAppVariant::fixed);
};

std::string signup_body(const std::string& username) {
  return R"({"username":")" + username + R"(","email":"x@example.com"})";
}

TEST_F(SampleTriggers, signup_username_regex_backtracks_exponentially) {
  // A run of word characters and then one that breaks the match. Each extra character doubles
  // the matching time, so compare two lengths instead of trusting one wall-clock figure.
  auto time_for = [&](const HandlerRegistry& app, int run) {
    auto raw = json_request("POST", "/signup", signup_body(std::string(run, 'a') + "!"));
    auto result = invoke_raw(*app.find("signup"), raw);
    EXPECT_EQ(result.response.status, 400);
    return result.milliseconds;
  };
  // The best of three, so one preemption on a busy CI machine cannot inflate a short timing.
  auto best_of_three = [&](const HandlerRegistry& app, int run) {
    return std::min({time_for(app, run), time_for(app, run), time_for(app, run)});
  };
  double shorter = best_of_three(vulnerable_, 13);
  double longer = time_for(vulnerable_, 19);  // 2^6 = 64 times the work in theory
  EXPECT_GT(longer, 8 * shorter) << shorter << " ms vs " << longer << " ms";
  EXPECT_GT(longer, 2.0);
  double fixed_time = best_of_three(fixed_, 19);
  EXPECT_LT(fixed_time * 20, longer) << "fixed " << fixed_time << " ms";
}

TEST_F(SampleTriggers, signup_caps_the_username_length_so_the_worst_case_stays_bounded) {
  auto raw = json_request("POST", "/signup", signup_body(std::string(40, 'a') + "!"));
  EXPECT_EQ(invoke_raw(*vulnerable_.find("signup"), raw).response.status, 400);
}

TEST_F(SampleTriggers, list_orders_work_grows_with_the_caller_chosen_limit) {
  auto raw = json_request("GET", "/orders?customer_id=c_7&limit=20000", "", "");
  auto result = invoke_raw(*vulnerable_.find("list-orders"), raw);
  EXPECT_EQ(result.response.status, 200);
  EXPECT_EQ(result.charged, 20000u);
  EXPECT_GT(result.peak_bytes, 2u * 1024 * 1024);
  EXPECT_EQ(invoke_raw(*fixed_.find("list-orders"), raw).response.status, 400);
}

TEST_F(SampleTriggers, list_orders_huge_limit_stops_at_the_memory_size_or_the_deadline) {
  auto raw = json_request("GET", "/orders?customer_id=c_7&limit=900000000", "", "");
  FunctionSettings small{.memory_mb = 16, .timeout = std::chrono::seconds(20)};
  EXPECT_THROW(invoke_raw(*vulnerable_.find("list-orders"), raw, small), std::bad_alloc);
  FunctionSettings short_timeout{.memory_mb = 4096, .timeout = std::chrono::milliseconds(50)};
  auto result = invoke_raw(*vulnerable_.find("list-orders"), raw, short_timeout);
  EXPECT_GT(result.charged, 0u);  // worked until cancelled, then returned
  EXPECT_LT(result.charged, 900000000u);
}

std::string contacts_body(int count) {
  std::string body = R"({"contacts":[)";
  for (int i = 0; i < count; ++i) {
    body += (i ? "," : "") + std::string(R"({"email":"u)") + std::to_string(i) + R"(@x.io"})";
  }
  return body + "]}";
}

TEST_F(SampleTriggers, import_contacts_dedupe_is_quadratic_in_the_array_length) {
  const auto& spec = *vulnerable_.find("import-contacts");
  auto small_request = json_request("POST", "/contacts/import", contacts_body(1000));
  auto small = invoke_raw(spec, small_request);
  for (int repeat = 0; repeat < 2; ++repeat) {  // best of three, as above
    auto again = invoke_raw(spec, small_request);
    if (again.milliseconds < small.milliseconds) small = again;
  }
  // The handler stops at its function's timeout, which a loaded machine reached at 5,100 of the
  // 8,000 contacts: the deadline here is far enough never to be the limit.
  FunctionSettings no_deadline = spec.settings;
  no_deadline.timeout = std::chrono::minutes(10);
  auto large =
      invoke_raw(spec, json_request("POST", "/contacts/import", contacts_body(8000)), no_deadline);
  EXPECT_EQ(large.json().at("imported").as_int64(), 8000);
  // 8x the input; linear work would take ~8x the time, this takes far more.
  EXPECT_GT(large.milliseconds, 20 * small.milliseconds)
      << small.milliseconds << " ms vs " << large.milliseconds << " ms";
  auto fixed = invoke_raw(*fixed_.find("import-contacts"),
                          json_request("POST", "/contacts/import", contacts_body(8000)));
  EXPECT_EQ(fixed.response.status, 413);
}

std::string quote_to(std::string_view country) {
  return json_request(
      "POST", "/shipping/quote",
      R"({"weight_kg":1,"destination":{"country":")" + std::string(country) + R"("}})");
}

using SampleTriggersDeathTest = SampleTriggers;

TEST_F(SampleTriggersDeathTest, shipping_quote_crashes_on_a_well_formed_unknown_country) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const auto& spec = *vulnerable_.find("shipping-quote");
  EXPECT_EQ(invoke_raw(spec, quote_to("DE")).response.status, 200);
  EXPECT_EQ(invoke_raw(spec, quote_to("germany")).response.status, 400);
  // A null dereference: SIGSEGV in plain builds, a sanitizer report and abort under ASan/UBSan.
  EXPECT_DEATH((void)invoke_raw(spec, quote_to("ZZ")), "");
}

TEST_F(SampleTriggers, shipping_quote_fixed_answers_unknown_countries_with_422) {
  EXPECT_EQ(invoke_raw(*fixed_.find("shipping-quote"), quote_to("ZZ")).response.status, 422);
}

TEST_F(SampleTriggers, create_payment_leaks_exception_text_and_a_stack_trace) {
  auto raw = json_request(
      "POST", "/payments",
      R"({"order_id":"o_1","amount_cents":"19.99","currency":"EUR","card":{"token":"tok_1"}})");
  auto leaked = invoke_raw(*vulnerable_.find("create-payment"), raw);
  EXPECT_EQ(leaked.response.status, 500);
  auto body = leaked.json().as_object();
  EXPECT_NE(body.at("message").as_string().find("int64"), boost::json::string::npos);
  EXPECT_NE(body.at("at").as_string().find("create_payment.cpp:"), boost::json::string::npos);
  ASSERT_GE(body.at("stack_trace").as_array().size(), 3u);
  EXPECT_TRUE(body.at("stack_trace").as_array()[0].as_string().starts_with("#0 0x"));

  auto missing = invoke_raw(*vulnerable_.find("create-payment"),
                            json_request("POST", "/payments", R"({"order_id":"o_1"})"));
  EXPECT_NE(missing.response.body.find("stack_trace"), std::string::npos);

  auto fixed = invoke_raw(*fixed_.find("create-payment"), raw);
  EXPECT_EQ(fixed.response.status, 400);
  EXPECT_EQ(fixed.response.body, R"({"error":"invalid field: amount_cents"})");
}

TEST_F(SampleTriggers, get_config_debug_error_dumps_the_environment_with_credentials) {
  auto raw = json_request("GET", "/config?service=billing&debug=1", "", "");
  auto leaked = invoke_raw(*vulnerable_.find("get-config"), raw);
  EXPECT_EQ(leaked.response.status, 404);
  auto document = leaked.json();
  const auto& environment = document.at("debug").at("environment");
  EXPECT_TRUE(environment.at("AWS_ACCESS_KEY_ID").as_string().starts_with("ASIA"));
  EXPECT_EQ(environment.at("AWS_SECRET_ACCESS_KEY").as_string().size(), 40u);
  EXPECT_GT(environment.at("AWS_SESSION_TOKEN").as_string().size(), 300u);
  EXPECT_EQ(leaked.response.body.find("EXAMPLE"), std::string::npos);

  // The debug switch alone, on a successful request, does not leak: the error path is needed.
  auto ok = invoke_raw(*vulnerable_.find("get-config"),
                       json_request("GET", "/config?service=cart&debug=1", "", ""));
  EXPECT_EQ(ok.response.body.find("ASIA"), std::string::npos);

  auto fixed = invoke_raw(*fixed_.find("get-config"), raw);
  EXPECT_EQ(fixed.response.status, 404);
  EXPECT_EQ(fixed.response.body, R"({"error":"unknown service"})");
}

// `megabytes` of zeros, gzip-compressed (about 1000:1).
std::string gzip_bomb(std::size_t megabytes) {
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string zeros(1024 * 1024, '\0');
  std::string out;
  std::string chunk(64 * 1024, '\0');
  for (std::size_t i = 0; i < megabytes; ++i) {
    stream.next_in = reinterpret_cast<Bytef*>(zeros.data());
    stream.avail_in = static_cast<uInt>(zeros.size());
    int flush = i + 1 == megabytes ? Z_FINISH : Z_NO_FLUSH;
    do {
      stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
      stream.avail_out = static_cast<uInt>(chunk.size());
      deflate(&stream, flush);
      out.append(chunk.data(), chunk.size() - stream.avail_out);
    } while (stream.avail_out == 0);
  }
  deflateEnd(&stream);
  return out;
}

TEST_F(SampleTriggers, import_events_inflates_a_small_body_until_out_of_memory) {
  std::string bomb = gzip_bomb(48);
  ASSERT_LT(bomb.size(), 100u * 1024);  // a small request...
  auto raw = json_request("POST", "/events/import", bomb,
                          "Content-Type: application/json\r\nContent-Encoding: gzip\r\n");
  FunctionSettings settings = vulnerable_.find("import-events")->settings;
  settings.memory_mb = 32;  // ...that needs more than the function has
  EXPECT_THROW(invoke_raw(*vulnerable_.find("import-events"), raw, settings), std::bad_alloc);

  auto fixed = invoke_raw(*fixed_.find("import-events"), raw, settings);
  EXPECT_EQ(fixed.response.status, 413);
  EXPECT_LT(fixed.peak_bytes, 12u * 1024 * 1024);
}

TEST_F(SampleTriggers, import_events_rejects_corrupt_compressed_bodies) {
  auto raw = json_request("POST", "/events/import", "definitely not gzip",
                          "Content-Type: application/json\r\nContent-Encoding: gzip\r\n");
  EXPECT_EQ(invoke_raw(*vulnerable_.find("import-events"), raw).response.status, 400);
}

}  // namespace
}  // namespace walletfuzz
