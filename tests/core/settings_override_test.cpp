// Settings overrides: the text that carries a scenario's function settings to the processes that
// run the handlers, and their effect on a registry.
#include "walletfuzz/core/settings_override.hpp"

#include <gtest/gtest.h>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz {
namespace {

using namespace std::chrono_literals;

HandlerRegistry two_handlers() {
  HandlerRegistry registry;
  auto ok = [](const Request&, InvocationContext&) { return Response{}; };
  registry.add({.name = "list-orders",
                .method = "GET",
                .route = "/orders",
                .settings = {.memory_mb = 256,
                             .timeout = 3s,
                             .environment = {{"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256"}}},
                .invoke = ok});
  registry.add({.name = "signup", .method = "POST", .route = "/signup", .invoke = ok});
  return registry;
}

std::string error_of(std::string_view text) {
  try {
    parse_settings_overrides(text, "WALLETFUZZ_FUNCTION_SETTINGS");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(settings_override_test, text_round_trips_and_leaves_out_unset_fields) {
  std::vector<SettingsOverride> overrides = {
      {.handler = "list-orders", .memory_mb = 512, .timeout = 6000ms},
      {.handler = "signup", .reserved_concurrency = 0},
      {.handler = "nothing-set"}};
  std::string text = format_settings_overrides(overrides);
  EXPECT_EQ(text, "list-orders:memory_mb=512,timeout_ms=6000;signup:reserved_concurrency=0");
  overrides.pop_back();
  EXPECT_EQ(parse_settings_overrides(text, "f"), overrides);
  EXPECT_TRUE(parse_settings_overrides("", "f").empty());
}

TEST(settings_override_test, malformed_text_names_the_field_and_the_problem) {
  EXPECT_NE(error_of("list-orders")
                .find("WALLETFUZZ_FUNCTION_SETTINGS: 'list-orders' is not "
                      "handler:setting=value"),
            std::string::npos);
  EXPECT_NE(error_of("a:memory_mb").find("'memory_mb' in a's settings is not setting=value"),
            std::string::npos);
  EXPECT_NE(error_of("a:cpu=2").find("unknown setting 'cpu' for a"), std::string::npos);
  EXPECT_NE(error_of("a:memory_mb=0").find("memory_mb '0' is not a whole number in 1..10240"),
            std::string::npos);
  EXPECT_NE(error_of("a:timeout_ms=900001").find("1..900000"), std::string::npos);
  EXPECT_NE(error_of("a:timeout_ms=-5").find("'-5'"), std::string::npos);
  EXPECT_NE(error_of("a:timeout_ms=99999999999999999999").find("not a whole number"),
            std::string::npos);
  EXPECT_NE(error_of("a:memory_mb=1,memory_mb=2").find("memory_mb is given twice for a"),
            std::string::npos);
  EXPECT_NE(error_of("a:memory_mb=1;a:timeout_ms=5").find("handler 'a' is named twice"),
            std::string::npos);
}

TEST(settings_override_test, apply_changes_only_the_given_settings_of_the_named_handler) {
  HandlerRegistry registry = two_handlers();
  apply_settings_overrides(registry, {{.handler = "list-orders", .memory_mb = 1024}}, "f");
  const HandlerSpec* orders = registry.find("list-orders");
  EXPECT_EQ(orders->settings.memory_mb, 1024u);
  EXPECT_EQ(orders->settings.environment.at("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), "1024");
  EXPECT_EQ(orders->settings.timeout, 3s);
  const HandlerSpec* signup = registry.find("signup");
  EXPECT_EQ(signup->settings.memory_mb, FunctionSettings{}.memory_mb);
  EXPECT_TRUE(signup->settings.environment.empty());  // none added where there was none

  apply_settings_overrides(
      registry, {{.handler = "signup", .timeout = 250ms, .reserved_concurrency = 3}}, "f");
  EXPECT_EQ(signup->settings.timeout, 250ms);
  EXPECT_EQ(signup->settings.reserved_concurrency, 3u);
}

TEST(settings_override_test, unknown_handler_is_an_input_error_listing_the_known_ones) {
  HandlerRegistry registry = two_handlers();
  try {
    apply_settings_overrides(registry, {{.handler = "nope", .memory_mb = 512}},
                             "--function-settings");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("--function-settings: unknown handler 'nope'"), std::string::npos) << what;
    EXPECT_NE(what.find("list-orders, signup"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace walletfuzz
