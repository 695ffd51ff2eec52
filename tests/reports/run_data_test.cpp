#include "walletfuzz/reports/run_data.hpp"

#include <gtest/gtest.h>

#include "report_test_support.hpp"
#include "walletfuzz/core/error.hpp"

namespace walletfuzz::reports {
namespace {

using testing::TempDir;

TEST(run_data_test, loads_the_three_files_and_ignores_unknown_fields) {
  RunData run = load_run_data(testing::fixture_runs() / "run-1");
  ASSERT_EQ(run.findings.size(), 4u);
  EXPECT_EQ(run.generated_at, "2026-11-28T12:00:00Z");
  const Finding& slow = run.findings[0];
  EXPECT_EQ(slow.id, "slow-3f2a9c1d");
  EXPECT_EQ(slow.kind, "slow");
  EXPECT_EQ(slow.signature, "search-products:slow:cost-bucket-17");
  EXPECT_DOUBLE_EQ(*slow.median_ns, 912345678);
  EXPECT_DOUBLE_EQ(*slow.amplification, 19973.2);
  ASSERT_TRUE(run.findings[3].leak);
  EXPECT_EQ(run.findings[3].leak->rule, "aws-access-key-id");
  EXPECT_TRUE(run.findings[3].flaky);

  ASSERT_TRUE(run.load);
  ASSERT_EQ(run.load->classes.size(), 5u);
  const LoadClass& slow_load = run.load->classes[2];
  EXPECT_EQ(slow_load.finding_id, "slow-3f2a9c1d");
  EXPECT_EQ(slow_load.throttled, 12u);
  EXPECT_EQ(slow_load.status.at("429"), 12u);
  // Percentiles are the histogram's (within its bucket precision of the fixture's figures).
  EXPECT_NEAR(*slow_load.latency->get("p99"), 1850.0, 1850.0 * 0.005);
  EXPECT_NEAR(*slow_load.latency_uncorrected->get("p99"), 990.0, 990.0 * 0.005);
  EXPECT_EQ(run.load->classes[0].finding_id, "") << "null is read as absent";

  ASSERT_TRUE(run.cost);
  EXPECT_DOUBLE_EQ(*run.cost->account_concurrency_limit, 1000);
  const CostClass* timeout = run.cost_class("finding:timeout-9e01aa02");
  ASSERT_NE(timeout, nullptr);
  // Only cost_per_million_usd is written for this class; the per-request price follows from it.
  EXPECT_DOUBLE_EQ(*timeout->cost_per_request_usd, 20.2e-6);
  EXPECT_EQ(run.cost_of(run.findings[1]), timeout);
  EXPECT_EQ(run.load_of(run.findings[0]), &slow_load);
}

TEST(run_data_test, request_text_is_redacted_printable_and_escaped_bytes_kept_visible) {
  RunData run = load_run_data(testing::fixture_runs() / "run-1");
  const Finding& leak = run.findings[3];
  for (const std::string& secret : testing::planted_secrets()) {
    EXPECT_EQ(leak.request_text.find(secret), std::string::npos) << secret;
    EXPECT_EQ(leak.summary.find(secret), std::string::npos) << secret;
  }
  EXPECT_NE(leak.request_text.find("Authorization: Bearer [REDACTED:"), std::string::npos);
  EXPECT_NE(leak.request_text.find("Host: app"), std::string::npos) << "non-secret headers stay";
  ASSERT_TRUE(leak.request);
  EXPECT_EQ(leak.request->method, "POST");
  EXPECT_EQ(leak.request->body.find("hunter2"), std::string::npos);

  const Finding& crash = run.findings[2];
  EXPECT_NE(crash.request_text.find("\\x00\\xff\\xfe"), std::string::npos) << crash.request_text;
  EXPECT_EQ(crash.request_text.find('\r'), std::string::npos) << "CRLF shown as line ends";
}

TEST(run_data_test, request_files_outside_the_run_directory_or_missing_are_noted_not_fatal) {
  RunData run = load_run_data(testing::fixture_runs() / "fuzz-only");
  ASSERT_EQ(run.findings.size(), 2u);
  EXPECT_TRUE(run.findings[0].request_text.empty());
  EXPECT_NE(run.findings[0].request_error.find("outside the run directory"), std::string::npos);
  EXPECT_NE(run.findings[1].request_error.find("missing"), std::string::npos);
  EXPECT_FALSE(run.load);
  EXPECT_FALSE(run.cost);
}

TEST(run_data_test, long_requests_are_cut_with_a_note) {
  TempDir tmp;
  auto run_dir = tmp.path() / "run";
  testing::spit(run_dir / "findings.json",
                R"({"schema":"walletfuzz.findings/1",
                    "findings":[{"id":"a","handler":"h","kind":"slow","file":"big.http"}]})");
  testing::spit(
      run_dir / "big.http",
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n" + std::string(10000, 'A'));
  RunDataLimits limits;
  limits.shown_request_bytes = 100;
  RunData run = load_run_data(run_dir, limits);
  EXPECT_LT(run.findings[0].request_text.size(), 200u);
  EXPECT_NE(run.findings[0].request_text.find("more bytes in big.http"), std::string::npos);
}

InputError expect_input_error(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error;
  }
  ADD_FAILURE() << "no InputError";
  return InputError({}, "none");
}

TEST(run_data_test, cost_functions_are_read_with_their_report_log_bill) {
  const CostResult cost =
      cost_view(formats::parse_cost(R"({"schema":"walletfuzz.cost/1","classes":[],
    "functions":[{"name":"signup","arch":"arm64","memory_mb":256,"invocations":10,
                  "line_items":[{"meter":"requests","description":"Requests","usd":0.000002}],
                  "total_usd":0.00003,"report_log":{"total_usd":0.00002},"comparison":null},
                 {"name":null,"memory_mb":128,"total_usd":0,"report_log":null}]})",
                                    "c.json"));
  ASSERT_EQ(cost.functions.size(), 2u);
  EXPECT_EQ(cost.functions[0].name, "signup");
  EXPECT_EQ(cost.functions[0].memory_mb, 256);
  ASSERT_EQ(cost.functions[0].line_items.size(), 1u);
  EXPECT_EQ(cost.functions[0].line_items[0].description, "Requests");
  EXPECT_NEAR(*cost.functions[0].difference_pct(), 50.0, 1e-9);
  EXPECT_EQ(cost.functions[1].name, "");
  EXPECT_FALSE(cost.functions[1].difference_pct());
}

TEST(run_data_test, a_bad_run_file_fails_the_report_naming_file_and_field) {
  TempDir tmp;
  testing::spit(tmp.path() / "cost.json",
                R"({"schema":"walletfuzz.cost/1","classes":[{"name":"x","requests":"many"}]})");
  auto error = expect_input_error([&] { load_run_data(tmp.path()); });
  EXPECT_EQ(error.where().file, (tmp.path() / "cost.json").string());
  EXPECT_EQ(error.where().field, "classes[0].requests");
  testing::spit(tmp.path() / "cost.json", R"({"schema":"walletfuzz.cost/2","classes":[]})");
  error = expect_input_error([&] { load_run_data(tmp.path()); });
  EXPECT_EQ(error.where().field, "schema");
}

TEST(run_data_test, a_directory_without_stage_files_is_bad_input) {
  TempDir tmp;
  auto error = expect_input_error([&] { load_run_data(tmp.path()); });
  EXPECT_NE(std::string(error.what()).find("none of findings.json"), std::string::npos);
  error = expect_input_error([&] { load_run_data(tmp.path() / "absent"); });
  EXPECT_NE(std::string(error.what()).find("not a run directory"), std::string::npos);
}

}  // namespace
}  // namespace walletfuzz::reports
