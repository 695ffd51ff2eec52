// `walletfuzz scan [--json] [--strict] [--explain] [--allow SPEC]... [--function NAME]
// [--max-body-bytes N] FILE...|-`: runs the leak detector over raw HTTP responses or plain text.
// --explain says, per finding, which window and checks accepted it and lists the near misses;
// --allow accepts findings (by rule, function, fingerprint): they are still printed and counted
// but no longer make the exit code 1. Exit 0 when every input is clean, 1 when anything
// leaks, 2 when an input cannot be read or parsed (that takes precedence: the answer is
// incomplete). Every input is scanned even after a bad one, so no result is lost.
#include <boost/json.hpp>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/detectors/input_scan.hpp"
#include "walletfuzz/formats/json_text.hpp"

namespace walletfuzz::cli {
namespace {

namespace wd = walletfuzz::detectors;

struct ScanFlags {
  std::vector<std::string> inputs;
  bool json = false;
  bool strict = false;
  bool explain = false;
  std::vector<std::string> allow;
  std::string function;
  std::size_t max_body_bytes = 1 << 20;
};

int run_scan(const ScanFlags& flags) {
  wd::DetectorOptions options;
  options.max_body_bytes = flags.max_body_bytes;
  options.max_decoded_bytes = flags.max_body_bytes;
  options.strict = flags.strict;
  wd::LeakDetector detector(options);
  // Headers and chunk framing come on top of the body; a file much larger than that holds
  // nothing the scan would look at, so reading stops there (a 100 MB file costs 4 MB of I/O).
  const std::size_t max_input = 4 * flags.max_body_bytes + (1 << 16);

  wd::InputScanOptions scan_options;
  scan_options.explain = flags.explain;
  scan_options.function = flags.function;
  for (const auto& spec : flags.allow) {
    scan_options.allow.entries.push_back(wd::parse_allow_spec(spec, "--allow"));
  }

  bool leaked = false, bad_input = false;
  for (const auto& input : flags.inputs) {
    wd::InputScan result = wd::scan_file(detector, input, max_input, scan_options);
    bad_input |= !result.error.empty();
    leaked |= result.leaks();
    if (!result.error.empty()) std::cerr << "walletfuzz: " << result.error << '\n';
    if (flags.json) {
      std::cout << formats::to_json_text(wd::to_json(result), /*pretty=*/false) << '\n';
    } else if (result.error.empty()) {
      std::cout << wd::format_text(result);
    }
  }
  std::cout.flush();
  if (bad_input) return static_cast<int>(ExitCode::bad_input);
  return static_cast<int>(leaked ? ExitCode::findings : ExitCode::ok);
}

}  // namespace

void add_scan_command(CLI::App& root, CommandRunner& chosen) {
  auto flags = std::make_shared<ScanFlags>();
  auto* sub = root.add_subcommand(
      "scan", "Find stack traces, verbose errors and secrets in raw HTTP responses or text");
  sub->add_option("inputs", flags->inputs,
                  "Files with one raw HTTP/1.x response or text; - is stdin")
      ->required();
  sub->add_flag("--json", flags->json, "Print one JSON object per input on stdout");
  sub->add_flag("--strict", flags->strict, "Also look for errors in JavaScript and CSS bodies");
  sub->add_flag("--explain", flags->explain,
                "Per finding, the window and the checks that accepted it; then the near misses "
                "and the check that rejected each");
  sub->add_option("--allow", flags->allow,
                  "Accept findings: rule=ID|PREFIX*,function=NAME,fingerprint=HEX,reason=TEXT "
                  "(any subset; repeatable). Accepted findings are still printed and counted");
  sub->add_option("--function", flags->function,
                  "The function the inputs came from (for --allow entries naming a function)");
  sub->add_option("--max-body-bytes", flags->max_body_bytes, "Body bytes scanned per input")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
  sub->callback([&chosen, flags] { chosen = [flags] { return run_scan(*flags); }; });
}

}  // namespace walletfuzz::cli
