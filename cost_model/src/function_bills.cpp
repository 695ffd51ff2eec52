#include "function_bills.hpp"

#include <cmath>

namespace walletfuzz::cost_model::detail {

namespace json = boost::json;

json::value finite_or_null(double v) {
  return std::isfinite(v) ? json::value(v) : json::value(nullptr);
}

json::array line_items_json(const Bill& bill) {
  json::array items;
  for (const LineItem& item : bill.items) {
    items.push_back(json::object{{"provider", item.provider},
                                 {"meter", item.meter},
                                 {"description", item.description},
                                 {"quantity", quantity_name(item.quantity)},
                                 {"total", item.total},
                                 {"free", item.free},
                                 {"billable", item.billable},
                                 {"usd", item.usd},
                                 {"source_url", item.source.url},
                                 {"as_of", item.source.as_of},
                                 {"verified", item.source.verified}});
  }
  return items;
}

FunctionModels::FunctionModels(const PricingCatalog& catalog, const CostRunOptions& options) {
  models_.emplace("", BillingModel(catalog, options.function));
  for (const auto& [name, function] : options.functions) {
    models_.emplace(name, BillingModel(catalog, function.config));
    reserved_.emplace(name, function.reserved_concurrency);
  }
  reserved_.emplace("", options.reserved_concurrency);
}

std::string FunctionModels::key(const std::string& handler) const {
  return handler.empty() || !models_.contains(handler) ? std::string() : handler;
}

void AccountBill::add(const BillingModel& model, const Usage& usage) {
  auto& group = groups_[model.sheet().provider + "/" + model.config().arch];
  if (group.model == nullptr) group.model = &model;
  group.usage += usage;
}

Bill AccountBill::bill() const {
  Bill out;
  for (const auto& [name, group] : groups_) {
    Bill part = group.model->bill(group.usage);
    out.items.insert(out.items.end(), part.items.begin(), part.items.end());
    out.notes.insert(out.notes.end(), part.notes.begin(), part.notes.end());
    out.total_usd += part.total_usd;
  }
  return out;
}

/// A function's own bill: list prices, no free tier and no monthly fees (both belong to the
/// account), so the functions' bills add up to the run's before its free tier.
namespace {

Bill function_bill(const BillingModel& model, const Usage& usage) {
  return model.bill(usage, {.free_tier = false, .fixed_fees = false});
}

}  // namespace

json::value difference_pct(double estimate, double billed) {
  return billed > 0 ? finite_or_null((estimate - billed) / billed * 100.0) : json::value(nullptr);
}

json::object report_log_json(const std::string& file, const ReportLog& log,
                             const ReportBilling& billed, const Bill& bill) {
  json::array malformed;
  for (std::size_t i = 0; i < log.malformed.size() && i < kMaxListedMalformed; ++i) {
    malformed.push_back(
        json::object{{"line", log.malformed[i].line}, {"message", log.malformed[i].message}});
  }
  return json::object{{"file", file},
                      {"lines", log.lines},
                      {"records", log.records.size()},
                      {"duplicates", log.duplicates},
                      {"malformed_count", log.malformed.size()},
                      {"malformed", std::move(malformed)},
                      {"cold_starts", billed.cold_starts},
                      {"timeouts", billed.usage.timeouts},
                      {"billed_ms_total", billed.usage.billed_ms},
                      {"recomputed_billed_ms_total", billed.recomputed_billed_ms},
                      {"billed_mismatches", billed.billed_mismatches},
                      {"line_items", line_items_json(bill)},
                      {"total_usd", bill.total_usd}};
}

json::object function_json(const std::string& name, const BillingModel& model,
                           std::optional<int> reserved, const FunctionUsage& usage,
                           const std::string& report_file) {
  json::array classes;
  for (const auto& c : usage.classes) classes.push_back(json::value(c));
  const Bill load_bill = function_bill(model, usage.load);
  json::object out{
      {"name", name.empty() ? json::value(nullptr) : json::value(name)},
      {"provider", model.sheet().provider},
      {"region", model.sheet().region},
      {"arch", model.config().arch},
      {"memory_mb", model.config().memory_mb},
      {"billed_memory_mb", model.billed_memory_mb()},
      {"timeout_s", model.timeout_ms() / 1000.0},
      {"reserved_concurrency", reserved ? json::value(*reserved) : json::value(nullptr)},
      {"classes", std::move(classes)},
      {"invocations", usage.load.invocations},
      {"line_items", line_items_json(load_bill)},
      {"total_usd", load_bill.total_usd},
      {"report_log", nullptr},
      {"comparison", nullptr}};
  if (usage.report) {
    const Bill report_bill = function_bill(model, usage.report->usage);
    out["report_log"] = json::object{{"file", report_file},
                                     {"records", usage.report->usage.invocations},
                                     {"cold_starts", usage.report->cold_starts},
                                     {"timeouts", usage.report->usage.timeouts},
                                     {"billed_ms_total", usage.report->usage.billed_ms},
                                     {"line_items", line_items_json(report_bill)},
                                     {"total_usd", report_bill.total_usd}};
    if (usage.has_load) {
      out["comparison"] = json::object{
          {"load_total_usd", load_bill.total_usd},
          {"report_total_usd", report_bill.total_usd},
          {"difference_pct", difference_pct(load_bill.total_usd, report_bill.total_usd)}};
    }
  }
  return out;
}

}  // namespace walletfuzz::cost_model::detail
