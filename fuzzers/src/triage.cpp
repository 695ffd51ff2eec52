#include "walletfuzz/fuzzers/triage.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

namespace walletfuzz::fuzzers {
namespace {

// Frames that say where the runtime was, not where the bug is.
constexpr std::array<std::string_view, 16> kRuntimePrefixes = {"__sanitizer",
                                                               "__asan",
                                                               "__ubsan",
                                                               "__interceptor",
                                                               "__lsan",
                                                               "fuzzer::",
                                                               "std::",
                                                               "__gnu_cxx::",
                                                               "__cxxabiv1",
                                                               "__cxa_",
                                                               "__libc_",
                                                               "_start",
                                                               "walletfuzz::fuzzers::",
                                                               "LLVMFuzzerTestOneInput",
                                                               "operator new",
                                                               "operator delete"};
constexpr std::array<std::string_view, 8> kRuntimeExact = {"abort",
                                                           "raise",
                                                           "main",
                                                           "gsignal",
                                                           "__GI_abort",
                                                           "__GI_raise",
                                                           "__pthread_kill_implementation",
                                                           "pthread_kill"};

bool is_runtime_frame(std::string_view function) {
  for (auto prefix : kRuntimePrefixes) {
    if (function.substr(0, prefix.size()) == prefix) return true;
  }
  for (auto name : kRuntimeExact) {
    if (function == name) return true;
  }
  // The std::function plumbing between the harness and the handler.
  return function.find("_Function_handler") != std::string_view::npos ||
         function.find("__invoke") != std::string_view::npos;
}

// "ns::f(int, char)" -> "ns::f"; "ns::g<int>(x)" -> "ns::g". A lambda's frame keeps only its
// enclosing function's name, which is what a person looks for first anyway. Anonymous namespaces
// are dropped ("ns::(anonymous namespace)::f(…)" -> "ns::f"): their parenthesis is not the
// argument list, and helpers in .cpp files nearly always live in one.
std::string strip_function(std::string_view full) {
  static constexpr std::string_view anonymous = "(anonymous namespace)::";
  std::string text(full);
  for (auto at = text.find(anonymous); at != std::string::npos; at = text.find(anonymous, at)) {
    text.erase(at, anonymous.size());
  }
  std::string out;
  int angle = 0;
  for (char c : text) {
    if (c == '(' && angle == 0) break;
    if (c == '<') {
      ++angle;
    } else if (c == '>' && angle > 0) {
      --angle;
    } else if (angle == 0) {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string collapse_digits(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool digit = c >= '0' && c <= '9';
    if (digit && !out.empty() && out.back() == '#') continue;
    out += digit ? '#' : c;
  }
  return out;
}

int severity_rank(const std::optional<LeakHit>& leak) {
  if (!leak) return 0;
  if (leak->severity == "high") return 3;
  if (leak->severity == "medium") return 2;
  return 1;
}

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace

std::vector<std::string> application_frames(std::string_view report, std::size_t count) {
  std::vector<std::string> frames;
  std::size_t pos = 0;
  while (pos < report.size() && frames.size() < count) {
    std::size_t end = report.find('\n', pos);
    if (end == std::string_view::npos) end = report.size();
    std::string_view line = report.substr(pos, end - pos);
    pos = end + 1;
    std::size_t hash = line.find_first_not_of(' ');
    if (hash == std::string_view::npos || line[hash] != '#') continue;
    std::size_t in = line.find(" in ");
    if (in == std::string_view::npos) continue;
    std::string_view rest = line.substr(in + 4);
    // Drop the " /path/file.cpp:12:3" location after the function.
    std::size_t location = rest.rfind(" /");
    if (location != std::string_view::npos) rest = rest.substr(0, location);
    std::string function = strip_function(rest);
    if (function.empty() || is_runtime_frame(function)) continue;
    frames.push_back(std::move(function));
  }
  return frames;
}

std::string crash_signature(std::string_view handler, std::string_view report) {
  std::string prefix = std::string(handler) + ":crash:";
  // The harness's own line for an exception escaping the handler (see run_fuzz_input).
  if (auto at = report.find("==WALLETFUZZ== crash "); at != std::string_view::npos) {
    std::string_view line = report.substr(at, report.find('\n', at) - at);
    auto type_at = line.find("exception=");
    auto detail_at = line.find(" detail=");
    if (type_at != std::string_view::npos && detail_at != std::string_view::npos) {
      std::string_view type = line.substr(type_at + 10, detail_at - type_at - 10);
      std::string_view detail = line.substr(detail_at + 8);
      if (auto colon = detail.find(": "); colon != std::string_view::npos) {
        detail = detail.substr(colon + 2);  // "uncaught T: message" -> "message"
      }
      return prefix + std::string(type) + ":" + collapse_digits(detail.substr(0, 80));
    }
  }
  auto frames = application_frames(report);
  if (!frames.empty()) {
    std::string joined;
    for (const auto& f : frames) joined += (joined.empty() ? "" : "|") + f;
    return prefix + joined;
  }
  // UBSan without a stack: "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior
  // /p/f.cpp:53:19".
  if (auto at = report.find("SUMMARY: "); at != std::string_view::npos) {
    std::string_view line = report.substr(at + 9, report.find('\n', at) - at - 9);
    if (auto colon = line.find(": "); colon != std::string_view::npos)
      line = line.substr(colon + 2);
    std::string summary(line);
    if (auto slash = summary.rfind('/'); slash != std::string::npos) {
      auto space = summary.rfind(' ', slash);
      summary = summary.substr(0, space + 1) + summary.substr(slash + 1);
    }
    while (!summary.empty() && summary.back() == ' ') summary.pop_back();
    return prefix + collapse_digits(summary);
  }
  if (auto at = report.find("deadly signal"); at != std::string_view::npos) {
    return prefix + "deadly-signal";
  }
  return prefix + "unknown";
}

std::vector<std::pair<std::string, std::string>> reports_by_artifact(std::string_view log) {
  static constexpr std::string_view kWritten = "Test unit written to ";
  std::vector<std::pair<std::string, std::string>> reports;
  std::size_t segment = 0;
  for (auto at = log.find(kWritten); at != std::string_view::npos; at = log.find(kWritten, at)) {
    const std::size_t path_at = at + kWritten.size();
    const std::size_t end = std::min(log.find('\n', path_at), log.size());
    std::string_view path = log.substr(path_at, end - path_at);
    if (auto slash = path.rfind('/'); slash != std::string_view::npos)
      path.remove_prefix(slash + 1);
    reports.emplace_back(std::string(path), std::string(log.substr(segment, at - segment)));
    segment = at = end;
  }
  return reports;
}

std::string slow_signature(std::string_view handler, const CostSample& cost,
                           const Baseline& baseline) {
  auto ratio = [](std::uint64_t value, std::uint64_t base) {
    return base == 0 ? 0.0 : static_cast<double>(value) / static_cast<double>(base);
  };
  double cpu = ratio(cost.cpu_ns, baseline.cpu_median_ns);
  double memory = ratio(cost.peak_memory_bytes, baseline.peak_memory_median_bytes);
  double work = ratio(cost.work_units, baseline.work_units_median);
  std::string resource = "cpu";
  double best = cpu;
  if (memory > best) {
    resource = "memory";
    best = memory;
  }
  if (work > best) resource = "work";
  return std::string(handler) + ":slow:" + resource;
}

std::string leak_signature(std::string_view handler, const LeakHit& leak) {
  return std::string(handler) + ":leak:" + leak.family + ":" + leak.rule;
}

std::string kind_signature(std::string_view handler, FindingKind kind) {
  return std::string(handler) + ":" + std::string(kind_name(kind));
}

std::string finding_id(FindingKind kind, std::string_view signature) {
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08llx",
                static_cast<unsigned long long>(fnv1a(signature) & 0xffffffffULL));
  return std::string(kind_name(kind)) + "-" + hex;
}

bool is_worse(const Finding& a, const Finding& b) {
  if (a.reproducible != b.reproducible) return a.reproducible;
  if (a.amplification != b.amplification) return a.amplification > b.amplification;
  if (severity_rank(a.leak) != severity_rank(b.leak)) {
    return severity_rank(a.leak) > severity_rank(b.leak);
  }
  return a.request.size() < b.request.size();
}

std::vector<Finding> deduplicate(std::vector<Finding> findings) {
  std::map<std::string, Finding> worst;
  for (auto& finding : findings) {
    auto it = worst.find(finding.signature);
    if (it == worst.end()) {
      worst.emplace(finding.signature, std::move(finding));
    } else if (is_worse(finding, it->second)) {
      it->second = std::move(finding);
    }
  }
  std::vector<Finding> kept;
  for (auto& [signature, finding] : worst) kept.push_back(std::move(finding));
  std::stable_sort(kept.begin(), kept.end(), [](const Finding& a, const Finding& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.amplification > b.amplification;
  });
  return kept;
}

bool slow_verdict(double raw_ratio, std::uint64_t request_bytes,
                  std::uint64_t baseline_request_bytes, std::uint64_t median_ns,
                  const SlowRule& rule) noexcept {
  if (rule.ms && static_cast<double>(median_ns) >= *rule.ms * 1e6) return true;
  if (rule.ratio <= 0) return false;
  double ratio = rule.basis == AmplificationBasis::raw
                     ? raw_ratio
                     : size_aware_amplification(raw_ratio, request_bytes, baseline_request_bytes);
  return ratio >= rule.ratio;
}

double judged_amplification(const Finding& f, AmplificationBasis basis) noexcept {
  return walletfuzz::judged_amplification(basis, f.amplification,
                                          f.size_aware_amplification.value_or(f.amplification));
}

Confirmation confirm(int shown, int runs) noexcept {
  if (runs <= 0) return {};
  return {.reproducible = shown == runs, .flaky = shown < runs};
}

}  // namespace walletfuzz::fuzzers
