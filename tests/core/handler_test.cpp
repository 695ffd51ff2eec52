#include "walletfuzz/core/handler.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

namespace walletfuzz {
namespace {

HandlerSpec spec(std::string name, std::string method, std::string route) {
  HandlerSpec s;
  s.name = std::move(name);
  s.method = std::move(method);
  s.route = std::move(route);
  s.invoke = [](const Request&, InvocationContext&) { return Response{}; };
  return s;
}

TEST(handler_test, registry_routes_exact_before_prefix_and_by_method) {
  HandlerRegistry registry;
  registry.add(spec("files", "GET", "/files/*"));
  registry.add(spec("file-index", "GET", "/files/index"));
  registry.add(spec("any", "*", "/any"));
  registry.add(spec("post-only", "POST", "/orders"));
  EXPECT_EQ(registry.route("GET", "/files/index")->name, "file-index");
  EXPECT_EQ(registry.route("GET", "/files/a/b")->name, "files");
  EXPECT_EQ(registry.route("DELETE", "/any")->name, "any");
  EXPECT_EQ(registry.route("GET", "/orders"), nullptr);
  EXPECT_EQ(registry.route("post", "/orders")->name, "post-only");
  EXPECT_EQ(registry.route("GET", "/nothing"), nullptr);
  EXPECT_EQ(registry.find("files")->route, "/files/*");
  EXPECT_EQ(registry.find("nope"), nullptr);
}

TEST(handler_test, registry_rejects_invalid_specs) {
  HandlerRegistry registry;
  registry.add(spec("a", "GET", "/a"));
  EXPECT_THROW(registry.add(spec("a", "GET", "/b")), std::invalid_argument);
  EXPECT_THROW(registry.add(spec("", "GET", "/c")), std::invalid_argument);
  EXPECT_THROW(registry.add(spec("d", "GET", "d")), std::invalid_argument);
  HandlerSpec no_function = spec("e", "GET", "/e");
  no_function.invoke = nullptr;
  EXPECT_THROW(registry.add(no_function), std::invalid_argument);
  // The same route under another method is a different function; under the same one, not.
  registry.add(spec("a-post", "POST", "/a"));
  try {
    registry.add(spec("a-again", "get", "/a"));
    ADD_FAILURE() << "a duplicate route was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "handlers 'a' and 'a-again' both serve get /a");
  }
}

TEST(handler_test, context_deadline_cancel_and_charge) {
  FunctionSettings settings;
  settings.environment["STAGE"] = "test";
  auto now = InvocationContext::Clock::now();
  InvocationContext live("req-1", settings, now + std::chrono::hours(1));
  EXPECT_FALSE(live.cancelled());
  EXPECT_GT(live.remaining_time(), std::chrono::minutes(59));
  live.request_cancel();
  EXPECT_TRUE(live.cancelled());
  EXPECT_EQ(live.env("STAGE"), "test");
  EXPECT_EQ(live.env("MISSING"), "");

  InvocationContext expired("req-2", settings, now - std::chrono::seconds(1));
  EXPECT_TRUE(expired.cancelled());
  EXPECT_EQ(expired.remaining_time().count(), 0);
}

TEST(handler_test, free_charge_goes_to_the_current_invocation_of_this_thread_only) {
  FunctionSettings settings;
  InvocationContext context("r", settings, InvocationContext::Clock::now() + std::chrono::hours(1));
  charge(5);  // outside any invocation: ignored
  {
    CurrentInvocation scope(context);
    EXPECT_EQ(current_invocation(), &context);
    charge(3);
    std::thread other([] { charge(100); });  // another thread has no current invocation
    other.join();
    context.charge(2);
  }
  EXPECT_EQ(current_invocation(), nullptr);
  EXPECT_EQ(context.charged(), 5u);
}

TEST(handler_test, memory_accounting_tracks_peak_and_clamps_at_zero) {
  FunctionSettings settings;
  InvocationContext context("r", settings, InvocationContext::Clock::now() + std::chrono::hours(1));
  context.note_allocation(1000);
  context.note_allocation(500);
  context.note_allocation(-1200);
  EXPECT_EQ(context.live_bytes(), 300u);
  EXPECT_EQ(context.peak_bytes(), 1500u);
  context.note_allocation(-5000);  // memory from before the invocation was freed
  EXPECT_EQ(context.live_bytes(), 0u);
  EXPECT_EQ(context.peak_bytes(), 1500u);
}

}  // namespace
}  // namespace walletfuzz
