// POST /shipping/rate-matrix — for each destination of a bulk order, the warehouse that ships it
// most cheaply and the price: a per-kilogram rate on the great-circle distance, the warehouse's
// handling fee, and a surcharge across borders.

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "api_support.hpp"

namespace backoffice {
namespace {

constexpr double kEarthRadiusKm = 6371.0;
constexpr double kCentsPerKgKm = 0.045;
constexpr long long kCrossBorderCents = 450;
constexpr double kMaxHandlingCents = 100000;

struct Warehouse {
  std::string id;
  std::string country;
  double lat = 0;
  double lon = 0;
  long long handling_cents = 0;
};

struct Destination {
  std::string postcode;
  std::string country;
  double lat = 0;
  double lon = 0;
  double weight_kg = 0;
};

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double to_radians = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * to_radians;
  const double dlon = (lon2 - lon1) * to_radians;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * to_radians) * std::cos(lat2 * to_radians) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

bool valid_coordinates(double lat, double lon) {
  return std::isfinite(lat) && std::isfinite(lon) && lat >= -90 && lat <= 90 && lon >= -180 &&
         lon <= 180;
}

std::optional<Warehouse> read_warehouse(const boost::json::value& value) {
  if (!value.is_object()) return std::nullopt;
  const auto& object = value.as_object();
  auto id = string_field(object, "id");
  auto country = string_field(object, "country");
  auto lat = number_field(object, "lat");
  auto lon = number_field(object, "lon");
  const double handling = number_field(object, "handling_cents").value_or(0);
  if (!id || !country || !lat || !lon || !valid_coordinates(*lat, *lon) ||
      !(handling >= 0 && handling <= kMaxHandlingCents)) {
    return std::nullopt;
  }
  return Warehouse{.id = std::string(*id),
                   .country = std::string(*country),
                   .lat = *lat,
                   .lon = *lon,
                   .handling_cents = std::llround(handling)};
}

std::optional<Destination> read_destination(const boost::json::value& value) {
  if (!value.is_object()) return std::nullopt;
  const auto& object = value.as_object();
  auto postcode = string_field(object, "postcode");
  auto country = string_field(object, "country");
  auto lat = number_field(object, "lat");
  auto lon = number_field(object, "lon");
  auto weight = number_field(object, "weight_kg");
  if (!postcode || !country || !lat || !lon || !valid_coordinates(*lat, *lon) || !weight ||
      !(*weight > 0 && *weight <= 1000)) {
    return std::nullopt;
  }
  return Destination{.postcode = std::string(*postcode),
                     .country = std::string(*country),
                     .lat = *lat,
                     .lon = *lon,
                     .weight_kg = *weight};
}

Response rate_matrix(const Request& request, InvocationContext& context) {
  auto body = parse_json_object(request.body);
  if (!body) return json_error(400, "body must be a JSON object");
  const boost::json::value* warehouses_json = body->if_contains("warehouses");
  const boost::json::value* destinations_json = body->if_contains("destinations");
  if (warehouses_json == nullptr || !warehouses_json->is_array() || destinations_json == nullptr ||
      !destinations_json->is_array()) {
    return json_error(400, "warehouses and destinations must be arrays");
  }
  std::vector<Warehouse> warehouses;
  for (const boost::json::value& value : warehouses_json->as_array()) {
    auto warehouse = read_warehouse(value);
    if (!warehouse)
      return json_error(
          422, "every warehouse needs id, country, lat, lon and handling_cents up to 100000");
    warehouses.push_back(std::move(*warehouse));
  }
  if (warehouses.empty()) return json_error(422, "at least one warehouse is needed");

  boost::json::array quotes;
  long long total = 0;
  for (const boost::json::value& value : destinations_json->as_array()) {
    if (context.cancelled()) return json_error(503, "rate matrix took too long");
    auto destination = read_destination(value);
    if (!destination) {
      return json_error(422, "every destination needs postcode, country, lat, lon and weight_kg");
    }
    const Warehouse* best = nullptr;
    long long best_cents = std::numeric_limits<long long>::max();
    double best_km = 0;
    for (const Warehouse& warehouse : warehouses) {
      const double km =
          great_circle_km(warehouse.lat, warehouse.lon, destination->lat, destination->lon);
      long long cents =
          warehouse.handling_cents + std::llround(km * destination->weight_kg * kCentsPerKgKm);
      if (warehouse.country != destination->country) cents += kCrossBorderCents;
      if (cents < best_cents) {
        best = &warehouse;
        best_cents = cents;
        best_km = km;
      }
    }
    total += best_cents;
    quotes.push_back(boost::json::object{{"postcode", destination->postcode},
                                         {"warehouse", best->id},
                                         {"distance_km", std::round(best_km * 10) / 10},
                                         {"price_cents", best_cents}});
  }
  return json_response(200,
                       boost::json::object{{"quotes", std::move(quotes)}, {"total_cents", total}});
}

}  // namespace

HandlerSpec rate_matrix_handler() {
  return HandlerSpec{
      .name = "rate-matrix",
      .method = "POST",
      .route = "/shipping/rate-matrix",
      .settings = {.memory_mb = 256, .timeout = std::chrono::seconds(6)},
      .baseline_requests = {request_text(
          "POST", "/shipping/rate-matrix", "application/json",
          R"({"warehouses":[)"
          R"({"id":"FRA1","country":"DE","lat":50.11,"lon":8.68,"handling_cents":250},)"
          R"({"id":"LYS2","country":"FR","lat":45.76,"lon":4.84,"handling_cents":310},)"
          R"({"id":"WAW1","country":"PL","lat":52.23,"lon":21.01,"handling_cents":180}],)"
          R"("destinations":[)"
          R"({"postcode":"75001","country":"FR","lat":48.86,"lon":2.35,"weight_kg":2.5},)"
          R"({"postcode":"80331","country":"DE","lat":48.14,"lon":11.58,"weight_kg":0.8},)"
          R"({"postcode":"00-001","country":"PL","lat":52.23,"lon":21.0,"weight_kg":12},)"
          R"({"postcode":"1010","country":"AT","lat":48.21,"lon":16.37,"weight_kg":4.2}]})")},
      .invoke = rate_matrix,
      .description = "cheapest warehouse per destination",
  };
}

}  // namespace backoffice
