#include "walletfuzz/formats/load.hpp"

#include <algorithm>
#include <set>

#include "json_fields.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/formats/json_text.hpp"

namespace walletfuzz::formats {
namespace json = boost::json;
using detail::JsonObjectView;
using detail::optional_text;
using detail::strings_json;

namespace {

constexpr std::array<const char*, error_kind_count> kErrorNames = {
    "connect", "tls",    "write",    "read",           "timeout",
    "reset",   "closed", "protocol", "body_too_large", "aborted"};

double ms(std::uint64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

json::object summary_ms(const LatencyHistogram& h) {
  json::object out{{"count", h.count()}};
  for (const auto& [key, value] : latency_summary_ms(h)) out[key] = value;
  return out;
}

json::value rate_json(std::optional<double> rate) {
  return rate ? json::value(*rate) : json::value(nullptr);
}

json::object stats_json(const ClassStats& s, double send_duration_s) {
  json::object errors;
  for (std::size_t i = 0; i < error_kind_count; ++i) errors[kErrorNames[i]] = s.errors[i];
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
          {"retry_after_malformed", s.retry_after_malformed},
          {"leaks", s.leaks},
          {"leaks_allowlisted", s.leaks_allowlisted},
          {"checked", s.checked},
          {"check_failures", s.check_failures},
          {"bytes_out", s.bytes_out},
          {"bytes_in", s.bytes_in},
          {"achieved_rate", achieved_rate(s, send_duration_s)},
          {"latency_ms", summary_ms(s.latency)},
          {"latency_uncorrected_ms", summary_ms(s.latency_uncorrected)},
          {"histogram", s.latency.to_json()},
          {"histogram_uncorrected", s.latency_uncorrected.to_json()}};
}

// load.json is the exact, mergeable record of a run: every count is required (a missing one
// would silently become 0 in a merge), unlike the other run files' optional figures.
std::uint64_t required_count(const JsonObjectView& view, std::string_view key) {
  std::optional<std::uint64_t> value = view.count(key);
  if (!value) view.fail(key, "missing (expected a whole number)");
  return *value;
}

LatencyHistogram histogram(const JsonObjectView& view, std::string_view key) {
  const json::value* value = view.raw().if_contains(key);
  if (value == nullptr || value->is_null()) view.fail(key, "missing (expected a histogram)");
  return LatencyHistogram::from_json(*value, {view.file(), 0, 0, view.path_of(key)});
}

ClassStats read_stats(const JsonObjectView& c) {
  ClassStats s;
  s.sent = required_count(c, "sent");
  s.responses = required_count(c, "responses");
  s.dropped = required_count(c, "dropped");
  s.scheduled = required_count(c, "scheduled");
  s.late = c.count("late").value_or(0);
  const std::optional<JsonObjectView> errors = c.object("errors");
  if (!errors) c.fail("errors", "missing (expected an object of counts)");
  for (std::size_t i = 0; i < error_kind_count; ++i) {
    s.errors[i] = errors->count(kErrorNames[i]).value_or(0);
  }
  const std::optional<JsonObjectView> status = c.object("status");
  if (!status) c.fail("status", "missing (expected an object of counts)");
  for (const auto& entry : status->raw()) {
    const std::string_view key = entry.key();
    const bool three_digits = key.size() == 3 && std::all_of(key.begin(), key.end(), [](char ch) {
                                return ch >= '0' && ch <= '9';
                              });
    if (!three_digits) status->fail(key, "expected a three-digit status code");
    s.status[static_cast<std::size_t>(std::stoul(std::string(key)))] =
        status->count(key).value_or(0);
  }
  s.throttled = c.count("throttled").value_or(0);
  s.retry_after_seen = c.count("retry_after_seen").value_or(0);
  s.retry_after_max_s = c.count("retry_after_max_s").value_or(0);
  s.retry_after_malformed = c.count("retry_after_malformed").value_or(0);
  s.leaks = c.count("leaks").value_or(0);
  s.leaks_allowlisted = c.count("leaks_allowlisted").value_or(0);
  s.checked = c.count("checked").value_or(0);
  s.check_failures = c.count("check_failures").value_or(0);
  if (s.check_failures > s.checked) c.fail("check_failures", "is above checked");
  if (s.checked > s.responses) c.fail("checked", "is above responses");
  s.bytes_out = c.count("bytes_out").value_or(0);
  s.bytes_in = c.count("bytes_in").value_or(0);
  s.latency = histogram(c, "histogram");
  s.latency_uncorrected = histogram(c, "histogram_uncorrected");
  // The invariants are what make merged results trustworthy; a hand-edited file that breaks
  // them is refused rather than silently merged.
  if (s.scheduled != s.sent + s.dropped) c.fail("scheduled", "does not equal sent + dropped");
  if (s.sent != s.responses + s.errors_total()) c.fail("sent", "does not equal responses + errors");
  if (s.latency.count() != s.responses) c.fail("histogram.count", "does not equal responses");
  return s;
}

}  // namespace

std::vector<std::pair<std::string, double>> latency_summary_ms(const LatencyHistogram& h) {
  return {{"min", ms(h.min())},
          {"mean", h.mean() / 1e6},
          {"p50", ms(h.value_at_percentile(50))},
          {"p75", ms(h.value_at_percentile(75))},
          {"p90", ms(h.value_at_percentile(90))},
          {"p99", ms(h.value_at_percentile(99))},
          {"p99_9", ms(h.value_at_percentile(99.9))},
          {"p99_99", ms(h.value_at_percentile(99.99))},
          {"max", ms(h.max())}};
}

std::string_view to_string(ErrorKind kind) noexcept {
  return kErrorNames[static_cast<std::size_t>(kind)];
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
  into.retry_after_malformed += retry_after_malformed;
  into.leaks += leaks;
  into.leaks_allowlisted += leaks_allowlisted;
  into.checked += checked;
  into.check_failures += check_failures;
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

std::optional<double> LoadResult::baseline_check_failure_rate() const {
  std::uint64_t checked = 0;
  std::uint64_t failed = 0;
  for (const auto& c : classes) {
    if (c.kind != "baseline") continue;
    checked += c.stats.checked;
    failed += c.stats.check_failures;
  }
  if (checked == 0) return std::nullopt;
  return static_cast<double>(failed) / static_cast<double>(checked);
}

bool LoadResult::baselines_unusable() const {
  const std::optional<double> rate = baseline_check_failure_rate();
  return rate && *rate > max_baseline_check_failures;
}

double achieved_rate(const ClassStats& stats, double send_duration_s) noexcept {
  return send_duration_s > 0 ? static_cast<double>(stats.sent) / send_duration_s : 0.0;
}

std::string load_to_json(const LoadResult& result) {
  json::array classes;
  for (const auto& c : result.classes) {
    json::object o = stats_json(c.stats, result.send_duration_s);
    o["name"] = c.name;
    o["kind"] = c.kind;
    o["handler"] = optional_text(c.handler);
    o["finding_id"] = optional_text(c.finding_id);
    o["weight"] = c.weight;
    classes.push_back(std::move(o));
  }
  json::object totals = stats_json(result.totals(), result.send_duration_s);
  totals.erase("histogram");
  totals.erase("histogram_uncorrected");
  const json::object root{
      {"schema", schema_string(RunFile::load)},
      {"target", result.target},
      {"mode", result.mode},
      {"partial", result.partial},
      {"partial_reason", optional_text(result.partial_reason)},
      {"started_at", result.started_at},
      {"duration_s", result.duration_s},
      {"send_duration_s", result.send_duration_s},
      {"target_rate", result.target_rate},
      {"shard", json::object{{"index", result.shard_index}, {"count", result.shard_count}}},
      {"shards_merged", result.shards_merged},
      {"connections", result.connections},
      {"threads", result.threads},
      {"totals", std::move(totals)},
      {"warnings", strings_json(result.warnings)},
      {"max_baseline_check_failures", result.max_baseline_check_failures},
      {"baseline_check_failure_rate", rate_json(result.baseline_check_failure_rate())},
      {"baselines_unusable", result.baselines_unusable()},
      {"classes", std::move(classes)}};
  return to_json_text(root, /*pretty=*/false) + "\n";
}

LoadResult parse_load(std::string_view text, const std::string& file) {
  const json::value document = detail::parse_run_file(text, RunFile::load, file);
  const JsonObjectView root = detail::root_object(document, file);
  LoadResult result;
  result.target = root.string("target").value_or("");
  result.mode = root.string("mode").value_or("open");
  if (result.mode != "open" && result.mode != "closed") {
    root.fail("mode", "expected \"open\" or \"closed\"");
  }
  result.partial = root.boolean("partial").value_or(false);
  result.partial_reason = root.string("partial_reason").value_or("");
  result.started_at = root.string("started_at").value_or("");
  result.duration_s = root.non_negative("duration_s").value_or(0);
  result.send_duration_s = root.non_negative("send_duration_s").value_or(result.duration_s);
  result.target_rate = root.non_negative("target_rate").value_or(0);
  if (const std::optional<JsonObjectView> shard = root.object("shard")) {
    result.shard_index = static_cast<unsigned>(required_count(*shard, "index"));
    result.shard_count = static_cast<unsigned>(required_count(*shard, "count"));
    if (result.shard_count == 0 || result.shard_index >= result.shard_count) {
      root.fail("shard", "index must be below count");
    }
  }
  result.shards_merged = static_cast<unsigned>(root.count("shards_merged").value_or(1));
  result.connections = static_cast<unsigned>(root.count("connections").value_or(0));
  result.threads = static_cast<unsigned>(root.count("threads").value_or(0));
  result.warnings = root.strings("warnings");
  // The flag itself is derived from the counts (so a merge recomputes it); only the limit is read.
  result.max_baseline_check_failures =
      root.non_negative("max_baseline_check_failures").value_or(0.5);
  if (!root.array("classes")) root.fail("classes", "missing (expected an array of classes)");
  std::set<std::string> names;
  for (const JsonObjectView& c : root.objects("classes")) {
    ClassResult cr;
    cr.name = c.required_string("name");
    if (!names.insert(cr.name).second) c.fail("name", "duplicate class \"" + cr.name + "\"");
    cr.kind = c.string("kind").value_or("baseline");
    cr.handler = c.string("handler").value_or("");
    cr.finding_id = c.string("finding_id").value_or("");
    cr.weight = c.non_negative("weight").value_or(1.0);
    cr.stats = read_stats(c);
    result.classes.push_back(std::move(cr));
  }
  return result;
}

LoadResult read_load_file(const std::filesystem::path& path) {
  return parse_load(read_file(path, detail::kMaxRunFileBytes), path.string());
}

void write_load_file(const std::filesystem::path& path, const LoadResult& result) {
  write_file_atomically(path, load_to_json(result));
}

}  // namespace walletfuzz::formats
