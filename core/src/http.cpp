#include "walletfuzz/core/http.hpp"

#include <algorithm>
#include <boost/beast/http/status.hpp>
#include <ostream>  // boost/core/string_view.hpp needs it complete

namespace walletfuzz {
namespace {

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Skips "scheme://authority" of an absolute-form target; origin form is returned unchanged.
std::string_view strip_authority(std::string_view target) noexcept {
  auto scheme_end = target.find("://");
  if (target.empty() || target.front() == '/' || scheme_end == std::string_view::npos) {
    return target;
  }
  auto path_start = target.find_first_of("/?", scheme_end + 3);
  if (path_start == std::string_view::npos) return {};
  return target.substr(path_start);
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
  for (const auto& field : fields_) {
    if (iequals(field.name, name)) return std::string_view(field.value);
  }
  return std::nullopt;
}

void Headers::set(std::string_view name, std::string_view value) {
  auto first = std::find_if(fields_.begin(), fields_.end(),
                            [&](const HeaderField& f) { return iequals(f.name, name); });
  if (first == fields_.end()) {
    add(name, value);
    return;
  }
  first->value = std::string(value);
  auto index = first - fields_.begin();
  auto rest = std::remove_if(fields_.begin() + index + 1, fields_.end(),
                             [&](const HeaderField& f) { return iequals(f.name, name); });
  fields_.erase(rest, fields_.end());
}

void Headers::add(std::string_view name, std::string_view value) {
  fields_.push_back({std::string(name), std::string(value)});
}

std::size_t Headers::remove(std::string_view name) {
  auto before = fields_.size();
  std::erase_if(fields_, [&](const HeaderField& f) { return iequals(f.name, name); });
  return before - fields_.size();
}

std::string_view Request::path() const noexcept {
  std::string_view rest = strip_authority(target);
  if (rest.empty() || rest.front() == '?') return "/";
  return rest.substr(0, rest.find_first_of("?#"));
}

std::string_view Request::query() const noexcept {
  std::string_view rest = strip_authority(target);
  auto q = rest.find('?');
  if (q == std::string_view::npos) return {};
  rest = rest.substr(q + 1);
  return rest.substr(0, rest.find('#'));
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  std::string_view rest = query();
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    auto eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    if (percent_decode(key) == name) {
      return eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1));
    }
  }
  return std::nullopt;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view reason_phrase(int status) noexcept {
  if (status < 100 || status > 999) return "Unknown";
  auto reason =
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  std::string_view text(reason.data(), reason.size());
  // Beast answers "<unknown-status>" for codes it has no phrase for.
  return (text.empty() || text.front() == '<') ? std::string_view("Unknown") : text;
}

}  // namespace walletfuzz
