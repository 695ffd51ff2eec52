#pragma once
// Internal: the template files of init/templates/, compiled in (templates.cpp is generated).

#include <map>
#include <string_view>

namespace walletfuzz::init::detail {

/// "clusterfuzzlite/build.sh" → its text, with @NAME@ placeholders.
const std::map<std::string_view, std::string_view>& templates();

}  // namespace walletfuzz::init::detail
