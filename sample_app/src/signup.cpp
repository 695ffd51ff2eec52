// POST /signup — creates an account after validating the username, e-mail and plan.
//
// Defect (vulnerable): the username is validated with a regular expression whose nested
// quantifier, `([a-zA-Z0-9]+[._-]?)*`, lets std::regex (a backtracking engine) split a run of
// word characters in exponentially many ways before it gives up on a character that breaks the
// match. The 28-character cap keeps the worst case at a few seconds (measured: ~4.3 s in a
// release build; each extra character doubles it), so the function times out instead of
// hanging forever. Fixed: the same rule checked by a single linear scan.

#include <regex>

#include "sample_handlers.hpp"

namespace walletfuzz::sample_app_detail {
namespace {

constexpr std::size_t max_username_length = 28;

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_separator(char c) {
  return c == '.' || c == '_' || c == '-';
}

bool username_valid_backtracking(const std::string& username) {
  // Constructed once: compiling is not the problem, matching is.
  static const std::regex pattern(R"(^([a-zA-Z0-9]+[._-]?)*$)");
  return std::regex_match(username, pattern);
}

// The same language as the pattern above: alphanumeric runs, each optionally followed by a
// single separator (so no two separators in a row and none first).
bool username_valid_linear(std::string_view username) {
  bool previous_was_separator = true;
  for (char c : username) {
    if (is_alnum(c)) {
      previous_was_separator = false;
    } else if (is_separator(c) && !previous_was_separator) {
      previous_was_separator = true;
    } else {
      return false;
    }
  }
  return true;
}

bool email_plausible(std::string_view email) {
  auto at = email.find('@');
  return email.size() <= 254 && at != std::string_view::npos && at > 0 &&
         email.find('.', at) != std::string_view::npos && email.back() != '.';
}

Response signup(const Request& request, InvocationContext& context, SampleAppVariant variant) {
  auto body = parse_json_object(request.body);
  if (!body) return json_error(400, "body must be a JSON object");
  const auto* username = body->if_contains("username");
  const auto* email = body->if_contains("email");
  if (username == nullptr || !username->is_string() || email == nullptr || !email->is_string()) {
    return json_error(400, "username and email are required strings");
  }
  std::string name(username->as_string());
  if (name.empty() || name.size() > max_username_length) {
    return json_error(400, "username must be 1 to 28 characters");
  }
  bool valid = variant == SampleAppVariant::vulnerable ? username_valid_backtracking(name)
                                                       : username_valid_linear(name);
  if (!valid) return json_error(400, "username may contain letters, digits and . _ -");
  if (!email_plausible(email->as_string())) return json_error(400, "email is not valid");

  std::string plan = "free";
  if (const auto* requested = body->if_contains("plan")) {
    if (!requested->is_string() ||
        (requested->as_string() != "free" && requested->as_string() != "pro")) {
      return json_error(400, "plan must be \"free\" or \"pro\"");
    }
    plan = requested->as_string();
  }
  context.charge(2);  // uniqueness lookup + insert in the users table
  auto user_id = "u_" + std::to_string(std::hash<std::string>{}(name) % 1000000007u);
  return json_response(
      201,
      boost::json::object{
          {"user_id", user_id}, {"username", name}, {"email", email->as_string()}, {"plan", plan}});
}

}  // namespace

HandlerSpec make_signup_handler(SampleAppVariant variant) {
  constexpr unsigned memory_mb = 256;
  return HandlerSpec{
      .name = "signup",
      .method = "POST",
      .route = "/signup",
      .settings = {.memory_mb = memory_mb,
                   .timeout = std::chrono::seconds(3),
                   .reserved_concurrency = 0,
                   .environment = function_environment("signup", memory_mb)},
      .baseline_requests =
          {make_request_file("POST", "/signup",
                             R"({"username":"jane_doe","email":"jane@example.com"})"),
           make_request_file(
               "POST", "/signup",
               R"({"username":"m.rossi-42","email":"mario.rossi@example.it","plan":"pro"})")},
      .invoke = [variant](const Request& request,
                          InvocationContext& context) { return signup(request, context, variant); },
      .description = "create an account (username, email, plan)",
  };
}

}  // namespace walletfuzz::sample_app_detail
