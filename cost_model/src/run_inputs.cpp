#include "walletfuzz/cost_model/run_inputs.hpp"

#include <algorithm>

#include "walletfuzz/core/histogram.hpp"

namespace walletfuzz::cost_model {
namespace {

std::vector<DurationBucket> buckets_of(const LatencyHistogram& histogram) {
  std::vector<DurationBucket> out;
  for (std::size_t index = 0; index < LatencyHistogram::bucket_count(); ++index) {
    const std::uint64_t n = histogram.count_in_bucket(index);
    if (n == 0) continue;
    const std::uint64_t lo = LatencyHistogram::bucket_lowest(index);
    const std::uint64_t hi = LatencyHistogram::bucket_highest(index);
    const std::uint64_t middle = std::clamp(lo + (hi - lo) / 2, histogram.min(), histogram.max());
    out.push_back({static_cast<double>(middle) / 1e6, n});
  }
  return out;
}

}  // namespace

LoadInput load_input(const formats::LoadResult& load) {
  LoadInput out;
  out.target = load.target;
  out.partial = load.partial;
  out.duration_s = load.duration_s;
  for (const formats::ClassResult& c : load.classes) {
    const formats::ClassStats& s = c.stats;
    LoadClassInput in;
    in.name = c.name;
    in.kind = c.kind;
    in.handler = c.handler;
    in.finding_id = c.finding_id;
    in.sent = s.sent;
    in.responses = s.responses;
    in.throttled = s.throttled;
    in.timeouts = s.error_count(formats::ErrorKind::timeout);
    in.other_errors = s.errors_total() - in.timeouts;
    in.bytes_out = static_cast<double>(s.bytes_out);
    in.bytes_in = static_cast<double>(s.bytes_in);
    in.durations = buckets_of(s.latency_uncorrected);
    in.duration_source = "histogram_uncorrected";
    out.classes.push_back(std::move(in));
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
