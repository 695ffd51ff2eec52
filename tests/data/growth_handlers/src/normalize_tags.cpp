// PUT /products/tags — replaces a product's tags with what merchandisers typed into the editor,
// normalised to URL slugs ("Summer Sale!" -> "summer-sale"); duplicates after normalisation are
// dropped, keeping the first spelling's position.

#include <unordered_set>
#include <vector>

#include "api_support.hpp"

namespace backoffice {
namespace {

constexpr std::size_t kMaxTagLength = 48;

std::string tag_slug(std::string_view tag) {
  std::string slug;
  slug.reserve(tag.size());
  bool pending_dash = false;
  for (char c : tag) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (pending_dash && !slug.empty()) slug.push_back('-');
      pending_dash = false;
      slug.push_back(c);
    } else if (c == ' ' || c == '-' || c == '_' || c == '/') {
      pending_dash = true;
    }
    // anything else (punctuation, emoji bytes) is dropped
  }
  if (slug.size() > kMaxTagLength) slug.resize(kMaxTagLength);
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

Response normalize_tags(const Request& request, InvocationContext& context) {
  auto body = parse_json_object(request.body);
  if (!body) return json_error(400, "body must be a JSON object");
  auto product = string_field(*body, "product_id");
  const boost::json::value* tags = body->if_contains("tags");
  if (!product || !product->starts_with("P-") || tags == nullptr || !tags->is_array()) {
    return json_error(400, "product_id (P-...) and tags are required");
  }

  std::unordered_set<std::string> seen;
  std::vector<std::string> kept;
  std::size_t dropped = 0;
  for (const boost::json::value& tag : tags->as_array()) {
    if (!tag.is_string()) return json_error(422, "tags must be strings");
    std::string slug = tag_slug(tag.get_string());
    if (slug.empty() || !seen.insert(slug).second) {
      ++dropped;
      continue;
    }
    kept.push_back(std::move(slug));
  }

  context.charge(kept.size() + 1);  // delete the old tag rows, insert one row per tag
  boost::json::array saved;
  for (std::string& slug : kept) saved.emplace_back(std::move(slug));
  return json_response(
      200, boost::json::object{
               {"product_id", *product}, {"tags", std::move(saved)}, {"dropped", dropped}});
}

}  // namespace

HandlerSpec normalize_tags_handler() {
  return HandlerSpec{
      .name = "normalize-tags",
      .method = "PUT",
      .route = "/products/tags",
      .settings = {.memory_mb = 128, .timeout = std::chrono::seconds(3)},
      .baseline_requests = {request_text(
          "PUT", "/products/tags", "application/json",
          R"({"product_id":"P-88123","tags":["Summer Sale"," summer-sale","Outdoor",)"
          R"("Camping / Hiking","outdoor","Gift ideas!"]})")},
      .invoke = normalize_tags,
      .description = "replace a product's tags",
  };
}

}  // namespace backoffice
