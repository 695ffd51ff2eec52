#include "credentials.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "walletfuzz/detectors/redaction.hpp"
#include "walletfuzz/loadgen/env_placeholders.hpp"

namespace walletfuzz::importers::detail {
namespace {

bool scrub_json(boost::json::value& value, CredentialScrubber& scrubber) {
  bool changed = false;
  if (value.is_object()) {
    for (auto& member : value.as_object()) {
      const std::string name(member.key());
      if (member.value().is_string() &&
          (detectors::is_sensitive_name(name) || has_secret_shape(member.value().as_string()))) {
        if (!loadgen::has_env_placeholder(member.value().as_string())) {
          member.value() = scrubber.placeholder(loadgen::env_variable_name(name));
          changed = true;
        }
      } else {
        changed = scrub_json(member.value(), scrubber) || changed;
      }
    }
  } else if (value.is_array()) {
    for (auto& item : value.as_array()) changed = scrub_json(item, scrubber) || changed;
  }
  return changed;
}

}  // namespace

bool has_secret_shape(std::string_view value) {
  for (std::size_t at = 0; at < value.size(); ++at) {
    if (detectors::match_secret_shape(value, at).shape != nullptr) return true;
    if (detectors::jwt_length(value, at) > 0) return true;
    if (detectors::private_key_header_length(value, at) > 0) return true;
  }
  return false;
}

std::string CredentialScrubber::placeholder(const std::string& name) {
  variables_.insert(name);
  return loadgen::env_placeholder(name);
}

std::string CredentialScrubber::scrub_cookie(std::string_view cookie) {
  std::string out;
  std::size_t from = 0;
  while (from <= cookie.size()) {
    std::size_t end = cookie.find(';', from);
    if (end == std::string_view::npos) end = cookie.size();
    std::string_view pair = cookie.substr(from, end - from);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (!pair.empty()) {
      if (!out.empty()) out += "; ";
      const std::size_t eq = pair.find('=');
      const std::string_view name = pair.substr(0, eq);
      out += name;
      out += '=';
      out += placeholder("COOKIE_" + loadgen::env_variable_name(name));
    }
    from = end + 1;
  }
  return out;
}

std::string CredentialScrubber::scrub_form(std::string_view form, const std::string& prefix) {
  std::string out;
  std::size_t from = 0;
  while (from <= form.size()) {
    std::size_t end = form.find('&', from);
    if (end == std::string_view::npos) end = form.size();
    const std::string_view pair = form.substr(from, end - from);
    if (from > 0) out += '&';
    const std::size_t eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    const std::string value =
        eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
    if (eq != std::string_view::npos && !loadgen::has_env_placeholder(value) &&
        (detectors::is_sensitive_name(percent_decode(name)) || has_secret_shape(value))) {
      out += name;
      out += '=';
      out += placeholder(prefix + loadgen::env_variable_name(percent_decode(name)));
    } else {
      out += pair;
    }
    from = end + 1;
  }
  return out;
}

std::string CredentialScrubber::scrub_query(std::string_view query) {
  return scrub_form(query, "");
}

void CredentialScrubber::scrub(Request& request) {
  Headers scrubbed;
  for (const HeaderField& field : request.headers) {
    std::string value = field.value;
    if (loadgen::has_env_placeholder(value)) {
      // Written by the importer itself (an API key scheme of an OpenAPI document).
    } else if (iequals(field.name, "Cookie")) {
      value = scrub_cookie(value);
    } else if (iequals(field.name, "Authorization") || iequals(field.name, "Proxy-Authorization")) {
      // Keep the scheme ("Bearer", "Basic", "AWS4-HMAC-SHA256"): it tells what to export.
      const std::size_t space = value.find(' ');
      const std::string name = loadgen::env_variable_name(field.name);
      value = space == std::string::npos ? placeholder(name)
                                         : value.substr(0, space + 1) + placeholder(name);
    } else if (detectors::is_sensitive_name(field.name) || has_secret_shape(value)) {
      value = placeholder(loadgen::env_variable_name(field.name));
    }
    scrubbed.add(field.name, value);
  }
  request.headers = std::move(scrubbed);

  const std::size_t question = request.target.find('?');
  if (question != std::string::npos) {
    request.target =
        request.target.substr(0, question + 1) + scrub_query(request.target.substr(question + 1));
  }

  if (request.body.empty()) return;
  const std::string type(request.headers.get("Content-Type").value_or(""));
  if (type.find("application/x-www-form-urlencoded") != std::string::npos) {
    request.body = scrub_form(request.body, "");
  } else if (type.find("json") != std::string::npos) {
    boost::system::error_code ec;
    boost::json::value body = boost::json::parse(request.body, ec);
    if (!ec && scrub_json(body, *this)) request.body = boost::json::serialize(body);
  }
}

std::string encode_base64(std::string_view bytes) {
  static constexpr char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kDigits[(n >> shift) & 63];
  }
  if (i < bytes.size()) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kDigits[(n >> 18) & 63];
    out += kDigits[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kDigits[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace walletfuzz::importers::detail
