#include "walletfuzz/loadgen/load_result.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdarg>
#include <cstdio>
#include <map>
#include <set>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::loadgen {
namespace json = boost::json;
namespace {

constexpr const char* schema_name = "walletfuzz.load/1";
constexpr std::array<const char*, error_kind_count> error_names = {
    "connect", "tls",    "write",    "read",           "timeout",
    "reset",   "closed", "protocol", "body_too_large", "aborted"};

double ms(std::uint64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

json::object summary_ms(const LatencyHistogram& h) {
  return {{"count", h.count()},
          {"min", ms(h.min())},
          {"mean", h.mean() / 1e6},
          {"p50", ms(h.value_at_percentile(50))},
          {"p75", ms(h.value_at_percentile(75))},
          {"p90", ms(h.value_at_percentile(90))},
          {"p99", ms(h.value_at_percentile(99))},
          {"p99_9", ms(h.value_at_percentile(99.9))},
          {"p99_99", ms(h.value_at_percentile(99.99))},
          {"max", ms(h.max())}};
}

// Reading helpers: every failure names the file and the JSON path.
struct Reader {
  std::string file;

  [[noreturn]] void fail(const std::string& path, const std::string& why) const {
    throw InputError({file, 0, 0, path}, why);
  }
  const json::value& at(const json::object& o, const std::string& path, const char* key) const {
    const auto* v = o.if_contains(key);
    if (v == nullptr) fail(path.empty() ? key : path + "." + key, "missing");
    return *v;
  }
  std::string str(const json::object& o, const std::string& path, const char* key) const {
    const auto& v = at(o, path, key);
    if (v.is_null()) return {};
    if (!v.is_string()) fail(path + "." + key, "must be a string");
    return std::string(v.as_string());
  }
  std::uint64_t u64(const json::object& o, const std::string& path, const char* key) const {
    const auto& v = at(o, path, key);
    if (v.is_uint64()) return v.as_uint64();
    if (v.is_int64() && v.as_int64() >= 0) return static_cast<std::uint64_t>(v.as_int64());
    fail(path.empty() ? key : path + "." + key, "must be a non-negative integer");
  }
  double num(const json::object& o, const std::string& path, const char* key) const {
    const auto& v = at(o, path, key);
    if (!v.is_number()) fail(path.empty() ? key : path + "." + key, "must be a number");
    return v.to_number<double>();
  }
  const json::object& obj(const json::value& v, const std::string& path) const {
    if (!v.is_object()) fail(path, "must be an object");
    return v.as_object();
  }
};

}  // namespace

std::string_view to_string(ErrorKind kind) noexcept {
  return error_names[static_cast<std::size_t>(kind)];
}

std::uint64_t ClassStats::errors_total() const noexcept {
  std::uint64_t total = 0;
  for (auto e : errors) total += e;
  return total;
}

void ClassStats::merge_into(ClassStats& into) const {
  into.scheduled += scheduled;
  into.sent += sent;
  into.responses += responses;
  into.dropped += dropped;
  into.late += late;
  for (std::size_t i = 0; i < errors.size(); ++i) into.errors[i] += errors[i];
  for (std::size_t i = 0; i < status.size(); ++i) into.status[i] += status[i];
  into.throttled += throttled;
  into.retry_after_seen += retry_after_seen;
  into.retry_after_max_s = std::max(into.retry_after_max_s, retry_after_max_s);
  into.leaks += leaks;
  into.bytes_out += bytes_out;
  into.bytes_in += bytes_in;
  latency.merge_into(into.latency);
  latency_uncorrected.merge_into(into.latency_uncorrected);
}

ClassStats LoadResult::totals() const {
  ClassStats all;
  for (const auto& c : classes) c.stats.merge_into(all);
  return all;
}

double achieved_rate(const ClassStats& stats, double send_duration_s) noexcept {
  return send_duration_s > 0 ? static_cast<double>(stats.sent) / send_duration_s : 0.0;
}

namespace {

json::object stats_to_json(const ClassStats& s, double send_duration_s) {
  json::object errors;
  for (std::size_t i = 0; i < error_kind_count; ++i) errors[error_names[i]] = s.errors[i];
  json::object status;
  for (std::size_t code = 0; code < s.status.size(); ++code) {
    if (s.status[code] != 0) status[std::to_string(code)] = s.status[code];
  }
  return {{"scheduled", s.scheduled},
          {"sent", s.sent},
          {"responses", s.responses},
          {"dropped", s.dropped},
          {"late", s.late},
          {"errors_total", s.errors_total()},
          {"errors", std::move(errors)},
          {"status", std::move(status)},
          {"throttled", s.throttled},
          {"retry_after_seen", s.retry_after_seen},
          {"retry_after_max_s", s.retry_after_max_s},
          {"leaks", s.leaks},
          {"bytes_out", s.bytes_out},
          {"bytes_in", s.bytes_in},
          {"achieved_rate", achieved_rate(s, send_duration_s)},
          {"latency_ms", summary_ms(s.latency)},
          {"latency_uncorrected_ms", summary_ms(s.latency_uncorrected)},
          {"histogram", s.latency.to_json()},
          {"histogram_uncorrected", s.latency_uncorrected.to_json()}};
}

ClassStats stats_from_json(const Reader& r, const json::object& o, const std::string& path) {
  ClassStats s;
  s.scheduled = r.u64(o, path, "scheduled");
  s.sent = r.u64(o, path, "sent");
  s.responses = r.u64(o, path, "responses");
  s.dropped = r.u64(o, path, "dropped");
  s.late = r.u64(o, path, "late");
  const auto& errors = r.obj(r.at(o, path, "errors"), path + ".errors");
  for (std::size_t i = 0; i < error_kind_count; ++i)
    s.errors[i] = r.u64(errors, path + ".errors", error_names[i]);
  const auto& status = r.obj(r.at(o, path, "status"), path + ".status");
  for (const auto& [key, value] : status) {
    const std::string at = path + ".status." + std::string(key);
    unsigned code = 1000;
    if (key.size() == 3 &&
        std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      code = static_cast<unsigned>(std::stoul(std::string(key)));
    }
    if (code >= s.status.size()) r.fail(at, "status code must be three digits");
    if (!value.is_uint64() && !(value.is_int64() && value.as_int64() >= 0))
      r.fail(at, "must be a non-negative integer");
    s.status[code] = value.to_number<std::uint64_t>();
  }
  s.throttled = r.u64(o, path, "throttled");
  s.retry_after_seen = r.u64(o, path, "retry_after_seen");
  s.retry_after_max_s = r.u64(o, path, "retry_after_max_s");
  s.leaks = r.u64(o, path, "leaks");
  s.bytes_out = r.u64(o, path, "bytes_out");
  s.bytes_in = r.u64(o, path, "bytes_in");
  s.latency =
      LatencyHistogram::from_json(r.at(o, path, "histogram"), {r.file, 0, 0, path + ".histogram"});
  s.latency_uncorrected = LatencyHistogram::from_json(
      r.at(o, path, "histogram_uncorrected"), {r.file, 0, 0, path + ".histogram_uncorrected"});
  // The invariants are what make merged results trustworthy; a hand-edited file that breaks
  // them is refused rather than silently merged.
  if (s.scheduled != s.sent + s.dropped)
    r.fail(path + ".scheduled", "does not equal sent + dropped");
  if (s.sent != s.responses + s.errors_total())
    r.fail(path + ".sent", "does not equal responses + errors");
  if (s.latency.count() != s.responses)
    r.fail(path + ".histogram.count", "does not equal responses");
  return s;
}

}  // namespace

std::string to_json_text(const LoadResult& result) {
  json::array classes;
  for (const auto& c : result.classes) {
    json::object o = stats_to_json(c.stats, result.send_duration_s);
    o["name"] = c.name;
    o["kind"] = c.kind;
    o["handler"] = c.handler.empty() ? json::value(nullptr) : json::value(c.handler);
    o["finding_id"] = c.finding_id.empty() ? json::value(nullptr) : json::value(c.finding_id);
    o["weight"] = c.weight;
    classes.push_back(std::move(o));
  }
  json::object totals = stats_to_json(result.totals(), result.send_duration_s);
  totals.erase("histogram");
  totals.erase("histogram_uncorrected");
  json::object root{
      {"schema", schema_name},
      {"target", result.target},
      {"mode", result.mode},
      {"partial", result.partial},
      {"partial_reason",
       result.partial_reason.empty() ? json::value(nullptr) : json::value(result.partial_reason)},
      {"started_at", result.started_at},
      {"duration_s", result.duration_s},
      {"send_duration_s", result.send_duration_s},
      {"target_rate", result.target_rate},
      {"shard", json::object{{"index", result.shard_index}, {"count", result.shard_count}}},
      {"shards_merged", result.shards_merged},
      {"connections", result.connections},
      {"threads", result.threads},
      {"totals", std::move(totals)},
      {"classes", std::move(classes)}};
  json::array warnings;
  for (const auto& w : result.warnings) warnings.push_back(json::value(w));
  root["warnings"] = std::move(warnings);
  return json::serialize(root) + "\n";
}

LoadResult load_result_from_json(std::string_view text, const std::string& file) {
  Reader r{file};
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec) throw InputError({file, 0, 0, ""}, "not valid JSON: " + ec.message());
  const auto& o = r.obj(root, "(root)");
  if (r.str(o, "", "schema") != schema_name)
    r.fail("schema", std::string("must be \"") + schema_name + "\"");
  LoadResult result;
  result.target = r.str(o, "", "target");
  result.mode = r.str(o, "", "mode");
  if (result.mode != "open" && result.mode != "closed")
    r.fail("mode", "must be \"open\" or \"closed\"");
  const auto& partial = r.at(o, "", "partial");
  if (!partial.is_bool()) r.fail("partial", "must be true or false");
  result.partial = partial.as_bool();
  result.partial_reason = r.str(o, "", "partial_reason");
  result.started_at = r.str(o, "", "started_at");
  result.duration_s = r.num(o, "", "duration_s");
  result.send_duration_s = r.num(o, "", "send_duration_s");
  result.target_rate = r.num(o, "", "target_rate");
  const auto& shard = r.obj(r.at(o, "", "shard"), "shard");
  result.shard_index = static_cast<unsigned>(r.u64(shard, "shard", "index"));
  result.shard_count = static_cast<unsigned>(r.u64(shard, "shard", "count"));
  if (result.shard_count == 0 || result.shard_index >= result.shard_count)
    r.fail("shard", "index must be below count");
  result.shards_merged = static_cast<unsigned>(r.u64(o, "", "shards_merged"));
  result.connections = static_cast<unsigned>(r.u64(o, "", "connections"));
  result.threads = static_cast<unsigned>(r.u64(o, "", "threads"));
  if (const auto* warnings = o.if_contains("warnings")) {  // optional: added in a later version
    if (!warnings->is_array()) r.fail("warnings", "must be an array of strings");
    for (const auto& w : warnings->as_array()) {
      if (!w.is_string()) r.fail("warnings", "must be an array of strings");
      result.warnings.emplace_back(w.as_string());
    }
  }
  const auto& classes = r.at(o, "", "classes");
  if (!classes.is_array()) r.fail("classes", "must be an array");
  std::set<std::string> names;
  for (std::size_t i = 0; i < classes.as_array().size(); ++i) {
    const std::string path = "classes[" + std::to_string(i) + "]";
    const auto& c = r.obj(classes.as_array()[i], path);
    ClassResult cr;
    cr.name = r.str(c, path, "name");
    if (cr.name.empty()) r.fail(path + ".name", "empty");
    if (!names.insert(cr.name).second)
      r.fail(path + ".name", "duplicate class \"" + cr.name + "\"");
    cr.kind = r.str(c, path, "kind");
    cr.handler = r.str(c, path, "handler");
    cr.finding_id = r.str(c, path, "finding_id");
    cr.weight = r.num(c, path, "weight");
    cr.stats = stats_from_json(r, c, path);
    result.classes.push_back(std::move(cr));
  }
  return result;
}

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
        errors += " " + std::string(error_names[i]) + "=" + std::to_string(s.errors[i]);
    }
    if (!errors.empty()) out += "  errors:" + errors + "\n";
    if (s.throttled || s.leaks) {
      append(out, "  throttled (429): %llu, Retry-After seen: %llu, leaks flagged: %llu\n",
             static_cast<unsigned long long>(s.throttled),
             static_cast<unsigned long long>(s.retry_after_seen),
             static_cast<unsigned long long>(s.leaks));
    }
  }
  return out;
}

}  // namespace walletfuzz::loadgen
