#include "walletfuzz/reports/renderers.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "report_test_support.hpp"
#include "xml_check.hpp"

namespace walletfuzz::reports {
namespace {
namespace json = boost::json;

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

class renderers_test : public ::testing::Test {
 protected:
  ReportContext context_for(RunData run, GateConfig gates = strict_gates()) {
    ReportOptions options;
    options.gates = gates;
    options.run_key = "run-1";
    options.generated_at = "2026-11-28T12:30:00Z";
    auto comparison = compare_runs(nullptr, snapshot_of("run-1", run));
    return build_report_context(std::move(run), options, std::move(comparison));
  }
  static GateConfig strict_gates() {
    GateConfig gates;
    gates.max_amplification = 20000;
    gates.max_cost_per_million_usd = 10;
    gates.max_p99_ms = 2000;
    gates.max_attack_usd_per_hour = 5;
    return gates;
  }
  RunData run1 = load_run_data(testing::fixture_runs() / "run-1");
};

TEST_F(renderers_test, html_is_one_self_contained_page_without_script_or_fetches) {
  std::string html = render_html(context_for(run1));
  ASSERT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
  // Every tag is one of the few the page is built from; no attribute loads or runs anything.
  const std::set<std::string> allowed{
      "!doctype",   "html",   "head", "meta", "title", "style",  "body",     "main",    "h1",
      "h2",         "h3",     "p",    "b",    "a",     "div",    "section",  "ul",      "li",
      "table",      "tr",     "th",   "td",   "pre",   "code",   "span",     "article", "figure",
      "figcaption", "footer", "svg",  "rect", "line",  "circle", "polyline", "text"};
  for (std::size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
    std::size_t end = html.find('>', at);
    ASSERT_NE(end, std::string::npos);
    std::string tag = lower(html.substr(at + 1, end - at - 1));
    if (!tag.empty() && tag[0] == '/') tag.erase(0, 1);
    std::string name = tag.substr(0, tag.find_first_of(" />"));
    EXPECT_TRUE(allowed.count(name)) << "unexpected <" << name << ">";
    for (const char* attribute : {" src=", " onload=", " onerror=", " onclick=", " style=\"url",
                                  " href=\"http", " xlink:href="}) {
      EXPECT_EQ(tag.find(attribute), std::string::npos) << "<" << tag << ">";
    }
  }
  EXPECT_EQ(lower(html).find("url("), std::string::npos);
  EXPECT_EQ(lower(html).find("@import"), std::string::npos);
  EXPECT_GE(count(html, "<svg "), 4u) << "cost, amplification, latency and spend charts";
  EXPECT_EQ(count(html, "<svg "), count(html, "</svg>"));
  for (const char* section : {"id=\"summary\"", "id=\"charts\"", "id=\"findings\""}) {
    EXPECT_NE(html.find(section), std::string::npos) << section;
  }
  EXPECT_EQ(count(html, "<article id=\"finding-"), 4u);
}

TEST_F(renderers_test, cost_per_function_sets_each_estimate_beside_its_report_log_bill) {
  RunData run = run1;
  ASSERT_TRUE(run.cost);
  run.cost->functions.push_back(
      {.name = "import-contacts",
       .arch = "arm64",
       .memory_mb = 512,
       .invocations = 251,
       .total_usd = 0.0105,
       .report_total_usd = 0.0100,
       .line_items = {{.description = "Duration (arm64)", .usd = 0.0104}}});
  run.cost->functions.push_back({.name = "", .arch = "x86_64", .memory_mb = 128});
  const std::string md = render_markdown(context_for(run));
  EXPECT_NE(md.find("### Cost per function"), std::string::npos);
  EXPECT_NE(md.find("| import-contacts | 512 MB | arm64 | 251 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 5 % |"), std::string::npos) << md;  // (0.0105 - 0.0100) / 0.0100
  EXPECT_NE(md.find("other requests"), std::string::npos);
  const std::string html = render_html(context_for(run));
  EXPECT_NE(html.find("id=\"functions\""), std::string::npos);
  EXPECT_NE(html.find("<td>import-contacts</td><td>512 MB</td>"), std::string::npos);
}

// load.json's per-class leak counts, the allowlisted ones beside them (leaks.allow in the
// scenario): a leak the team accepted is still visible in the report.
TEST_F(renderers_test, the_load_table_shows_leaks_and_allowlisted_leaks) {
  RunData run = run1;
  ASSERT_TRUE(run.load);
  ASSERT_FALSE(run.load->classes.empty());
  run.load->classes[0].leaks = 3;
  run.load->classes[0].leaks_allowlisted = 7;
  const std::string html = render_html(context_for(run));
  EXPECT_NE(html.find("<th>Leaks (allowlisted)</th>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">3 (7)</td>"), std::string::npos);
}

TEST_F(renderers_test, html_executive_summary_states_money_at_the_attack_rate) {
  std::string html = render_html(context_for(run1));
  // timeout class: $20.20 per 1M = 20.2e-6 per request; x 100/s x 86,400 s = $174.53 per day.
  EXPECT_NE(html.find("<b>$174.53 per day</b>"), std::string::npos);
  EXPECT_NE(html.find("<b>65,000x</b>"), std::string::npos) << "worst amplification";
  EXPECT_NE(html.find("Crashes found: <b>1</b>"), std::string::npos);
  EXPECT_NE(html.find("FAIL: 6 of 6 configured gates failed"), std::string::npos);
  EXPECT_NE(html.find("throttles at 333.3 req/s"), std::string::npos)
      << "1000 / 3 s (Little's law)";
  // Mitigations by kind.
  EXPECT_NE(html.find("Recommended mitigation: Timeout."), std::string::npos);
  EXPECT_NE(html.find("Recommended mitigation: Input validation."), std::string::npos);
  EXPECT_NE(html.find("Recommended mitigation: Error handling."), std::string::npos);
  EXPECT_NE(html.find("reserved concurrency"), std::string::npos);
  EXPECT_NE(html.find("rate limiting"), std::string::npos);
}

TEST_F(renderers_test, attacker_controlled_text_is_escaped) {
  std::string html = render_html(context_for(run1));
  // From the fixtures: a finding summary and a request body carrying markup.
  EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;/pre&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"),
            std::string::npos);
  run1.findings[0].id = "\"><svg onload=alert(1)>";
  run1.findings[0].handler = std::string("bad\xff\xfe utf8 \x01 control");
  std::string hostile = render_html(context_for(run1));
  EXPECT_EQ(hostile.find("<svg onload"), std::string::npos);
  EXPECT_NE(hostile.find("&quot;&gt;&lt;svg onload=alert(1)&gt;"), std::string::npos);
  EXPECT_EQ(hostile.find('\xff'), std::string::npos) << "invalid UTF-8 replaced";
  std::string markdown = render_markdown(context_for(run1));
  EXPECT_EQ(markdown.find("<svg"), std::string::npos);
  EXPECT_EQ(markdown.find("<img"), std::string::npos);
  auto junit = testing::check_xml(render_junit(context_for(run1)));
  EXPECT_EQ(junit.error, "");
  EXPECT_NO_THROW(json::parse(render_sarif(context_for(run1))));
  EXPECT_NO_THROW(json::parse(render_summary_json(context_for(run1))));
}

TEST_F(renderers_test, no_planted_secret_survives_in_any_format) {
  ReportContext context = context_for(run1);
  for (const auto& [name, text] :
       std::vector<std::pair<std::string, std::string>>{{"html", render_html(context)},
                                                        {"md", render_markdown(context)},
                                                        {"summary", render_summary_json(context)},
                                                        {"sarif", render_sarif(context)},
                                                        {"junit", render_junit(context)}}) {
    for (const std::string& secret : testing::planted_secrets()) {
      EXPECT_EQ(text.find(secret), std::string::npos) << name << " leaks " << secret;
    }
  }
  std::string html = render_html(context);
  EXPECT_NE(html.find("Authorization: Bearer [REDACTED:jwt]"), std::string::npos);
  EXPECT_NE(html.find("&quot;password&quot;: &quot;[REDACTED:password]&quot;"), std::string::npos);
}

TEST_F(renderers_test, reproduction_commands) {
  std::string html = render_html(context_for(run1));
  EXPECT_NE(
      html.find(
          "curl -sS -i -X &#39;GET&#39; "
          "&#39;http://127.0.0.1:8080/products/search?q=%28a%2B%29%2B%24&amp;limit=100000&#39;"),
      std::string::npos);
  EXPECT_NE(html.find("--request &#39;findings/search-products/slow-3f2a9c1d.http&#39;"),
            std::string::npos);
  // The crash body holds NUL and 0xFF: sent through printf's octal escapes, not pasted raw.
  EXPECT_NE(html.find("printf &#39;%b&#39;"), std::string::npos);
  EXPECT_NE(html.find("\\0000\\0377\\0376"), std::string::npos);
}

TEST_F(renderers_test, sarif_has_the_required_fields_and_stable_rule_ids) {
  json::value sarif = json::parse(render_sarif(context_for(run1)));
  EXPECT_EQ(sarif.at("version"), "2.1.0");
  EXPECT_TRUE(sarif.at("$schema").is_string());
  const json::array& runs = sarif.at("runs").as_array();
  ASSERT_EQ(runs.size(), 1u);
  const json::object& driver = runs[0].at("tool").at("driver").as_object();
  EXPECT_EQ(driver.at("name"), "walletfuzz");
  const json::array& rules = driver.at("rules").as_array();
  std::vector<std::string> rule_ids;
  for (const auto& rule : rules) {
    rule_ids.emplace_back(rule.at("id").as_string());
    EXPECT_FALSE(rule.at("shortDescription").at("text").as_string().empty());
  }
  EXPECT_EQ(rule_ids, (std::vector<std::string>{"WF-CRASH", "WF-TIMEOUT", "WF-OOM", "WF-SLOW",
                                                "WF-LEAK", "WF-OTHER"}));
  const json::array& results = runs[0].at("results").as_array();
  ASSERT_EQ(results.size(), 4u) << "one result per finding";
  std::map<std::string, std::string> rule_of;
  for (const auto& result : results) {
    std::string rule_id(result.at("ruleId").as_string());
    auto index = static_cast<std::size_t>(result.at("ruleIndex").as_int64());
    ASSERT_LT(index, rules.size());
    EXPECT_EQ(rules[index].at("id"), rule_id.c_str()) << "ruleIndex points at ruleId";
    EXPECT_FALSE(result.at("message").at("text").as_string().empty());
    std::string level(result.at("level").as_string());
    EXPECT_TRUE(level == "error" || level == "warning" || level == "note" || level == "none");
    const auto& location =
        result.at("locations").at(0).at("physicalLocation").at("artifactLocation");
    EXPECT_EQ(location.at("uriBaseId"), "RUNDIR");
    rule_of[std::string(result.at("properties").at("findingId").as_string())] = rule_id;
    EXPECT_FALSE(result.at("partialFingerprints").at("walletfuzzSignature/v1").as_string().empty());
  }
  EXPECT_EQ(rule_of["slow-3f2a9c1d"], "WF-SLOW");
  EXPECT_EQ(rule_of["timeout-9e01aa02"], "WF-TIMEOUT");
  EXPECT_EQ(rule_of["crash-77aa0b1c"], "WF-CRASH");
  EXPECT_EQ(rule_of["leak-12cd34ef"], "WF-LEAK");
  EXPECT_EQ(sarif_rule_id("future-kind"), "WF-OTHER");
}

TEST_F(renderers_test, junit_is_well_formed_with_one_test_case_per_gate) {
  GateConfig gates;  // defaults: two enabled gates (both fail on run-1), six skipped
  std::string xml = render_junit(context_for(run1, gates));
  auto check = testing::check_xml(xml);
  ASSERT_EQ(check.error, "") << xml;
  EXPECT_EQ(check.element_counts["testcase"], 8);
  EXPECT_EQ(check.element_counts["failure"], 2);
  EXPECT_EQ(check.element_counts["skipped"], 6);
  const auto& suite = check.attributes["testsuite"].at(0);
  EXPECT_EQ(suite.at("tests"), "8");
  EXPECT_EQ(suite.at("failures"), "2");
  EXPECT_EQ(suite.at("skipped"), "6");
  std::vector<std::string> names;
  for (const auto& testcase : check.attributes["testcase"]) names.push_back(testcase.at("name"));
  EXPECT_EQ(names,
            (std::vector<std::string>{"no_new_crashes", "no_new_leaks", "max_amplification",
                                      "max_cost_per_million", "max_p99_latency", "max_error_rate",
                                      "max_throttled_rate", "max_attack_spend"}));
}

TEST_F(renderers_test, summary_json_carries_verdict_risks_and_findings) {
  json::value summary = json::parse(render_summary_json(context_for(run1)));
  EXPECT_EQ(summary.at("schema"), "walletfuzz.summary/1");
  EXPECT_EQ(summary.at("verdict").at("passed"), false);
  EXPECT_EQ(summary.at("verdict").at("exit_code"), 1);
  EXPECT_EQ(summary.at("gates").as_array().size(), 8u);
  const auto& top = summary.at("top_risks").at(0);
  EXPECT_EQ(top.at("class"), "finding:timeout-9e01aa02");
  EXPECT_NEAR(top.at("usd_per_day").as_double(), 174.528, 1e-9);
  EXPECT_EQ(summary.at("worst_amplification").at("finding_id"), "timeout-9e01aa02");
  EXPECT_TRUE(summary.at("history").at("previous_run").is_null());
  EXPECT_EQ(summary.at("findings").as_array().size(), 4u);
  EXPECT_EQ(summary.at("totals").at("by_kind").at("slow"), 1);
}

TEST_F(renderers_test, summary_json_reads_back_through_formats) {
  const ReportContext context = context_for(run1);
  const formats::SummaryFile built = summary_of(context);
  formats::SummaryFile back = formats::parse_summary(render_summary_json(context), "summary.json");
  // Money is written exactly (shortest round-trip text) but Boost.JSON 1.81 reads some decimals
  // one unit in the last place off, so figures compare within a few ulps.
  ASSERT_EQ(back.top_risks.size(), built.top_risks.size());
  auto near = [](std::optional<double>& read, const std::optional<double>& written) {
    ASSERT_EQ(read.has_value(), written.has_value());
    if (read) {
      EXPECT_DOUBLE_EQ(*read, *written);
    }
    read = written;
  };
  for (std::size_t i = 0; i < back.top_risks.size(); ++i) {
    formats::SummaryRisk& read = back.top_risks[i];
    const formats::SummaryRisk& written = built.top_risks[i];
    near(read.cost_per_million_usd, written.cost_per_million_usd);
    near(read.usd_per_hour, written.usd_per_hour);
    near(read.usd_per_day, written.usd_per_day);
    near(read.throttle_rate_rps, written.throttle_rate_rps);
  }
  EXPECT_EQ(back, built);
  EXPECT_FALSE(back.verdict.passed);
  EXPECT_EQ(back.findings.size(), 4u);
}

TEST_F(renderers_test, markdown_fits_a_ci_job_summary_even_with_many_findings) {
  std::string markdown = render_markdown(context_for(run1));
  EXPECT_EQ(markdown.rfind("## walletfuzz: FAIL", 0), 0u);
  EXPECT_NE(markdown.find("| Gate | Result | Measured | Limit |"), std::string::npos);
  EXPECT_NE(markdown.find("$174.53 per day"), std::string::npos);
  Finding copy = run1.findings[0];
  for (int i = 0; i < 3000; ++i) {
    copy.id = "slow-" + std::to_string(i);
    copy.signature = "sig-" + std::to_string(i);
    copy.summary = std::string(300, 'x');
    run1.findings.push_back(copy);
  }
  markdown = render_markdown(context_for(run1));
  EXPECT_LT(markdown.size(), 64u * 1024) << "GitHub allows 1 MiB per step summary";
  EXPECT_NE(markdown.find("2954 more findings"), std::string::npos);
}

TEST_F(renderers_test, an_unbounded_amplification_keeps_every_json_output_valid) {
  // findings.json may carry 1e99999 (a zero baseline); Boost.JSON would write it back as
  // "Infinity", which no JSON parser accepts.
  run1.findings = findings_view(formats::parse_findings(
      R"({"schema":"walletfuzz.findings/1",
          "findings":[{"id":"a","handler":"h","kind":"slow","amplification":1e99999}]})",
      "f.json"));
  ReportContext context = context_for(run1);
  json::value summary = json::parse(render_summary_json(context));
  EXPECT_TRUE(summary.at("worst_amplification").at("amplification").is_null());
  EXPECT_NO_THROW(json::parse(render_sarif(context)));
  EXPECT_FALSE(context.verdict.passed()) << "unbounded is over any amplification limit";
}

TEST_F(renderers_test, a_clean_run_passes_and_says_so) {
  RunData fixed = load_run_data(testing::fixture_runs() / "fixed");
  ReportContext context = context_for(std::move(fixed));
  EXPECT_TRUE(context.verdict.passed());
  EXPECT_NE(render_html(context).find("PASS: all 6 configured gates passed"), std::string::npos);
  EXPECT_EQ(render_markdown(context).rfind("## walletfuzz: PASS", 0), 0u);
  auto junit = testing::check_xml(render_junit(context));
  EXPECT_EQ(junit.error, "");
  EXPECT_EQ(junit.element_counts["failure"], 0);
}

}  // namespace
}  // namespace walletfuzz::reports

namespace walletfuzz::reports {
namespace {

formats::CostFile economics_fixture() {
  formats::CostFile cost;
  formats::LineItemRecord requests{.provider = "aws-lambda",
                                   .meter = "requests",
                                   .description = "Requests",
                                   .usd = 1.0512,
                                   .source_url = "https://aws.amazon.com/lambda/pricing/",
                                   .as_of = "2026-05-04",
                                   .verified = true};
  cost.monthly =
      formats::MonthlyBillRecord{.functions = {{.name = "orders",
                                                .traffic_source = "requests_per_second",
                                                .traffic_value = 2,
                                                .requests_per_month = 5256000,
                                                .rate_rps = 2,
                                                .profile = "baseline classes of load.json",
                                                .cost_per_request_usd = 1.0333e-6,
                                                .line_items = {requests},
                                                .total_usd = 5.43120876}},
                                 .line_items = {requests},
                                 .total_usd = 5.43120876};
  cost.attack_scenarios.push_back(
      {.function = "orders",
       .class_name = "finding:slow-1",
       .rate_rps = 100,
       .concurrency_limit = 1000,
       .throttle_point_rps = 333.27,
       .executed_rps = 100,
       .legit_rate_rps = 2,
       .usd_per_hour = 9.072018,
       .monthly_bill_usd = 5.43120876,
       .periods = {{1, 9.072018, 14.5, 0},
                   {24, 217.728432, 223.16, 0},
                   {720, 6531.85296, 6537.28, 0}},
       .mitigations = {{.id = "reserved_concurrency",
                        .setting = "K = 10",
                        .usd_per_hour = 0.302198,
                        .savings_usd = {8.77, 210.5, 6314.27},
                        .legit_throttled_share = 0,
                        .legit_throttled_share_under_attack = 0.9667}},
       .curve_rates_rps = {1, 10, 100, 333.27, 1000},
       .curve = {{"none", "", 333.27, {0.0907, 0.907, 9.072018, 30.2349, 30.2349}},
                 {"reserved_concurrency",
                  "K = 10",
                  3.33,
                  {0.0907, 0.302198, 0.302198, 0.302198, 0.302198}},
                 {"input_size_limit", "1024 bytes", {}, {0, 0, 0, 0, 0}}}});
  cost.right_sizing.push_back({.function = "orders",
                               .configured_mb = 1024,
                               .peak_used_mb = 177,
                               .headroom = 0.2,
                               .suggested_mb = 213,
                               .priced_at = "declared traffic",
                               .usd_now = 1.87,
                               .usd_suggested = 0.55,
                               .saving_usd = 1.32,
                               .caution = "CPU scales with memory on AWS Lambda"});
  cost.providers_basis = "declared traffic";
  cost.providers = {
      {.provider = "aws-lambda",
       .name = "AWS Lambda (on-demand)",
       .total_usd = 0.0079,
       .functions = {{.function = "orders", .usd = 0.0079}},
       .line_items = {requests}},
      {.provider = "cloudflare-workers",
       .name = "Cloudflare Workers",
       .functions = {{.function = "orders", .reason = "memory 512 MB is above the maximum 128"}}}};
  return cost;
}

TEST(economics_tables_test, html_and_markdown_show_the_bill_the_attacks_and_the_savings) {
  RunData run;
  run.cost = cost_view(economics_fixture());
  ReportOptions options;
  options.run_key = "run-e";
  options.generated_at = "2026-12-03T00:00:00Z";
  const ReportContext context =
      build_report_context(run, options, compare_runs(nullptr, snapshot_of("run-e", run)));
  const std::string html = render_html(context);
  const std::string md = render_markdown(context);
  for (const std::string& text : {html, md}) {
    EXPECT_NE(text.find("Monthly bill at declared traffic"), std::string::npos);
    EXPECT_NE(text.find("$5.43"), std::string::npos) << "the monthly bill";
    EXPECT_NE(text.find("Attack scenarios"), std::string::npos);
    EXPECT_NE(text.find("$217.73"), std::string::npos) << "a day of attack";
    EXPECT_NE(text.find("What each mitigation saves"), std::string::npos);
    EXPECT_NE(text.find("K = 10"), std::string::npos);
    EXPECT_NE(text.find("96.7 %"), std::string::npos) << "legitimate traffic lost";
    EXPECT_NE(text.find("as of 2026-05-04"), std::string::npos) << "price source and date";
    EXPECT_NE(text.find("213 MB"), std::string::npos) << "right-sizing";
    EXPECT_NE(text.find("20 % headroom"), std::string::npos);
    EXPECT_NE(text.find("CPU scales with memory"), std::string::npos);
    EXPECT_NE(text.find("On other providers"), std::string::npos);
    EXPECT_NE(text.find("cannot run: memory 512 MB"), std::string::npos);
  }
  // The executive summary's four figures, each linked to its table.
  EXPECT_NE(
      html.find("<a href=\"#monthly\">Monthly bill at declared traffic</a>: <b>$5.43 per month"),
      std::string::npos);
  EXPECT_NE(html.find("$217.73 per day"), std::string::npos) << "worst attack per day";
  EXPECT_NE(html.find("reserved_concurrency (K = 10)"), std::string::npos) << "cheapest mitigation";
  EXPECT_NE(html.find("<a href=\"#right-sizing\">Right-sizing saves</a>: <b>$1.32"),
            std::string::npos);
  EXPECT_NE(md.find("- **Monthly bill at declared traffic:** $5.43 per month"), std::string::npos);
  for (const char* id : {"id=\"monthly\"", "id=\"attacks\"", "id=\"mitigations\""})
    EXPECT_NE(html.find(id), std::string::npos) << id;
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
}

// Every economics figure links to how it was computed: each table's note, and under it the
// prices it used with their source and as-of date.
TEST(economics_tables_test, every_table_names_its_prices_with_source_and_date) {
  RunData run;
  run.cost = cost_view(economics_fixture());
  ReportOptions options;
  options.run_key = "run-e";
  const ReportContext context =
      build_report_context(run, options, compare_runs(nullptr, snapshot_of("run-e", run)));
  const std::string html = render_html(context);
  for (const char* id :
       {"monthly", "attacks", "mitigations", "spend-curve", "right-sizing", "providers"}) {
    SCOPED_TRACE(id);
    const std::size_t at = html.find(std::string("<section id=\"") + id + "\">");
    ASSERT_NE(at, std::string::npos);
    const std::string section = html.substr(at, html.find("</section>", at) - at);
    EXPECT_NE(section.find("<p class=\"note\">"), std::string::npos) << "how it was computed";
    EXPECT_NE(section.find("Prices: aws-lambda requests (<code>https://aws.amazon.com/lambda/"
                           "pricing/</code>, as of 2026-05-04)"),
              std::string::npos);
  }
}

// The spend curve: a chart in report.html (a line per series, the throttling point circled), the
// same points as a table in report.md.
TEST(economics_tables_test, spend_against_attack_rate_is_a_chart_in_html_and_a_table_in_markdown) {
  RunData run;
  run.cost = cost_view(economics_fixture());
  ReportOptions options;
  options.run_key = "run-e";
  const ReportContext context =
      build_report_context(run, options, compare_runs(nullptr, snapshot_of("run-e", run)));
  const std::string html = render_html(context);
  const std::string md = render_markdown(context);
  const std::size_t section = html.find("<section id=\"spend-curve\">");
  ASSERT_NE(section, std::string::npos);
  const std::string curve = html.substr(section, html.find("</section>", section) - section);
  EXPECT_NE(curve.find("Spend against attack rate: orders"), std::string::npos);
  EXPECT_EQ(count(curve, "<polyline"), 3u) << "no mitigation, reserved concurrency, size limit";
  EXPECT_EQ(count(curve, "<circle"), 1u) << "only the unmitigated bend is a point of the curve";
  EXPECT_NE(curve.find("no mitigation: stops growing at 333.3 req/s"), std::string::npos);
  EXPECT_NE(curve.find("input_size_limit (1024 bytes): nothing spent"), std::string::npos);
  EXPECT_NE(curve.find("stated attack rate 100/s"), std::string::npos);
  EXPECT_EQ(curve.find("<table"), std::string::npos) << "the chart takes the table's place";

  EXPECT_NE(md.find("### Spend against attack rate: orders"), std::string::npos);
  EXPECT_NE(
      md.find("| Attack rate | no mitigation, per hour | reserved\\_concurrency \\(K = 10\\), "
              "per hour | input\\_size\\_limit \\(1024 bytes\\), per hour |"),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("| 100 req/s \\(stated\\) | $9.07 | $0.30 | $0.00 |"), std::string::npos) << md;
  EXPECT_EQ(md.find("<svg"), std::string::npos);
}

}  // namespace
}  // namespace walletfuzz::reports
