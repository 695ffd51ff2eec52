// POST /contacts/import — imports an address book, dropping duplicate e-mail addresses
// (case-insensitive), and reports how many were new.
//
// Defect (vulnerable): each contact is compared with every contact kept so far, so n contacts
// cost n²/2 string comparisons; a 1 MB body of short distinct addresses (~40,000 contacts)
// takes seconds where normal traffic of a few dozen takes microseconds. Fixed: a hash set (one
// lookup per contact) and at most 1,000 contacts per request.

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "sample_handlers.hpp"

namespace walletfuzz::sample_app_detail {
namespace {

constexpr std::size_t max_contacts_per_import = 1000;

std::string lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

Response dedupe_contacts(const Request& request, InvocationContext& context,
                         SampleAppVariant variant) {
  auto body = parse_json_object(request.body);
  const boost::json::value* contacts = body ? body->if_contains("contacts") : nullptr;
  if (contacts == nullptr || !contacts->is_array()) {
    return json_error(400, "body must be {\"contacts\": [...]}");
  }
  const auto& list = contacts->as_array();
  if (variant == SampleAppVariant::fixed && list.size() > max_contacts_per_import) {
    return json_error(413, "at most 1000 contacts per import");
  }
  std::vector<std::string> emails;
  emails.reserve(list.size());
  for (const auto& contact : list) {
    const auto* email = contact.is_object() ? contact.as_object().if_contains("email") : nullptr;
    if (email == nullptr || !email->is_string() || email->as_string().empty()) {
      return json_error(400, "every contact needs an \"email\" string");
    }
    emails.push_back(lowercase(email->as_string()));
  }

  std::vector<std::string> kept;
  if (variant == SampleAppVariant::vulnerable) {
    for (const auto& email : emails) {
      if (context.cancelled()) break;
      bool seen = false;
      for (const auto& earlier : kept) {  // the quadratic part
        if (earlier == email) {
          seen = true;
          break;
        }
      }
      if (!seen) kept.push_back(email);
    }
  } else {
    std::unordered_set<std::string> seen;
    for (const auto& email : emails) {
      if (seen.insert(email).second) kept.push_back(email);
    }
  }
  context.charge(kept.size());  // one upsert per new contact
  return json_response(200, boost::json::object{
                                {"received", list.size()},
                                {"imported", kept.size()},
                                {"duplicates", list.size() - kept.size()},
                            });
}

}  // namespace

HandlerSpec make_dedupe_contacts_handler(SampleAppVariant variant) {
  constexpr unsigned memory_mb = 512;
  return HandlerSpec{
      .name = "import-contacts",
      .method = "POST",
      .route = "/contacts/import",
      .settings = {.memory_mb = memory_mb,
                   .timeout = std::chrono::seconds(5),
                   .reserved_concurrency = 0,
                   .environment = function_environment("import-contacts", memory_mb)},
      .baseline_requests =
          {make_request_file(
               "POST", "/contacts/import",
               R"({"contacts":[{"email":"ana@example.com","name":"Ana"},)"
               R"({"email":"bo@example.org","name":"Bo"},{"email":"Ana@Example.com","name":"Ana P."}]})"),
           make_request_file("POST", "/contacts/import",
                             R"({"contacts":[{"email":"kim@example.net"}]})")},
      .invoke =
          [variant](const Request& request, InvocationContext& context) {
            return dedupe_contacts(request, context, variant);
          },
      .description = "import contacts, dropping duplicate e-mails",
  };
}

}  // namespace walletfuzz::sample_app_detail
