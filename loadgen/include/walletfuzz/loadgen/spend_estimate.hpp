#pragma once
// What a load test itself will cost on the target's provider, estimated before the first request
// is sent, so `walletfuzz replay` can refuse a test that would exceed the scenario's budget.
//
// Each request class is priced with the cost model (cost_model::BillingModel) at the function it
// reaches: the request price plus the duration price at the function's memory size, for an
// assumed duration per request. Findings are slow, crashing or timing out by design, so they are
// assumed to run to the function's timeout (the most one invocation can be billed); baselines
// use the handler's baseline median when one was measured (findings.json), else the timeout too.
// No free tier and first-tier prices: the test adds to a bill whose free tier may already be used.
//
//   std::vector<ClassPricing> pricing(plan.classes.size());
//   pricing[0].function.memory_mb = 512;      // aws-lambda x86_64, 3 s default timeout
//   pricing[0].duration_ms = 120;             // a baseline measured at 120 ms
//   SpendEstimate e = estimate_spend(cost_model::PricingCatalog::builtin(), plan, pricing);
//   if (e.total_usd > budget) refuse(e.summary());

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "walletfuzz/cost_model/billing.hpp"
#include "walletfuzz/cost_model/pricing.hpp"
#include "walletfuzz/loadgen/load_plan.hpp"

namespace walletfuzz::loadgen {

/// The function one request class reaches, and how long each of its requests is assumed to run.
struct ClassPricing {
  cost_model::FunctionConfig function;
  /// Assumed duration of one invocation. nullopt bills the function's timeout: the upper bound of
  /// what one invocation can cost, used for findings and for baselines without a measurement.
  std::optional<double> duration_ms;
  /// Set to price every request of the class at this flat amount instead of the cost model
  /// (`--price-per-request-usd`, or a provider the pricing catalog does not know).
  std::optional<double> flat_usd_per_request;
};

/// The estimate for one request class.
struct ClassSpend {
  std::string name;
  double requests = 0;     ///< expected requests of this process (its shard), from the class weight
  double duration_ms = 0;  ///< assumed per request
  bool at_timeout = false;  ///< duration_ms is the function's timeout (no measurement used)
  bool flat_price = false;  ///< priced at ClassPricing::flat_usd_per_request, not by the model
  double memory_mb = 0;     ///< billed memory
  double usd_per_request = 0;
  double usd = 0;
};

struct SpendEstimate {
  std::vector<ClassSpend> classes;
  double requests = 0;  ///< every class, this process
  double total_usd = 0;
  std::string provider;  ///< of the first priced class ("aws-lambda"), for messages
  /// One line: "$0.0144 for 2000 requests on aws-lambda (500 billed at the function's timeout,
  /// 1500 at a measured baseline median; no free tier)".
  std::string summary() const;
};

/// Requests this process will send at most: the open-mode schedule (or the closed-mode cap),
/// capped by max_requests and divided by the shard count.
double planned_requests(const LoadPlan& plan);

/// Prices `plan` class by class; `pricing` has one entry per plan.classes entry. Throws
/// InputError when a function's configuration is invalid for its provider, std::invalid_argument
/// when the sizes differ.
SpendEstimate estimate_spend(const cost_model::PricingCatalog& catalog, const LoadPlan& plan,
                             std::span<const ClassPricing> pricing);

}  // namespace walletfuzz::loadgen
