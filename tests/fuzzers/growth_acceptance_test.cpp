// Acceptance of scale probing on the sample app (issue #21), without a fuzzing campaign: each
// input goes through what triage does with a slow candidate (the slow verdict against the
// handler's baseline, then probing and apply_probe), with the handler run in-process.
//
// Not timing-dependent: the fit classifies the shape of cost against size, whatever the
// machine's speed. Each point is the minimum of several runs of the thread's CPU time (the
// least disturbed by a shared machine; triage measures wall time in a child process), and the
// inputs are small enough that the whole test does a few seconds of work.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "in_process_probe.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/fuzzers/scale_probe.hpp"
#include "walletfuzz/sample_app/app.hpp"

namespace walletfuzz::fuzzers {
namespace {

// A slow candidate through triage's rules; nullopt when triage would not keep it.
std::optional<Finding> triage_in_process(const HandlerSpec& spec, const std::string& input) {
  const std::string& baseline = spec.baseline_requests.front();
  const double baseline_ns = *testing::run_in_process(spec, baseline).cost_ns;
  const double ns = *testing::run_in_process(spec, input).cost_ns;
  Finding f{.handler = spec.name,
            .kind = FindingKind::slow,
            .median_ns = static_cast<std::uint64_t>(ns),
            .baseline_median_ns = static_cast<std::uint64_t>(baseline_ns),
            .amplification = ns / baseline_ns,
            .request_bytes = input.size(),
            .baseline_request_bytes = baseline.size(),
            .request = input};
  if (f.amplification < SlowRule{}.ratio) return std::nullopt;  // not even a candidate
  f.size_aware_amplification =
      size_aware_amplification(f.amplification, f.request_bytes, f.baseline_request_bytes);
  const bool size_only =
      !slow_verdict(f.amplification, f.request_bytes, f.baseline_request_bytes, f.median_ns, {});
  ProbeLimits limits{.timeout_ns =
                         std::chrono::duration<double, std::nano>(spec.settings.timeout).count()};
  auto result = probe_scaling(input, limits, testing::in_process_measure(spec));
  if (!apply_probe(f, result, size_only)) return std::nullopt;
  return f;
}

std::string post(const std::string& target, const std::string& body) {
  return "POST " + target + " HTTP/1.1\r\nHost: sample.app\r\nContent-Type: application/json\r\n" +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// What fuzzing grows on the vulnerable app (the request-aware mutator's array growth, its
// repeated piece and its numeric growth); the signup input is the regression corpus's own.
std::string many_contacts() {
  std::string body = R"({"contacts":[)";
  for (int i = 0; i < 858; ++i) {
    body += (i ? "," : "") + std::string(R"({"email":"c)") + std::to_string(i) +
            R"(@example.com","name":"C"})";
  }
  return post("/contacts/import", body + "]}");
}
std::string redos_username() {
  std::ifstream in(std::string(WALLETFUZZ_SOURCE_DIR) +
                   "/fuzzers/regression/sample_app/slow-signup-redos-username.http");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}
std::string large_limit() {
  return "GET /orders?customer_id=c_1042&limit=2000&cursor=0 HTTP/1.1\r\nHost: sample.app\r\n\r\n";
}

const HandlerSpec& handler(const HandlerRegistry& app, const char* method, const char* route) {
  const HandlerSpec* spec = app.route(method, route);
  EXPECT_NE(spec, nullptr) << route;
  return *spec;
}

TEST(growth_acceptance, the_vulnerable_apps_defects_come_out_with_their_growth_and_worst_case) {
  const HandlerRegistry app = make_sample_app(SampleAppVariant::vulnerable);

  auto contacts = triage_in_process(handler(app, "POST", "/contacts/import"), many_contacts());
  ASSERT_TRUE(contacts);
  ASSERT_TRUE(contacts->growth);
  EXPECT_EQ(contacts->growth->words, "quadratic in the number of `contacts`");
  EXPECT_TRUE(contacts->growth->superlinear);
  // 6 MB of contacts is far past the 5 s timeout: every such request bills all of it.
  EXPECT_TRUE(contacts->growth->worst_case.reaches_timeout);
  EXPECT_EQ(contacts->growth->worst_case.billed_ms, 5000);
  ASSERT_TRUE(contacts->growth->worst_case.timeout_request_bytes);
  EXPECT_LT(*contacts->growth->worst_case.timeout_request_bytes, 6291456);

  auto signup = triage_in_process(handler(app, "POST", "/signup"), redos_username());
  ASSERT_TRUE(signup);
  ASSERT_TRUE(signup->growth);
  EXPECT_EQ(signup->growth->words, "exponential in the length of `username`");
  EXPECT_TRUE(signup->growth->worst_case.timeout_count);  // a few more characters

  auto orders = triage_in_process(handler(app, "GET", "/orders"), large_limit());
  ASSERT_TRUE(orders);
  ASSERT_TRUE(orders->growth);
  EXPECT_EQ(orders->growth->words, "linear in `limit`, unbounded");
  EXPECT_TRUE(orders->growth->worst_case.reaches_timeout);  // a large enough limit bills 3 s
  ASSERT_TRUE(orders->growth->worst_case.timeout_count);
  EXPECT_GT(*orders->growth->worst_case.timeout_count, 2000);
}

TEST(growth_acceptance, the_fixed_app_given_the_vulnerable_apps_inputs_has_no_slow_finding) {
  const HandlerRegistry app = make_sample_app(SampleAppVariant::fixed);
  // Kept findings would face the demo scenario's max_amplification gate (100, size-aware);
  // none is kept at all: the fixes turn each input into normal work for its size or a refusal.
  for (const auto& [method, route, input] :
       {std::tuple{"POST", "/contacts/import", many_contacts()},
        std::tuple{"POST", "/signup", redos_username()},
        std::tuple{"GET", "/orders", large_limit()}}) {
    auto f = triage_in_process(handler(app, method, route), input);
    EXPECT_FALSE(f && judged_amplification(*f, AmplificationBasis::size_aware) >= 100)
        << route << ": " << (f ? f->summary : "");
  }
}

}  // namespace
}  // namespace walletfuzz::fuzzers
