// Structure-aware mutation of request files, for libFuzzer's custom-mutator hook.
//
// libFuzzer's byte mutations know nothing of HTTP: any change to a body's length makes the
// Content-Length wrong, and the harness rejects the request (trailing or missing bytes), so most
// mutations of a POST are wasted. This mutator parses the request, mutates one part of it (the
// query string, the body, or an "amplifying" edit an attacker seeking cost would make) and writes
// it back with a consistent Content-Length. Anything it cannot parse gets libFuzzer's own
// mutations, so the search still reaches malformed requests.
//
//   extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max, unsigned s) {
//     return walletfuzz::fuzzers::mutate_request_bytes(data, size, max, s, LLVMFuzzerMutate);
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace walletfuzz::fuzzers {

/// libFuzzer's LLVMFuzzerMutate (or a stand-in in tests): mutates data[0, size) in place within
/// `max_size` bytes and returns the new size.
using ByteMutator =
    std::function<std::size_t(std::uint8_t* data, std::size_t size, std::size_t max_size)>;

/// The amplifying edits, exposed for tests. Each returns false when the text has no place for
/// the edit. `random` supplies the choices.
struct AmplifyingEdits {
  /// Makes one decimal number larger: appends 1 to 3 digits (x10 to x1000).
  static bool grow_number(std::string& text, std::uint64_t random);
  /// Repeats a short piece (1 to 8 bytes) of a word 2 to 16 times.
  static bool repeat_piece(std::string& text, std::uint64_t random);
  /// Duplicates one element of a JSON array 2 to 64 times, each copy made distinct by a counter
  /// put at the start of its first string value (de-duplicating code must still compare them all).
  static bool duplicate_array_element(std::string& text, std::uint64_t random);
  /// Replaces one letter or digit with another of the same kind (upper case, lower case, digit),
  /// so a value keeps the shape validation checks ("DE" becomes "DQ", not "D\x07").
  static bool replace_alike(std::string& text, std::uint64_t random);
  /// Replaces one value (after `=` in a query string or form body, after `:` in JSON) with a
  /// switch or a value of another type: true, false, 1, 0, -1, yes, null, empty (and in JSON
  /// also "1", [], {}). Debug switches and strict type accessors are one such step from an
  /// error branch, and a coverage-guided search cannot reach a whole token byte by byte.
  static bool replace_value(std::string& text, std::uint64_t random);
};

/// One mutation of `bytes` (a request file), at most `max_size` bytes long. `generic` mutates
/// the parts (or the whole input when it does not parse as a request).
std::string mutate_request(std::string_view bytes, std::size_t max_size, std::uint64_t seed,
                           const ByteMutator& generic);

/// The custom-mutator hook's body: mutate_request() on data[0, size), written back in place.
std::size_t mutate_request_bytes(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                 unsigned seed, const ByteMutator& generic);

}  // namespace walletfuzz::fuzzers
