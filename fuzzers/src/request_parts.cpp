#include "request_parts.hpp"

namespace walletfuzz::fuzzers::detail {

std::size_t json_value_end(const std::string& text, std::size_t begin) {
  if (begin >= text.size()) return std::string::npos;
  char first = text[begin];
  if (first == '"') {
    for (std::size_t i = begin + 1; i < text.size(); ++i) {
      if (text[i] == '\\') {
        ++i;
      } else if (text[i] == '"') {
        return i + 1;
      }
    }
    return std::string::npos;
  }
  if (first == '{' || first == '[') {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = begin; i < text.size(); ++i) {
      char c = text[i];
      if (in_string) {
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    return std::string::npos;
  }
  std::size_t end = text.find_first_of(",]} \r\n\t", begin);
  return end == begin ? std::string::npos : end;
}

std::vector<ValueSlot> value_slots(const std::string& text) {
  std::vector<ValueSlot> slots;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '=') {
      std::size_t end = text.find('&', i + 1);
      slots.push_back({i + 1, end == std::string::npos ? text.size() : end, false});
    } else if (text[i] == ':') {
      std::size_t begin = text.find_first_not_of(" \t\r\n", i + 1);
      std::size_t end =
          begin == std::string::npos ? std::string::npos : json_value_end(text, begin);
      if (end != std::string::npos) slots.push_back({begin, end, true});
    }
  }
  return slots;
}

std::string value_name(const std::string& text, std::size_t begin) {
  std::size_t at = text.find_last_of("=:", begin == 0 ? 0 : begin - 1);
  if (at == std::string::npos || at >= begin) return {};
  if (text[at] == '=') {
    std::size_t start = text.find_last_of("&?\n", at == 0 ? 0 : at - 1);
    start = start == std::string::npos || start >= at ? 0 : start + 1;
    return text.substr(start, at - start);
  }
  // JSON: `"key" :` — the quoted string before the colon.
  std::size_t close = text.find_last_not_of(" \t\r\n", at == 0 ? 0 : at - 1);
  if (close == std::string::npos || text[close] != '"' || close == 0) return {};
  std::size_t open = text.rfind('"', close - 1);
  return open == std::string::npos ? std::string() : text.substr(open + 1, close - open - 1);
}

std::string make_distinct(const std::string& element, std::size_t i) {
  // In an object after the first `:"`, else after the opening quote of a string element.
  std::size_t quote = element.find(":\"");
  quote = quote != std::string::npos ? quote + 1 : element.find('"');
  std::string copy = element;
  if (quote != std::string::npos) copy.insert(quote + 1, std::to_string(i) + "x");
  return copy;
}

}  // namespace walletfuzz::fuzzers::detail
