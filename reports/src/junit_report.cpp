// junit.xml: one test case per gate, so CI systems that read JUnit show each gate as a test.
// Disabled gates are skipped test cases: visible, never counted as passing checks.
#include "text_format.hpp"
#include "walletfuzz/reports/renderers.hpp"

namespace walletfuzz::reports {
using namespace detail;

std::string render_junit(const ReportContext& context) {
  std::size_t tests = context.verdict.results.size(), failures = 0, skipped = 0;
  for (const GateResult& gate : context.verdict.results) {
    if (!gate.enabled) ++skipped;
    if (!gate.passed) ++failures;
  }
  std::string counts = " tests=\"" + std::to_string(tests) + "\" failures=\"" +
                       std::to_string(failures) + "\" errors=\"0\" skipped=\"" +
                       std::to_string(skipped) + "\" time=\"0\"";
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"walletfuzz\"" +
                    counts + ">\n  <testsuite name=\"walletfuzz.gates\"" + counts +
                    " timestamp=\"" + xml_escape(context.generated_at) + "\">\n";
  xml += "    <properties>\n      <property name=\"run\" value=\"" + xml_escape(context.run_key) +
         "\"/>\n      <property name=\"attack_rate_rps\" value=\"" +
         xml_escape(format_number(context.gates.attack_rate_rps)) + "\"/>\n    </properties>\n";
  for (const GateResult& gate : context.verdict.results) {
    xml += "    <testcase classname=\"walletfuzz.gates\" name=\"" + xml_escape(gate.id) +
           "\" time=\"0\">";
    if (!gate.enabled) {
      xml += "<skipped message=\"not configured\"/>";
    } else if (!gate.passed) {
      std::string body = gate.title + "\n" + gate.detail;
      for (const std::string& offender : gate.offenders) body += "\n- " + offender;
      xml += "\n      <failure type=\"GateFailed\" message=\"" + xml_escape(gate.detail) + "\">" +
             xml_escape(body) + "</failure>\n    ";
    } else {
      xml += "<system-out>" + xml_escape(gate.title + ": " + gate.detail) + "</system-out>";
    }
    xml += "</testcase>\n";
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

}  // namespace walletfuzz::reports
