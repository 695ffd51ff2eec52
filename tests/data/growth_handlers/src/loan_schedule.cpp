// GET /loans/schedule?principal=250000&annual_rate=4.5&months=360 — the mortgage calculator on
// the pricing page: the monthly payment, the total interest and the first year of the
// amortisation table. Each month is rounded to the cent, as the bank books it, so the totals
// come from walking the schedule rather than from the closed-form annuity formula.

#include <cmath>
#include <cstdio>
#include <string>

#include "api_support.hpp"

namespace backoffice {
namespace {

constexpr long long kPreviewMonths = 12;

std::optional<double> parse_decimal(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text->c_str(), &end);
  if (end != text->c_str() + text->size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

Response loan_schedule(const Request& request, InvocationContext& context) {
  auto principal = parse_decimal(request.query_param("principal"));
  auto annual_rate = parse_decimal(request.query_param("annual_rate"));
  auto months_text = request.query_param("months");
  auto months = months_text ? parse_whole_number(*months_text) : std::nullopt;
  if (!principal || *principal <= 0 || *principal > 1e9) {
    return json_error(400, "principal must be a positive amount up to 1,000,000,000");
  }
  if (!annual_rate || *annual_rate < 0 || *annual_rate > 30) {
    return json_error(400, "annual_rate must be a percentage from 0 to 30");
  }
  if (!months || *months == 0) return json_error(400, "months must be a positive whole number");

  const long long principal_cents = std::llround(*principal * 100);
  const double monthly_rate = *annual_rate / 100 / 12;
  const double payment = monthly_rate == 0
                             ? static_cast<double>(principal_cents) / static_cast<double>(*months)
                             : static_cast<double>(principal_cents) * monthly_rate /
                                   (1 - std::pow(1 + monthly_rate, -static_cast<double>(*months)));
  const long long payment_cents = std::llround(std::ceil(payment));

  long long balance = principal_cents;
  double total_interest = 0;  // cents; a double so that absurd terms cannot overflow it
  long long paid_off_in = *months;
  boost::json::array first_year;
  for (long long month = 1; month <= *months; ++month) {
    if ((month & 0xfff) == 0 && context.cancelled()) {
      return json_error(503, "the schedule took too long to compute");
    }
    const long long interest = std::llround(static_cast<double>(balance) * monthly_rate);
    long long principal_part = payment_cents - interest;
    if (month == *months || principal_part > balance) principal_part = balance;
    balance -= principal_part;
    total_interest += static_cast<double>(interest);
    if (month <= kPreviewMonths) {
      first_year.push_back(boost::json::object{{"month", month},
                                               {"interest_cents", interest},
                                               {"principal_cents", principal_part},
                                               {"balance_cents", balance}});
    }
    if (balance == 0) {
      paid_off_in = month;
      break;
    }
  }

  return json_response(200,
                       boost::json::object{{"months", *months},
                                           {"payment_cents", payment_cents},
                                           {"total_interest_cents", std::llround(total_interest)},
                                           {"paid_off_in_months", paid_off_in},
                                           {"first_year", std::move(first_year)}});
}

}  // namespace

HandlerSpec loan_schedule_handler() {
  return HandlerSpec{
      .name = "loan-schedule",
      .method = "GET",
      .route = "/loans/schedule",
      .settings = {.memory_mb = 128, .timeout = std::chrono::seconds(3)},
      .baseline_requests =
          {request_text("GET", "/loans/schedule?principal=250000&annual_rate=4.5&months=360"),
           request_text("GET", "/loans/schedule?principal=18000&annual_rate=6.9&months=60")},
      .invoke = loan_schedule,
      .description = "mortgage calculator",
  };
}

}  // namespace backoffice
