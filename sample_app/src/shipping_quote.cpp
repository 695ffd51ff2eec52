// POST /shipping/quote — prices a parcel by weight, destination zone and service level.
//
// Defect (vulnerable): the destination country is checked only for its shape (two capital
// letters), then looked up in the zone table with no check that the lookup found anything. A
// well-formed code of a country the shop does not ship to makes the handler read through a null
// pointer: SIGSEGV, with or without sanitizers. Fixed: an unknown country is a 422 answer.

#include <array>
#include <cmath>

#include "sample_handlers.hpp"

namespace walletfuzz::sample_app_detail {
namespace {

struct ShippingZone {
  const char* country;
  int zone;
  std::int64_t base_cents;
  std::int64_t cents_per_kg;
};

constexpr std::array<ShippingZone, 12> zones = {{
    {"DE", 1, 490, 90},
    {"AT", 1, 590, 110},
    {"NL", 1, 590, 110},
    {"FR", 2, 790, 140},
    {"IT", 2, 790, 140},
    {"ES", 2, 890, 150},
    {"PL", 2, 690, 120},
    {"GB", 3, 1290, 210},
    {"CH", 3, 1390, 230},
    {"US", 4, 2490, 450},
    {"CA", 4, 2590, 470},
    {"JP", 5, 2990, 520},
}};

const ShippingZone* find_zone(std::string_view country) {
  for (const auto& zone : zones) {
    if (country == zone.country) return &zone;
  }
  return nullptr;
}

bool looks_like_country_code(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

// Reads the zone's price fields through a pointer the optimiser cannot prove non-null, as the
// original code did through its cache lookup; with a null zone this is the crash.
std::int64_t base_price(const ShippingZone* zone) {
  const ShippingZone* volatile through = zone;
  return through->base_cents;
}

Response shipping_quote(const Request& request, InvocationContext& context,
                        SampleAppVariant variant) {
  auto body = parse_json_object(request.body);
  if (!body) return json_error(400, "body must be a JSON object");
  const auto* weight = body->if_contains("weight_kg");
  const auto* destination = body->if_contains("destination");
  if (weight == nullptr || !weight->is_number() || destination == nullptr ||
      !destination->is_object()) {
    return json_error(400, "weight_kg (number) and destination (object) are required");
  }
  double kg = weight->to_number<double>();
  if (!(kg > 0 && kg <= 30)) return json_error(400, "weight_kg must be in (0, 30]");
  const auto* country = destination->as_object().if_contains("country");
  if (country == nullptr || !country->is_string() ||
      !looks_like_country_code(country->as_string())) {
    return json_error(400, "destination.country must be an ISO 3166 alpha-2 code");
  }
  std::string service = "standard";
  if (const auto* requested = body->if_contains("service"); requested && requested->is_string()) {
    service = requested->as_string();
  }
  if (service != "standard" && service != "express") {
    return json_error(400, "service must be standard or express");
  }

  const ShippingZone* zone = find_zone(country->as_string());
  if (variant == SampleAppVariant::fixed && zone == nullptr) {
    return json_error(422, "we do not ship to this country");
  }
  context.charge(1);  // carrier rate-table lookup
  std::int64_t cents =
      base_price(zone) + static_cast<std::int64_t>(std::ceil(kg)) * zone->cents_per_kg;
  if (service == "express") cents = cents * 18 / 10;
  return json_response(200, boost::json::object{{"country", country->as_string()},
                                                {"zone", zone->zone},
                                                {"service", service},
                                                {"price_cents", cents},
                                                {"currency", "EUR"}});
}

}  // namespace

HandlerSpec make_shipping_quote_handler(SampleAppVariant variant) {
  constexpr unsigned memory_mb = 128;
  return HandlerSpec{
      .name = "shipping-quote",
      .method = "POST",
      .route = "/shipping/quote",
      .settings = {.memory_mb = memory_mb,
                   .timeout = std::chrono::seconds(3),
                   .reserved_concurrency = 0,
                   .environment = function_environment("shipping-quote", memory_mb)},
      .baseline_requests =
          {make_request_file(
               "POST", "/shipping/quote",
               R"({"weight_kg":2.5,"destination":{"country":"DE","postcode":"10115"}})"),
           make_request_file(
               "POST", "/shipping/quote",
               R"({"weight_kg":0.4,"destination":{"country":"FR","postcode":"75001"},"service":"express"})")},
      .invoke =
          [variant](const Request& request, InvocationContext& context) {
            return shipping_quote(request, context, variant);
          },
      .description = "price a parcel by weight, destination and service",
  };
}

}  // namespace walletfuzz::sample_app_detail
