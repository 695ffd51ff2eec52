#include "walletfuzz/detectors/input_scan.hpp"

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/detectors/raw_response.hpp"

namespace walletfuzz::detectors {
namespace {

// Reads up to `cap` bytes; `cut` tells whether more were left unread.
bool read_bounded(std::istream& in, std::size_t cap, std::string& out, bool& cut) {
  out.clear();
  char buffer[65536];
  while (out.size() < cap && in) {
    std::size_t want = std::min(sizeof buffer, cap - out.size());
    in.read(buffer, static_cast<std::streamsize>(want));
    out.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return false;
  cut = out.size() >= cap && in.peek() != std::char_traits<char>::eof();
  return true;
}

}  // namespace

bool InputScan::leaks() const noexcept {
  for (const auto& finding : findings) {
    if (is_leak(finding) && !finding.allowlisted) return true;
  }
  return false;
}

InputScan scan_bytes(const LeakDetector& detector, std::string_view name, std::string_view bytes,
                     bool input_cut, const InputScanOptions& options) {
  InputScan result;
  result.explained = options.explain;
  ScanExplanation* explain = options.explain ? &result.explanation : nullptr;
  result.name = std::string(name);
  result.bytes = bytes.size();
  if (input_cut) {
    result.notes.push_back("input larger than the read cap; only the first " +
                           std::to_string(bytes.size()) + " bytes were scanned");
  }
  if (!looks_like_http_response(bytes)) {
    if (bytes.size() > detector.options().max_body_bytes) {
      result.notes.push_back("text longer than the scan cap; only the first " +
                             std::to_string(detector.options().max_body_bytes) +
                             " bytes were scanned");
    }
    result.findings = detector.scan_text(bytes, explain);
    options.allow.apply(result.findings, options.function);
    return result;
  }
  result.http = true;
  try {
    ParsedResponse parsed =
        parse_raw_response(bytes, detector.options().max_body_bytes, result.name);
    result.status = parsed.response.status;
    result.notes.insert(result.notes.end(), parsed.problems.begin(), parsed.problems.end());
    if (parsed.body_truncated) result.notes.push_back("body cut at the scan cap");
    // Decode here rather than inside scan_response so that a bad or oversized encoding can be
    // reported; the detector then sees an identity-encoded body.
    if (auto encoding = parsed.response.headers.get("Content-Encoding")) {
      DecodedBody decoded =
          decode_content(parsed.response.body, *encoding, detector.options().max_decoded_bytes);
      if (!decoded.ok) result.notes.push_back("body is not valid " + std::string(*encoding));
      if (decoded.truncated) result.notes.push_back("decoded body cut at the decoding cap");
      if (decoded.ok || !decoded.bytes.empty()) {
        parsed.response.body = std::move(decoded.bytes);
        parsed.response.headers.remove("Content-Encoding");
      }
    }
    result.findings = detector.scan_response(parsed.response, explain);
    options.allow.apply(result.findings, options.function);
  } catch (const InputError& e) {
    result.error = e.what();
  }
  return result;
}

InputScan scan_file(const LeakDetector& detector, const std::string& path,
                    std::size_t max_input_bytes, const InputScanOptions& options) {
  std::string bytes;
  bool cut = false;
  if (path == "-") {
    if (!read_bounded(std::cin, max_input_bytes, bytes, cut)) {
      InputScan failed;
      failed.name = path;
      failed.error = "-: cannot read standard input";
      return failed;
    }
    return scan_bytes(detector, path, bytes, cut, options);
  }
  std::ifstream in(path, std::ios::binary);
  bool ok = in.is_open() && read_bounded(in, max_input_bytes, bytes, cut);
  if (!ok) {
    InputScan failed;
    failed.name = path;
    failed.error = path + ": cannot read: " + std::strerror(errno ? errno : EIO);
    return failed;
  }
  return scan_bytes(detector, path, bytes, cut, options);
}

std::string format_text(const InputScan& scan) {
  if (!scan.error.empty()) return scan.name + ": error: " + scan.error + "\n";
  std::size_t leaks = 0, accepted = 0;
  for (const auto& finding : scan.findings) {
    if (!is_leak(finding)) continue;
    ++leaks;
    accepted += finding.allowlisted ? 1 : 0;
  }
  std::string out = scan.name + ": ";
  out +=
      leaks == 0 ? std::string("clean") : std::to_string(leaks) + (leaks == 1 ? " leak" : " leaks");
  if (accepted > 0) out += " (" + std::to_string(accepted) + " allowlisted)";
  if (scan.http) out += " (HTTP " + std::to_string(scan.status) + ")";
  out += '\n';
  for (const auto& finding : scan.findings) {
    std::string severity(to_string(finding.severity));
    severity.resize(7, ' ');
    out += "  " + severity + (finding.allowlisted ? "allowlisted " : "") + finding.rule_id + "  " +
           finding.part + "@" + std::to_string(finding.begin) + "-" + std::to_string(finding.end) +
           "  " + finding.excerpt + "  [" + finding.fingerprint + "]\n";
    if (scan.explained) {
      out += "      window " + finding.part + "@" + std::to_string(finding.window_begin) + "-" +
             std::to_string(finding.window_end) + ": " + finding.why + "\n";
    }
  }
  for (const auto& miss : scan.explanation.near_misses) {
    out += "  near miss " + miss.rule_id + "  " + miss.part + "@" +
           std::to_string(miss.window_begin) + "-" + std::to_string(miss.window_end) +
           (miss.rejected > 1 ? "  (" + std::to_string(miss.rejected) + " candidates)" : "") +
           ": rejected by " + miss.rejected_by + "\n      at: " + miss.excerpt + "\n";
  }
  for (const auto& note : scan.notes) out += "  note: " + note + "\n";
  return out;
}

boost::json::object to_json(const InputScan& scan) {
  boost::json::object object;
  object["input"] = scan.name;
  if (!scan.error.empty()) {
    object["error"] = scan.error;
    return object;
  }
  object["kind"] = scan.http ? "http" : "text";
  if (scan.http) object["status"] = scan.status;
  object["bytes"] = scan.bytes;
  object["leak"] = scan.leaks();
  boost::json::array findings;
  for (const auto& finding : scan.findings) {
    boost::json::object entry{{"family", finding.family},
                              {"rule_id", finding.rule_id},
                              {"severity", to_string(finding.severity)},
                              {"part", finding.part},
                              {"begin", finding.begin},
                              {"end", finding.end},
                              {"excerpt", finding.excerpt},
                              {"fingerprint", finding.fingerprint},
                              {"allowlisted", finding.allowlisted}};
    if (scan.explained) {
      entry["window"] = boost::json::array{finding.window_begin, finding.window_end};
      entry["why"] = finding.why;
    }
    findings.push_back(std::move(entry));
  }
  object["findings"] = std::move(findings);
  if (scan.explained) {
    boost::json::array misses;
    for (const auto& miss : scan.explanation.near_misses) {
      misses.push_back(
          boost::json::object{{"family", miss.family},
                              {"rule_id", miss.rule_id},
                              {"part", miss.part},
                              {"window", boost::json::array{miss.window_begin, miss.window_end}},
                              {"rejected", miss.rejected},
                              {"rejected_by", miss.rejected_by},
                              {"excerpt", miss.excerpt}});
    }
    object["near_misses"] = std::move(misses);
  }
  boost::json::array notes;
  for (const auto& note : scan.notes) notes.push_back(boost::json::string(note));
  object["notes"] = std::move(notes);
  return object;
}

}  // namespace walletfuzz::detectors
