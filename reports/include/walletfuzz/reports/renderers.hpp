#pragma once
// The five report formats, each a pure function of a ReportContext (see report.hpp).
//
//   std::string html = walletfuzz::reports::render_html(context);
//
// Every string taken from the run is escaped for its format (HTML, XML, Markdown, JSON) and was
// redacted when the run was loaded.

#include <string>

#include "walletfuzz/formats/summary.hpp"
#include "walletfuzz/reports/report.hpp"

namespace walletfuzz::reports {

/// report.html: one self-contained page (inline CSS and SVG, no scripts, no fetches; a
/// Content-Security-Policy forbids both), for people who do not read JSON.
std::string render_html(const ReportContext& context);

/// report.md: the executive summary, gates and findings in GitHub-flavoured Markdown, small
/// enough for a CI job summary (findings beyond the first 50 are counted, not listed).
std::string render_markdown(const ReportContext& context);

/// summary.json's values (fields in docs/FORMATS.md), and their text as formats writes it.
formats::SummaryFile summary_of(const ReportContext& context);
std::string render_summary_json(const ReportContext& context);

/// findings.sarif: SARIF 2.1.0, one result per finding, one rule per finding kind.
std::string render_sarif(const ReportContext& context);

/// junit.xml: one test case per gate (disabled gates are skipped test cases).
std::string render_junit(const ReportContext& context);

/// The stable SARIF rule id of a finding kind ("WF-SLOW"); unknown kinds map to "WF-OTHER".
std::string sarif_rule_id(const std::string& kind);

}  // namespace walletfuzz::reports
