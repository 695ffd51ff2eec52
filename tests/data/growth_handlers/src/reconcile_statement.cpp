// POST /statements/reconcile — imports the lines of an uploaded bank statement into the ledger.
// Users often upload overlapping exports (last month's file again, or a CSV and the PDF of the
// same period), so a line that matches one already accepted (same booking date, amount and
// reference) is reported as a duplicate instead of being booked twice.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "api_support.hpp"

namespace backoffice {
namespace {

// Larger movements go through treasury, not statement import.
constexpr long long kMaxAmountCents = 1'000'000'000'000;

bool statement_amount_in_range(std::int64_t cents) {
  return cents >= -kMaxAmountCents && cents <= kMaxAmountCents;
}

struct StatementLine {
  std::string booked_on;
  long long amount_cents = 0;
  std::string reference;
  std::string counterparty;
};

bool same_booking(const StatementLine& a, const StatementLine& b) {
  return a.amount_cents == b.amount_cents && a.booked_on == b.booked_on &&
         a.reference == b.reference;
}

std::optional<StatementLine> read_statement_line(const boost::json::value& value) {
  if (!value.is_object()) return std::nullopt;
  const boost::json::object& object = value.as_object();
  auto booked_on = string_field(object, "booked_on");
  auto amount = object.if_contains("amount_cents");
  auto reference = string_field(object, "reference");
  if (!booked_on || booked_on->size() != 10 || amount == nullptr || !amount->is_int64() ||
      !statement_amount_in_range(amount->get_int64()) || !reference) {
    return std::nullopt;
  }
  return StatementLine{
      .booked_on = std::string(*booked_on),
      .amount_cents = amount->get_int64(),
      .reference = std::string(*reference),
      .counterparty = std::string(string_field(object, "counterparty").value_or(""))};
}

Response reconcile_statement(const Request& request, InvocationContext& context) {
  auto body = parse_json_object(request.body);
  if (!body) return json_error(400, "body must be a JSON object");
  auto account = string_field(*body, "account");
  const boost::json::value* lines = body->if_contains("lines");
  if (!account || account->size() < 15 || lines == nullptr || !lines->is_array()) {
    return json_error(400, "account (an IBAN) and lines are required");
  }
  long long balance = 0;
  if (const boost::json::value* opening = body->if_contains("opening_balance_cents")) {
    if (!opening->is_int64() || !statement_amount_in_range(opening->get_int64())) {
      return json_error(422, "opening_balance_cents must be an integer within range");
    }
    balance = opening->get_int64();
  }

  std::vector<StatementLine> accepted;
  boost::json::array duplicates;
  std::size_t index = 0;
  for (const boost::json::value& value : lines->as_array()) {
    if (context.cancelled()) return json_error(503, "statement too large to reconcile now");
    auto line = read_statement_line(value);
    if (!line) {
      return json_error(422, "line " + std::to_string(index) +
                                 " needs booked_on, integer amount_cents and reference");
    }
    const bool seen =
        std::any_of(accepted.begin(), accepted.end(),
                    [&](const StatementLine& earlier) { return same_booking(earlier, *line); });
    if (seen) {
      duplicates.push_back(boost::json::object{{"line", index}, {"reference", line->reference}});
    } else {
      balance += line->amount_cents;
      accepted.push_back(std::move(*line));
    }
    ++index;
  }

  context.charge(accepted.size());  // one ledger insert per booked line
  return json_response(200, boost::json::object{{"account", *account},
                                                {"received", index},
                                                {"booked", accepted.size()},
                                                {"duplicates", std::move(duplicates)},
                                                {"closing_balance_cents", balance}});
}

}  // namespace

HandlerSpec reconcile_statement_handler() {
  return HandlerSpec{
      .name = "reconcile-statement",
      .method = "POST",
      .route = "/statements/reconcile",
      .settings = {.memory_mb = 512, .timeout = std::chrono::seconds(10)},
      .baseline_requests = {request_text(
          "POST", "/statements/reconcile", "application/json",
          R"({"account":"DE89370400440532013000","currency":"EUR","opening_balance_cents":184233,)"
          R"("lines":[)"
          R"({"booked_on":"2026-11-02","amount_cents":-1099,"reference":"CARD 4411 SPOTIFY P2F1",)"
          R"("counterparty":"Spotify AB"},)"
          R"({"booked_on":"2026-11-03","amount_cents":-6420,"reference":"SEPA DD RWE-88120",)"
          R"("counterparty":"RWE Energie"},)"
          R"({"booked_on":"2026-11-01","amount_cents":312500,"reference":"SALARY NOV 2026",)"
          R"("counterparty":"Initech GmbH"},)"
          R"({"booked_on":"2026-11-05","amount_cents":-2350,"reference":"CARD 4411 REWE 0442"},)"
          R"({"booked_on":"2026-11-03","amount_cents":-6420,"reference":"SEPA DD RWE-88120",)"
          R"("counterparty":"RWE Energie"},)"
          R"({"booked_on":"2026-11-06","amount_cents":-89000,"reference":"RENT DEC",)"
          R"("counterparty":"Hausverwaltung Krause"}]})")},
      .invoke = reconcile_statement,
      .description = "import a bank statement, skipping lines already booked",
  };
}

}  // namespace backoffice
