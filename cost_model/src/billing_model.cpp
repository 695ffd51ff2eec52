#include <algorithm>
#include <cmath>
#include <sstream>

#include "walletfuzz/cost_model/billing.hpp"

namespace walletfuzz::cost_model {
namespace {

constexpr double kBytesPerGb = 1024.0 * 1024.0 * 1024.0;  // AWS and Google bill GB as 2^30
constexpr double kMetering512kb = 512.0 * 1024.0;

std::string number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

/// Cost of the units at cumulative positions [from, to) of a month, priced per tier.
double tiered_usd(const Meter& meter, double from, double to) {
  double usd = 0;
  double lower = 0;
  for (const PriceTier& tier : meter.tiers) {
    const double lo = std::max(lower, from);
    const double hi = std::min(tier.up_to, to);
    if (hi > lo) usd += (hi - lo) * tier.usd / meter.per;
    lower = tier.up_to;
    if (lower >= to) break;
  }
  return usd;
}

}  // namespace

Usage& Usage::operator+=(const Usage& other) {
  requests += other.requests;
  invocations += other.invocations;
  timeouts += other.timeouts;
  raw_ms += other.raw_ms;
  billed_ms += other.billed_ms;
  mb_ms += other.mb_ms;
  ghz_ms += other.ghz_ms;
  vcpu_ms += other.vcpu_ms;
  ephemeral_mb_ms += other.ephemeral_mb_ms;
  requests_512kb += other.requests_512kb;
  request_bytes += other.request_bytes;
  response_bytes += other.response_bytes;
  log_bytes += other.log_bytes;
  return *this;
}

Usage Usage::scaled(double factor) const {
  auto count = [factor](std::uint64_t n) {
    return static_cast<std::uint64_t>(std::llround(static_cast<double>(n) * factor));
  };
  Usage out;
  out.requests = count(requests);
  out.invocations = count(invocations);
  out.timeouts = count(timeouts);
  out.raw_ms = raw_ms * factor;
  out.billed_ms = billed_ms * factor;
  out.mb_ms = mb_ms * factor;
  out.ghz_ms = ghz_ms * factor;
  out.vcpu_ms = vcpu_ms * factor;
  out.ephemeral_mb_ms = ephemeral_mb_ms * factor;
  out.requests_512kb = count(requests_512kb);
  out.request_bytes = request_bytes * factor;
  out.response_bytes = response_bytes * factor;
  out.log_bytes = log_bytes * factor;
  return out;
}

Location BillingModel::where(const char* flag, const char* field) const {
  if (config_.origin.file.empty() && config_.origin.field.empty()) return {"", 0, 0, flag};
  Location at = config_.origin;
  at.field = at.field.empty() ? field : at.field + "." + field;
  return at;
}

BillingModel::BillingModel(const PricingCatalog& catalog, FunctionConfig config)
    : config_(std::move(config)) {
  sheet_ = &catalog.sheet(config_.provider, where("--provider", "provider"));
  if (!sheet_->compute) {
    throw InputError(
        where("--provider", "provider"),
        "'" + config_.provider + "' is a " + sheet_->kind + " price sheet, not a compute provider");
  }
  const ComputeRules& r = *sheet_->compute;
  const auto& arches = r.architectures;
  if (std::find(arches.begin(), arches.end(), config_.arch) == arches.end()) {
    std::string known;
    for (const auto& a : arches) known += (known.empty() ? "" : ", ") + a;
    throw InputError(where("--arch", "arch"),
                     "unknown architecture '" + config_.arch + "' for " + config_.provider,
                     "known: " + known);
  }

  const double memory = config_.memory_mb;
  if (!std::isfinite(memory) || memory < r.memory_min_mb || memory > r.memory_max_mb) {
    throw InputError(where("--memory-mb", "memory_mb"),
                     "memory " + number(memory) + " MB is outside " + config_.provider + "'s range",
                     "use " + number(r.memory_min_mb) + " to " + number(r.memory_max_mb) + " MB");
  }
  if (std::fmod(memory - r.memory_min_mb, r.memory_step_mb) != 0 &&
      r.memory_billing == "configured") {
    throw InputError(where("--memory-mb", "memory_mb"), "memory " + number(memory) +
                                                            " MB is not a multiple of " +
                                                            number(r.memory_step_mb) + " MB steps");
  }
  if (!r.cpu_ghz_by_memory_mb.empty()) {
    auto it = r.cpu_ghz_by_memory_mb.find(memory);
    if (it == r.cpu_ghz_by_memory_mb.end()) {
      std::string sizes;
      for (const auto& [mb, ghz] : r.cpu_ghz_by_memory_mb)
        sizes += (sizes.empty() ? "" : ", ") + number(mb);
      throw InputError(where("--memory-mb", "memory_mb"),
                       config_.provider + " has no " + number(memory) + " MB size",
                       "sizes: " + sizes);
    }
    ghz_ = it->second;
  }
  if (r.memory_billing == "observed") {
    // Azure Consumption: observed memory rounded up to the next 128 MB bucket, at least one.
    billed_memory_mb_ = std::max(r.memory_rounding_mb,
                                 std::ceil(memory / r.memory_rounding_mb) * r.memory_rounding_mb);
  } else if (r.memory_billing == "instance") {
    billed_memory_mb_ = r.instance_sizes_mb.back();
    for (double size : r.instance_sizes_mb) {
      if (size >= memory) {
        billed_memory_mb_ = size;
        break;
      }
    }
  } else {
    billed_memory_mb_ = std::ceil(memory / r.memory_rounding_mb) * r.memory_rounding_mb;
  }

  const double timeout_s = config_.timeout_s.value_or(r.timeout_default_s);
  if (!std::isfinite(timeout_s) || timeout_s <= 0 || timeout_s > r.timeout_max_s) {
    throw InputError(
        where("--timeout-s", "timeout_s"),
        "timeout " + number(timeout_s) + " s is outside " + config_.provider + "'s range",
        "use more than 0 and at most " + number(r.timeout_max_s) + " s");
  }
  timeout_ms_ = timeout_s * 1000.0;

  if (config_.ephemeral_mb) {
    const double eph = *config_.ephemeral_mb;
    if (!r.ephemeral_included_mb) {
      throw InputError(where("--ephemeral-mb", "ephemeral_mb"),
                       config_.provider + " does not bill ephemeral storage separately");
    }
    if (!std::isfinite(eph) || eph < *r.ephemeral_included_mb || eph > r.ephemeral_max_mb) {
      throw InputError(
          where("--ephemeral-mb", "ephemeral_mb"),
          "ephemeral storage " + number(eph) + " MB is outside " + config_.provider + "'s range",
          "use " + number(*r.ephemeral_included_mb) + " to " + number(r.ephemeral_max_mb) + " MB");
    }
    ephemeral_extra_mb_ = eph - *r.ephemeral_included_mb;
  }
  if (r.vcpu_default) {
    vcpu_ = config_.vcpu.value_or(*r.vcpu_default);
    if (!std::isfinite(vcpu_) || vcpu_ < *r.vcpu_min || vcpu_ > *r.vcpu_max) {
      throw InputError(where("--vcpu", "vcpu"),
                       "vCPU " + number(vcpu_) + " is outside " + config_.provider + "'s range",
                       "use " + number(*r.vcpu_min) + " to " + number(*r.vcpu_max));
    }
  } else if (config_.vcpu) {
    throw InputError(where("--vcpu", "vcpu"), config_.provider + " does not bill vCPUs separately");
  }
  for (const std::string& addon : config_.addons) {
    const PricingSheet& sheet = catalog.sheet(addon, where("--with", "addons"));
    if (sheet.kind != "addon") {
      throw InputError(where("--with", "addons"), "'" + addon + "' is not an add-on price sheet",
                       "add-ons: API gateways, log ingestion, data transfer");
    }
    addons_.push_back(&sheet);
  }
}

double BillingModel::billed_ms(double duration_ms, double init_ms) const noexcept {
  const ComputeRules& r = rules();
  double d = duration_ms > 0 ? duration_ms : 0;
  if (r.init_billed && init_ms > 0) d += init_ms;
  if (d >= timeout_ms_) return timeout_ms_;
  return std::min(round_up_billed_ms(d, r.granularity_ms, r.minimum_billed_ms), timeout_ms_);
}

void BillingModel::add_samples(Usage& usage, std::span<const double> durations_ms) const noexcept {
  const ComputeRules& r = rules();
  const double granularity = r.granularity_ms;
  const double minimum = r.minimum_billed_ms;
  const double timeout = timeout_ms_;
  // Two independent accumulators per sum let the CPU overlap the additions; all billed values
  // are whole multiples of the granularity, so the sums are exact below 2^53 ms.
  double billed_a = 0, billed_b = 0, raw_a = 0, raw_b = 0;
  std::uint64_t timeouts = 0;
  const std::size_t n = durations_ms.size();
  std::size_t i = 0;
  auto one = [&](double d, double& billed_sum, double& raw_sum) {
    d = d > 0 ? d : 0;  // NaN and negatives are not billable time
    double billed = round_up_billed_ms(d, granularity, minimum);
    const bool timed_out = d >= timeout;
    billed = timed_out || billed > timeout ? timeout : billed;
    timeouts += timed_out;
    billed_sum += billed;
    raw_sum += d;
  };
  for (; i + 1 < n; i += 2) {
    one(durations_ms[i], billed_a, raw_a);
    one(durations_ms[i + 1], billed_b, raw_b);
  }
  if (i < n) one(durations_ms[i], billed_a, raw_a);
  const double billed = billed_a + billed_b;
  usage.invocations += n;
  usage.requests += n;
  usage.timeouts += timeouts;
  usage.billed_ms += billed;
  usage.raw_ms += raw_a + raw_b;
  add_resource_time(usage, billed, billed_memory_mb_);
}

void BillingModel::add_bucket(Usage& usage, double duration_ms,
                              std::uint64_t count) const noexcept {
  if (count == 0) return;
  const double d = duration_ms > 0 ? duration_ms : 0;
  const double billed = billed_ms(d);
  const double n = static_cast<double>(count);
  usage.invocations += count;
  usage.requests += count;
  if (d >= timeout_ms_) usage.timeouts += count;
  usage.billed_ms += billed * n;
  usage.raw_ms += d * n;
  add_resource_time(usage, billed * n, billed_memory_mb_);
}

void BillingModel::add_timeouts(Usage& usage, std::uint64_t count) const noexcept {
  if (count == 0) return;
  const double n = static_cast<double>(count);
  usage.invocations += count;
  usage.requests += count;
  usage.timeouts += count;
  usage.billed_ms += timeout_ms_ * n;
  usage.raw_ms += timeout_ms_ * n;
  add_resource_time(usage, timeout_ms_ * n, billed_memory_mb_);
}

void BillingModel::add_resource_time(Usage& usage, double billed, double memory_mb) const noexcept {
  usage.mb_ms += billed * memory_mb;
  usage.ghz_ms += billed * ghz_;
  usage.vcpu_ms += billed * vcpu_;
  usage.ephemeral_mb_ms += billed * ephemeral_extra_mb_;
}

void BillingModel::add_billed(Usage& usage, double raw_ms, double billed_ms_value,
                              double memory_mb) const noexcept {
  usage.invocations += 1;
  usage.requests += 1;
  usage.raw_ms += raw_ms;
  usage.billed_ms += billed_ms_value;
  add_resource_time(usage, billed_ms_value, memory_mb);
  if (billed_ms_value >= timeout_ms_) usage.timeouts += 1;
}

void BillingModel::add_traffic(Usage& usage, std::uint64_t requests, double request_bytes,
                               double response_bytes, double log_bytes) const noexcept {
  const double n = static_cast<double>(requests);
  const double metered = std::max(1.0, std::ceil(std::max(0.0, request_bytes) / kMetering512kb));
  usage.requests_512kb += static_cast<std::uint64_t>(metered) * requests;
  usage.request_bytes += std::max(0.0, request_bytes) * n;
  usage.response_bytes += std::max(0.0, response_bytes) * n;
  usage.log_bytes += std::max(0.0, log_bytes) * n;
}

double BillingModel::quantity_of(const Usage& usage, Quantity quantity, bool addon) const {
  switch (quantity) {
    case Quantity::requests:
      // The function's own request meter counts executions; a front door (API Gateway) counts
      // every request it received, throttled ones included.
      return static_cast<double>(addon ? std::max(usage.requests, usage.invocations)
                                       : usage.invocations);
    case Quantity::requests_512kb:
      return static_cast<double>(
          std::max(usage.requests_512kb, std::max(usage.requests, usage.invocations)));
    case Quantity::gb_seconds:
      return usage.mb_ms / 1024.0 / 1000.0;
    case Quantity::ghz_seconds:
      return usage.ghz_ms / 1000.0;
    case Quantity::vcpu_seconds:
      return usage.vcpu_ms / 1000.0;
    case Quantity::cpu_ms:
      return usage.billed_ms;
    case Quantity::ephemeral_gb_seconds:
      return usage.ephemeral_mb_ms / 1024.0 / 1000.0;
    case Quantity::log_gb:
      return usage.log_bytes / kBytesPerGb;
    case Quantity::egress_gb:
      return usage.response_bytes / kBytesPerGb;
    case Quantity::months:
      return 1;
  }
  return 0;
}

Bill BillingModel::bill(const Usage& usage, const BillOptions& options) const {
  Bill result;
  auto add_sheet = [&](const PricingSheet& sheet, bool addon) {
    for (const Meter& meter : sheet.meters) {
      if (meter.arch != "any" && meter.arch != config_.arch) continue;
      if (meter.quantity == Quantity::months && !options.fixed_fees) continue;
      // Ephemeral storage is a line only when the function has more than the included size.
      if (meter.quantity == Quantity::ephemeral_gb_seconds && usage.ephemeral_mb_ms == 0) continue;
      LineItem item;
      item.provider = sheet.provider;
      item.meter = meter.id;
      item.description = meter.description;
      item.quantity = meter.quantity;
      item.total = quantity_of(usage, meter.quantity, addon);
      item.free = std::min(item.total, meter.included + (options.free_tier ? meter.free_tier : 0));
      item.billable = item.total - item.free;
      // Allowances cover the first units of the month, so the billable units start at tier
      // position `free`: a free tier never moves the tier breakpoints.
      item.usd = tiered_usd(meter, item.free, item.total);
      item.source = meter.source;
      if (!meter.source.verified) {
        result.notes.push_back(sheet.provider + " " + meter.id +
                               ": price not verified against the vendor's page (" +
                               meter.source.note + ")");
      }
      result.total_usd += item.usd;
      result.items.push_back(std::move(item));
    }
  };
  add_sheet(*sheet_, false);
  for (const PricingSheet* addon : addons_) add_sheet(*addon, true);
  if (!rules().source.verified) {
    result.notes.push_back(sheet_->provider + " billing rules not fully verified (" +
                           rules().source.note + ")");
  }
  if (rules().cpu_time) {
    result.notes.push_back(
        sheet_->provider +
        " bills CPU time; wall-clock durations were billed as CPU time (an upper bound)");
  }
  return result;
}

double BillingModel::marginal_usd(const Usage& usage) const {
  double usd = 0;
  auto add_sheet = [&](const PricingSheet& sheet, bool addon) {
    for (const Meter& meter : sheet.meters) {
      if (meter.arch != "any" && meter.arch != config_.arch) continue;
      if (meter.quantity == Quantity::months) continue;
      usd += quantity_of(usage, meter.quantity, addon) * meter.tiers.front().usd / meter.per;
    }
  };
  add_sheet(*sheet_, false);
  for (const PricingSheet* addon : addons_) add_sheet(*addon, true);
  return usd;
}

}  // namespace walletfuzz::cost_model
