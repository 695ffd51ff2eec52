#pragma once
// Per-request values (opt-in: `load.templates: true` or `replay --templates`; exact replay stays
// the default). A request's `{{...}}` placeholders are expanded for every request sent:
//
//   {{seq}}              the request's index in the run's schedule (unique across threads and
//                        shards of one run)
//   {{uuid}}             a version-4 UUID
//   {{random_int A B}}   an integer in [A, B]
//   {{now_unix_ms}}      the wall clock when the request is written, in ms since 1970
//   {{pick FILE}}        a line of FILE (blank lines skipped), in order: line seq mod lines
//   {{pick FILE random}} a line of FILE at random
//
// In a request line, whose target ends at the first space, write ':' between the words instead:
// {{random_int:1:100}}, {{pick:users.txt:random}} (either spelling works everywhere).
//
// Everything but now_unix_ms is a function of (seed, seq): the same --seed sends the same bytes.
// Content-Length is written after the request's other headers and always matches the expanded
// body; a chunked body is sent as one chunk of the expanded body.
//
//   auto t = RequestTemplate::compile(request, "request class file:order", ".");
//   std::string bytes;
//   if (t) t->expand(/*seq=*/41, /*seed=*/1, bytes);   // no placeholders: nullopt, send as is

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "walletfuzz/core/http.hpp"

namespace walletfuzz::loadgen {

class RequestTemplate {
 public:
  /// Compiles the placeholders of `request` (request line, header values, body; as sent, Host
  /// and target already set). Returns nullopt when it has none. Throws InputError at `where`
  /// for an unknown or malformed placeholder, A > B, or a pick FILE (relative to `data_dir`)
  /// that cannot be read or has no line.
  static std::optional<RequestTemplate> compile(const Request& request, const std::string& where,
                                                const std::filesystem::path& data_dir);

  /// Writes request `seq`'s bytes into `out` (cleared; its capacity is reused, so after the
  /// first requests nothing is allocated).
  void expand(std::uint64_t seq, std::uint64_t seed, std::string& out) const;

 private:
  enum class Kind { literal, seq, uuid, random_int, now_unix_ms, pick_in_order, pick_random };
  struct Segment {
    Kind kind = Kind::literal;
    std::string text;  ///< literal bytes
    std::int64_t low = 0;
    std::int64_t high = 0;
    std::shared_ptr<const std::vector<std::string>> lines;  ///< pick
  };
  using Segments = std::vector<Segment>;

  static Segments parse(std::string_view text, const std::string& where,
                        const std::filesystem::path& data_dir, bool& any);
  static void expand_into(const Segments& segments, std::uint64_t seq, std::uint64_t seed,
                          std::size_t first_index, std::string& out);

  Segments head_;  ///< request line and header lines (without framing), each ending CRLF
  Segments body_;
  std::size_t body_first_index_ = 0;  ///< placeholder numbering continues from the head
  bool chunked_ = false;
  bool had_length_ = false;
};

}  // namespace walletfuzz::loadgen
