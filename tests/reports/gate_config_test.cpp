#include "walletfuzz/reports/gate_config.hpp"

#include <gtest/gtest.h>

namespace walletfuzz::reports {
namespace {

TEST(gate_config_test, settings_override_the_base_and_accept_units) {
  GateConfig base;
  base.max_p99_ms = 900;
  auto parsed = parse_gate_settings({{"max_amplification", "100x", {}},
                                     {"max_cost_per_million_usd", "$12.5", {}},
                                     {"max_p99_ms", "500 ms", {}},
                                     {"max_attack_usd_per_hour", "5", {}},
                                     {"attack_rate_rps", "250rps", {}},
                                     {"p99_scope", "baseline", {}},
                                     {"no_new_leaks", "false", {}}},
                                    base);
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors.front();
  const GateConfig& config = parsed.config;
  EXPECT_EQ(config.max_amplification, 100);
  EXPECT_EQ(config.max_cost_per_million_usd, 12.5);
  EXPECT_EQ(config.max_p99_ms, 500);
  EXPECT_EQ(config.max_attack_usd_per_hour, 5);
  EXPECT_EQ(config.attack_rate_rps, 250);
  EXPECT_EQ(config.p99_scope, P99Scope::baseline_only);
  EXPECT_FALSE(config.no_new_leaks);
  EXPECT_TRUE(config.no_new_crashes) << "untouched settings keep the base value";
}

TEST(gate_config_test, rate_gates_are_shares_or_percentages) {
  auto parsed = parse_gate_settings(
      {{"max_error_rate", "1%", {}}, {"max_throttled_rate", "0.05", {}}}, GateConfig{});
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors.front();
  EXPECT_DOUBLE_EQ(*parsed.config.max_error_rate, 0.01);
  EXPECT_DOUBLE_EQ(*parsed.config.max_throttled_rate, 0.05);
  parsed = parse_gate_settings({{"max_error_rate", "2", {}}, {"max_throttled_rate", "x", {}}});
  EXPECT_EQ(parsed.errors.size(), 2u);
}

TEST(gate_config_test, off_disables_a_numeric_gate) {
  GateConfig base;
  base.max_amplification = 10;
  auto parsed = parse_gate_settings({{"max_amplification", "off", {}}}, base);
  EXPECT_TRUE(parsed.errors.empty());
  EXPECT_FALSE(parsed.config.max_amplification);
}

TEST(gate_config_test, every_error_is_reported_at_once_with_its_location) {
  auto parsed = parse_gate_settings({{"max_amplification", "lots", {"demo.yaml", 12, 5, "gates"}},
                                     {"max_p99", "500", {"demo.yaml", 13, 5, "gates"}},
                                     {"attack_rate_rps", "0", {"", 0, 0, "--gate"}},
                                     {"max_cost_per_million_usd", "-1", {}},
                                     {"no_new_crashes", "maybe", {}},
                                     {"p99_scope", "some", {}}});
  ASSERT_EQ(parsed.errors.size(), 6u);
  EXPECT_EQ(parsed.errors[0],
            "demo.yaml:12:5: gates: max_amplification: expected a number, got \"lots\"");
  EXPECT_NE(parsed.errors[1].find("demo.yaml:13:5"), std::string::npos);
  EXPECT_NE(parsed.errors[1].find("unknown gate"), std::string::npos);
  EXPECT_NE(parsed.errors[2].find("--gate: attack_rate_rps: must be positive"), std::string::npos);
  EXPECT_NE(parsed.errors[3].find("must not be negative"), std::string::npos);
  EXPECT_NE(parsed.errors[4].find("true or false"), std::string::npos);
  EXPECT_NE(parsed.errors[5].find("all or baseline"), std::string::npos);
}

TEST(gate_config_test, gate_flags_split_on_the_first_equals_sign) {
  GateSetting setting = split_gate_flag("max_p99_ms=500");
  EXPECT_EQ(setting.name, "max_p99_ms");
  EXPECT_EQ(setting.value, "500");
  EXPECT_EQ(split_gate_flag("a=b=c").value, "b=c");
  EXPECT_THROW(split_gate_flag("max_p99_ms"), InputError);
  EXPECT_THROW(split_gate_flag("=5"), InputError);
}

TEST(gate_config_test, validation_of_configs_built_in_code) {
  GateConfig config;
  EXPECT_TRUE(validate_gate_config(config).empty());
  config.max_p99_ms = -1;
  config.attack_rate_rps = 0;
  EXPECT_EQ(validate_gate_config(config).size(), 2u);
}

}  // namespace
}  // namespace walletfuzz::reports
