#pragma once
// One input of `walletfuzz scan`: a file (or stdin) holding a raw HTTP/1.x response or plain
// text, scanned with a bounded read, and its report as text or JSON. Kept here rather than in
// the CLI so that tests exercise exactly what the command prints.
//
//   auto result = walletfuzz::detectors::scan_file(detector, "resp.http", 8 << 20);
//   std::cout << walletfuzz::detectors::format_text(result);
//   return result.error.empty() ? (result.leaks() ? 1 : 0) : 2;

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/detectors/allowlist.hpp"
#include "walletfuzz/detectors/leak_detector.hpp"

namespace walletfuzz::detectors {

/// How `walletfuzz scan` looks at an input beyond the detector's own options.
struct InputScanOptions {
  bool explain = false;  ///< say why each finding was accepted; list the near misses
  LeakAllowlist allow;   ///< findings to accept (still reported and counted)
  std::string function;  ///< the function the input came from, for allowlist entries
};

struct InputScan {
  std::string name;   ///< file path, or "-" for stdin
  std::string error;  ///< non-empty: the input could not be read or parsed (one line)
  bool http = false;  ///< parsed as an HTTP response (else scanned as plain text)
  int status = 0;     ///< HTTP status when `http`
  std::size_t bytes = 0;
  std::vector<LeakFinding> findings;
  std::vector<std::string> notes;  ///< non-fatal: truncated body, bad chunking, cut input ...
  bool explained = false;          ///< scanned with InputScanOptions::explain
  ScanExplanation explanation;     ///< near misses, when explained

  /// True when any finding is a leak (severity above info) that no allowlist entry accepted.
  bool leaks() const noexcept;
};

/// Scans `bytes` as a raw HTTP response if it starts with "HTTP/", else as plain text.
/// `input_cut` says the bytes are only the first part of a larger input (noted in the result).
InputScan scan_bytes(const LeakDetector& detector, std::string_view name, std::string_view bytes,
                     bool input_cut = false, const InputScanOptions& options = {});

/// Reads at most `max_input_bytes` of `path` ("-" reads stdin) and scans them. An unreadable
/// file yields a result whose `error` names it; nothing is thrown.
InputScan scan_file(const LeakDetector& detector, const std::string& path,
                    std::size_t max_input_bytes, const InputScanOptions& options = {});

/// "resp.http: 2 leaks (HTTP 500)" then one line per finding:
/// "  high    secret.aws-access-key-id  body@120-140  AKIA…(20 chars)  [3f2a9c1d0b4e7a65]",
/// with "allowlisted" after the severity of an accepted one. Explained scans add, per finding,
/// the window and why it was accepted, then one line per near miss.
std::string format_text(const InputScan& scan);

/// {"input":..., "kind":"http"|"text", "status":..., "leak":bool, "findings":[...], "notes":[...]}
/// plus "error" for an unreadable input; each finding has "fingerprint" and "allowlisted", and
/// explained scans add "window"/"why" per finding and "near_misses".
boost::json::object to_json(const InputScan& scan);

}  // namespace walletfuzz::detectors
