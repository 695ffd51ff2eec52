// Three serverless functions of a small shop, each with a defect of a kind real teams ship, or
// none:
//   search-products  GET /products   a slow path: page_size is taken as given, and each result
//                                    is scored against the whole catalogue
//   get-receipt      GET /receipts   a leak: bad input ends in a catch-all that answers with the
//                                    exception and a stack trace "to help debugging"
//   health           GET /health     clean
#include "handlers.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace shop {
namespace {

using walletfuzz::InvocationContext;
using walletfuzz::Request;
using walletfuzz::Response;

Response text(int status, std::string body, std::string type = "application/json") {
  Response response{.status = status, .body = std::move(body)};
  response.headers.set("Content-Type", std::move(type));
  return response;
}

// The relevance of product `index` to `query`: a stand-in for the ranking a real search does,
// some microseconds of CPU per product.
std::uint64_t score(std::string_view query, std::uint64_t index) {
  std::uint64_t hash = 1469598103934665603ULL ^ index;
  for (int round = 0; round < 64; ++round) {
    for (char c : query) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  return hash;
}

// Defect: page_size has no upper bound. The work grows with a number the caller picks, and the
// owner pays for every millisecond of it; the fix is `if (page_size > 50) return 400`.
Response search_products(const Request& request, InvocationContext& context) {
  const auto query = request.query_param("q");
  if (!query || query->empty() || query->size() > 64) {
    return text(400, R"({"error":"q must be 1-64 characters"})");
  }
  std::uint64_t page_size = 10;
  if (const auto size = request.query_param("page_size")) {
    try {
      page_size = std::stoull(*size);
    } catch (const std::exception&) {
      return text(400, R"({"error":"page_size must be a number"})");
    }
  }
  std::uint64_t best = 0;
  for (std::uint64_t i = 0; i < page_size; ++i) {
    if (context.cancelled()) break;  // the runtime answered 504 already; stop paying
    context.charge(1);               // one product row read
    best = std::max(best, score(*query, i));
  }
  return text(200, R"({"results":)" + std::to_string(page_size) + R"(,"top_score":)" +
                       std::to_string(best % 1000) + "}");
}

// Defect: the order id is parsed with std::stoll, and the catch-all returns what went wrong,
// with a stack trace, to the caller. The fix: validate the id (400) and log the trace instead.
Response get_receipt(const Request& request, InvocationContext&) {
  const auto id = request.query_param("order_id");
  if (!id) return text(400, R"({"error":"order_id is required"})");
  try {
    const long long order = std::stoll(*id);
    return text(200, R"({"order_id":)" + std::to_string(order) + R"(,"total_cents":4200})");
  } catch (const std::exception& error) {
    return text(500,
                std::string("internal error: ") + error.what() +
                    "\n#0 0x000055d0c0ffee12 in shop::get_receipt(walletfuzz::Request const&) "
                    "/home/ci/shop/src/handlers.cpp:72\n"
                    "#1 0x000055d0c0ffef80 in std::function<walletfuzz::Response()>::operator()() "
                    "/usr/include/c++/12/bits/std_function.h:591\n",
                "text/plain");
  }
}

Response health(const Request&, InvocationContext&) {
  return text(200, R"({"ok":true})");
}

}  // namespace

walletfuzz::HandlerRegistry make_app() {
  walletfuzz::HandlerRegistry app;
  app.add(
      {.name = "search-products",
       .method = "GET",
       .route = "/products",
       .settings = {.memory_mb = 256, .timeout = std::chrono::milliseconds(500)},
       .baseline_requests = {"GET /products?q=shoe&page_size=10 HTTP/1.1\r\nHost: shop\r\n\r\n"},
       .invoke = search_products,
       .description = "search the catalogue, one page of results"});
  app.add({.name = "get-receipt",
           .method = "GET",
           .route = "/receipts",
           .settings = {.memory_mb = 128, .timeout = std::chrono::seconds(3)},
           .baseline_requests = {"GET /receipts?order_id=1042 HTTP/1.1\r\nHost: shop\r\n\r\n"},
           .invoke = get_receipt,
           .description = "the receipt of one order"});
  app.add({.name = "health",
           .method = "GET",
           .route = "/health",
           .settings = {.memory_mb = 128, .timeout = std::chrono::seconds(1)},
           .baseline_requests = {"GET /health HTTP/1.1\r\nHost: shop\r\n\r\n"},
           .invoke = health,
           .description = "liveness probe"});
  return app;
}

}  // namespace shop
