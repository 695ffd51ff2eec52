#include "walletfuzz/loadgen/load_result.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <map>
#include <set>
#include <string_view>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/detectors/redaction.hpp"

namespace walletfuzz::loadgen {
namespace {

double ms(std::uint64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

}  // namespace

LoadResult merge_results(const std::vector<LoadResult>& results,
                         const std::vector<std::string>& files) {
  auto name_of = [&](std::size_t i) {
    return i < files.size() ? files[i] : "result " + std::to_string(i + 1);
  };
  if (results.empty()) throw InputError({"", 0, 0, "RESULT"}, "nothing to merge");
  LoadResult merged = results.front();
  merged.classes.clear();
  merged.shards_merged = 0;
  merged.duration_s = merged.send_duration_s = merged.target_rate = 0;
  merged.connections = merged.threads = 0;
  merged.partial = false;
  merged.partial_reason.clear();
  merged.warnings.clear();
  for (std::size_t i = 0; i < results.size(); ++i) {
    for (const auto& w : results[i].warnings) merged.warnings.push_back(name_of(i) + ": " + w);
  }
  std::set<unsigned> shards_seen;
  std::map<std::string, std::size_t> by_name;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const LoadResult& r = results[i];
    if (r.target != merged.target) {
      throw InputError({name_of(i), 0, 0, "target"}, "\"" + r.target + "\" differs from \"" +
                                                         merged.target + "\" in " + name_of(0));
    }
    if (r.mode != merged.mode)
      throw InputError({name_of(i), 0, 0, "mode"}, "differs from " + name_of(0));
    if (r.shard_count != merged.shard_count) {
      throw InputError({name_of(i), 0, 0, "shard.count"},
                       "shards of different splits cannot be merged");
    }
    // A result that already merges several shards has no single shard index; only plain shard
    // results are checked for duplicates.
    if (r.shards_merged == 1 && r.shard_count > 1 && !shards_seen.insert(r.shard_index).second) {
      throw InputError({name_of(i), 0, 0, "shard.index"},
                       "shard " + std::to_string(r.shard_index) + " given twice");
    }
    merged.shards_merged += r.shards_merged;
    merged.duration_s = std::max(merged.duration_s, r.duration_s);
    merged.send_duration_s = std::max(merged.send_duration_s, r.send_duration_s);
    merged.target_rate += r.target_rate;
    merged.connections += r.connections;
    merged.threads += r.threads;
    merged.started_at = std::min(merged.started_at, r.started_at);
    if (r.partial) {
      merged.partial = true;
      if (merged.partial_reason.empty())
        merged.partial_reason = name_of(i) + ": " + r.partial_reason;
    }
    for (const auto& c : r.classes) {
      auto [it, inserted] = by_name.emplace(c.name, merged.classes.size());
      if (inserted) {
        ClassResult fresh = c;
        fresh.stats = ClassStats{};
        merged.classes.push_back(std::move(fresh));
      }
      c.stats.merge_into(merged.classes[it->second].stats);
    }
  }
  merged.shard_index = 0;
  if (merged.shards_merged == merged.shard_count) merged.shard_count = 1;
  return merged;
}

namespace {
// printf-style append; the attribute lets both compilers check every format against its arguments.
[[gnu::format(printf, 2, 3)]] void append(std::string& out, const char* format, ...) {
  char line[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof line, format, args);
  va_end(args);
  out += line;
}
}  // namespace

std::string format_percentile_table(const LoadResult& result) {
  std::string out;
  append(out, "Target %s, %s loop, %.2f s sending (%.2f s total)%s\n", result.target.c_str(),
         result.mode.c_str(), result.send_duration_s, result.duration_s,
         result.partial ? (", PARTIAL: " + result.partial_reason).c_str() : "");
  std::vector<ClassResult> rows = result.classes;
  if (rows.size() > 1) rows.push_back({.name = "(all classes)", .stats = result.totals()});
  for (const auto& c : rows) {
    const ClassStats& s = c.stats;
    append(out, "\n%s\n", c.name.c_str());
    append(out, "  Latency Distribution (corrected from due time | uncorrected from send)\n");
    for (double p : {50.0, 75.0, 90.0, 99.0, 99.9, 99.99, 100.0}) {
      append(out, "  %7.3f%%  %12.3f ms  %12.3f ms\n", p, ms(s.latency.value_at_percentile(p)),
             ms(s.latency_uncorrected.value_at_percentile(p)));
    }
    append(
        out,
        "  %llu scheduled, %llu sent, %llu responses, %llu errors, %llu dropped, %llu late; %.1f "
        "req/s\n",
        static_cast<unsigned long long>(s.scheduled), static_cast<unsigned long long>(s.sent),
        static_cast<unsigned long long>(s.responses),
        static_cast<unsigned long long>(s.errors_total()),
        static_cast<unsigned long long>(s.dropped), static_cast<unsigned long long>(s.late),
        achieved_rate(s, result.send_duration_s));
    std::string statuses;
    for (std::size_t code = 0; code < s.status.size(); ++code) {
      if (s.status[code] != 0)
        statuses += " " + std::to_string(code) + "=" + std::to_string(s.status[code]);
    }
    if (!statuses.empty()) out += "  status:" + statuses + "\n";
    std::string errors;
    for (std::size_t i = 0; i < error_kind_count; ++i) {
      if (s.errors[i] != 0)
        errors += " " + std::string(to_string(static_cast<ErrorKind>(i))) + "=" +
                  std::to_string(s.errors[i]);
    }
    if (!errors.empty()) out += "  errors:" + errors + "\n";
    if (s.throttled || s.leaks || s.leaks_allowlisted) {
      append(out, "  throttled (429): %llu, Retry-After seen: %llu, leaks flagged: %llu",
             static_cast<unsigned long long>(s.throttled),
             static_cast<unsigned long long>(s.retry_after_seen),
             static_cast<unsigned long long>(s.leaks));
      if (s.leaks_allowlisted) {
        append(out, " (and %llu accepted by the leak allowlist)",
               static_cast<unsigned long long>(s.leaks_allowlisted));
      }
      out += "\n";
    }
    if (s.checked) {
      append(out, "  expect: %llu of %llu responses failed the function's checks\n",
             static_cast<unsigned long long>(s.check_failures),
             static_cast<unsigned long long>(s.checked));
    }
  }
  if (result.baselines_unusable()) {
    out +=
        "UNUSABLE: the baselines failed their checks above the limit; every figure above "
        "measured an error path, not the function\n";
  }
  // Printed on stdout (CI logs): the target and class names may quote a secret.
  return detectors::redact_secrets(out);
}

}  // namespace walletfuzz::loadgen
