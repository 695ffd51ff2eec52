#pragma once
// A function's `expect:` (walletfuzz/core/response_expectation.hpp) compiled for the hot path:
// run on every response of the classes that reach the function, from the worker thread that
// read it. The cheap parts go first (status from a table, one header lookup, a substring
// search); the body is parsed as JSON only when a JSON pointer is asked for.
//
//   ResponseCheck check(expectation, "functions[0].expect");   // InputError: bad equals text
//   if (!check.passes(response)) ++stats.check_failures;

#include <bitset>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "walletfuzz/core/response_expectation.hpp"

namespace walletfuzz::loadgen {

class ResponseCheck {
 public:
  using Message = boost::beast::http::response<boost::beast::http::string_body>;

  /// Throws InputError at `where` when the pointer is not a JSON pointer or the expected value
  /// is not JSON text (the scenario loader reports both earlier, with their line).
  ResponseCheck(const ResponseExpectation& expectation, const std::string& where);

  /// True when `message` meets every part of the expectation.
  bool passes(const Message& message) const;

  const ResponseExpectation& expectation() const noexcept { return expectation_; }

 private:
  bool json_matches(const std::string& body) const;

  ResponseExpectation expectation_;
  std::bitset<600> accepted_;  ///< by status code
  boost::json::value expected_json_;
};

}  // namespace walletfuzz::loadgen
