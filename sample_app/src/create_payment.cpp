// POST /payments — charges a tokenised card for an order.
//
// Defect (vulnerable): the handler reads fields with Boost.JSON's throwing accessors and wraps
// everything in a catch-all that, "to help debugging", returns the exception's type and text
// and a stack trace of the process (addresses, symbols, the binary's path and the source file)
// in the 500 body. A field of the wrong JSON type, or a missing one, gets there. Fixed: fields
// are validated (400 naming the field) and the catch-all answers a generic message with the
// request id only.

#include <cxxabi.h>
#include <dlfcn.h>
#include <execinfo.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <typeinfo>

#include "sample_handlers.hpp"

namespace walletfuzz::sample_app_detail {
namespace {

std::string demangle(const char* name) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> readable(
      abi::__cxa_demangle(name, nullptr, nullptr, &status), &std::free);
  return status == 0 && readable ? std::string(readable.get()) : std::string(name);
}

// "#3 0x000055d0c0ffee12 in handle(...) (/var/task/bootstrap+0x1a2b3)", as gdb and the
// sanitizers print frames: what a team's "print the stack on error" helper produces.
boost::json::array capture_stack_trace() {
  std::array<void*, 24> frames{};
  int count = backtrace(frames.data(), static_cast<int>(frames.size()));
  boost::json::array lines;
  for (int i = 0; i < count; ++i) {
    Dl_info info{};
    std::string symbol = "??";
    std::string module = "??";
    std::uintptr_t offset = 0;
    if (dladdr(frames[i], &info) != 0) {
      if (info.dli_sname != nullptr) symbol = demangle(info.dli_sname);
      if (info.dli_fname != nullptr) module = info.dli_fname;
      offset = reinterpret_cast<std::uintptr_t>(frames[i]) -
               reinterpret_cast<std::uintptr_t>(info.dli_fbase);
    }
    std::array<char, 48> address{};
    std::snprintf(address.data(), address.size(), "0x%016zx",
                  static_cast<std::size_t>(reinterpret_cast<std::uintptr_t>(frames[i])));
    std::array<char, 24> hex_offset{};
    std::snprintf(hex_offset.data(), hex_offset.size(), "0x%zx", static_cast<std::size_t>(offset));
    lines.emplace_back("#" + std::to_string(i) + " " + address.data() + " in " + symbol + " (" +
                       module + "+" + hex_offset.data() + ")");
  }
  return lines;
}

Response charge_card(const Request& request, InvocationContext& context) {
  auto body = parse_json_object(request.body);
  if (!body) return json_error(400, "body must be a JSON object");
  // The throwing accessors: at() on a missing key, as_int64()/as_string() on a wrong type.
  std::string order_id(body->at("order_id").as_string());
  std::int64_t amount = body->at("amount_cents").as_int64();
  std::string currency(body->at("currency").as_string());
  std::string token(body->at("card").as_object().at("token").as_string());
  if (amount <= 0) return json_error(400, "amount_cents must be positive");
  context.charge(3);  // fraud check, payment provider call, ledger write
  return json_response(201, boost::json::object{{"payment_id", "pay_" + order_id},
                                                {"order_id", order_id},
                                                {"amount_cents", amount},
                                                {"currency", currency},
                                                {"status", "captured"}});
}

Response create_payment_vulnerable(const Request& request, InvocationContext& context) {
  try {
    return charge_card(request, context);
  } catch (const std::exception& error) {
    return json_response(500, boost::json::object{
                                  {"error", "payment failed"},
                                  {"exception", demangle(typeid(error).name())},
                                  {"message", error.what()},
                                  {"at", std::string(__FILE__) + ":" + std::to_string(__LINE__)},
                                  {"stack_trace", capture_stack_trace()},
                              });
  }
}

std::optional<std::string> invalid_field(const boost::json::object& body) {
  auto is_string = [&](std::string_view key) {
    const auto* value = body.if_contains(key);
    return value != nullptr && value->is_string() && !value->as_string().empty();
  };
  if (!is_string("order_id")) return "order_id";
  const auto* amount = body.if_contains("amount_cents");
  if (amount == nullptr || !amount->is_int64() || amount->as_int64() <= 0) return "amount_cents";
  if (!is_string("currency")) return "currency";
  const auto* card = body.if_contains("card");
  const auto* token =
      card != nullptr && card->is_object() ? card->as_object().if_contains("token") : nullptr;
  if (token == nullptr || !token->is_string()) return "card.token";
  return std::nullopt;
}

Response create_payment_fixed(const Request& request, InvocationContext& context) {
  try {
    auto body = parse_json_object(request.body);
    if (!body) return json_error(400, "body must be a JSON object");
    if (auto field = invalid_field(*body)) return json_error(400, "invalid field: " + *field);
    return charge_card(request, context);
  } catch (const std::exception&) {
    // Details go to the function's own log, never to the caller.
    return json_response(500, boost::json::object{{"error", "internal error"},
                                                  {"request_id", context.request_id()}});
  }
}

}  // namespace

HandlerSpec make_create_payment_handler(SampleAppVariant variant) {
  constexpr unsigned memory_mb = 256;
  return HandlerSpec{
      .name = "create-payment",
      .method = "POST",
      .route = "/payments",
      .settings = {.memory_mb = memory_mb,
                   .timeout = std::chrono::seconds(6),
                   .reserved_concurrency = 0,
                   .environment = function_environment("create-payment", memory_mb)},
      .baseline_requests =
          {make_request_file(
               "POST", "/payments",
               R"({"order_id":"o_1042_7","amount_cents":1999,"currency":"EUR","card":{"token":"tok_4f9a2c"}})"),
           make_request_file(
               "POST", "/payments",
               R"({"order_id":"o_77_1","amount_cents":250,"currency":"USD","card":{"token":"tok_81bd03"}})")},
      .invoke =
          [variant](const Request& request, InvocationContext& context) {
            return variant == SampleAppVariant::vulnerable
                       ? create_payment_vulnerable(request, context)
                       : create_payment_fixed(request, context);
          },
      .description = "charge a tokenised card for an order",
  };
}

}  // namespace walletfuzz::sample_app_detail
