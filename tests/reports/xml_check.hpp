#pragma once
// A strict little XML 1.0 well-formedness check for the tests (no XML library in the
// dependency list): one root element, balanced tags, quoted attributes, only the predefined
// and numeric entities, no control characters. Returns an empty string when well formed, else
// what is wrong and where. Also counts elements by name.

#include <cctype>
#include <map>
#include <string>
#include <vector>

namespace walletfuzz::reports::testing {

struct XmlCheck {
  std::string error;
  std::map<std::string, int> element_counts;
  std::map<std::string, std::vector<std::map<std::string, std::string>>> attributes;
};

inline XmlCheck check_xml(const std::string& xml) {
  XmlCheck result;
  std::vector<std::string> open;
  std::size_t i = 0;
  bool seen_root = false;
  auto fail = [&](const std::string& what) {
    result.error = what + " at byte " + std::to_string(i);
    return result;
  };
  auto check_text = [&](std::size_t from, std::size_t to) -> bool {
    for (std::size_t k = from; k < to; ++k) {
      auto c = static_cast<unsigned char>(xml[k]);
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') return false;
      if (xml[k] == '<') return false;
      if (xml[k] == '&') {
        std::size_t semi = xml.find(';', k);
        if (semi == std::string::npos || semi > to) return false;
        std::string entity = xml.substr(k + 1, semi - k - 1);
        bool numeric = entity.size() > 1 && entity[0] == '#';
        if (!numeric && entity != "amp" && entity != "lt" && entity != "gt" && entity != "quot" &&
            entity != "apos") {
          return false;
        }
      }
    }
    return true;
  };
  if (xml.rfind("<?xml", 0) == 0) i = xml.find("?>") + 2;
  while (i < xml.size()) {
    std::size_t lt = xml.find('<', i);
    if (lt == std::string::npos) lt = xml.size();
    if (!check_text(i, lt)) return fail("bad character data");
    if (open.empty()) {
      for (std::size_t k = i; k < lt; ++k) {
        if (!std::isspace(static_cast<unsigned char>(xml[k]))) return fail("text outside root");
      }
    }
    i = lt;
    if (i >= xml.size()) break;
    std::size_t gt = xml.find('>', i);
    if (gt == std::string::npos) return fail("unterminated tag");
    std::string tag = xml.substr(i + 1, gt - i - 1);
    if (!tag.empty() && tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1))
        return fail("mismatched </" + tag.substr(1) + ">");
      open.pop_back();
    } else {
      bool self_closing = !tag.empty() && tag.back() == '/';
      if (self_closing) tag.pop_back();
      std::size_t name_end = 0;
      while (name_end < tag.size() && !std::isspace(static_cast<unsigned char>(tag[name_end])))
        ++name_end;
      std::string name = tag.substr(0, name_end);
      if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
        return fail("bad element name");
      }
      if (open.empty() && seen_root) return fail("second root element");
      seen_root = true;
      std::map<std::string, std::string> attributes;
      std::size_t k = name_end;
      while (k < tag.size()) {
        while (k < tag.size() && std::isspace(static_cast<unsigned char>(tag[k]))) ++k;
        if (k >= tag.size()) break;
        std::size_t eq = tag.find('=', k);
        if (eq == std::string::npos || eq + 1 >= tag.size() || tag[eq + 1] != '"') {
          return fail("unquoted attribute in <" + name + ">");
        }
        std::size_t close = tag.find('"', eq + 2);
        if (close == std::string::npos) return fail("unterminated attribute");
        std::string key = tag.substr(k, eq - k);
        if (attributes.count(key)) return fail("duplicate attribute " + key);
        std::size_t value_start = i + 1 + eq + 2;
        if (!check_text(value_start, value_start + (close - eq - 2)))
          return fail("bad attribute value");
        attributes[key] = tag.substr(eq + 2, close - eq - 2);
        k = close + 1;
      }
      ++result.element_counts[name];
      result.attributes[name].push_back(attributes);
      if (!self_closing) open.push_back(name);
    }
    i = gt + 1;
  }
  if (!open.empty()) return fail("unclosed <" + open.back() + ">");
  if (!seen_root) return fail("no root element");
  return result;
}

}  // namespace walletfuzz::reports::testing
