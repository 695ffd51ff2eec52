#pragma once
// JSON text for the run files and all other machine output (every `--json`, SARIF): numbers as
// people write them ("2.73", "512", "6.8667e-06"; Boost.JSON 1.81 prints every double in exponent
// form, "2.73E0", valid but hard to read and to grep), secrets redacted, valid UTF-8.
//
//   std::string text = walletfuzz::formats::to_json_text(value, /*pretty=*/true);

#include <boost/json/value.hpp>
#include <string>

namespace walletfuzz::formats {

/// Serialises `value`; every string (member names too) passes through the one redactor
/// (walletfuzz::detectors::redact_secrets) and is made valid UTF-8 (bad bytes become U+FFFD),
/// since run files and machine output are published as CI artifacts. Doubles use the shortest text
/// that reads back to the same value and always have a decimal point or exponent ("100.0"), so they
/// read back as doubles; non-finite doubles become null. `pretty` indents by two spaces, one member
/// per line.
std::string to_json_text(const boost::json::value& value, bool pretty = true);

}  // namespace walletfuzz::formats
