// Leaky response headers, after OWASP ZAP's passive rules 10036 (Server with a version),
// 10037 (X-Powered-By), 10039 (X-Backend-Server), 10052 (X-ChromeLogger-Data), 10056
// (X-Debug-Token) and 10061 (X-AspNet-Version). They tell an attacker which exploits to try
// but not how the function works inside, so they rank below every body finding.

#include "excerpt.hpp"
#include "rule.hpp"
#include "walletfuzz/detectors/redaction.hpp"

namespace walletfuzz::detectors::detail {
namespace {

bool has_version_number(std::string_view value) noexcept {
  for (std::size_t i = 0; i + 2 < value.size(); ++i) {
    bool digit = value[i] >= '0' && value[i] <= '9';
    if (digit && value[i + 1] == '.' && value[i + 2] >= '0' && value[i + 2] <= '9') return true;
  }
  return false;
}

bool starts_with(std::string_view text, std::string_view prefix) noexcept {
  return text.substr(0, prefix.size()) == prefix;
}

// Managed front ends whose "version" names a product generation, not a patch level.
bool managed_front_end(std::string_view server) noexcept {
  return starts_with(server, "awselb/") ||
         starts_with(server, "Microsoft-Azure-Application-Gateway/");
}

void add(std::vector<LeakFinding>& out, std::string_view rule, Severity severity,
         const HeaderField& field) {
  LeakFinding finding;
  finding.family = std::string(kFamilyHeader);
  finding.rule_id = std::string(rule);
  finding.severity = severity;
  finding.begin = 0;
  finding.end = field.value.size();
  finding.excerpt = make_excerpt(field.name + ": " + field.value, 0, std::string::npos, 120);
  finding.part = "header:" + field.name;
  out.push_back(std::move(finding));
}

}  // namespace

void add_header_findings(const walletfuzz::Headers& headers, std::vector<LeakFinding>& out) {
  for (const auto& field : headers) {
    const std::string_view name = field.name;
    const std::string_view value = field.value;
    if (iequals(name, "Server")) {
      if (has_version_number(value) && !managed_front_end(value)) {
        add(out, "header.server-version", Severity::low, field);
      }
    } else if (iequals(name, "X-Powered-By")) {
      add(out, "header.x-powered-by", has_version_number(value) ? Severity::low : Severity::info,
          field);
    } else if (iequals(name, "X-AspNet-Version") || iequals(name, "X-AspNetMvc-Version")) {
      add(out, "header.aspnet-version", Severity::low, field);
    } else if (iequals(name, "X-Debug-Token") || iequals(name, "X-Debug-Token-Link")) {
      add(out, "header.debug-token", Severity::low, field);
    } else if (iequals(name, "X-Debug-Exception") || iequals(name, "X-Debug-Exception-File")) {
      // Symfony's debug mode names the exception and the file:line it came from.
      add(out, "header.debug-exception", Severity::low, field);
    } else if (iequals(name, "X-Backend-Server")) {
      add(out, "header.backend-server", Severity::low, field);
    } else if (iequals(name, "X-ChromeLogger-Data") || iequals(name, "X-ChromePhp-Data")) {
      add(out, "header.chromelogger-data", Severity::low, field);
    }
  }
}

}  // namespace walletfuzz::detectors::detail
