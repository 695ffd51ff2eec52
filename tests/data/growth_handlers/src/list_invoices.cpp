// GET /invoices?customer=C-1042&status=paid&page=2&limit=25 — one page of a customer's invoices,
// newest first, for the billing screen of the admin console.

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

#include "api_support.hpp"

namespace backoffice {
namespace {

constexpr long long kDefaultPageSize = 20;
constexpr long long kMaxPageSize = 100;

struct Invoice {
  std::string number;
  std::string customer;
  std::string status;
  std::string issued_on;
  long long amount_cents = 0;
};

// Stands in for the invoices table: 4,000 invoices across 200 customers, newest first. Built
// once per container, as a warm Lambda keeps a cache between invocations.
const std::vector<Invoice>& invoice_table() {
  static const std::vector<Invoice> table = [] {
    constexpr std::array<const char*, 4> statuses{"paid", "open", "overdue", "void"};
    std::vector<Invoice> rows;
    rows.reserve(4000);
    for (int i = 0; i < 4000; ++i) {
      const int serial = 4000 - i;
      char issued[16];
      std::snprintf(issued, sizeof issued, "2026-%02d-%02d", 12 - (i / 400) % 12, 28 - i % 28);
      rows.push_back(
          {.number = "INV-2026-" + std::to_string(100000 + serial),
           .customer = "C-" + std::to_string(1000 + (serial * 37) % 200),
           .status = statuses[static_cast<std::size_t>(serial % 7 == 0 ? 2 : serial % 4)],
           .issued_on = issued,
           .amount_cents = 1900 + (serial * 7919) % 250000});
    }
    return rows;
  }();
  return table;
}

// Customer ids are "C-" and one to eight digits.
bool customer_id_valid(std::string_view id) {
  if (id.size() < 3 || id.size() > 10 || !id.starts_with("C-")) return false;
  return std::all_of(id.begin() + 2, id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Response list_invoices(const Request& request, InvocationContext& context) {
  auto customer = request.query_param("customer");
  if (!customer || !customer_id_valid(*customer)) {
    return json_error(400, "customer must be an id such as C-1042");
  }
  auto status = request.query_param("status");
  if (status && *status != "paid" && *status != "open" && *status != "overdue" &&
      *status != "void") {
    return json_error(400, "status must be paid, open, overdue or void");
  }

  long long limit = kDefaultPageSize;
  if (auto text = request.query_param("limit")) {
    auto parsed = parse_whole_number(*text);
    if (!parsed || *parsed == 0) return json_error(400, "limit must be a positive whole number");
    limit = std::min(*parsed, kMaxPageSize);
  }
  long long page = 1;
  if (auto text = request.query_param("page")) {
    auto parsed = parse_whole_number(*text);
    if (!parsed || *parsed == 0) return json_error(400, "page must be a positive whole number");
    page = *parsed;
  }

  std::vector<const Invoice*> matching;
  for (const Invoice& invoice : invoice_table()) {
    if (invoice.customer == *customer && (!status || invoice.status == *status)) {
      matching.push_back(&invoice);
    }
  }
  const auto total = static_cast<long long>(matching.size());
  const long long pages = (total + limit - 1) / limit;
  boost::json::array items;
  if (page <= pages) {
    const long long first = (page - 1) * limit;
    const long long last = std::min(total, first + limit);
    for (long long i = first; i < last; ++i) {
      const Invoice& invoice = *matching[static_cast<std::size_t>(i)];
      items.push_back(boost::json::object{{"number", invoice.number},
                                          {"status", invoice.status},
                                          {"issued_on", invoice.issued_on},
                                          {"amount_cents", invoice.amount_cents}});
    }
  }
  context.charge(1);  // one indexed query
  return json_response(200, boost::json::object{{"customer", *customer},
                                                {"page", page},
                                                {"limit", limit},
                                                {"total", total},
                                                {"pages", pages},
                                                {"items", std::move(items)}});
}

}  // namespace

HandlerSpec list_invoices_handler() {
  return HandlerSpec{
      .name = "list-invoices",
      .method = "GET",
      .route = "/invoices",
      .settings = {.memory_mb = 256, .timeout = std::chrono::seconds(5)},
      .baseline_requests = {request_text("GET",
                                         "/invoices?customer=C-1042&status=paid&page=1&limit=25"),
                            request_text("GET", "/invoices?customer=C-1187&page=2")},
      .invoke = list_invoices,
      .description = "one page of a customer's invoices",
  };
}

}  // namespace backoffice
