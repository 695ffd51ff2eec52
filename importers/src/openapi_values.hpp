#pragma once
// Values for an OpenAPI document's parameters and bodies: its own examples where it has them,
// else the smallest value its schema accepts (required properties only, the first enum value,
// bounds and formats honoured).
#include <boost/json/value.hpp>

#include "source_document.hpp"

namespace walletfuzz::importers::detail {

/// Follows a local "$ref" ("#/components/schemas/Pet") until a node without one. Fails at the
/// reference for a remote or broken one, or a cycle of references.
Node resolve_ref(const Node& node);

/// An example value from `node` (a parameter, media type or schema): `example`, the first of
/// `examples` (a map of Example objects, or a 3.1 schema's list), `default` or `const`.
std::optional<boost::json::value> example_of(const Node& node);

/// A value valid against `schema` (an example of it, or generated).
boost::json::value value_for_schema(const Node& schema);

/// A value as text in a URL or header: strings as they are, other scalars as JSON, lists
/// comma-joined (OpenAPI's default "simple"/"form" styles without explode).
std::string value_as_text(const boost::json::value& value);

}  // namespace walletfuzz::importers::detail
