#pragma once
// The pricing catalog: every provider's prices and billing rules, loaded from data
// (cost_model/pricing/*.yaml, built into the binary) so that a price change or a new provider is
// a data edit, and a scenario can override any field without recompiling.
//
//   auto catalog = walletfuzz::cost_model::PricingCatalog::builtin();
//   catalog.apply_overrides({{"aws-lambda.meters.duration-arm64.tiers[0].usd", "0.000012",
//                             {"scenario.yaml", 14, 7, "pricing.overrides"}}});
//   const auto& lambda = catalog.sheet("aws-lambda", {"", 0, 0, "--provider"});
//
// Every error is an InputError naming file:line and the field ("meters[1].tiers[0].usd").

#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::cost_model {

/// What a meter counts. Each is computed per sample from the billed duration and the function's
/// resources, then summed over the month before tiers and free tiers are applied.
enum class Quantity {
  requests,              ///< invocations
  requests_512kb,        ///< requests metered in 512 KB increments (API Gateway HTTP APIs)
  gb_seconds,            ///< billed seconds x billed memory in GB (MB / 1024)
  ghz_seconds,           ///< billed seconds x CPU clock of the memory size (GCF 1st gen)
  vcpu_seconds,          ///< billed seconds x configured vCPUs (Cloud Run)
  cpu_ms,                ///< billed CPU milliseconds (Cloudflare Workers)
  ephemeral_gb_seconds,  ///< billed seconds x ephemeral storage above the included size
  log_gb,                ///< log bytes ingested / 2^30
  egress_gb,             ///< response bytes sent to the internet / 2^30
  months,                ///< a fixed monthly fee (one per bill)
};

/// "gb_seconds" etc.; nullopt for an unknown name.
std::optional<Quantity> quantity_from_name(std::string_view name);
std::string_view quantity_name(Quantity quantity);

/// Where a price comes from. `as_of` is a date (YYYY-MM-DD); `verified` is false when the
/// figure was derived or taken from a third party rather than read on the vendor's page.
struct PriceSource {
  std::string url;
  std::string as_of;
  std::string note;
  bool verified = true;
};

/// One price band: `usd` per `Meter::per` units while the month's cumulative quantity is at most
/// `up_to` (the last tier has up_to = infinity).
struct PriceTier {
  double up_to = std::numeric_limits<double>::infinity();
  double usd = 0;
};

/// One line of a bill: a quantity, its price tiers and allowances.
struct Meter {
  std::string id;
  std::string description;
  Quantity quantity = Quantity::requests;
  std::string arch = "any";  ///< "any" or one architecture: the meter applies only to it
  double per = 1;            ///< prices are per this many units (1000000 for "per million")
  std::vector<PriceTier> tiers;
  double included = 0;   ///< always free (part of a subscription), e.g. Cloudflare's 10 M requests
  double free_tier = 0;  ///< free only when the bill is asked for with the free tier
  std::string free_tier_note;
  PriceSource source;
  Location where;  ///< the meter in its pricing file
};

/// How a compute provider turns a measured duration into billed time and memory.
struct ComputeRules {
  bool cpu_time = false;         ///< bills CPU time (Cloudflare) rather than wall time
  double granularity_ms = 1;     ///< billed duration is rounded up to a multiple of this
  double minimum_billed_ms = 0;  ///< per invocation
  double memory_min_mb = 128;
  double memory_max_mb = 10240;
  double memory_step_mb = 1;
  /// "configured": the configured size; "observed": the memory used, rounded up to
  /// memory_rounding_mb (Azure Consumption); "instance": the smallest instance size that fits.
  std::string memory_billing = "configured";
  double memory_rounding_mb = 1;
  std::vector<double> instance_sizes_mb;
  double timeout_default_s = 3;
  double timeout_max_s = 900;
  bool init_billed = false;  ///< INIT (cold start) time is part of billed duration
  std::vector<std::string> architectures;
  std::optional<double> ephemeral_included_mb;  ///< set when ephemeral storage is billed
  double ephemeral_max_mb = 0;
  std::map<double, double> cpu_ghz_by_memory_mb;           ///< GCF 1st gen: only these sizes exist
  std::optional<double> vcpu_default, vcpu_min, vcpu_max;  ///< set when vCPU-seconds are billed
  std::optional<int> account_concurrency_limit;
  PriceSource source;
};

/// What an attacker pays to send traffic (kind: attacker).
struct AttackerRates {
  double instance_usd_per_hour = 0;
  double requests_per_second_per_instance = 1;
  double egress_usd_per_gb = 0;
  PriceSource source;
};

/// One pricing file, parsed and validated.
/// The largest request one invocation through this service accepts (`limits`): where scale
/// probing puts a finding's worst case. The lowest limit on a request's path applies.
struct RequestLimits {
  double max_request_bytes = 0;
  PriceSource source;
};

struct PricingSheet {
  std::string provider;  ///< id used on the command line: "aws-lambda"
  std::string kind;      ///< "compute", "addon" or "attacker"
  std::string name;
  std::string region;
  std::optional<ComputeRules> compute;    ///< kind == "compute"
  std::optional<AttackerRates> attacker;  ///< kind == "attacker"
  std::vector<Meter> meters;
  std::optional<RequestLimits> limits;  ///< optional, any kind
  std::string file;                     ///< where it was loaded from, for messages
};

/// One scenario override: `key` is "<provider>.<path>" where the path follows the pricing file
/// ("aws-lambda.compute.granularity_ms", "aws-lambda.meters.requests.tiers[0].usd"; a meter may
/// be named by its id or its index). `value` is YAML ("0.25", "[x86_64]", "{quantity: 5}").
/// `where` is the override's own place in the scenario, used in error messages.
struct PriceOverride {
  std::string key;
  std::string value;
  Location where;
};

/// Parses one pricing document. `file` names it in errors. Throws InputError.
PricingSheet parse_pricing_sheet(std::string_view yaml_text, const std::string& file);

/// The set of pricing sheets a run uses.
class PricingCatalog {
 public:
  /// The catalog built from cost_model/pricing/*.yaml at build time.
  static PricingCatalog builtin();

  /// Adds a pricing document, replacing a sheet with the same provider id. Throws InputError.
  void add_text(std::string_view yaml_text, const std::string& file);
  /// Adds a pricing file (a user's own provider or a full replacement). Throws InputError.
  void add_file(const std::filesystem::path& path);
  /// Adds every *.yaml file of a directory, in name order.
  void add_directory(const std::filesystem::path& dir);

  /// Changes fields of loaded sheets and re-validates them. All overrides of one call are
  /// applied or none is. Throws InputError at the override's `where` when the provider or path
  /// does not exist or the new value is invalid.
  void apply_overrides(std::span<const PriceOverride> overrides);

  /// The sheet of `provider`. Throws InputError at `where` listing the known providers.
  const PricingSheet& sheet(std::string_view provider, const Location& where) const;
  const PricingSheet* find(std::string_view provider) const;
  /// Provider ids of a kind ("compute", "addon", "attacker"), sorted.
  std::vector<std::string> providers(std::string_view kind) const;

 private:
  struct Entry {
    std::string text;  ///< the document as loaded, before overrides
    std::string file;
    std::vector<PriceOverride> overrides;  ///< applied in order on top of `text`
    PricingSheet sheet;
  };
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace walletfuzz::cost_model
