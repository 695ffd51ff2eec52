#include "walletfuzz/fuzzers/triage.hpp"

#include <gtest/gtest.h>

namespace walletfuzz::fuzzers {
namespace {

constexpr std::string_view kAsanReport =
    R"(==123==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000000
    #0 0x55d1 in walletfuzz::sample::lookup_zone(std::basic_string_view<char, std::char_traits<char> >) /src/sample_app/src/shipping_quote.cpp:40:12
    #1 0x55d2 in walletfuzz::sample::quote(walletfuzz::Request const&, walletfuzz::InvocationContext&) /src/sample_app/src/shipping_quote.cpp:77:3
    #2 0x55d3 in std::_Function_handler<walletfuzz::Response (walletfuzz::Request const&), F>::_M_invoke(std::_Any_data const&) /usr/include/c++/12/bits/std_function.h:290:9
    #3 0x55d4 in walletfuzz::fuzzers::InvocationHarness::run(std::basic_string_view<char>) const /src/fuzzers/src/invocation_harness.cpp:90:18
    #4 0x55d5 in walletfuzz::fuzzers::run_fuzz_input(unsigned char const*, unsigned long) /src/fuzzers/src/fuzz_target.cpp:200:3
    #5 0x55d6 in LLVMFuzzerTestOneInput /src/fuzzers/targets/sample_app_fuzz.cpp:60:10
    #6 0x55d7 in fuzzer::Fuzzer::ExecuteCallback(unsigned char const*, unsigned long) (/b/sample_app_fuzz+0x1)
    #7 0x55d8 in main (/b/sample_app_fuzz+0x2)
)";

TEST(triage_test, application_frames_skip_runtime_std_and_harness_frames) {
  auto frames = application_frames(kAsanReport);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0], "walletfuzz::sample::lookup_zone");
  EXPECT_EQ(frames[1], "walletfuzz::sample::quote");
}

TEST(triage_test, crash_signature_uses_top_application_frames) {
  EXPECT_EQ(crash_signature("shipping-quote", kAsanReport),
            "shipping-quote:crash:walletfuzz::sample::lookup_zone|walletfuzz::sample::quote");
}

TEST(triage_test, exception_crashes_differing_only_in_numbers_are_one_signature) {
  auto a = crash_signature(
      "pay",
      "==WALLETFUZZ== crash handler=pay exception=std::out_of_range detail=uncaught "
      "std::out_of_range: index 17 past 3\n");
  auto b = crash_signature(
      "pay",
      "==WALLETFUZZ== crash handler=pay exception=std::out_of_range detail=uncaught "
      "std::out_of_range: index 4242 past 9\n");
  auto c = crash_signature(
      "pay",
      "==WALLETFUZZ== crash handler=pay exception=std::invalid_argument detail=uncaught "
      "std::invalid_argument: index 17 past 3\n");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, "pay:crash:std::out_of_range:index # past #");
  EXPECT_NE(a, c);
}

TEST(triage_test, anonymous_namespaces_do_not_cut_frame_names) {
  auto frames = application_frames(
      "    #0 0x1 in app::(anonymous namespace)::base_price(app::(anonymous namespace)::Zone "
      "const*) /src/quote.cpp:53:19\n"
      "    #1 0x2 in app::make_quote_handler(app::Variant)::$_0::operator()(app::Request const&) "
      "const /src/quote.cpp:117:20\n");
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0], "app::base_price");
  EXPECT_EQ(frames[1], "app::make_quote_handler");
}

TEST(triage_test, crash_without_frames_falls_back_to_signal) {
  EXPECT_EQ(crash_signature("h", "==1== ERROR: libFuzzer: deadly signal\n"),
            "h:crash:deadly-signal");
}

// A libFuzzer log as the campaign keeps it: status lines, a slow unit written without ending the
// process, then a crash report and its artifact. Each artifact gets the text since the one
// before, so the crash's report is not mixed with the slow unit's.
TEST(triage_test, reports_by_artifact_pairs_each_written_unit_with_its_own_report) {
  std::string log = "INFO: Seed: 1\n#2\tINITED cov: 10 ft: 12 corp: 1/40b exec/s: 0 rss: 30Mb\n";
  log +=
      "Slow unit: 2 s:\nartifact_prefix='/run/.fuzz/artifacts/h/'; Test unit written to "
      "/run/.fuzz/artifacts/h/slow-unit-aa11\n";
  log +=
      "#900\tNEW cov: 11 ft: 13 corp: 2/80b lim: 4096 exec/s: 450 rss: 31Mb L: 40/40 MS: 1 "
      "Custom-\n";
  log += std::string(kAsanReport);
  log +=
      "MS: 1 Custom-; base unit: 0\nartifact_prefix='/run/.fuzz/artifacts/h/'; Test unit "
      "written to /run/.fuzz/artifacts/h/crash-bb22\nBase64: UE9TVA==\n";

  auto reports = reports_by_artifact(log);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].first, "slow-unit-aa11");
  EXPECT_EQ(reports[0].second.find("AddressSanitizer"), std::string::npos);
  EXPECT_EQ(reports[1].first, "crash-bb22");
  EXPECT_EQ(crash_signature("h", reports[1].second), crash_signature("h", kAsanReport));
  EXPECT_TRUE(reports_by_artifact("#1\tINITED\nDone 100 runs in 1 second(s)\n").empty());
}

TEST(triage_test, slow_signature_names_the_resource_that_grew_most) {
  Baseline base{.wall_median_ns = 1000,
                .cpu_median_ns = 1000,
                .work_units_median = 10,
                .peak_memory_median_bytes = 4096};
  EXPECT_EQ(
      slow_signature("s", {.cpu_ns = 500'000, .work_units = 20, .peak_memory_bytes = 4096}, base),
      "s:slow:cpu");
  EXPECT_EQ(
      slow_signature("s", {.cpu_ns = 2000, .work_units = 20, .peak_memory_bytes = 1 << 24}, base),
      "s:slow:memory");
  EXPECT_EQ(
      slow_signature("s", {.cpu_ns = 2000, .work_units = 100'000, .peak_memory_bytes = 0}, base),
      "s:slow:work");
}

Finding slow(std::string request, double amplification, bool reproducible = true) {
  return {.handler = "h",
          .kind = FindingKind::slow,
          .signature = "h:slow:cpu",
          .amplification = amplification,
          .reproducible = reproducible,
          .flaky = !reproducible,
          .request = std::move(request)};
}

TEST(triage_test, deduplicate_keeps_the_worst_of_each_signature) {
  std::vector<Finding> findings = {slow("a", 120), slow("b", 900), slow("c", 300)};
  findings.push_back(
      {.handler = "h", .kind = FindingKind::leak, .signature = "h:leak:secret:x", .request = "d"});
  auto kept = deduplicate(std::move(findings));
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].kind, FindingKind::slow);
  EXPECT_EQ(kept[0].request, "b");
  EXPECT_EQ(kept[1].kind, FindingKind::leak);
}

TEST(triage_test, reproducible_beats_flaky_even_with_less_amplification) {
  auto kept = deduplicate({slow("flaky", 5000, false), slow("solid", 200, true)});
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].request, "solid");
}

TEST(triage_test, equal_findings_keep_the_smaller_request) {
  Finding a{.signature = "x", .reproducible = true, .request = "longer request"};
  Finding b{.signature = "x", .reproducible = true, .request = "short"};
  EXPECT_TRUE(is_worse(b, a));
  EXPECT_FALSE(is_worse(a, b));
}

TEST(triage_test, finding_id_is_kind_and_stable_hash_of_signature) {
  auto id = finding_id(FindingKind::slow, "search:slow:cpu");
  EXPECT_EQ(id, finding_id(FindingKind::slow, "search:slow:cpu"));
  EXPECT_NE(id, finding_id(FindingKind::slow, "search:slow:memory"));
  ASSERT_EQ(id.size(), 13u);
  EXPECT_EQ(id.substr(0, 5), "slow-");
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef", 5), std::string::npos);
}

TEST(triage_test, slow_verdict_is_per_request_byte_unless_raw) {
  const SlowRule size_aware{.ratio = 10};
  // The fixed import-contacts: 46 KB, 279x a 170-byte baseline request; linear work per byte.
  EXPECT_FALSE(slow_verdict(279, 46'000, 170, 3'000'000, size_aware));
  EXPECT_TRUE(
      slow_verdict(279, 46'000, 170, 3'000'000, {.ratio = 10, .basis = AmplificationBasis::raw}));
  // A 50-byte `limit=500000`: no size allowance, its ratio stands.
  EXPECT_TRUE(slow_verdict(4000, 50, 60, 40'000'000, size_aware));
  // An absolute threshold holds whatever the size; without a ratio only it decides.
  EXPECT_TRUE(slow_verdict(279, 46'000, 170, 3'000'000, {.ratio = 10, .ms = 2}));
  EXPECT_FALSE(slow_verdict(4000, 50, 60, 1'000'000, {.ratio = 0, .ms = 2}));
}

TEST(triage_test, judged_amplification_falls_back_to_raw) {
  Finding f{.amplification = 200};
  EXPECT_EQ(judged_amplification(f, AmplificationBasis::size_aware), 200);
  f.size_aware_amplification = 2;
  EXPECT_EQ(judged_amplification(f, AmplificationBasis::size_aware), 2);
  EXPECT_EQ(judged_amplification(f, AmplificationBasis::raw), 200);
}

TEST(triage_test, confirmation_flags) {
  EXPECT_TRUE(confirm(5, 5).reproducible);
  EXPECT_FALSE(confirm(5, 5).flaky);
  EXPECT_FALSE(confirm(3, 5).reproducible);
  EXPECT_TRUE(confirm(3, 5).flaky);
  EXPECT_FALSE(confirm(0, 0).reproducible);
}

}  // namespace
}  // namespace walletfuzz::fuzzers

namespace walletfuzz::fuzzers {
namespace {

TEST(triage_test, ubsan_summary_without_stack_gives_file_and_line) {
  EXPECT_EQ(crash_signature("q",
                            "x.cpp:53:19: runtime error: member access within null pointer\n"
                            "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior "
                            "/src/sample_app/src/shipping_quote.cpp:53:19 in \n"),
            "q:crash:undefined-behavior shipping_quote.cpp:#:# in");
}

}  // namespace
}  // namespace walletfuzz::fuzzers
