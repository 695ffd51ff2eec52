// GET /orders?customer_id=c_1042&limit=20&cursor=0 — one page of a customer's order history.
//
// Defect (vulnerable): `limit` is taken as given. Every row is one simulated database read
// (charged) and one JSON object in the response, so the work, the response size and the memory
// grow linearly with a number the caller picks; a large limit ends in a timeout or an
// out-of-memory. Fixed: limit must be 1..100 (default 20), as the API documents.

#include <charconv>
#include <cstdint>

#include "sample_handlers.hpp"

namespace walletfuzz::sample_app_detail {
namespace {

constexpr std::uint64_t default_limit = 20;
constexpr std::uint64_t max_page_limit = 100;
constexpr std::uint64_t orders_per_customer = 1'000'000'000;  // history is "endless" for paging

std::optional<std::uint64_t> parse_count(const std::optional<std::string>& text,
                                         std::uint64_t fallback) {
  if (!text) return fallback;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

// A deterministic synthetic order: the "row" a real handler would read from its table.
boost::json::object make_order(std::string_view customer, std::uint64_t index) {
  std::uint64_t mix = (index + 1) * 0x9E3779B97F4A7C15ull;
  static constexpr const char* statuses[] = {"delivered", "shipped", "processing", "cancelled"};
  return boost::json::object{
      {"order_id",
       "o_" + std::string(customer.substr(customer.find('_') + 1)) + "_" + std::to_string(index)},
      {"status", statuses[(mix >> 13) % 4]},
      {"total_cents", static_cast<std::int64_t>(500 + (mix >> 20) % 20000)},
      {"items", static_cast<std::int64_t>(1 + (mix >> 40) % 5)},
  };
}

Response list_orders(const Request& request, InvocationContext& context, SampleAppVariant variant) {
  auto customer = request.query_param("customer_id");
  if (!customer || customer->size() < 3 || customer->size() > 32 || !customer->starts_with("c_")) {
    return json_error(400, "customer_id must look like c_<digits>");
  }
  auto limit = parse_count(request.query_param("limit"), default_limit);
  auto cursor = parse_count(request.query_param("cursor"), 0);
  if (!limit || !cursor) return json_error(400, "limit and cursor must be non-negative integers");
  if (variant == SampleAppVariant::fixed && (*limit == 0 || *limit > max_page_limit)) {
    return json_error(400, "limit must be between 1 and 100");
  }
  if (*cursor >= orders_per_customer) return json_error(400, "cursor is past the last order");

  boost::json::array orders;
  std::uint64_t index = *cursor;
  for (std::uint64_t row = 0; row < *limit && index < orders_per_customer; ++row, ++index) {
    if (context.cancelled()) break;  // the runtime already answered 504; stop working
    charge(1);                       // one row read from the orders table
    orders.push_back(make_order(*customer, index));
  }
  boost::json::object page{{"customer_id", *customer}, {"orders", std::move(orders)}};
  if (index < orders_per_customer) page["next_cursor"] = index;
  return json_response(200, page);
}

}  // namespace

HandlerSpec make_list_orders_handler(SampleAppVariant variant) {
  constexpr unsigned memory_mb = 256;
  return HandlerSpec{
      .name = "list-orders",
      .method = "GET",
      .route = "/orders",
      .settings = {.memory_mb = memory_mb,
                   .timeout = std::chrono::seconds(3),
                   .reserved_concurrency = 0,
                   .environment = function_environment("list-orders", memory_mb)},
      .baseline_requests = {make_request_file("GET", "/orders?customer_id=c_1042"),
                            make_request_file("GET",
                                              "/orders?customer_id=c_1042&limit=50&cursor=20")},
      .invoke = [variant](
                    const Request& request,
                    InvocationContext& context) { return list_orders(request, context, variant); },
      .description = "one page of a customer's orders (limit, cursor)",
  };
}

}  // namespace walletfuzz::sample_app_detail
