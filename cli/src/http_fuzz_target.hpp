#pragma once
// `walletfuzz fuzz` on a scenario with target.url: the black-box HTTP target binary
// (http_target_fuzz) with the description of the URL and its functions it reads
// (fuzzers/http_target_spec.hpp), after the spend guard has priced the campaign.
//
//   wf::TargetInfo target = prepare_http_fuzz_target(plan, flags.fuzz_target, confirm_spend);
//   wf::run_campaign(target, plan.fuzz->campaign);

#include <filesystem>
#include <optional>

#include "walletfuzz/fuzzers/fuzz_campaign.hpp"
#include "walletfuzz/plan/run_plan.hpp"

namespace walletfuzz::cli {

/// Writes RUN_DIR/.fuzz/http-target.json for the plan's fuzzed functions (fuzz.max_rps shared
/// out over the processes that run at once) and asks the binary (`binary`, else the search of
/// find_fuzz_target for http_target_fuzz) for its handlers. With fuzz.max_rps set, first
/// prices max_rps x time_budget_s requests, each billed at its function's timeout, and throws
/// InputError at fuzz.spend_budget_usd when that is above the budget and not `confirm_spend`.
fuzzers::TargetInfo prepare_http_fuzz_target(const plan::RunPlan& plan,
                                             const std::optional<std::filesystem::path>& binary,
                                             bool confirm_spend);

}  // namespace walletfuzz::cli
