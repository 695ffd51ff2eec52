// Loading from text: types, defaults, the forms of baseline requests, and robustness against
// input that is not a scenario at all.
#include "walletfuzz/scenarios/loader.hpp"

#include <gtest/gtest.h>

#include <string>

namespace walletfuzz::scenarios {
namespace {

std::vector<Problem> problems_in(const std::string& text, const LoadOptions& options = {}) {
  try {
    load_scenario_from_string(text, "t.yaml", options);
  } catch (const ScenarioError& e) {
    return e.problems();
  }
  return {};
}

Scenario load(const std::string& text) {
  return load_scenario_from_string(text, "t.yaml");
}

TEST(loader_test, minimal_scenario_gets_documented_defaults) {
  Scenario s = load("target: {bundled: fixed}\n");
  EXPECT_EQ(s.name, "t");
  EXPECT_EQ(s.target.variant, SampleVariant::fixed);
  EXPECT_FALSE(s.fuzz.has_value());
  EXPECT_FALSE(s.load.has_value());
  EXPECT_EQ(s.pricing.provider, "aws-lambda");
  EXPECT_EQ(s.pricing.arch, "x86_64");
  EXPECT_FALSE(s.gates.no_new_crash);
  EXPECT_EQ(s.output.run_dir, std::filesystem::path("runs/t"));
}

TEST(loader_test, declared_traffic_and_mitigation_settings) {
  Scenario s = load(
      "target: {bundled: fixed}\n"
      "pricing:\n"
      "  traffic:\n"
      "    orders: {requests_per_month: 3000000}\n"
      "    search: {requests_per_second: 2.5}\n"
      "    upload: {from_report_log: {hours: 24}}\n"
      "  mitigations: {reserved_concurrency: 10, rate_limit_rps: 5, timeout_ms: 1000,"
      " max_request_bytes: 65536}\n");
  EXPECT_EQ(s.pricing.traffic.at("orders").requests_per_month, 3e6);
  EXPECT_EQ(s.pricing.traffic.at("search").requests_per_second, 2.5);
  EXPECT_EQ(s.pricing.traffic.at("upload").report_log_hours, 24);
  EXPECT_EQ(s.pricing.mitigations.reserved_concurrency, 10u);
  EXPECT_EQ(s.pricing.mitigations.rate_limit_rps, 5);
  EXPECT_EQ(s.pricing.mitigations.timeout_ms, 1000u);
  auto problems = problems_in(
      "target: {bundled: fixed}\n"
      "pricing:\n"
      "  traffic:\n"
      "    orders: {requests_per_month: 5, requests_per_second: 1}\n"
      "    search: {from_report_log: {}}\n");
  ASSERT_GE(problems.size(), 2u);
  EXPECT_EQ(problems[0].where.field, "pricing.traffic.orders");
  EXPECT_EQ(problems[0].where.line, 4);
}

TEST(loader_test, leak_allowlist_entries_and_their_problems) {
  Scenario s = load(
      "target: {bundled: fixed}\n"
      "leaks:\n"
      "  allow:\n"
      "    - {rule: stack-trace.node, function: orders, reason: known}\n"
      "    - {fingerprint: 0123456789abcdef}\n");
  ASSERT_EQ(s.leaks.allow.entries.size(), 2u);
  EXPECT_EQ(s.leaks.allow.entries[0].function, "orders");
  EXPECT_NE(s.leaks.allow.match("stack-trace.x", "0123456789abcdef", ""), nullptr);
  auto problems = problems_in(
      "target: {bundled: fixed}\n"
      "leaks:\n"
      "  allow:\n"
      "    - {reason: nothing named}\n"
      "    - {fingerprint: XYZ}\n"
      "    - {rule: a, colour: red}\n");
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].where.field, "leaks.allow[0]");
  EXPECT_EQ(problems[0].where.line, 4);
  EXPECT_EQ(problems[1].where.field, "leaks.allow[1]");
  EXPECT_NE(problems[2].where.field.find("leaks.allow[2]"), std::string::npos);
}

TEST(loader_test, bundled_functions_become_settings_overrides_and_url_functions_do_not) {
  Scenario bundled = load(
      "target: {bundled: vulnerable}\nfunctions:\n"
      "  - {name: list-orders, memory_mb: 512, timeout_ms: 6000}\n"
      "  - {name: signup, reserved_concurrency: 5}\n");
  EXPECT_EQ(format_settings_overrides(bundled_settings_overrides(bundled)),
            "list-orders:memory_mb=512,timeout_ms=6000;signup:reserved_concurrency=5");
  Scenario url = load(
      "target: {url: 'http://127.0.0.1:9/', allow_hosts: [127.0.0.1]}\nfunctions:\n"
      "  - {name: orders, route: /orders, baseline: ['GET /orders'], memory_mb: 512}\n");
  EXPECT_TRUE(bundled_settings_overrides(url).empty());
}

TEST(loader_test, an_app_target_is_a_path_beside_the_scenario_and_takes_function_settings) {
  Scenario app = load_scenario_from_string(
      "target: {app: build/shop}\nfunctions:\n  - {name: search, memory_mb: 512}\n",
      "project/scenario.yaml");
  EXPECT_EQ(app.target.kind, TargetKind::app);
  EXPECT_EQ(app.target.app, std::filesystem::path("project/build/shop"));
  EXPECT_EQ(format_settings_overrides(bundled_settings_overrides(app)), "search:memory_mb=512");
  EXPECT_EQ(to_string(TargetKind::app), "app");
  try {
    load("target: {app: build/shop, bundled: vulnerable}\n");
    ADD_FAILURE() << "two targets were accepted";
  } catch (const ScenarioError& e) {
    EXPECT_NE(
        std::string(e.what()).find("a target is one of the bundled app, an app binary or a url"),
        std::string::npos)
        << e.what();
  }
}

TEST(loader_test, empty_sections_take_their_defaults) {
  Scenario s = load(
      "target: {bundled: vulnerable}\nfuzz:\nload:\n  stages: [{kind: constant, "
      "rate: 5, duration_s: 2}]\n");
  ASSERT_TRUE(s.fuzz);
  EXPECT_EQ(s.fuzz->time_budget_s, 60);
  EXPECT_EQ(s.fuzz->jobs, 1u);
  EXPECT_EQ(s.fuzz->seed, 1u);
  EXPECT_EQ(s.fuzz->slow_threshold.ratio, 10);
  EXPECT_FALSE(s.fuzz->slow_threshold.ms);
  EXPECT_EQ(s.fuzz->max_input_bytes, 65536u);
  EXPECT_EQ(s.load->mode, LoadMode::open);
  EXPECT_EQ(s.load->connections, 16u);
  EXPECT_EQ(s.load->mix.baseline, 1);
}

TEST(loader_test, slow_threshold_section_replaces_the_default_ratio) {
  Scenario s = load("target: {bundled: vulnerable}\nfuzz:\n  slow_threshold: {ms: 250}\n");
  EXPECT_FALSE(s.fuzz->slow_threshold.ratio);
  EXPECT_EQ(s.fuzz->slow_threshold.ms, 250);
}

TEST(loader_test, numbers_accept_yaml_spellings_and_reject_text) {
  Scenario s = load(
      "target: {bundled: vulnerable}\nload:\n  max_requests: 1_000_000\n"
      "  price_per_request_usd: 2e-6\n  stages: [{kind: constant, rate: +5, "
      "duration_s: 0.5}]\nfuzz: {seed: 18446744073709551615}\n");
  EXPECT_EQ(s.load->max_requests, 1'000'000u);
  EXPECT_DOUBLE_EQ(s.load->price_per_request_usd, 2e-6);
  EXPECT_EQ(s.load->stages[0].to_rate, 5);
  EXPECT_EQ(s.fuzz->seed, 18446744073709551615u);

  auto problems = problems_in(
      "target: {bundled: vulnerable}\nfuzz: {jobs: 1.5, time_budget_s: "
      ".inf, memory_limit_mb: \"512\"}\n");
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].where.field, "fuzz.jobs");
  EXPECT_EQ(problems[0].message, "must be a whole number, got \"1.5\"");
  EXPECT_EQ(problems[1].where.field, "fuzz.time_budget_s");
  EXPECT_EQ(problems[2].where.field, "fuzz.memory_limit_mb");
  EXPECT_EQ(problems[2].hint, "remove the quotes");
}

TEST(loader_test, max_input_bytes_is_read_and_bounded) {
  Scenario s = load("target: {bundled: vulnerable}\nfuzz: {max_input_bytes: 1048576}\n");
  ASSERT_TRUE(s.fuzz);
  EXPECT_EQ(s.fuzz->max_input_bytes, 1048576u);
  for (const char* absurd : {"100", "20000000"}) {
    auto problems = problems_in(
        std::string("target: {bundled: vulnerable}\nfuzz: {max_input_bytes: ") + absurd + "}\n");
    ASSERT_EQ(problems.size(), 1u) << absurd;
    EXPECT_EQ(problems[0].where.field, "fuzz.max_input_bytes") << absurd;
  }
}

TEST(loader_test, amplification_basis_defaults_to_size_aware_and_is_one_of_two_names) {
  EXPECT_EQ(load("target: {bundled: vulnerable}\n").gates.amplification,
            AmplificationBasis::size_aware);
  EXPECT_EQ(
      load("target: {bundled: vulnerable}\ngates: {amplification: raw}\n").gates.amplification,
      AmplificationBasis::raw);
  auto problems = problems_in("target: {bundled: vulnerable}\ngates: {amplification: per_byte}\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where.field, "gates.amplification");
}

TEST(loader_test, execs_per_handler_is_read_defaults_to_time_only_and_is_bounded) {
  Scenario unset = load("target: {bundled: vulnerable}\nfuzz: {time_budget_s: 10}\n");
  ASSERT_TRUE(unset.fuzz);
  EXPECT_EQ(unset.fuzz->execs_per_handler, 0u);
  Scenario s = load("target: {bundled: vulnerable}\nfuzz: {execs_per_handler: 30000}\n");
  ASSERT_TRUE(s.fuzz);
  EXPECT_EQ(s.fuzz->execs_per_handler, 30000u);
  for (const char* absurd : {"-5", "2000000000000", "lots"}) {
    auto problems = problems_in(
        std::string("target: {bundled: vulnerable}\nfuzz: {execs_per_handler: ") + absurd + "}\n");
    ASSERT_EQ(problems.size(), 1u) << absurd;
    EXPECT_EQ(problems[0].where.field, "fuzz.execs_per_handler") << absurd;
  }
}

TEST(loader_test, same_defect_limit_defaults_to_five_allows_zero_and_is_bounded) {
  Scenario unset = load("target: {bundled: vulnerable}\nfuzz: {time_budget_s: 10}\n");
  ASSERT_TRUE(unset.fuzz);
  EXPECT_EQ(unset.fuzz->same_defect_limit, 5u);
  Scenario never = load("target: {bundled: vulnerable}\nfuzz: {same_defect_limit: 0}\n");
  ASSERT_TRUE(never.fuzz);
  EXPECT_EQ(never.fuzz->same_defect_limit, 0u);
  for (const char* absurd : {"-1", "5000", "often"}) {
    auto problems = problems_in(
        std::string("target: {bundled: vulnerable}\nfuzz: {same_defect_limit: ") + absurd + "}\n");
    ASSERT_EQ(problems.size(), 1u) << absurd;
    EXPECT_EQ(problems[0].where.field, "fuzz.same_defect_limit") << absurd;
  }
}

TEST(loader_test, booleans_accept_yes_no_and_reject_others) {
  Scenario s = load(
      "target: {bundled: vulnerable}\ngates: {no_new_crash: yes, no_new_leak: on}\n"
      "output: {history: false}\n");
  EXPECT_TRUE(s.gates.no_new_crash);
  EXPECT_TRUE(s.gates.no_new_leak);
  auto problems = problems_in("target: {bundled: vulnerable}\noutput: {history: maybe}\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where.field, "output.history");
  EXPECT_EQ(problems[0].message, "expected true or false, got \"maybe\"");
}

TEST(loader_test, null_value_is_reported_with_a_way_out) {
  auto problems = problems_in("target: {bundled: vulnerable}\nfuzz:\n  jobs:\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where.field, "fuzz.jobs");
  EXPECT_EQ(problems[0].message, "expected a whole number, got nothing");
  EXPECT_NE(problems[0].hint.find("remove the key"), std::string::npos);
}

TEST(loader_test, unknown_key_without_a_close_match_lists_the_allowed_keys) {
  auto problems = problems_in("target: {bundled: vulnerable}\noutput: {colour: red}\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where.field, "output.colour");
  EXPECT_EQ(problems[0].hint, "keys allowed here: run_dir, history");
}

TEST(loader_test, unit_suffix_left_out_is_suggested) {
  auto problems = problems_in("target: {bundled: vulnerable}\nfuzz: {time_budget: 60}\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].hint, "did you mean 'time_budget_s'?");
}

TEST(loader_test, target_must_be_bundled_or_url_not_both) {
  auto both = problems_in(
      "target: {bundled: vulnerable, url: 'http://a.example', allow_hosts: "
      "[a.example]}\n");
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(both[0].where.field, "target.url");
  auto neither = problems_in("target: {insecure_tls: true}\n");
  ASSERT_EQ(neither.size(), 1u);
  EXPECT_EQ(neither[0].where.field, "target");
  EXPECT_EQ(neither[0].where.line, 1);
}

TEST(loader_test, url_problems_name_what_is_wrong) {
  struct Case {
    const char* url;
    const char* message_part;
  } cases[] = {{"ftp://x.example", "only http and https"},
               {"https://user:pw@x.example", "user info"},
               {"https://x.example:99999", "invalid port"},
               {"https://x.example/a?b=1", "query"},
               {"staging.example.com", "not a URL"}};
  for (const Case& c : cases) {
    auto problems = problems_in(std::string("target: {url: '") + c.url +
                                "', allow_hosts: [x.example]}\nfunctions: [{name: f, route: /, "
                                "baseline: [GET /]}]\n");
    ASSERT_EQ(problems.size(), 1u) << c.url;
    EXPECT_EQ(problems[0].where.field, "target.url");
    EXPECT_NE(problems[0].message.find(c.message_part), std::string::npos) << problems[0].message;
  }
}

TEST(loader_test, url_target_requires_allow_hosts) {
  auto problems = problems_in(
      "target:\n  url: https://api.example.com\nfunctions: [{name: f, "
      "route: /, baseline: [GET /]}]\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where.field, "target.allow_hosts");
  EXPECT_EQ(problems[0].where.line, 2);
  EXPECT_NE(problems[0].hint.find("[api.example.com]"), std::string::npos);
}

TEST(loader_test, ipv6_url_and_wildcard_allowlist) {
  Scenario s = load(
      "target: {url: 'http://[::1]:8080/', allow_hosts: []}\nfunctions: [{name: f, "
      "route: '/*', baseline: [GET /x]}]\n");
  EXPECT_EQ(s.target.host, "::1");
  EXPECT_EQ(s.target.port, 8080u);
  EXPECT_EQ(s.target.base_path, "");
  EXPECT_TRUE(is_host_allowed({"*.example.com"}, "api.EXAMPLE.com"));
  EXPECT_FALSE(is_host_allowed({"*.example.com"}, "example.com"));
  EXPECT_FALSE(is_host_allowed({"*.example.com"}, "evilexample.com"));
  EXPECT_TRUE(is_host_allowed({}, "127.0.0.1"));
  EXPECT_TRUE(is_host_allowed({}, "[::1]"));
  EXPECT_FALSE(is_host_allowed({"api.example.com"}, "api.example.com.evil.net"));
}

TEST(loader_test, inline_requests_get_a_host_and_a_computed_length) {
  Scenario s = load(
      "target: {url: 'https://api.example.com', allow_hosts: [api.example.com]}\n"
      "functions:\n  - name: pay\n    route: /payments\n    method: POST\n    baseline:\n"
      "      - method: POST\n        path: /payments\n        headers: {Content-Length: 999, "
      "X-Trace: abc}\n        body: hello\n");
  const Request& request = s.functions[0].baseline[0].request;
  EXPECT_EQ(request.headers.get("Host"), "api.example.com");
  EXPECT_EQ(request.headers.get("X-Trace"), "abc");
  EXPECT_FALSE(request.headers.contains("Content-Length")) << "computed when serialised";
  EXPECT_EQ(request.body, "hello");
}

TEST(loader_test, malformed_inline_requests_are_reported) {
  auto problems = problems_in(
      "target: {bundled: vulnerable}\nfunctions:\n  - name: f\n"
      "    baseline:\n      - get /x\n      - {method: POST}\n");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].where.field, "functions[0].baseline[0]");
  EXPECT_EQ(problems[1].where.field, "functions[0].baseline[1].path");
}

TEST(loader_test, read_files_false_resolves_paths_without_opening_them) {
  LoadOptions options;
  options.read_files = false;
  Scenario s = load_scenario_from_string(
      "target: {bundled: vulnerable}\nfunctions: [{name: f, route: /f, baseline: [{file: "
      "x/../y.http}]}]\n",
      "dir/t.yaml", options);
  EXPECT_EQ(s.functions[0].baseline[0].file, std::filesystem::path("dir/y.http"));
}

TEST(loader_test, known_handlers_are_checked_for_bundled_functions) {
  LoadOptions options;
  options.known_handlers = {"list-orders", "signup"};
  auto problems =
      problems_in("target: {bundled: vulnerable}\nfunctions: [{name: sign-up}]\n", options);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where.field, "functions[0].name");
  EXPECT_EQ(problems[0].hint, "did you mean 'signup'?");
}

TEST(loader_test, second_document_and_oversized_text_are_refused) {
  auto problems = problems_in("target: {bundled: vulnerable}\n---\ntarget: {bundled: fixed}\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].where.line, 3);
  EXPECT_TRUE(problems_in("target: {bundled: vulnerable}\n---\n").empty())
      << "a trailing document marker with nothing after it is harmless";
  LoadOptions small;
  small.max_file_bytes = 10;
  EXPECT_EQ(problems_in("target: {bundled: vulnerable}\n", small).size(), 1u);
}

TEST(loader_test, hostile_yaml_is_a_problem_not_a_crash) {
  std::string deep(5000, '[');
  EXPECT_FALSE(problems_in(deep).empty());
  EXPECT_FALSE(problems_in("target: &a {bundled: *a}\n").empty());
  EXPECT_FALSE(problems_in("? [a, b]\n: c\n").empty());
  EXPECT_FALSE(problems_in(std::string("target: {bundled: \"\x01\xff\"}\n")).empty());
  EXPECT_FALSE(problems_in("\t- x").empty());
  // yaml-cpp's LoadAll never returns on this; the loader must.
  auto stray_comma = problems_in(",target: {bundled: vulnerable}\n");
  ASSERT_EQ(stray_comma.size(), 1u);
  EXPECT_EQ(stray_comma[0].where.line, 1);
  EXPECT_NE(stray_comma[0].message.find("syntax error"), std::string::npos);
}

TEST(loader_test, locate_falls_back_to_the_enclosing_section) {
  Scenario s = load(
      "target:\n  bundled: vulnerable\nload:\n  stages:\n"
      "    - {kind: constant, rate: 5, duration_s: 2}\n");
  Location rate = locate(s, "load.stages[0].rate");
  EXPECT_EQ(rate.line, 5);
  EXPECT_EQ(rate.field, "load.stages[0].rate");
  Location threads = locate(s, "load.threads");  // not written: points at the load section
  EXPECT_EQ(threads.line, 4);
  EXPECT_EQ(threads.field, "load.threads");
  Location gates = locate(s, "gates.max_p99_ms");
  EXPECT_EQ(gates.line, 0);
  EXPECT_EQ(gates.file, "t.yaml");
}

}  // namespace
}  // namespace walletfuzz::scenarios
