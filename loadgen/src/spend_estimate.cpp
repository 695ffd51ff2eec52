#include "walletfuzz/loadgen/spend_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "walletfuzz/core/text_format.hpp"

namespace walletfuzz::loadgen {
namespace cm = walletfuzz::cost_model;

double planned_requests(const LoadPlan& plan) {
  const std::uint64_t whole = plan.mode == LoadMode::open
                                  ? std::min(plan.scheduled_requests(), plan.max_requests)
                                  : plan.max_requests;
  const std::uint64_t count = std::max(1u, plan.shard.count);
  // Shard I of N sends requests I, I+N, I+2N, ... of the common schedule.
  if (whole <= plan.shard.index) return 0;
  return static_cast<double>((whole - plan.shard.index + count - 1) / count);
}

SpendEstimate estimate_spend(const cm::PricingCatalog& catalog, const LoadPlan& plan,
                             std::span<const ClassPricing> pricing) {
  if (pricing.size() != plan.classes.size())
    throw std::invalid_argument("estimate_spend: one ClassPricing per request class");
  SpendEstimate out;
  out.requests = planned_requests(plan);
  double weights = 0;
  for (const auto& c : plan.classes) weights += c.weight;
  for (std::size_t i = 0; i < plan.classes.size(); ++i) {
    const ClassPricing& p = pricing[i];
    ClassSpend spend;
    spend.name = plan.classes[i].name;
    // The expected share of the schedule: the mix picks each request's class by weight.
    spend.requests = weights > 0 ? out.requests * plan.classes[i].weight / weights : 0;
    if (p.flat_usd_per_request) {
      spend.flat_price = true;
      spend.usd_per_request = *p.flat_usd_per_request;
    } else {
      const cm::BillingModel model(catalog, p.function);
      if (out.provider.empty()) out.provider = model.sheet().provider;
      spend.at_timeout = !p.duration_ms || *p.duration_ms >= model.timeout_ms();
      spend.duration_ms = spend.at_timeout ? model.timeout_ms() : std::max(0.0, *p.duration_ms);
      spend.memory_mb = model.billed_memory_mb();
      // One invocation's marginal price: request fee + billed duration x memory, no free tier.
      cm::Usage one;
      if (spend.at_timeout) {
        model.add_timeouts(one, 1);
      } else {
        model.add_bucket(one, spend.duration_ms, 1);
      }
      spend.usd_per_request = model.marginal_usd(one);
    }
    spend.usd = spend.requests * spend.usd_per_request;
    out.total_usd += spend.usd;
    out.classes.push_back(std::move(spend));
  }
  return out;
}

std::string SpendEstimate::summary() const {
  double at_timeout = 0, measured = 0, flat = 0;
  for (const auto& c : classes) {
    if (c.flat_price) {
      flat += c.requests;
    } else if (c.at_timeout) {
      at_timeout += c.requests;
    } else {
      measured += c.requests;
    }
  }
  std::string parts;
  auto part = [&](double count, const char* how) {
    if (count < 0.5) return;
    char text[96];
    std::snprintf(text, sizeof text, "%s%.0f %s", parts.empty() ? "" : ", ", count, how);
    parts += text;
  };
  part(at_timeout, "billed at the function's timeout");
  part(measured, "at the handler's measured baseline median");
  part(flat, "at a flat per-request price");
  char head[128];
  std::snprintf(head, sizeof head, " for %.0f requests on %s (", requests,
                provider.empty() ? "a flat price" : provider.c_str());
  return format_usd(total_usd) + head + parts + (parts.empty() ? "" : "; ") + "no free tier)";
}

}  // namespace walletfuzz::loadgen
