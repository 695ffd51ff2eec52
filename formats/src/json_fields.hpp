#pragma once
// Typed access to the run files' JSON, shared by the four readers, and the few writing helpers
// the writers share. Unknown fields are ignored and null counts as absent (producers may add
// fields and write null for "not applicable"); a present field of the wrong type is an
// InputError naming the file and the field's path, because a silently dropped cost would be a
// wrong answer.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/formats/schema.hpp"

namespace walletfuzz::formats::detail {

/// The largest run file read (a load.json of many classes with full histograms is a few MB).
inline constexpr std::size_t kMaxRunFileBytes = std::size_t{256} << 20;

/// Parses `text` as one JSON value (comments and trailing commas allowed, for hand-written
/// fixtures). Throws InputError with the file, line and column of the first syntax error.
boost::json::value parse_json_text(std::string_view text, const std::string& file);

/// parse_json_text, then the root must be an object whose "schema" passes check_schema.
boost::json::value parse_run_file(std::string_view text, RunFile kind, const std::string& file);

/// A JSON object plus where it is (file and path inside it), for error messages.
class JsonObjectView {
 public:
  JsonObjectView(const boost::json::object& object, const std::string& file, std::string path)
      : object_(&object), file_(&file), path_(std::move(path)) {}

  std::optional<std::string> string(std::string_view key) const;
  /// A finite number that is not negative (every count, duration and price in the contract).
  std::optional<double> non_negative(std::string_view key) const;
  /// A non-negative integer (a double with no fraction is accepted).
  std::optional<std::uint64_t> count(std::string_view key) const;
  /// A finite number of either sign.
  std::optional<double> number(std::string_view key) const;
  std::optional<bool> boolean(std::string_view key) const;
  /// A string that must be present and not empty.
  std::string required_string(std::string_view key) const;
  /// The elements of the array at `key` as objects (none when absent or null).
  std::vector<JsonObjectView> objects(std::string_view key) const;
  /// The elements of the array at `key` as strings (none when absent or null).
  std::vector<std::string> strings(std::string_view key) const;
  std::optional<JsonObjectView> object(std::string_view key) const;
  /// The array at `key`, or nullptr when absent or null.
  const boost::json::array* array(std::string_view key) const;

  /// The path of a child ("findings[2].cost" + "median_ns").
  std::string path_of(std::string_view key) const;
  const std::string& file() const { return *file_; }
  const std::string& path() const { return path_; }
  const boost::json::object& raw() const { return *object_; }

  [[noreturn]] void fail(std::string_view key, const std::string& message) const;

 private:
  const boost::json::value* find(std::string_view key) const;

  const boost::json::object* object_;
  const std::string* file_;
  std::string path_;
};

/// Writing: an absent figure as null; an empty text as null (fields documented as nullable);
/// a list of texts as an array of strings.
boost::json::value optional_number(const std::optional<double>& value);
boost::json::value optional_text(const std::string& text);
boost::json::array strings_json(const std::vector<std::string>& texts);

/// The root object of a file, or an InputError when the root is not an object.
JsonObjectView root_object(const boost::json::value& root, const std::string& file);

/// Element `index` of `array` as an object view at `path[index]`, or an InputError.
JsonObjectView element_object(const boost::json::array& array, std::size_t index,
                              const std::string& file, const std::string& path);

}  // namespace walletfuzz::formats::detail
