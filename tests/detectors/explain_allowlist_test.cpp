// `walletfuzz scan --explain` and allowlists: an explained scan finds exactly what a plain scan
// finds and says which window and checks decided; a near miss names the check that rejected it;
// allowlisted findings are still reported and counted but no longer make the input leak.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/detectors/allowlist.hpp"
#include "walletfuzz/detectors/input_scan.hpp"

namespace wd = walletfuzz::detectors;

namespace {

const wd::LeakDetector& detector() {
  static const wd::LeakDetector instance;
  return instance;
}

const std::string kLambdaError =
    "HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\n\r\n"
    R"j({"errorType":"TypeError","errorMessage":"x is not a function","trace":["TypeError: x",)j"
    R"j("    at Runtime.handler (/build/index.js:5:3)"]})j";

}  // namespace

TEST(explain_allowlist_test, explained_scan_finds_the_same_and_says_why) {
  auto plain = wd::scan_bytes(detector(), "r.http", kLambdaError);
  auto explained = wd::scan_bytes(detector(), "r.http", kLambdaError, false, {.explain = true});
  ASSERT_EQ(plain.findings.size(), explained.findings.size());
  ASSERT_EQ(explained.findings.size(), 1u);
  const auto& f = explained.findings[0];
  EXPECT_EQ(f.rule_id, "stack-trace.lambda-error-json");
  EXPECT_EQ(f.fingerprint, plain.findings[0].fingerprint);
  EXPECT_LE(f.window_begin, f.begin);
  EXPECT_GE(f.window_end, f.end);
  EXPECT_NE(f.why.find("structure pattern"), std::string::npos) << f.why;
  EXPECT_NE(f.why.find("framing:"), std::string::npos) << f.why;
  EXPECT_TRUE(plain.findings[0].why.empty());

  // Near misses: the Node rule saw "    at " but found no "Error: message" line before it.
  bool node_near_miss = false;
  for (const auto& miss : explained.explanation.near_misses) {
    if (miss.rule_id != "stack-trace.node") continue;
    node_near_miss = true;
    EXPECT_NE(miss.rejected_by.find("structure check"), std::string::npos) << miss.rejected_by;
  }
  EXPECT_TRUE(node_near_miss);
  std::string text = wd::format_text(explained);
  EXPECT_NE(text.find("      window body@"), std::string::npos) << text;
  EXPECT_NE(text.find("  near miss stack-trace.node"), std::string::npos) << text;
  auto json = wd::to_json(explained);
  EXPECT_TRUE(json.contains("near_misses"));
  EXPECT_TRUE(json.at("findings").as_array()[0].as_object().contains("why"));
  EXPECT_FALSE(wd::to_json(plain).contains("near_misses"));
}

TEST(explain_allowlist_test, a_quoted_trace_is_a_near_miss_rejected_by_framing) {
  std::string page =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>I get:</p><pre><code>"
      "Traceback (most recent call last):\n  File \"app.py\", line 3, in &lt;module&gt;\n"
      "</code></pre>";
  auto result = wd::scan_bytes(detector(), "q.http", page, false, {.explain = true});
  EXPECT_FALSE(result.leaks());
  bool framed = false;
  for (const auto& miss : result.explanation.near_misses) {
    if (miss.rule_id == "stack-trace.python") {
      framed = miss.rejected_by.find("framing check: HTML <code>") != std::string::npos;
    }
  }
  EXPECT_TRUE(framed) << wd::format_text(result);
}

TEST(explain_allowlist_test, allowlisted_findings_are_counted_but_do_not_leak) {
  auto found = wd::scan_bytes(detector(), "r.http", kLambdaError);
  ASSERT_TRUE(found.leaks());
  const std::string fingerprint = found.findings[0].fingerprint;
  ASSERT_EQ(fingerprint.size(), 16u);

  wd::InputScanOptions by_fingerprint;
  by_fingerprint.allow.entries.push_back(
      wd::parse_allow_spec("fingerprint=" + fingerprint + ",reason=known, ticket 12", "--allow"));
  EXPECT_EQ(by_fingerprint.allow.entries[0].reason, "known, ticket 12");
  auto accepted = wd::scan_bytes(detector(), "r.http", kLambdaError, false, by_fingerprint);
  ASSERT_EQ(accepted.findings.size(), 1u);
  EXPECT_TRUE(accepted.findings[0].allowlisted);
  EXPECT_FALSE(accepted.leaks());
  std::string text = wd::format_text(accepted);
  EXPECT_NE(text.find("1 leak (1 allowlisted)"), std::string::npos) << text;
  EXPECT_EQ(wd::to_json(accepted).at("findings").as_array()[0].at("allowlisted"), true);

  // By rule prefix, only for the function named.
  wd::InputScanOptions by_rule;
  by_rule.allow.entries.push_back(
      wd::parse_allow_spec("rule=stack-trace.*,function=orders", "--allow"));
  EXPECT_TRUE(wd::scan_bytes(detector(), "r.http", kLambdaError, false, by_rule).leaks());
  by_rule.function = "orders";
  EXPECT_FALSE(wd::scan_bytes(detector(), "r.http", kLambdaError, false, by_rule).leaks());
}

TEST(explain_allowlist_test, fingerprints_ignore_numbers_but_not_the_evidence) {
  EXPECT_EQ(wd::evidence_fingerprint("stack-trace.node", "at f (/var/task/a.js:12:3)"),
            wd::evidence_fingerprint("stack-trace.node", "at f (/var/task/a.js:140:17)"));
  EXPECT_NE(wd::evidence_fingerprint("stack-trace.node", "at f (/var/task/a.js:12:3)"),
            wd::evidence_fingerprint("stack-trace.node", "at g (/var/task/b.js:12:3)"));
  EXPECT_NE(wd::evidence_fingerprint("stack-trace.node", "x"),
            wd::evidence_fingerprint("stack-trace.jvm", "x"));
}

TEST(explain_allowlist_test, bad_allow_specs_are_input_errors) {
  EXPECT_THROW(wd::parse_allow_spec("", "--allow"), walletfuzz::InputError);
  EXPECT_THROW(wd::parse_allow_spec("rule", "--allow"), walletfuzz::InputError);
  EXPECT_THROW(wd::parse_allow_spec("colour=red", "--allow"), walletfuzz::InputError);
  EXPECT_THROW(wd::parse_allow_spec("fingerprint=XYZ", "--allow"), walletfuzz::InputError);
  try {
    wd::parse_allow_spec("colour=red", "--allow");
  } catch (const walletfuzz::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--allow"), std::string::npos) << e.what();
  }
}
