#pragma once
// The measurements of a load run as the cost model needs them (from load.json, read by
// formats/load.hpp), and the bill of a load run computed from the client side, comparable with
// bill_report_lines() on the server's REPORT lines for the same traffic.
//
//   LoadInput load = load_input(walletfuzz::formats::read_load_file(dir / "load.json"));
//   LoadBilling billed = bill_load(model, load, {});
//   // billed.bill.total_usd, billed.classes[i].cost_per_request_usd

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/cost_model/billing.hpp"
#include "walletfuzz/formats/load.hpp"

namespace walletfuzz::cost_model {

/// `count` invocations that lasted `duration_ms` each (one histogram bucket).
struct DurationBucket {
  double duration_ms = 0;
  std::uint64_t count = 0;
};

/// One request class of load.json.
struct LoadClassInput {
  std::string name;
  std::string kind;  ///< baseline | crash | timeout | oom | slow | leak
  std::string handler;
  std::string finding_id;
  std::uint64_t sent = 0;
  std::uint64_t responses = 0;
  std::uint64_t throttled = 0;     ///< 429 responses: not executed, not billed by the function
  std::uint64_t timeouts = 0;      ///< client-side timeouts: the function runs to its own timeout
  std::uint64_t other_errors = 0;  ///< connect/reset/... errors: duration unknown, not billed
  double bytes_out = 0;            ///< request bytes sent
  double bytes_in = 0;             ///< response bytes received (egress of the function)
  /// Response durations, one entry per histogram bucket, billed at each bucket's own duration.
  std::vector<DurationBucket> durations;
  /// Where the durations came from ("histogram_uncorrected"), named in cost.json.
  std::string duration_source;
};

struct LoadInput {
  std::string target;
  bool partial = false;
  double duration_s = 0;
  std::vector<LoadClassInput> classes;
};

/// The billing view of a load run. Durations come from the histogram of service times
/// (uncorrected: from the request's write to its response), which is what the function ran for;
/// the coordinated-omission-corrected histogram adds the client's own queueing delay, which no
/// provider bills. Each bucket is billed at its middle, clamped to the recorded min and max.
LoadInput load_input(const formats::LoadResult& load);

/// Assumptions the measurements do not contain.
struct TrafficAssumptions {
  double log_bytes_per_invocation = 0;  ///< platform START/END/REPORT lines plus app logs
};

/// The bill of one request class.
struct ClassBilling {
  const LoadClassInput* input = nullptr;  ///< points into the LoadInput given to bill_load
  Usage usage;
  double marginal_usd = 0;          ///< see BillingModel::marginal_usd
  double cost_per_request_usd = 0;  ///< marginal_usd / invocations (0 when none ran)
  double mean_billed_ms = 0;
  double mean_duration_ms = 0;
};

struct LoadBilling {
  std::vector<ClassBilling> classes;
  Usage usage;  ///< every class
  Bill bill;    ///< of `usage`, with the configuration's free tier
};

/// Bills a load run: each bucket at its own duration, client timeouts at the function's full
/// timeout, throttled requests (429) taken off the fastest buckets and not billed as executions
/// (a front door still counts them), request/response bytes per request for API Gateway
/// metering and egress.
LoadBilling bill_load(const BillingModel& model, const LoadInput& load,
                      const TrafficAssumptions& traffic);

}  // namespace walletfuzz::cost_model
