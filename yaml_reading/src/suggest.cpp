#include "walletfuzz/yaml_reading/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace walletfuzz::yaml_reading {
namespace {

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (prefix.size() > text.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), text.begin(),
                    [](char a, char b) { return lower(a) == lower(b); });
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rolling rows of the classic dynamic programme; the row before the previous one is what
  // the transposition step needs.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  if (word.empty() || word.size() > 256) return std::nullopt;
  // Short words tolerate one slip; longer ones about one per three characters.
  const std::size_t allowed = std::max<std::size_t>(1, word.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (const std::string& candidate : candidates) {
    std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  if (best) return best;
  // A unit suffix left out ("timeout" for "timeout_ms") is the commonest slip of all.
  if (word.size() >= 3) {
    for (const std::string& candidate : candidates) {
      if (starts_with_ignoring_case(candidate, word)) return candidate;
    }
  }
  return std::nullopt;
}

std::string suggestion_hint(std::string_view word, const std::vector<std::string>& allowed,
                            std::string_view what) {
  if (auto match = closest_match(word, allowed)) return "did you mean '" + *match + "'?";
  std::string list;
  for (const std::string& name : allowed) {
    if (!list.empty()) list += ", ";
    list += name;
  }
  return std::string(what) + ": " + list;
}

}  // namespace walletfuzz::yaml_reading
