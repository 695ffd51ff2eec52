// POST /support/tickets — the "contact support" form of the help centre. The reporter's address
// is validated before the ticket reaches the help desk, since replies go to it.

#include <cstdio>
#include <functional>
#include <regex>

#include "api_support.hpp"

namespace backoffice {
namespace {

constexpr std::size_t kMaxReporterEmail = 254;
constexpr std::size_t kMaxSubject = 200;
constexpr std::size_t kMaxDescription = 20000;

bool reporter_email_valid(const std::string& email) {
  // The address check the help-centre front end has used for years; kept identical on the
  // server so both sides accept the same addresses.
  static const std::regex address(
      R"(^([a-zA-Z0-9_.+-])+@(([a-zA-Z0-9-])+\.)+([a-zA-Z0-9]{2,4})+$)");
  return std::regex_match(email, address);
}

Response open_ticket(const Request& request, InvocationContext& context) {
  auto body = parse_json_object(request.body);
  if (!body) return json_error(400, "body must be a JSON object");
  auto subject = string_field(*body, "subject");
  auto email = string_field(*body, "reporter_email");
  auto description = string_field(*body, "description");
  if (!subject || subject->empty() || !email || !description) {
    return json_error(400, "subject, reporter_email and description are required");
  }
  if (subject->size() > kMaxSubject || description->size() > kMaxDescription) {
    return json_error(422, "subject or description is too long");
  }
  if (email->size() > kMaxReporterEmail || !reporter_email_valid(std::string(*email))) {
    return json_error(422, "reporter_email is not a valid address");
  }
  std::string priority(string_field(*body, "priority").value_or("normal"));
  if (priority != "low" && priority != "normal" && priority != "high" && priority != "urgent") {
    return json_error(422, "priority must be low, normal, high or urgent");
  }

  // The ticket number is derived from the request id, so a retried request gets the same one.
  char number[16];
  std::snprintf(number, sizeof number, "SUP-%06zu",
                std::hash<std::string>{}(context.request_id()) % 1000000);
  context.charge(1);  // one call to the help desk's API
  return json_response(201, boost::json::object{{"ticket", number},
                                                {"subject", *subject},
                                                {"priority", priority},
                                                {"reply_to", *email},
                                                {"status", "open"}});
}

}  // namespace

HandlerSpec open_ticket_handler() {
  return HandlerSpec{
      .name = "open-ticket",
      .method = "POST",
      .route = "/support/tickets",
      .settings = {.memory_mb = 128, .timeout = std::chrono::seconds(5)},
      .baseline_requests =
          {request_text("POST", "/support/tickets", "application/json",
                        R"({"subject":"Invoice INV-2026-103311 shows the wrong VAT ID",)"
                        R"("reporter_email":"maria.lopez+billing@example-mail.co.uk",)"
                        R"("priority":"high","description":"Hi, our VAT ID changed in October )"
                        R"(but the November invoice still shows the old one. Could you reissue )"
                        R"(it? Thanks, Maria"})"),
           request_text("POST", "/support/tickets", "application/json",
                        R"({"subject":"Export stuck","reporter_email":"ops@initech.io",)"
                        R"("description":"The CSV export has been pending since 9:00."})")},
      .invoke = open_ticket,
      .description = "open a support ticket",
  };
}

}  // namespace backoffice
