#pragma once
// Where a match sits and how it is framed: the difference between a response that leaks an error
// and one whose *content* is about errors (a Q&A page quoting a traceback, a search result whose
// snippet holds "You have an error in your SQL syntax", a log viewer). Words cannot tell them
// apart; the container can. A trace the server printed as its own error sits in an error field
// ("stackTrace", "error", "detail"), in a bare text body, in a <pre> of an error page. Quoted
// content sits in a JSON field that holds documents (snippet, body, content, answer, ...), in a
// log record, in an HTML <code>/<blockquote>/<samp> or a <pre> a syntax highlighter styles, or
// in a Markdown code fence. The rule is written down in detectors/README.md.
//
// Every look is bounded: at most kFramingLookBehind bytes before the match are read.

#include <cstddef>
#include <string>
#include <string_view>

namespace walletfuzz::detectors::detail {

/// Bytes before a match that find_framing reads at most.
inline constexpr std::size_t kFramingLookBehind = 64 * 1024;

/// The container of a match. `quoted` means it is framed as content, not as the response's own
/// error. `where` says what was found, for `scan --explain` ("JSON field \"snippet\"",
/// "HTML <code>", "Markdown code fence", "bare text").
struct Framing {
  bool quoted = false;
  std::string where;
  /// Quoted only because it sits in a page's <title>: that names what a page is
  /// about, which for a framework's debug page is its own error, so debug pages ignore it.
  bool label = false;
};

/// The framing of the match starting at text[at].
Framing find_framing(std::string_view text, std::size_t at);

}  // namespace walletfuzz::detectors::detail
