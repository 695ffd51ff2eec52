#pragma once
// Billing a run function by function (internal to cost_model): each function's model, the
// run's bill over all functions (the free tier applied once), and the JSON of each function's
// line items beside the bill of its own REPORT lines.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "walletfuzz/cost_model/billing.hpp"
#include "walletfuzz/cost_model/cost_run.hpp"
#include "walletfuzz/cost_model/report_log.hpp"
#include "walletfuzz/formats/cost.hpp"

namespace walletfuzz::cost_model::detail {

/// `v`, or none when it is not finite (written as null).
std::optional<double> finite(double v);
std::vector<formats::LineItemRecord> line_items_of(const Bill& bill);

/// The billing model of every function of the run, by name; "" is the default function (classes
/// of no listed function). Building one validates its configuration (exit 2 naming the field).
class FunctionModels {
 public:
  FunctionModels(const PricingCatalog& catalog, const CostRunOptions& options);
  /// The function a class of `handler` is priced as: its own name when listed, else "".
  std::string key(const std::string& handler) const;
  const BillingModel& model(const std::string& key) const { return models_.at(key); }
  std::optional<int> reserved(const std::string& key) const { return reserved_.at(key); }

 private:
  std::map<std::string, BillingModel, std::less<>> models_;
  std::map<std::string, std::optional<int>, std::less<>> reserved_;
};

/// What one function was measured to use: from the load run (client side) and from its REPORT
/// lines (the platform's record), for its line items and their comparison.
struct FunctionUsage {
  Usage load;
  bool has_load = false;
  std::vector<std::string> classes;
  std::optional<ReportBilling> report;
};

/// A bill over all functions: usage of functions with the same provider and architecture is
/// summed before billing, so tiers and the free tier apply to the account's total, once.
class AccountBill {
 public:
  void add(const BillingModel& model, const Usage& usage);
  bool empty() const { return groups_.empty(); }
  Bill bill() const;

 private:
  struct Group {
    const BillingModel* model = nullptr;
    Usage usage;
  };
  std::map<std::string, Group> groups_;
};

/// (estimate - billed) / billed in percent; none when nothing was billed.
std::optional<double> difference_pct(double estimate, double billed);

/// cost.json's `report_log`: a REPORT log's counts and its bill.
formats::ReportLogRecord report_log_record(const std::string& file, const ReportLogCounts& log,
                                           const ReportBilling& billed, const Bill& bill);

/// One entry of cost.json's `functions`: its configuration, its load bill at list prices, the
/// bill of its own REPORT lines and their comparison.
formats::CostFunctionRecord function_record(const std::string& name, const BillingModel& model,
                                            std::optional<int> reserved, const FunctionUsage& usage,
                                            const std::string& report_file);

}  // namespace walletfuzz::cost_model::detail
