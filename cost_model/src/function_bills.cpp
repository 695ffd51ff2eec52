#include "function_bills.hpp"

#include <cmath>

namespace walletfuzz::cost_model::detail {

std::optional<double> finite(double v) {
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

std::vector<formats::LineItemRecord> line_items_of(const Bill& bill) {
  std::vector<formats::LineItemRecord> items;
  for (const LineItem& item : bill.items) {
    items.push_back({.provider = item.provider,
                     .meter = item.meter,
                     .description = item.description,
                     .quantity = std::string(quantity_name(item.quantity)),
                     .total = item.total,
                     .free = item.free,
                     .billable = item.billable,
                     .usd = item.usd,
                     .source_url = item.source.url,
                     .as_of = item.source.as_of,
                     .verified = item.source.verified});
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

namespace {

/// A function's own bill: list prices, no free tier and no monthly fees (both belong to the
/// account), so the functions' bills add up to the run's before its free tier.
Bill function_bill(const BillingModel& model, const Usage& usage) {
  return model.bill(usage, {.free_tier = false, .fixed_fees = false});
}

}  // namespace

std::optional<double> difference_pct(double estimate, double billed) {
  return billed > 0 ? finite((estimate - billed) / billed * 100.0) : std::nullopt;
}

formats::ReportLogRecord report_log_record(const std::string& file, const ReportLogCounts& log,
                                           const ReportBilling& billed, const Bill& bill) {
  formats::ReportLogRecord record{.file = file,
                                  .lines = log.lines,
                                  .records = log.record_count,
                                  .duplicates = log.duplicates,
                                  .malformed_count = log.malformed_count,
                                  .malformed = {},
                                  .cold_starts = billed.cold_starts,
                                  .timeouts = billed.usage.timeouts,
                                  .billed_mismatches = billed.billed_mismatches,
                                  .billed_ms_total = billed.usage.billed_ms,
                                  .recomputed_billed_ms_total = billed.recomputed_billed_ms,
                                  .line_items = line_items_of(bill),
                                  .total_usd = bill.total_usd};
  for (std::size_t i = 0; i < log.malformed.size() && i < kKeptMalformedLines; ++i) {
    record.malformed.push_back({log.malformed[i].line, log.malformed[i].message});
  }
  return record;
}

formats::CostFunctionRecord function_record(const std::string& name, const BillingModel& model,
                                            std::optional<int> reserved, const FunctionUsage& usage,
                                            const std::string& report_file) {
  const Bill load_bill = function_bill(model, usage.load);
  formats::CostFunctionRecord out{
      .name = name,
      .provider = model.sheet().provider,
      .region = model.sheet().region,
      .arch = model.config().arch,
      .memory_mb = model.config().memory_mb,
      .billed_memory_mb = model.billed_memory_mb(),
      .timeout_s = model.timeout_ms() / 1000.0,
      .reserved_concurrency = reserved ? std::optional<double>(*reserved) : std::nullopt,
      .classes = usage.classes,
      .invocations = usage.load.invocations,
      .line_items = line_items_of(load_bill),
      .total_usd = load_bill.total_usd};
  if (usage.report) {
    const Bill report_bill = function_bill(model, usage.report->usage);
    out.report_log = formats::ReportLogRecord{.file = report_file,
                                              .records = usage.report->usage.invocations,
                                              .cold_starts = usage.report->cold_starts,
                                              .timeouts = usage.report->usage.timeouts,
                                              .billed_ms_total = usage.report->usage.billed_ms,
                                              .line_items = line_items_of(report_bill),
                                              .total_usd = report_bill.total_usd};
    if (usage.has_load) {
      out.comparison =
          formats::ComparisonRecord{load_bill.total_usd, report_bill.total_usd,
                                    difference_pct(load_bill.total_usd, report_bill.total_usd)};
    }
  }
  return out;
}

}  // namespace walletfuzz::cost_model::detail
