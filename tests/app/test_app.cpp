// An application built with walletfuzz_add_app for the tests of app targets. TEST_APP_BREAK picks
// how its factory goes wrong: throw, duplicate-name, duplicate-route; unset, it is a healthy app
// with two handlers.
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "walletfuzz/core/handler.hpp"

namespace walletfuzz::testing {

HandlerRegistry test_app() {
  const char* broken = std::getenv("TEST_APP_BREAK");
  const std::string how = broken != nullptr ? broken : "";
  if (how == "throw") throw std::runtime_error("cannot reach the config service");
  auto handler = [](std::string name, std::string route) {
    return HandlerSpec{
        .name = std::move(name),
        .method = "GET",
        .route = route,
        .baseline_requests = {"GET " + route + " HTTP/1.1\r\nHost: app\r\n\r\n"},
        .invoke = [](const Request&, InvocationContext&) { return Response{.body = "hello"}; }};
  };
  HandlerRegistry app;
  app.add(handler("greet", "/greet"));
  app.add(handler(how == "duplicate-name" ? "greet" : "farewell",
                  how == "duplicate-route" ? "/greet" : "/farewell"));
  return app;
}

}  // namespace walletfuzz::testing
