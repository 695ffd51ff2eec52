#pragma once
// Internal: the parts of a request body or query the request-aware mutator edits and the scale
// probe rescales (JSON values, parameter values, array elements). One home for both, so that the
// probe grows a request the way the fuzzer grew it.

#include <cstddef>
#include <string>
#include <vector>

namespace walletfuzz::fuzzers::detail {

/// End (one past) of the JSON value starting at `begin`: a string, an object or array (brackets
/// matched, strings skipped), or a bare literal up to the next ',' ']' '}' or space; npos when
/// there is none.
std::size_t json_value_end(const std::string& text, std::size_t begin);

/// Where values are: after `=` (query string, form body, up to the next `&`) or after `:` (a
/// JSON value, strings, objects and arrays whole).
struct ValueSlot {
  std::size_t begin;
  std::size_t end;
  bool json;
};
std::vector<ValueSlot> value_slots(const std::string& text);

/// The name a value at `begin` is given: the query/form key before its `=`, or the JSON key
/// before its `:` ("" when there is none).
std::string value_name(const std::string& text, std::size_t begin);

/// A copy of a JSON array element made distinct by counter `i`, put at the start of its first
/// string value (not a key): de-duplicating code must still compare the copies.
std::string make_distinct(const std::string& element, std::size_t i);

}  // namespace walletfuzz::fuzzers::detail
