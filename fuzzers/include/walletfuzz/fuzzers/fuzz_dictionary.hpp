#pragma once
// libFuzzer dictionaries for handlers: HTTP and JSON tokens every handler shares, plus the
// handler's own vocabulary taken from its route and baseline requests (query parameter names,
// JSON keys, header names), so mutations speak the handler's language from the first minute.
//
//   std::string dict = walletfuzz::fuzzers::make_dictionary("/search", baselines);
//   // kw1="GET"  ...  p3="q="  j1="\"limit\":"  ...

#include <string>
#include <string_view>
#include <vector>

namespace walletfuzz::fuzzers {

/// Tokens shared by every handler (methods, header names, framing, JSON punctuation, edge values).
const std::vector<std::string>& http_json_tokens();

/// The handler-specific tokens found in `route` and `baseline_requests` (request files).
std::vector<std::string> handler_tokens(std::string_view route,
                                        const std::vector<std::string>& baseline_requests);

/// A dictionary file in libFuzzer's format: one `name="value"` per line, escaped.
std::string make_dictionary(std::string_view route,
                            const std::vector<std::string>& baseline_requests);

/// One handler's route and baseline requests, for a dictionary that covers several.
struct HandlerVocabulary {
  std::string route;
  std::vector<std::string> baseline_requests;
};

/// One dictionary for all the handlers of a target (OSS-Fuzz reads a single `<target>.dict`):
/// the shared tokens once, then each handler's tokens that no earlier handler gave.
std::string make_dictionary(const std::vector<HandlerVocabulary>& handlers);

/// One token in dictionary quoting: backslash, quote and non-printable bytes as \\, \" and \xNN.
std::string dictionary_quote(std::string_view token);

}  // namespace walletfuzz::fuzzers
