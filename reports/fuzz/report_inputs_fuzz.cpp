// Fuzzes what reports read from a run directory and what they do with it. The first byte picks
// the input: findings.json, load.json or cost.json text (the rest of the bytes), or raw text for
// the redactor. Parsed inputs are rendered in every format. Checks beyond "no crash":
// malformed JSON is only ever an InputError; redaction is idempotent; a rendered report holds no
// <script tag whatever the finding says; SARIF and summary.json stay valid JSON.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/detectors/redaction.hpp"
#include "walletfuzz/reports/renderers.hpp"

namespace wr = walletfuzz::reports;

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

void render_all(wr::RunData run) {
  for (wr::Finding& finding : run.findings) {
    // As load_run_data() would show a request: the finding's summary doubles as its bytes.
    finding.request_text = walletfuzz::detectors::redact_secrets(finding.summary);
  }
  wr::ReportOptions options;
  options.gates.max_amplification = 10;
  options.gates.max_cost_per_million_usd = 1;
  options.gates.max_p99_ms = 100;
  options.gates.max_attack_usd_per_hour = 1;
  options.generated_at = "2026-11-28T00:00:00Z";
  options.run_key = "fuzz";
  auto comparison = wr::compare_runs(nullptr, wr::snapshot_of("fuzz", run));
  wr::ReportContext context = wr::build_report_context(std::move(run), options, comparison);
  std::string html = wr::render_html(context);
  check(html.find("<script") == std::string::npos);
  wr::render_markdown(context);
  wr::render_junit(context);
  boost::json::error_code ec;
  boost::json::parse(wr::render_sarif(context), ec);
  check(!ec);
  boost::json::parse(wr::render_summary_json(context), ec);
  check(!ec);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > 64 * 1024) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 4) {
      case 0: {
        wr::RunData run;
        run.findings =
            wr::findings_view(walletfuzz::formats::parse_findings(text, "findings.json"));
        render_all(std::move(run));
        break;
      }
      case 1: {
        wr::RunData run;
        run.load = wr::load_view(walletfuzz::formats::parse_load(text, "load.json"));
        render_all(std::move(run));
        break;
      }
      case 2: {
        wr::RunData run;
        run.cost = wr::cost_view(walletfuzz::formats::parse_cost(text, "cost.json"));
        render_all(std::move(run));
        break;
      }
      default: {
        std::string once = walletfuzz::detectors::redact_secrets(text);
        check(walletfuzz::detectors::redact_secrets(once) == once);
        break;
      }
    }
  } catch (const walletfuzz::InputError&) {
    // The expected outcome for malformed input: a one-line error naming the file and field.
  }
  return 0;
}
