#include "walletfuzz/core/response_expectation.hpp"

namespace walletfuzz {

std::string json_pointer_problem(std::string_view pointer) {
  if (pointer.empty()) return {};  // the whole document
  if (pointer.front() != '/') return "a JSON pointer starts with '/' (e.g. /status)";
  for (std::size_t i = 0; i < pointer.size(); ++i) {
    if (pointer[i] != '~') continue;
    if (i + 1 == pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) {
      return "'~' in a JSON pointer must be written ~0 (for '~') or ~1 (for '/')";
    }
  }
  return {};
}

}  // namespace walletfuzz
