#pragma once
// Internal: the `growth` object of a findings.json row (docs/FORMATS.md).

#include <boost/json.hpp>

#include "json_fields.hpp"
#include "walletfuzz/formats/findings.hpp"

namespace walletfuzz::formats::detail {

GrowthRecord read_growth(const JsonObjectView& growth);
boost::json::object growth_json(const GrowthRecord& growth);

}  // namespace walletfuzz::formats::detail
