#include "walletfuzz/fuzzers/fuzz_dictionary.hpp"

#include <cstdio>
#include <set>

#include "walletfuzz/core/request_file.hpp"

namespace walletfuzz::fuzzers {
namespace {

void add_json_keys(std::string_view body, std::set<std::string>& out) {
  // "key": -- cheap scan, no JSON parser needed: a quoted string followed by a colon.
  std::size_t pos = 0;
  while ((pos = body.find('"', pos)) != std::string_view::npos) {
    std::size_t end = body.find('"', pos + 1);
    if (end == std::string_view::npos) break;
    std::size_t after = body.find_first_not_of(" \t\r\n", end + 1);
    if (after != std::string_view::npos && body[after] == ':' && end - pos - 1 <= 40) {
      out.insert(std::string(body.substr(pos, end - pos + 1)) + ":");
      out.insert(std::string(body.substr(pos + 1, end - pos - 1)));
    }
    pos = end + 1;
  }
}

}  // namespace

const std::vector<std::string>& http_json_tokens() {
  static const std::vector<std::string> tokens = {
      "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", " HTTP/1.1\r\n", " HTTP/1.0\r\n",
      "\r\n", "\r\n\r\n", "Host: ", "Content-Length: ", "Content-Type: application/json\r\n",
      "Content-Type: text/plain\r\n", "Transfer-Encoding: chunked\r\n",
      "Content-Encoding: gzip\r\n", "Content-Encoding: deflate\r\n", "Accept: */*\r\n",
      "Authorization: Bearer ", "Cookie: ", "X-Debug: 1\r\n",
      // Hidden debug switches are the first thing an attacker tries on an error path.
      "debug=1", "debug=true", "&debug=1", "verbose=1", "trace=1", "?", "&", "=", "%00", "%25",
      "%2F", "+", "/", "../", "{", "}", "[", "]", "\":", "\",\"", "\"\"", "true", "false", "null",
      "0", "-1", "1e308", "999999999999", "4294967296", "\\u0000", "\\\"", "\x1f\x8b\x08\x00",
      "aaaaaaaaaaaaaaaa", "((((((((", "))))))))", "********", "\xff\xfe"};
  return tokens;
}

std::vector<std::string> handler_tokens(std::string_view route,
                                        const std::vector<std::string>& baseline_requests) {
  std::set<std::string> tokens;
  std::string path(route);
  if (!path.empty() && path.back() == '*') path.pop_back();
  if (!path.empty()) tokens.insert(path);
  for (const auto& raw : baseline_requests) {
    ParseOutcome parsed = parse_request(raw);
    if (!parsed.request) continue;
    const Request& request = *parsed.request;
    std::string_view query = request.query();
    std::size_t start = 0;
    while (start < query.size()) {
      std::size_t amp = query.find('&', start);
      if (amp == std::string_view::npos) amp = query.size();
      std::string_view param = query.substr(start, amp - start);
      std::size_t eq = param.find('=');
      tokens.insert(std::string(param.substr(0, eq)) + "=");
      start = amp + 1;
    }
    for (const auto& field : request.headers) tokens.insert(field.name + ": ");
    add_json_keys(request.body, tokens);
  }
  return {tokens.begin(), tokens.end()};
}

std::string dictionary_quote(std::string_view token) {
  std::string out;
  for (unsigned char c : token) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string make_dictionary(std::string_view route,
                            const std::vector<std::string>& baseline_requests) {
  return make_dictionary({{.route = std::string(route), .baseline_requests = baseline_requests}});
}

std::string make_dictionary(const std::vector<HandlerVocabulary>& handlers) {
  std::string text = "# HTTP/JSON tokens\n";
  int n = 0;
  std::set<std::string, std::less<>> given;
  for (const auto& token : http_json_tokens()) {
    given.insert(token);
    text += "kw" + std::to_string(++n) + "=\"" + dictionary_quote(token) + "\"\n";
  }
  text += handlers.size() == 1 ? "# this handler's route, parameters, headers and JSON keys\n"
                               : "# the handlers' routes, parameters, headers and JSON keys\n";
  n = 0;
  for (const auto& handler : handlers) {
    for (const auto& token : handler_tokens(handler.route, handler.baseline_requests)) {
      if (!given.insert(token).second) continue;
      text += "h" + std::to_string(++n) + "=\"" + dictionary_quote(token) + "\"\n";
    }
  }
  return text;
}

}  // namespace walletfuzz::fuzzers
