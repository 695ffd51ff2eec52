// The windowed signature rule used by the stack-trace, debug-page, database and path tables.

#include <re2/re2.h>

#include <algorithm>
#include <stdexcept>

#include "excerpt.hpp"
#include "rule.hpp"
#include "text_window.hpp"
#include "walletfuzz/detectors/redaction.hpp"

namespace walletfuzz::detectors::detail {
namespace {

struct MarkerHit {
  std::size_t count = 0;
  std::size_t first = std::string_view::npos;
};

MarkerHit count_markers(std::string_view window, const std::vector<std::string>& markers) {
  MarkerHit hit;
  for (const auto& marker : markers) {
    auto at = window.find(marker);
    if (at == std::string_view::npos) continue;
    ++hit.count;
    hit.first = std::min(hit.first, at);
  }
  return hit;
}

class SignatureRule final : public Rule {
 public:
  explicit SignatureRule(SignatureSpec spec)
      : Rule(spec.id, spec.family, spec.severity, std::move(spec.triggers)),
        markers_(std::move(spec.markers)),
        min_markers_(spec.min_markers),
        look_behind_(spec.look_behind),
        look_ahead_(spec.look_ahead) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(8 << 20);
    for (const auto& pattern : spec.patterns) {
      auto compiled = std::make_unique<RE2>(pattern, options);
      if (!compiled->ok()) {
        throw std::runtime_error("leak rule " + std::string(id()) +
                                 ": bad pattern: " + compiled->error());
      }
      patterns_.push_back(std::move(compiled));
    }
  }

  std::optional<Evidence> verify(std::string_view text, std::size_t trigger_begin,
                                 std::size_t trigger_end) const override {
    std::size_t from = trigger_begin > look_behind_ ? trigger_begin - look_behind_ : 0;
    std::size_t to = std::min(text.size(), trigger_end + look_ahead_);
    std::string_view window = text.substr(from, to - from);
    if (auto found = verify_window(window)) {
      return Evidence{from + found->first,
                      from + found->second,
                      make_excerpt(window, found->first, found->second),
                      {}};
    }
    // Escaped once (JSON string, HTML page), then twice (JSON inside a JSON string). Each layer
    // is tried on its own: undoing two layers of a once-escaped Windows path would turn the
    // "\\n" of "C:\\\\notes" into a newline.
    if (!has_escapes(window)) return std::nullopt;
    UnescapedText plain = unescape(window);
    for (int layer = 0; layer < 2; ++layer) {
      if (auto found = verify_window(plain.text)) {
        return Evidence{from + plain.source_offset(found->first),
                        from + plain.source_offset(found->second),
                        make_excerpt(plain.text, found->first, found->second),
                        {}};
      }
      if (layer == 1 || !has_escapes(plain.text)) break;
      plain = unescape_again(plain);
    }
    return std::nullopt;
  }

  std::size_t settled_after_miss() const noexcept override { return look_ahead_ / 2; }

 private:
  // The evidence range inside `window`, or nothing.
  std::optional<std::pair<std::size_t, std::size_t>> verify_window(std::string_view window) const {
    MarkerHit markers;
    if (min_markers_ > 0) {
      markers = count_markers(window, markers_);
      if (markers.count < min_markers_) return std::nullopt;
    }
    if (patterns_.empty()) {
      // Evidence is the first marker's line, enough for a person to recognise the page.
      std::size_t end = window.find('\n', markers.first);
      if (end == std::string_view::npos || end - markers.first > 200) {
        end = std::min(window.size(), markers.first + 200);
      }
      return std::make_pair(markers.first, end);
    }
    for (const auto& pattern : patterns_) {
      re2::StringPiece match;
      if (pattern->Match(window, 0, window.size(), RE2::UNANCHORED, &match, 1)) {
        auto begin = static_cast<std::size_t>(match.data() - window.data());
        return std::make_pair(begin, begin + match.size());
      }
    }
    return std::nullopt;
  }

  std::vector<std::unique_ptr<RE2>> patterns_;
  std::vector<std::string> markers_;
  std::size_t min_markers_;
  std::size_t look_behind_;
  std::size_t look_ahead_;
};

}  // namespace

std::unique_ptr<Rule> make_signature_rule(SignatureSpec spec) {
  return std::make_unique<SignatureRule>(std::move(spec));
}

}  // namespace walletfuzz::detectors::detail
