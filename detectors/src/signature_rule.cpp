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
    return run(text, trigger_begin, trigger_end, nullptr);
  }

  std::optional<Evidence> verify_explained(std::string_view text, std::size_t trigger_begin,
                                           std::size_t trigger_end, Check& check) const override {
    return run(text, trigger_begin, trigger_end, &check);
  }

  std::size_t settled_after_miss() const noexcept override { return look_ahead_ / 2; }

 private:
  static constexpr const char* kLayerNames[] = {"the raw window", "the window unescaped once",
                                                "the window unescaped twice"};

  std::optional<Evidence> run(std::string_view text, std::size_t trigger_begin,
                              std::size_t trigger_end, Check* check) const {
    std::size_t from = trigger_begin > look_behind_ ? trigger_begin - look_behind_ : 0;
    std::size_t to = std::min(text.size(), trigger_end + look_ahead_);
    std::string_view window = text.substr(from, to - from);
    if (check) {
      check->window_begin = from;
      check->window_end = to;
    }
    std::string why;
    std::string* reason = check ? &why : nullptr;
    if (auto found = verify_window(window, reason)) {
      if (check) check->why = why + " in " + kLayerNames[0];
      return Evidence{from + found->first,
                      from + found->second,
                      make_excerpt(window, found->first, found->second),
                      {}};
    }
    // Escaped once (JSON string, HTML page), then twice (JSON inside a JSON string). Each layer
    // is tried on its own: undoing two layers of a once-escaped Windows path would turn the
    // "\\n" of "C:\\\\notes" into a newline.
    std::string tried = kLayerNames[0];
    if (has_escapes(window)) {
      UnescapedText plain = unescape(window);
      for (int layer = 0; layer < 2; ++layer) {
        if (auto found = verify_window(plain.text, reason)) {
          if (check) check->why = why + " in " + kLayerNames[layer + 1];
          return Evidence{from + plain.source_offset(found->first),
                          from + plain.source_offset(found->second),
                          make_excerpt(plain.text, found->first, found->second),
                          {}};
        }
        tried += std::string(", ") + kLayerNames[layer + 1];
        if (layer == 1 || !has_escapes(plain.text)) break;
        plain = unescape_again(plain);
      }
    }
    if (check) check->why = why + " (tried " + tried + ")";
    return std::nullopt;
  }

  // The evidence range inside `window`, or nothing. With `why`, says which check decided.
  std::optional<std::pair<std::size_t, std::size_t>> verify_window(std::string_view window,
                                                                   std::string* why) const {
    MarkerHit markers;
    if (min_markers_ > 0) {
      markers = count_markers(window, markers_);
      if (markers.count < min_markers_) {
        if (why) {
          *why = "marker check: " + std::to_string(markers.count) + " of the rule's " +
                 std::to_string(markers_.size()) + " markers present, " +
                 std::to_string(min_markers_) + " needed";
        }
        return std::nullopt;
      }
    }
    std::string marker_note;
    if (why && min_markers_ > 0) {
      marker_note = std::to_string(markers.count) + " distinct markers present (" +
                    std::to_string(min_markers_) + " needed)";
    }
    if (patterns_.empty()) {
      // Evidence is the first marker's line, enough for a person to recognise the page.
      std::size_t end = window.find('\n', markers.first);
      if (end == std::string_view::npos || end - markers.first > 200) {
        end = std::min(window.size(), markers.first + 200);
      }
      if (why) *why = "marker check: " + marker_note;
      return std::make_pair(markers.first, end);
    }
    for (std::size_t i = 0; i < patterns_.size(); ++i) {
      re2::StringPiece match;
      if (patterns_[i]->Match(window, 0, window.size(), RE2::UNANCHORED, &match, 1)) {
        auto begin = static_cast<std::size_t>(match.data() - window.data());
        if (why) {
          *why = "structure pattern " + std::to_string(i + 1) + " of " +
                 std::to_string(patterns_.size()) + " matched" +
                 (marker_note.empty() ? "" : "; " + marker_note);
        }
        return std::make_pair(begin, begin + match.size());
      }
    }
    if (why) {
      *why = "structure check: none of the rule's " + std::to_string(patterns_.size()) +
             " patterns matched" + (marker_note.empty() ? "" : " (" + marker_note + ")");
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
