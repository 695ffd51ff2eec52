#include "walletfuzz/loadgen/metrics_log.hpp"

#include <boost/json.hpp>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::loadgen {
namespace json = boost::json;

namespace {

LatencyHistogram histogram_since(const LatencyHistogram& now, const LatencyHistogram& before) {
  LatencyHistogram out;
  for (std::size_t i = 0; i < LatencyHistogram::bucket_count(); ++i) {
    const std::uint64_t a = now.count_in_bucket(i);
    const std::uint64_t b = before.count_in_bucket(i);
    if (a > b) out.record_n(LatencyHistogram::bucket_lowest(i), a - b);
  }
  return out;
}

std::uint64_t minus(std::uint64_t a, std::uint64_t b) {
  return a > b ? a - b : 0;
}

double ms_at(const LatencyHistogram& h, double percentile) {
  return h.count() == 0 ? 0.0 : static_cast<double>(h.value_at_percentile(percentile)) / 1e6;
}

}  // namespace

ClassStats stats_since(const ClassStats& now, const ClassStats& before) {
  ClassStats d;
  d.scheduled = minus(now.scheduled, before.scheduled);
  d.sent = minus(now.sent, before.sent);
  d.responses = minus(now.responses, before.responses);
  d.dropped = minus(now.dropped, before.dropped);
  d.late = minus(now.late, before.late);
  for (std::size_t i = 0; i < d.errors.size(); ++i)
    d.errors[i] = minus(now.errors[i], before.errors[i]);
  for (std::size_t i = 0; i < d.status.size(); ++i)
    d.status[i] = minus(now.status[i], before.status[i]);
  d.throttled = minus(now.throttled, before.throttled);
  d.retry_after_seen = minus(now.retry_after_seen, before.retry_after_seen);
  d.retry_after_max_s = now.retry_after_max_s;
  d.retry_after_malformed = minus(now.retry_after_malformed, before.retry_after_malformed);
  d.leaks = minus(now.leaks, before.leaks);
  d.leaks_allowlisted = minus(now.leaks_allowlisted, before.leaks_allowlisted);
  d.checked = minus(now.checked, before.checked);
  d.check_failures = minus(now.check_failures, before.check_failures);
  d.bytes_out = minus(now.bytes_out, before.bytes_out);
  d.bytes_in = minus(now.bytes_in, before.bytes_in);
  d.latency = histogram_since(now.latency, before.latency);
  d.latency_uncorrected = histogram_since(now.latency_uncorrected, before.latency_uncorrected);
  return d;
}

std::string metrics_line(const IntervalMetrics& m) {
  const ClassStats& c = m.counts;
  json::object errors;
  for (std::size_t i = 0; i < error_kind_count; ++i) {
    errors[to_string(static_cast<ErrorKind>(i))] = c.errors[i];
  }
  const json::object line{
      {"t_s", m.t_s},
      {"interval_s", m.interval_s},
      {"sent", c.sent},
      {"responses", c.responses},
      {"errors_total", c.errors_total()},
      {"errors", std::move(errors)},
      {"check_failures", c.check_failures},
      {"throttled", c.throttled},
      {"dropped", c.dropped},
      {"p50_ms", ms_at(c.latency, 50)},
      {"p99_ms", ms_at(c.latency, 99)},
      {"achieved_rate", m.interval_s > 0 ? static_cast<double>(c.sent) / m.interval_s : 0.0},
      {"final", m.final}};
  return json::serialize(line);
}

MetricsLog::MetricsLog(const std::filesystem::path& path)
    : path_(path), out_(path, std::ios::binary | std::ios::trunc) {
  if (!out_) throw RuntimeFailure("cannot write " + path.string() + " (--metrics-out)");
}

void MetricsLog::write(const IntervalMetrics& metrics) {
  if (failed_) return;
  out_ << metrics_line(metrics) << '\n';
  out_.flush();
  failed_ = !out_;
}

}  // namespace walletfuzz::loadgen
