// POST /cart/quote — prices a cart before checkout: each line's subtotal, the promotions that
// apply to it, VAT by tax class, and the grand total in cents.

#include <algorithm>
#include <array>
#include <cmath>

#include "api_support.hpp"

namespace backoffice {
namespace {

struct TaxClass {
  std::string_view name;
  int basis_points;  // 2000 = 20%
};

constexpr std::array<TaxClass, 4> kTaxClasses{{
    {"standard", 2000},
    {"reduced", 550},
    {"books", 550},
    {"zero", 0},
}};

struct Promotion {
  std::string_view sku_prefix;
  int min_quantity;
  int percent_off;
};

// Marketing's running promotions; they change with each release, not per request.
constexpr std::array<Promotion, 5> kPromotions{{
    {"TSHIRT-", 3, 15},
    {"MUG-", 2, 10},
    {"BOOK-", 5, 20},
    {"STICKER-", 10, 50},
    {"GIFT-", 1, 5},
}};

const TaxClass* find_tax_class(std::string_view name) {
  for (const TaxClass& tax : kTaxClasses) {
    if (tax.name == name) return &tax;
  }
  return nullptr;
}

int best_promotion(std::string_view sku, long long quantity) {
  int best = 0;
  for (const Promotion& promotion : kPromotions) {
    if (sku.starts_with(promotion.sku_prefix) && quantity >= promotion.min_quantity) {
      best = std::max(best, promotion.percent_off);
    }
  }
  return best;
}

Response quote_cart(const Request& request, InvocationContext&) {
  auto body = parse_json_object(request.body);
  if (!body) return json_error(400, "body must be a JSON object");
  const boost::json::value* items = body->if_contains("items");
  if (items == nullptr || !items->is_array() || items->as_array().empty()) {
    return json_error(400, "items must be a non-empty array");
  }
  auto currency = string_field(*body, "currency");
  if (currency && currency->size() != 3) return json_error(400, "currency must be ISO 4217");

  long long subtotal = 0;
  long long discount = 0;
  long long tax = 0;
  boost::json::array lines;
  for (const boost::json::value& item : items->as_array()) {
    if (!item.is_object()) return json_error(400, "every item must be an object");
    const boost::json::object& line = item.as_object();
    auto sku = string_field(line, "sku");
    auto quantity = number_field(line, "qty");
    auto unit_price = number_field(line, "unit_price_cents");
    if (!sku || sku->empty() || !quantity || !unit_price) {
      return json_error(400, "every item needs sku, qty and unit_price_cents");
    }
    if (*quantity < 1 || *quantity > 999 || *unit_price < 0 || *unit_price > 1e8) {
      return json_error(422, "qty must be 1-999 and unit_price_cents 0-100000000");
    }
    const TaxClass* tax_class =
        find_tax_class(string_field(line, "tax_class").value_or("standard"));
    if (tax_class == nullptr) return json_error(422, "unknown tax_class");

    const auto qty = static_cast<long long>(*quantity);
    const long long gross = qty * std::llround(*unit_price);
    const int percent_off = best_promotion(*sku, qty);
    const long long line_discount = gross * percent_off / 100;
    const long long line_tax = (gross - line_discount) * tax_class->basis_points / 10000;
    subtotal += gross;
    discount += line_discount;
    tax += line_tax;
    lines.push_back(boost::json::object{{"sku", *sku},
                                        {"qty", qty},
                                        {"gross_cents", gross},
                                        {"discount_cents", line_discount},
                                        {"tax_cents", line_tax}});
  }
  return json_response(200, boost::json::object{{"currency", currency.value_or("EUR")},
                                                {"lines", std::move(lines)},
                                                {"subtotal_cents", subtotal},
                                                {"discount_cents", discount},
                                                {"tax_cents", tax},
                                                {"total_cents", subtotal - discount + tax}});
}

}  // namespace

HandlerSpec quote_cart_handler() {
  return HandlerSpec{
      .name = "quote-cart",
      .method = "POST",
      .route = "/cart/quote",
      .settings = {.memory_mb = 256, .timeout = std::chrono::seconds(3)},
      .baseline_requests =
          {request_text(
               "POST", "/cart/quote", "application/json",
               R"({"currency":"EUR","items":[)"
               R"({"sku":"TSHIRT-BLK-M","qty":3,"unit_price_cents":1999},)"
               R"({"sku":"MUG-LOGO","qty":1,"unit_price_cents":1250},)"
               R"({"sku":"BOOK-DDIA","qty":1,"unit_price_cents":4299,"tax_class":"books"}]})"),
           request_text("POST", "/cart/quote", "application/json",
                        R"({"items":[{"sku":"GIFT-CARD-50","qty":1,"unit_price_cents":5000,)"
                        R"("tax_class":"zero"}]})")},
      .invoke = quote_cart,
      .description = "price a cart: promotions, VAT and totals",
  };
}

}  // namespace backoffice
