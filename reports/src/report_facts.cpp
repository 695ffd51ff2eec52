#include "report_facts.hpp"

#include <algorithm>

#include "text_format.hpp"
#include "walletfuzz/reports/gates.hpp"

namespace walletfuzz::reports::detail {

namespace {

void replace_all(std::string& text, std::string_view from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

int kind_rank(const std::string& kind) {
  if (is_crash_kind(kind)) return 0;
  if (kind == "leak") return 1;
  if (kind == "timeout") return 2;
  return 3;
}

// An origin ("http://127.0.0.1:8080") from a URL that may carry a path.
std::string origin_of(std::string url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  auto path = url.find('/', scheme + 3);
  return path == std::string::npos ? url : url.substr(0, path);
}

bool is_printable(std::string_view bytes) {
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x7f || (byte < 0x20 && c != '\n' && c != '\t')) return false;
  }
  return true;
}

// Every byte that is not plain printable ASCII, and every backslash, as \0NNN (printf %b).
std::string octal_escaped(std::string_view bytes) {
  std::string out;
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f && c != '\\') {
      out += c;
    } else {
      out += "\\0";
      out += static_cast<char>('0' + ((byte >> 6) & 7));
      out += static_cast<char>('0' + ((byte >> 3) & 7));
      out += static_cast<char>('0' + (byte & 7));
    }
  }
  return out;
}

}  // namespace

std::vector<Risk> top_risks(const ReportContext& context, std::size_t limit) {
  std::vector<Risk> risks;
  double rate = context.gates.attack_rate_rps;
  for (const SpendProjection& projection : context.spend) {
    Risk risk{&projection, projection.usd_per_hour(rate), projection.usd_per_day(rate),
              projection.throttle_rate_rps && rate > *projection.throttle_rate_rps};
    risks.push_back(risk);
  }
  std::stable_sort(risks.begin(), risks.end(),
                   [](const Risk& a, const Risk& b) { return a.usd_per_day > b.usd_per_day; });
  if (risks.size() > limit) risks.resize(limit);
  return risks;
}

const SpendProjection* projection_of(const ReportContext& context, const Finding& finding) {
  for (const SpendProjection& projection : context.spend) {
    if (projection.finding_id == finding.id) return &projection;
  }
  return nullptr;
}

std::optional<double> amplification_of(const RunData& run, const Finding& finding) {
  if (finding.amplification) return finding.amplification;
  if (const CostClass* cost = run.cost_of(finding)) return cost->amplification;
  return std::nullopt;
}

std::optional<WorstAmplification> worst_amplification(const ReportContext& context) {
  std::optional<WorstAmplification> worst;
  for (const Finding& finding : context.run.findings) {
    auto value = amplification_of(context.run, finding);
    if (value && (!worst || *value > worst->value)) worst = WorstAmplification{&finding, *value};
  }
  return worst;
}

std::map<std::string, std::size_t> findings_by_kind(const RunData& run) {
  std::map<std::string, std::size_t> counts;
  for (const Finding& finding : run.findings) ++counts[finding.kind];
  return counts;
}

Mitigation mitigation_for(const Finding& finding) {
  const std::string also =
      "Cap what any input can cost: reserved concurrency on the function bounds the bill (and "
      "protects other functions), and rate limiting per client (API Gateway usage plans, a WAF "
      "rate rule) stops one sender from reaching the throttling point.";
  const std::string& kind = finding.kind;
  if (kind == "crash") {
    return {"Error handling",
            "Treat malformed input as a client error: validate before use and turn parse "
            "failures into a 4xx instead of a crash; add this request to the regression tests.",
            also};
  }
  if (kind == "oom") {
    return {"Input validation",
            "Bound sizes before allocating: cap body size, element counts and nesting depth, "
            "and stream large inputs instead of loading them whole.",
            also};
  }
  if (kind == "timeout") {
    return {"Timeout",
            "Set the function timeout just above the p99 of normal traffic so a hostile input is "
            "billed seconds, not the maximum; check remaining time in long loops and reject the "
            "input shape that drives unbounded work.",
            also};
  }
  if (kind == "leak") {
    return {"Error handling",
            "Return generic error bodies; log details server-side only. Never echo stack traces, "
            "configuration or credentials, and rotate any secret that was exposed.",
            also};
  }
  if (kind == "slow") {
    return {"Input validation",
            "Reject inputs whose cost grows with their size or shape (page sizes, pattern "
            "complexity, nesting, repeated fields) before doing the work, and keep the "
            "timeout close to normal p99 as a backstop.",
            also};
  }
  return {"Rate limiting", "Limit how often one client can send this request.", also};
}

Reproduction reproduction_for(const ReportContext& context, const Finding& finding) {
  Reproduction reproduction;
  std::string target = origin_of(context.target_url);
  if (finding.request) {
    const Request& request = *finding.request;
    std::string path = request.target;
    if (path.find("://") != std::string::npos) {
      auto slash = path.find('/', path.find("://") + 3);
      path = slash == std::string::npos ? "/" : path.substr(slash);
    }
    std::string command =
        "curl -sS -i -X " + shell_quote(request.method) + " " + shell_quote(target + path);
    for (const HeaderField& field : request.headers) {
      // curl computes these itself; sending them twice would change the request.
      if (iequals(field.name, "Host") || iequals(field.name, "Content-Length")) continue;
      command += " -H " + shell_quote(field.name + ": " + field.value);
    }
    if (!request.body.empty() && is_printable(request.body)) {
      command += " --data-binary " + shell_quote(request.body);
    } else if (!request.body.empty()) {
      // Binary bodies go through printf's octal escapes, so the command stays printable text
      // and still sends the exact bytes.
      command = "printf '%b' " + shell_quote(octal_escaped(request.body)) + " | " + command +
                " --data-binary @-";
    }
    reproduction.curl = valid_utf8(command);
    reproduction.redacted = command.find("[REDACTED:") != std::string::npos;
  }
  std::string replay = context.replay_command;
  replace_all(replay, "{scenario}", shell_quote(context.scenario_path));
  replace_all(replay, "{target}", shell_quote(target));
  replace_all(replay, "{id}", shell_quote(finding.id));
  replace_all(replay, "{file}", shell_quote(finding.file));
  reproduction.replay = replay;
  auto scheme_end = target.find("://");
  std::string authority = scheme_end == std::string::npos ? target : target.substr(scheme_end + 3);
  auto colon = authority.rfind(':');
  std::string host = colon == std::string::npos ? authority : authority.substr(0, colon);
  std::string port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
  if (!finding.file.empty() && target.rfind("http://", 0) == 0) {
    reproduction.raw =
        "nc " + shell_quote(host) + " " + shell_quote(port) + " < " + shell_quote(finding.file);
  }
  return reproduction;
}

std::vector<const Finding*> findings_in_report_order(const RunData& run) {
  std::vector<const Finding*> order;
  for (const Finding& finding : run.findings) order.push_back(&finding);
  std::stable_sort(order.begin(), order.end(), [&](const Finding* a, const Finding* b) {
    int ra = kind_rank(a->kind), rb = kind_rank(b->kind);
    if (ra != rb) return ra < rb;
    double aa = amplification_of(run, *a).value_or(0), ab = amplification_of(run, *b).value_or(0);
    if (aa != ab) return aa > ab;
    return a->id < b->id;
  });
  return order;
}

std::string kind_label(const std::string& kind) {
  if (kind == "crash") return "Crash";
  if (kind == "oom") return "Out of memory";
  if (kind == "timeout") return "Timeout";
  if (kind == "slow") return "Slow input";
  if (kind == "leak") return "Leak";
  if (kind == "baseline") return "Normal traffic";
  return kind;
}

std::optional<std::string> unusable_load_warning(const RunData& run) {
  if (!run.load || !run.load->baselines_unusable) return std::nullopt;
  const double rate = run.load->baseline_check_failure_rate.value_or(1) * 100;
  return "Load figures unusable: " + format_number(rate) +
         "% of the baselines' responses failed their checks (limit " +
         format_number(run.load->max_baseline_check_failures * 100) +
         "%). Every latency, throughput and cost figure of the load test measured an error path "
         "(a rejected or failed request), not the function.";
}

}  // namespace walletfuzz::reports::detail
