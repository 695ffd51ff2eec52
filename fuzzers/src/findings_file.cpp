#include "walletfuzz/fuzzers/findings_file.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <map>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"

namespace walletfuzz::fuzzers {
namespace {

namespace json = boost::json;

json::object to_json(const Finding& f) {
  json::object cost{{"median_ns", f.median_ns},
                    {"baseline_median_ns", f.baseline_median_ns},
                    {"work_units", f.work_units},
                    {"peak_memory_bytes", f.peak_memory_bytes}};
  json::object out{{"id", f.id},
                   {"handler", f.handler},
                   {"kind", kind_name(f.kind)},
                   {"file", f.file.generic_string()},
                   {"signature", f.signature},
                   {"summary", f.summary},
                   {"cost", std::move(cost)},
                   {"amplification", f.amplification}};
  if (f.leak) {
    out["leak"] = {
        {"family", f.leak->family}, {"rule", f.leak->rule}, {"severity", f.leak->severity}};
  }
  out["first_seen"] = f.first_seen;
  out["reproducible"] = f.reproducible;
  out["flaky"] = f.flaky;
  return out;
}

// Typed field access that names the finding and field in its error.
class Reader {
 public:
  Reader(const std::filesystem::path& file, const json::object& object, std::string path)
      : file_(file), object_(object), path_(std::move(path)) {}

  const json::value& at(std::string_view key) const {
    const json::value* value = object_.if_contains(key);
    if (value == nullptr) fail(key, "is missing");
    return *value;
  }
  std::string string(std::string_view key) const {
    const json::value& v = at(key);
    if (!v.is_string()) fail(key, "must be a string");
    return std::string(v.get_string());
  }
  std::uint64_t unsigned_number(const json::object& object, std::string_view key) const {
    const json::value* v = object.if_contains(key);
    if (v == nullptr) return 0;
    if (v->is_uint64()) return v->get_uint64();
    if (v->is_int64() && v->get_int64() >= 0) return static_cast<std::uint64_t>(v->get_int64());
    if (v->is_double() && v->get_double() >= 0) return static_cast<std::uint64_t>(v->get_double());
    fail(key, "must be a non-negative number");
  }
  double number(std::string_view key) const {
    const json::value* v = object_.if_contains(key);
    if (v == nullptr) return 0;
    if (v->is_number()) return v->to_number<double>();
    fail(key, "must be a number");
  }
  bool boolean(std::string_view key) const {
    const json::value* v = object_.if_contains(key);
    return v != nullptr && v->is_bool() && v->get_bool();
  }
  [[noreturn]] void fail(std::string_view key, std::string_view what) const {
    throw InputError({.file = file_.string(), .field = path_ + "." + std::string(key)},
                     std::string(what));
  }

 private:
  const std::filesystem::path& file_;
  const json::object& object_;
  std::string path_;
};

}  // namespace

std::string findings_json(const std::vector<Finding>& findings, std::string_view generated_at) {
  json::array rows;
  for (const auto& f : findings) rows.push_back(to_json(f));
  json::object root{
      {"schema", kFindingsSchema}, {"generated_at", generated_at}, {"findings", std::move(rows)}};
  return json::serialize(root) + "\n";
}

std::vector<Finding> read_findings(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return {};
  std::string text = read_file(path, 64 << 20);
  json::error_code parse_error;
  json::value root = json::parse(text, parse_error, {}, {.allow_invalid_utf8 = true});
  if (parse_error) {
    throw InputError({.file = path.string()}, "not JSON: " + parse_error.message());
  }
  if (!root.is_object() || !root.as_object().contains("findings") ||
      !root.as_object().at("findings").is_array()) {
    throw InputError({.file = path.string(), .field = "findings"},
                     "missing or not an array; is this a findings.json?");
  }
  std::vector<Finding> findings;
  const auto& rows = root.as_object().at("findings").as_array();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::string where = "findings[" + std::to_string(i) + "]";
    if (!rows[i].is_object()) {
      throw InputError({.file = path.string(), .field = where}, "must be an object");
    }
    Reader r(path, rows[i].as_object(), where);
    Finding f;
    f.id = r.string("id");
    f.handler = r.string("handler");
    auto kind = parse_kind(r.string("kind"));
    if (!kind) r.fail("kind", "is not crash, timeout, oom, slow or leak");
    f.kind = *kind;
    f.file = r.string("file");
    f.signature = r.string("signature");
    f.summary = rows[i].as_object().contains("summary") ? r.string("summary") : std::string();
    if (const auto* cost = rows[i].as_object().if_contains("cost"); cost && cost->is_object()) {
      f.median_ns = r.unsigned_number(cost->as_object(), "median_ns");
      f.baseline_median_ns = r.unsigned_number(cost->as_object(), "baseline_median_ns");
      f.work_units = r.unsigned_number(cost->as_object(), "work_units");
      f.peak_memory_bytes = r.unsigned_number(cost->as_object(), "peak_memory_bytes");
    }
    f.amplification = r.number("amplification");
    if (const auto* leak = rows[i].as_object().if_contains("leak"); leak && leak->is_object()) {
      Reader lr(path, leak->as_object(), where + ".leak");
      f.leak = LeakHit{.family = lr.string("family"),
                       .rule = lr.string("rule"),
                       .severity = lr.string("severity")};
    }
    f.first_seen = rows[i].as_object().contains("first_seen") ? r.string("first_seen") : "";
    f.reproducible = r.boolean("reproducible");
    f.flaky = r.boolean("flaky");
    auto request_path = path.parent_path() / f.file;
    if (std::filesystem::exists(request_path, ec)) f.request = read_file(request_path, 4 << 20);
    findings.push_back(std::move(f));
  }
  return findings;
}

std::vector<Finding> merge_findings(std::vector<Finding> previous, std::vector<Finding> fresh) {
  std::map<std::string, Finding> by_signature;
  for (auto& f : previous) by_signature[f.signature] = std::move(f);
  for (auto& f : fresh) {
    auto it = by_signature.find(f.signature);
    if (it == by_signature.end()) {
      by_signature.emplace(f.signature, std::move(f));
      continue;
    }
    std::string first_seen = it->second.first_seen.empty() ? f.first_seen : it->second.first_seen;
    if (it->second.request.empty() || is_worse(f, it->second)) it->second = std::move(f);
    it->second.first_seen = first_seen;
  }
  std::vector<Finding> merged;
  for (auto& [signature, f] : by_signature) merged.push_back(std::move(f));
  return deduplicate(std::move(merged));
}

void write_findings(const std::filesystem::path& run_dir, std::vector<Finding>& findings,
                    std::string_view generated_at) {
  for (auto& f : findings) {
    if (f.request.empty()) continue;  // an earlier finding whose file is gone: keep the row
    f.file = std::filesystem::path("findings") / f.handler / (f.id + ".http");
    write_file_atomically(run_dir / f.file, f.request);
  }
  write_file_atomically(run_dir / "findings.json", findings_json(findings, generated_at));
}

std::string utc_now_iso8601() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace walletfuzz::fuzzers
