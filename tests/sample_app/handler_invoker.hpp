#pragma once
// Test helper: runs one sample handler on a raw request file in-process, as the runtime would
// (an InvocationContext with the function's settings, made current for allocation tracking).

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "walletfuzz/core/handler.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/sample_app/app.hpp"

namespace walletfuzz::testing {

struct Invocation {
  Response response;
  std::uint64_t charged = 0;
  std::uint64_t peak_bytes = 0;
  double milliseconds = 0;
  boost::json::value json() const { return boost::json::parse(response.body); }
};

inline Invocation invoke_raw(const HandlerSpec& spec, const std::string& raw,
                             std::optional<FunctionSettings> settings = std::nullopt) {
  auto parsed = parse_request(raw);
  if (!parsed.request) throw std::runtime_error("bad test request: " + parsed.error);
  const FunctionSettings& used = settings ? *settings : spec.settings;
  InvocationContext context("test-request", used, InvocationContext::Clock::now() + used.timeout);
  Invocation result;
  auto start = std::chrono::steady_clock::now();
  {
    CurrentInvocation scope(context);
    result.response = spec.invoke(*parsed.request, context);
  }
  result.milliseconds =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  result.charged = context.charged();
  result.peak_bytes = context.peak_bytes();
  return result;
}

inline std::string json_request(
    std::string_view method, std::string_view target, std::string_view body,
    std::string_view extra_headers = "Content-Type: application/json\r\n") {
  std::string raw = std::string(method) + " " + std::string(target) +
                    " HTTP/1.1\r\nHost: sample.app\r\n" + std::string(extra_headers);
  if (!body.empty()) raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return raw + "\r\n" + std::string(body);
}

}  // namespace walletfuzz::testing
