#include "walletfuzz/cost_model/run_inputs.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "walletfuzz/core/histogram.hpp"

namespace walletfuzz::cost_model {
namespace {

namespace json = boost::json;

struct Reader {
  const std::string& file;

  [[noreturn]] void fail(const std::string& field, const std::string& message) const {
    throw InputError({file, 0, 0, field}, message);
  }

  json::value parse(std::string_view text) const {
    boost::system::error_code ec;
    json::value value = json::parse(text, ec);
    if (ec) fail("", "invalid JSON: " + ec.message());
    return value;
  }

  const json::object& object(const json::value& v, const std::string& field) const {
    if (!v.is_object()) fail(field, "must be a JSON object");
    return v.get_object();
  }

  const json::array& array(const json::object& o, std::string_view key,
                           const std::string& field) const {
    const auto* v = o.if_contains(key);
    if (!v || !v->is_array()) fail(field + std::string(key), "must be a JSON array");
    return v->get_array();
  }

  std::string string(const json::object& o, std::string_view key, const std::string& field,
                     bool required = true) const {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) {
      if (required) fail(field + std::string(key), "missing field");
      return {};
    }
    if (!v->is_string()) fail(field + std::string(key), "must be a string");
    return std::string(v->get_string());
  }

  /// A finite, non-negative number no larger than `max` (absurd values are bad input).
  double number(const json::object& o, std::string_view key, const std::string& field,
                bool required = true, double max = 1e18) const {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) {
      if (required) fail(field + std::string(key), "missing field");
      return 0;
    }
    double out = 0;
    if (v->is_double()) {
      out = v->get_double();
    } else if (v->is_int64()) {
      out = static_cast<double>(v->get_int64());
    } else if (v->is_uint64()) {
      out = static_cast<double>(v->get_uint64());
    } else {
      fail(field + std::string(key), "must be a number");
    }
    if (!std::isfinite(out) || out < 0 || out > max) {
      fail(field + std::string(key),
           "must be a non-negative number no larger than " + std::to_string(max));
    }
    return out;
  }

  std::uint64_t count(const json::object& o, std::string_view key, const std::string& field,
                      bool required = true) const {
    const double value = number(o, key, field, required, 1e15);
    if (value != std::floor(value)) fail(field + std::string(key), "must be a whole number");
    return static_cast<std::uint64_t>(value);
  }
};

/// Buckets of a core LatencyHistogram (nanoseconds), each at the middle of its range clamped to
/// the recorded min and max, in milliseconds.
std::vector<DurationBucket> buckets_of_histogram(const json::value& value, const Location& where) {
  const LatencyHistogram histogram = LatencyHistogram::from_json(value, where);  // validates
  std::vector<DurationBucket> out;
  for (const auto& entry : value.get_object().at("buckets").get_array()) {
    const auto& pair = entry.get_array();
    const auto index = pair[0].to_number<std::uint64_t>();
    const auto n = pair[1].to_number<std::uint64_t>();
    const std::uint64_t lo = LatencyHistogram::bucket_lowest(index);
    const std::uint64_t hi = LatencyHistogram::bucket_highest(index);
    const std::uint64_t middle = std::clamp(lo + (hi - lo) / 2, histogram.min(), histogram.max());
    out.push_back({static_cast<double>(middle) / 1e6, n});
  }
  return out;
}

/// Without a histogram, the percentiles split the responses into bands, each billed at its upper
/// percentile (an over-estimate by at most one band).
std::vector<DurationBucket> buckets_of_percentiles(const Reader& r, const json::object& latency,
                                                   std::uint64_t responses,
                                                   const std::string& field) {
  static constexpr std::pair<const char*, double> kPoints[] = {{"p50", 0.5},       {"p90", 0.9},
                                                               {"p99", 0.99},      {"p99_9", 0.999},
                                                               {"p99_99", 0.9999}, {"max", 1.0}};
  std::vector<DurationBucket> out;
  std::uint64_t assigned = 0;
  for (const auto& [key, share] : kPoints) {
    if (!latency.if_contains(key)) continue;
    const double ms = r.number(latency, key, field, true, 1e9);
    std::uint64_t n =
        share >= 1.0
            ? responses - assigned
            : static_cast<std::uint64_t>(std::llround(static_cast<double>(responses) * share)) -
                  assigned;
    n = std::min(n, responses - assigned);
    if (n > 0) out.push_back({ms, n});
    assigned += n;
  }
  if (assigned < responses)
    r.fail(field + "max", "missing field (needed to bill the slowest responses)");
  return out;
}

LoadClassInput read_class(const Reader& r, const json::value& value, const std::string& field) {
  const json::object& o = r.object(value, field);
  const std::string at = field + ".";
  LoadClassInput c;
  c.name = r.string(o, "name", at);
  c.kind = r.string(o, "kind", at, false);
  c.handler = r.string(o, "handler", at, false);
  c.finding_id = r.string(o, "finding_id", at, false);
  c.sent = r.count(o, "sent", at);
  c.responses = r.count(o, "responses", at);
  if (c.responses > c.sent) r.fail(at + "responses", "more responses than requests sent");
  c.throttled = r.count(o, "throttled", at, false);
  if (c.throttled > c.responses) r.fail(at + "throttled", "more throttled than responses");
  if (const auto* errors = o.if_contains("errors")) {
    const json::object& e = r.object(*errors, at + "errors");
    for (const auto& [key, v] : e) {
      const std::uint64_t n = r.count(e, key, at + "errors.");
      (key == "timeout" ? c.timeouts : c.other_errors) += n;
    }
  }
  c.bytes_out = r.number(o, "bytes_out", at, false);
  c.bytes_in = r.number(o, "bytes_in", at, false);

  const Location where{r.file, 0, 0, ""};
  for (const char* key : {"histogram_uncorrected", "histogram"}) {
    const auto* h = o.if_contains(key);
    if (!h || h->is_null()) continue;
    Location hist_where = where;
    hist_where.field = at + key;
    c.durations = buckets_of_histogram(*h, hist_where);
    c.duration_source = key;
    break;
  }
  if (c.duration_source.empty()) {
    const char* key =
        o.if_contains("latency_uncorrected_ms") ? "latency_uncorrected_ms" : "latency_ms";
    const auto* latency = o.if_contains(key);
    if (!latency) r.fail(at + "histogram_uncorrected", "missing field (or latency_ms percentiles)");
    c.durations =
        buckets_of_percentiles(r, r.object(*latency, at + key), c.responses, at + key + ".");
    c.duration_source = std::string(key) + " percentiles";
  }
  std::uint64_t counted = 0;
  for (const auto& b : c.durations) counted += b.count;
  if (counted != c.responses) {
    r.fail(at + c.duration_source, "holds " + std::to_string(counted) +
                                       " durations but the class has " +
                                       std::to_string(c.responses) + " responses");
  }
  return c;
}

}  // namespace

LoadInput read_load_json(std::string_view text, const std::string& file) {
  const Reader r{file};
  const json::value root = r.parse(text);
  const json::object& o = r.object(root, "");
  const std::string schema = r.string(o, "schema", "");
  if (schema.rfind("walletfuzz.load/", 0) != 0)
    r.fail("schema", "expected walletfuzz.load/1, got '" + schema + "'");
  LoadInput load;
  load.target = r.string(o, "target", "", false);
  if (const auto* partial = o.if_contains("partial"); partial && partial->is_bool())
    load.partial = partial->get_bool();
  load.duration_s = r.number(o, "duration_s", "", false);
  const json::array& classes = r.array(o, "classes", "");
  for (std::size_t i = 0; i < classes.size(); ++i) {
    load.classes.push_back(read_class(r, classes[i], "classes[" + std::to_string(i) + "]"));
  }
  return load;
}

std::vector<FindingInput> read_findings_json(std::string_view text, const std::string& file) {
  const Reader r{file};
  const json::value root = r.parse(text);
  const json::object& o = r.object(root, "");
  const std::string schema = r.string(o, "schema", "");
  if (schema.rfind("walletfuzz.findings/", 0) != 0) {
    r.fail("schema", "expected walletfuzz.findings/1, got '" + schema + "'");
  }
  std::vector<FindingInput> out;
  const json::array& findings = r.array(o, "findings", "");
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const std::string at = "findings[" + std::to_string(i) + "].";
    const json::object& f = r.object(findings[i], at);
    FindingInput finding;
    finding.id = r.string(f, "id", at);
    finding.handler = r.string(f, "handler", at, false);
    finding.kind = r.string(f, "kind", at, false);
    if (const auto* cost = f.if_contains("cost"); cost && !cost->is_null()) {
      const json::object& c = r.object(*cost, at + "cost");
      finding.median_ms = r.number(c, "median_ns", at + "cost.", false) / 1e6;
      finding.baseline_median_ms = r.number(c, "baseline_median_ns", at + "cost.", false) / 1e6;
      if (c.if_contains("peak_memory_bytes")) {
        finding.peak_memory_mb = r.number(c, "peak_memory_bytes", at + "cost.") / (1024.0 * 1024.0);
      }
    }
    out.push_back(std::move(finding));
  }
  return out;
}

LoadBilling bill_load(const BillingModel& model, const LoadInput& load,
                      const TrafficAssumptions& traffic) {
  LoadBilling out;
  for (const LoadClassInput& c : load.classes) {
    ClassBilling billed;
    billed.input = &c;
    // Throttled responses (429) come back fastest and never ran the function: take them off
    // the fastest buckets.
    std::uint64_t throttled_left = c.throttled;
    for (const DurationBucket& bucket : c.durations) {
      const std::uint64_t skip = std::min(throttled_left, bucket.count);
      throttled_left -= skip;
      model.add_bucket(billed.usage, bucket.duration_ms, bucket.count - skip);
    }
    model.add_timeouts(billed.usage, c.timeouts);
    // The front door saw every request that reached it, throttled ones included.
    const std::uint64_t reached = c.responses + c.timeouts;
    billed.usage.requests = std::max(billed.usage.requests, reached);
    const double request_bytes = c.sent > 0 ? c.bytes_out / static_cast<double>(c.sent) : 0;
    const double response_bytes =
        c.responses > 0 ? c.bytes_in / static_cast<double>(c.responses) : 0;
    model.add_traffic(billed.usage, reached, request_bytes, response_bytes, 0);
    billed.usage.log_bytes +=
        traffic.log_bytes_per_invocation * static_cast<double>(billed.usage.invocations);

    billed.marginal_usd = model.marginal_usd(billed.usage);
    const auto n = static_cast<double>(billed.usage.invocations);
    if (n > 0) {
      billed.cost_per_request_usd = billed.marginal_usd / n;
      billed.mean_billed_ms = billed.usage.billed_ms / n;
      billed.mean_duration_ms = billed.usage.raw_ms / n;
    }
    out.usage += billed.usage;
    out.classes.push_back(std::move(billed));
  }
  out.bill = model.bill(out.usage);
  return out;
}

}  // namespace walletfuzz::cost_model
