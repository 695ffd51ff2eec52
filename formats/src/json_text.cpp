#include "walletfuzz/formats/json_text.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

#include "walletfuzz/core/text_format.hpp"
#include "walletfuzz/detectors/redaction.hpp"

namespace walletfuzz::formats {
namespace {

// Every text a run file or machine output holds is published (CI artifacts, logs): it is
// redacted here, at the one place all of them are written, so no writer can forget, and made
// valid UTF-8 (a file name or a fuzz input may hold any bytes; JSON text may not).
void write_string(std::string& out, std::string_view text) {
  out += boost::json::serialize(
      boost::json::value(boost::json::string(valid_utf8(detectors::redact_secrets(text)))));
}

void write_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
  const std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
  out += text;
  // Keep a double a double for readers: "100" would parse back as an integer, and a reader
  // asking for a double (Boost.JSON's as_double) would fail on it.
  if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

void write(std::string& out, const boost::json::value& v, bool pretty, int indent) {
  const auto newline = [&](int level) {
    if (!pretty) return;
    out += '\n';
    out.append(static_cast<std::size_t>(level) * 2, ' ');
  };
  switch (v.kind()) {
    case boost::json::kind::double_:
      write_number(out, v.get_double());
      return;
    case boost::json::kind::object: {
      const auto& o = v.get_object();
      if (o.empty()) {
        out += "{}";
        return;
      }
      out += '{';
      bool first = true;
      for (const auto& [key, member] : o) {
        if (!first) out += ',';
        first = false;
        newline(indent + 1);
        write_string(out, key);
        out += pretty ? ": " : ":";
        write(out, member, pretty, indent + 1);
      }
      newline(indent);
      out += '}';
      return;
    }
    case boost::json::kind::array: {
      const auto& a = v.get_array();
      if (a.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      bool first = true;
      for (const auto& element : a) {
        if (!first) out += ',';
        first = false;
        newline(indent + 1);
        write(out, element, pretty, indent + 1);
      }
      newline(indent);
      out += ']';
      return;
    }
    case boost::json::kind::string:
      write_string(out, v.get_string());
      return;
    default:
      out += boost::json::serialize(v);
      return;
  }
}

}  // namespace

std::string to_json_text(const boost::json::value& value, bool pretty) {
  std::string out;
  write(out, value, pretty, 0);
  return out;
}

}  // namespace walletfuzz::formats
