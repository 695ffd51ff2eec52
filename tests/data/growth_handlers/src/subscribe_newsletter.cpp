// POST /newsletter/subscriptions — the sign-up form on the marketing site (form-encoded, posted
// straight from the browser): e-mail, optional name, the topics ticked and the consent box.

#include <algorithm>
#include <array>
#include <regex>
#include <set>

#include "api_support.hpp"

namespace backoffice {
namespace {

constexpr std::size_t kMaxEmailLength = 254;  // RFC 5321's limit on a forward path
constexpr std::size_t kMaxNameLength = 120;

constexpr std::array<std::string_view, 6> kNewsletterTopics{
    "product-updates", "engineering", "events", "pricing", "security", "case-studies"};

bool email_well_formed(const std::string& email) {
  // Local part, then dot-separated labels ending in an alphabetic TLD. Each label is delimited
  // by a literal dot, so the engine never has two ways to split the same run of characters.
  static const std::regex pattern(
      R"(^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$)");
  return email.size() <= kMaxEmailLength && std::regex_match(email, pattern);
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

Response subscribe_newsletter(const Request& request, InvocationContext& context) {
  auto content_type = request.headers.get("Content-Type");
  if (!content_type || !content_type->starts_with("application/x-www-form-urlencoded")) {
    return json_error(415, "send the form as application/x-www-form-urlencoded");
  }
  std::string email;
  std::string name;
  bool consent = false;
  std::set<std::string_view> topics;
  std::vector<std::string> ignored;
  for (const auto& [field, value] : parse_form(request.body)) {
    if (field == "email") {
      email = trimmed(value);
    } else if (field == "name") {
      name = trimmed(value);
    } else if (field == "consent") {
      consent = value == "yes" || value == "on";
    } else if (field == "topic") {
      // Topics arrive one field per ticked box; unknown ones are reported back, not fatal.
      auto match = std::find(kNewsletterTopics.begin(), kNewsletterTopics.end(), value);
      if (match != kNewsletterTopics.end()) {
        topics.insert(*match);
      } else {
        ignored.push_back(value);
      }
    }
  }
  if (!consent) return json_error(422, "consent is required");
  if (!email_well_formed(email)) return json_error(422, "email is not a valid address");
  if (name.size() > kMaxNameLength) return json_error(422, "name is too long");
  if (topics.empty()) topics.insert(kNewsletterTopics.front());

  context.charge(1);  // one write to the mailing-list provider
  boost::json::array subscribed;
  for (std::string_view topic : topics) subscribed.emplace_back(topic);
  boost::json::array unknown;
  for (const std::string& topic : ignored) unknown.emplace_back(topic);
  return json_response(201, boost::json::object{{"email", email},
                                                {"name", name},
                                                {"topics", std::move(subscribed)},
                                                {"ignored_topics", std::move(unknown)},
                                                {"double_opt_in", true}});
}

}  // namespace

HandlerSpec subscribe_newsletter_handler() {
  constexpr std::string_view form = "application/x-www-form-urlencoded";
  return HandlerSpec{
      .name = "subscribe-newsletter",
      .method = "POST",
      .route = "/newsletter/subscriptions",
      .settings = {.memory_mb = 128, .timeout = std::chrono::seconds(3)},
      .baseline_requests =
          {request_text("POST", "/newsletter/subscriptions", form,
                        "email=priya.n%40example.org&name=Priya+Natarajan&topic=engineering"
                        "&topic=security&consent=yes"),
           request_text("POST", "/newsletter/subscriptions", form,
                        "name=&email=j.bauer%2Bnews%40mail.example.de&topic=events&consent=on")},
      .invoke = subscribe_newsletter,
      .description = "newsletter sign-up form",
  };
}

}  // namespace backoffice
