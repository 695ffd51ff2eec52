#include "walletfuzz/sample_app/app.hpp"

#include "sample_handlers.hpp"

namespace walletfuzz {

HandlerRegistry make_sample_app(SampleAppVariant variant) {
  using namespace sample_app_detail;
  HandlerRegistry registry;
  registry.add(make_signup_handler(variant));
  registry.add(make_list_orders_handler(variant));
  registry.add(make_dedupe_contacts_handler(variant));
  registry.add(make_shipping_quote_handler(variant));
  registry.add(make_create_payment_handler(variant));
  registry.add(make_get_config_handler(variant));
  registry.add(make_import_events_handler(variant));
  return registry;
}

std::vector<std::string> sample_app_handler_names() {
  std::vector<std::string> names;
  // Read from the registry itself so the list cannot drift from it. The registry must outlive
  // the loop: handlers() refers into it (a temporary's would dangle in a range-for).
  const HandlerRegistry app = make_sample_app();
  for (const HandlerSpec& spec : app.handlers()) names.push_back(spec.name);
  return names;
}

std::string_view to_string(SampleAppVariant variant) noexcept {
  return variant == SampleAppVariant::fixed ? "fixed" : "vulnerable";
}

std::optional<SampleAppVariant> parse_sample_app_variant(std::string_view text) noexcept {
  if (text == "vulnerable") return SampleAppVariant::vulnerable;
  if (text == "fixed") return SampleAppVariant::fixed;
  return std::nullopt;
}

}  // namespace walletfuzz
