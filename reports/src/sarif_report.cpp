// findings.sarif: SARIF 2.1.0 for code-scanning dashboards. One rule per finding kind with a
// stable id (WF-SLOW, ...), one result per finding, the de-duplication signature as the
// partial fingerprint so a dashboard tracks a defect across runs.
#include <array>
#include <boost/json.hpp>
#include <cmath>

#include "report_facts.hpp"
#include "text_format.hpp"
#include "walletfuzz/formats/json_text.hpp"
#include "walletfuzz/reports/renderers.hpp"

namespace walletfuzz::reports {
using namespace detail;
namespace json = boost::json;

namespace {

struct RuleInfo {
  const char* kind;
  const char* id;
  const char* name;
  const char* level;
  const char* security_severity;  // GitHub's 0-10 scale
  const char* short_text;
  const char* full_text;
};

// Order is part of the contract: ruleIndex values stay stable across runs and versions.
constexpr std::array<RuleInfo, 6> kRules{{
    {"crash", "WF-CRASH", "HandlerCrash", "error", "7.5", "Input crashes the handler",
     "A request makes the handler crash; every such request is billed and may take the instance "
     "down for other users."},
    {"timeout", "WF-TIMEOUT", "HandlerTimeout", "error", "7.5",
     "Input drives the handler to its timeout",
     "A request keeps the handler running until the platform stops it, billing the full "
     "timeout per request: a cheap denial-of-wallet."},
    {"oom", "WF-OOM", "HandlerOutOfMemory", "error", "7.5", "Input exhausts the handler's memory",
     "A request makes the handler allocate until it runs out of memory."},
    {"slow", "WF-SLOW", "CostAmplification", "warning", "5.3",
     "Input costs far more than a normal request",
     "A request costs many times what normal traffic costs (amplification); an attacker sending "
     "it multiplies the owner's bill."},
    {"leak", "WF-LEAK", "InformationLeak", "error", "8.2",
     "Response leaks secrets, stack traces or verbose errors",
     "A response exposes information an attacker can use: credentials, stack traces or internal "
     "error detail."},
    {"", "WF-OTHER", "OtherFinding", "warning", "4.0", "Other finding",
     "A finding of a kind this walletfuzz version does not classify."},
}};

std::size_t rule_index(const std::string& kind) {
  for (std::size_t i = 0; i + 1 < kRules.size(); ++i) {
    if (kind == kRules[i].kind) return i;
  }
  return kRules.size() - 1;
}

json::string str(const std::string& text) {
  return json::string(valid_utf8(text));
}

// A relative URI reference for a run-directory path: unreserved characters and '/' stay,
// everything else is percent-encoded (a fuzz finding's file name may hold anything).
std::string uri_path(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

}  // namespace

std::string sarif_rule_id(const std::string& kind) {
  return kRules[rule_index(kind)].id;
}

std::string render_sarif(const ReportContext& context) {
  const RunData& run = context.run;
  json::array rules;
  for (const RuleInfo& rule : kRules) {
    rules.push_back(json::object{
        {"id", rule.id},
        {"name", rule.name},
        {"shortDescription", json::object{{"text", rule.short_text}}},
        {"fullDescription", json::object{{"text", rule.full_text}}},
        {"help", json::object{{"text", str(mitigation_for(Finding{.kind = rule.kind}).advice)}}},
        {"defaultConfiguration", json::object{{"level", rule.level}}},
        {"properties", json::object{{"tags", json::array{"security", "denial-of-wallet"}},
                                    {"security-severity", rule.security_severity}}}});
  }
  json::array results;
  double rate = context.gates.attack_rate_rps;
  for (const Finding* finding : findings_in_report_order(run)) {
    std::size_t index = rule_index(finding->kind);
    auto amplification = amplification_of(run, *finding);
    const CostClass* cost = run.cost_of(*finding);
    std::string message = kind_label(finding->kind) + " in handler " + finding->handler;
    if (!finding->summary.empty()) message += ": " + finding->summary;
    if (amplification) message += " (amplification " + format_ratio(*amplification) + ")";
    if (cost && cost->cost_per_million_usd) {
      message += "; " + format_usd(*cost->cost_per_million_usd) + " per 1M requests";
    }
    message += ". Mitigation: " + mitigation_for(*finding).headline + ".";
    json::object properties{{"handler", str(finding->handler)},
                            {"findingId", str(finding->id)},
                            {"new", context.comparison.is_new(finding->signature)}};
    // Only finite figures: Boost.JSON would write infinity as "Infinity", which is not JSON.
    if (amplification && std::isfinite(*amplification))
      properties["amplification"] = *amplification;
    if (cost && cost->cost_per_million_usd)
      properties["costPerMillionUsd"] = *cost->cost_per_million_usd;
    if (const SpendProjection* p = projection_of(context, *finding)) {
      properties["usdPerDayAtAttackRate"] = p->usd_per_day(rate);
    }
    json::object physical{
        {"artifactLocation",
         json::object{
             {"uri", str(uri_path(finding->file.empty() ? "findings.json" : finding->file))},
             {"uriBaseId", "RUNDIR"}}}};
    results.push_back(json::object{
        {"ruleId", kRules[index].id},
        {"ruleIndex", index},
        {"level", kRules[index].level},
        {"message", json::object{{"text", str(message)}}},
        {"locations",
         json::array{json::object{
             {"physicalLocation", std::move(physical)},
             {"logicalLocations",
              json::array{json::object{{"name", str(finding->handler)}, {"kind", "function"}}}}}}},
        {"partialFingerprints", json::object{{"walletfuzzSignature/v1", str(finding->signature)}}},
        {"properties", std::move(properties)}});
  }
  json::object run_object{
      {"tool", json::object{{"driver", json::object{{"name", "walletfuzz"},
                                                    {"semanticVersion", str(context.version)},
                                                    {"version", str(context.version)},
                                                    {"rules", std::move(rules)}}}}},
      {"originalUriBaseIds",
       json::object{{"RUNDIR", json::object{{"description",
                                             json::object{{"text",
                                                           "The walletfuzz run directory "
                                                           "that holds the request files."}}}}}}},
      {"automationDetails", json::object{{"id", str("walletfuzz/" + context.run_key)}}},
      {"invocations", json::array{json::object{{"executionSuccessful", true}}}},
      {"results", std::move(results)}};
  json::object root{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                    {"version", "2.1.0"},
                    {"runs", json::array{std::move(run_object)}}};
  return formats::to_json_text(root, /*pretty=*/false) + "\n";
}

}  // namespace walletfuzz::reports
