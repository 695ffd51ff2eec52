#pragma once
// The billing model: pure functions from measured invocations to money. Each invocation is
// billed from its own duration (rounded up to the provider's granularity, raised to its minimum,
// capped at the timeout), never from a mean: ceil(mean) undercounts a skewed distribution.
//
//   using namespace walletfuzz::cost_model;
//   auto catalog = PricingCatalog::builtin();
//   FunctionConfig config;                       // aws-lambda, x86_64
//   config.memory_mb = 1536;
//   config.free_tier = true;
//   BillingModel model(catalog, config);
//   Usage usage;
//   model.add_bucket(usage, 120.0, 3'000'000);   // 3 M invocations of 120 ms
//   Bill bill = model.bill(usage);               // bill.total_usd == 2.733... (AWS example 1)

#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "walletfuzz/cost_model/pricing.hpp"

namespace walletfuzz::cost_model {

/// A function as deployed: which provider, architecture and resources. Validated by
/// BillingModel against the provider's pricing sheet.
struct FunctionConfig {
  std::string provider = "aws-lambda";
  std::string arch = "x86_64";
  double memory_mb = 128;              ///< configured (observed on Azure Consumption)
  std::optional<double> ephemeral_mb;  ///< AWS Lambda /tmp size; default: the included 512 MB
  std::optional<double> timeout_s;     ///< default: the provider's default timeout
  std::optional<double> vcpu;          ///< Cloud Run; default: the provider's default
  std::vector<std::string> addons;     ///< add-on sheets, e.g. "aws-api-gateway-http"
  bool free_tier = false;              ///< subtract monthly free tiers in bill()
  /// Where the configuration came from, for errors. With an empty file the fields are reported
  /// as command-line flags ("--memory-mb"); otherwise as fields under origin.field.
  Location origin;
};

/// Monthly usage, accumulated per invocation. Sums are of per-invocation billed values.
struct Usage {
  std::uint64_t requests = 0;     ///< requests received by the front door (API Gateway)
  std::uint64_t invocations = 0;  ///< executions of the function (billed)
  std::uint64_t timeouts = 0;     ///< invocations that ran into the timeout (billed in full)
  double raw_ms = 0;              ///< measured durations, before rounding (kept for checking)
  double billed_ms = 0;           ///< billed durations after rounding, minimum and timeout
  double mb_ms = 0;               ///< billed ms x billed memory (MB), per invocation
  /// Billed ms x the function's CPU clock (GHz), vCPUs and ephemeral storage above the included
  /// size (MB). Summed per invocation like mb_ms, so that one account's bill over functions of
  /// different sizes prices each at its own (AccountBill adds their usages).
  double ghz_ms = 0, vcpu_ms = 0, ephemeral_mb_ms = 0;
  std::uint64_t requests_512kb = 0;  ///< requests metered in 512 KB increments
  double request_bytes = 0;
  double response_bytes = 0;
  double log_bytes = 0;

  Usage& operator+=(const Usage& other);
  /// Every count and sum multiplied by `factor` (for projections of one request's profile).
  Usage scaled(double factor) const;
};

/// What bill() includes.
struct BillOptions {
  bool free_tier = false;  ///< subtract free tiers (usually FunctionConfig::free_tier)
  bool fixed_fees = true;  ///< include monthly fees such as a subscription
};

/// One line of a bill.
struct LineItem {
  std::string provider;  ///< sheet the meter belongs to
  std::string meter;     ///< meter id
  std::string description;
  Quantity quantity = Quantity::requests;
  double total = 0;     ///< quantity used in the month
  double free = 0;      ///< covered by the free tier or by what a subscription includes
  double billable = 0;  ///< total - free
  double usd = 0;
  PriceSource source;
};

struct Bill {
  std::vector<LineItem> items;
  double total_usd = 0;
  std::vector<std::string> notes;  ///< unverified prices used, modelling assumptions
};

/// A validated function configuration bound to its prices.
/// The one rounding rule of a billed duration: up to a whole number of `granularity_ms`, then
/// raised to `minimum_ms`. The model applies it with the provider's rules (and caps the result
/// at the timeout); REPORT lines apply it with Lambda's 1 ms and 1 ms (report_billed_ms).
inline double round_up_billed_ms(double duration_ms, double granularity_ms,
                                 double minimum_ms) noexcept {
  const double billed = std::ceil(duration_ms / granularity_ms) * granularity_ms;
  return billed < minimum_ms ? minimum_ms : billed;
}

class BillingModel {
 public:
  /// Throws InputError naming the flag or field: unknown provider, architecture or add-on,
  /// memory, timeout, ephemeral storage or vCPU outside the provider's range.
  BillingModel(const PricingCatalog& catalog, FunctionConfig config);

  const FunctionConfig& config() const { return config_; }
  const PricingSheet& sheet() const { return *sheet_; }
  const ComputeRules& rules() const { return *sheet_->compute; }
  /// Memory that is billed: configured, rounded up per the provider, or the instance size.
  double billed_memory_mb() const { return billed_memory_mb_; }
  double timeout_ms() const { return timeout_ms_; }

  /// Billed milliseconds of one invocation: INIT added when the provider bills it, rounded up to
  /// the granularity, raised to the minimum, capped at the timeout. Negative or NaN count as 0.
  double billed_ms(double duration_ms, double init_ms = 0) const noexcept;

  /// Adds one invocation per sample (the hot path; about 10 ns per sample or less).
  void add_samples(Usage& usage, std::span<const double> durations_ms) const noexcept;
  /// Adds `count` invocations that each lasted `duration_ms` (a histogram bucket).
  void add_bucket(Usage& usage, double duration_ms, std::uint64_t count) const noexcept;
  /// Adds `count` invocations stopped by the timeout: billed at the full timeout.
  void add_timeouts(Usage& usage, std::uint64_t count) const noexcept;
  /// Adds one invocation already billed by the platform (a REPORT line) at `memory_mb`.
  void add_billed(Usage& usage, double raw_ms, double billed_ms, double memory_mb) const noexcept;
  /// Adds the resource-time of `billed_ms` at billed memory `memory_mb` and this function's CPU
  /// and storage (mb_ms, ghz_ms, vcpu_ms, ephemeral_mb_ms); every add_* above goes through it.
  void add_resource_time(Usage& usage, double billed_ms, double memory_mb) const noexcept;
  /// Adds traffic volumes of `requests` requests (bytes are per request): front-door requests,
  /// their 512 KB metering, egress and log ingestion.
  void add_traffic(Usage& usage, std::uint64_t requests, double request_bytes,
                   double response_bytes, double log_bytes) const noexcept;

  /// The monthly bill of `usage`: tiers by cumulative monthly quantity, allowances first.
  Bill bill(const Usage& usage, const BillOptions& options) const;
  Bill bill(const Usage& usage) const { return bill(usage, {config_.free_tier, true}); }

  /// What `usage` adds to a bill that has already used its free tier: no free tier, no
  /// allowances, no fixed fees, first-tier prices. Divided by invocations: cost per request.
  double marginal_usd(const Usage& usage) const;

 private:
  double quantity_of(const Usage& usage, Quantity quantity, bool addon) const;
  Location where(const char* flag, const char* field) const;

  FunctionConfig config_;
  const PricingSheet* sheet_;
  std::vector<const PricingSheet*> addons_;
  double billed_memory_mb_ = 0;
  double timeout_ms_ = 0;
  double ghz_ = 0;
  double vcpu_ = 0;
  double ephemeral_extra_mb_ = 0;
};

}  // namespace walletfuzz::cost_model
