#pragma once
// "Did you mean ...?" for misspelt keys, enum values and handler names.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace walletfuzz::yaml_reading {

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), ignoring ASCII
/// case: "durration_s" → "duration_s" is 1, "rtae" → "rate" is 1.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word`, if it is close enough to be a plausible misspelling (or
/// `word` is a prefix of it, as "memory" is of "memory_mb").
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

/// A hint for a value not in `allowed`: "did you mean 'x'?" when one is close, else the list.
std::string suggestion_hint(std::string_view word, const std::vector<std::string>& allowed,
                            std::string_view what = "use one of");

}  // namespace walletfuzz::yaml_reading
