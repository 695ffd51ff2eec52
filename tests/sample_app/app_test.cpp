#include "walletfuzz/sample_app/app.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace walletfuzz {
namespace {

std::vector<std::string> registry_names(SampleAppVariant variant) {
  const HandlerRegistry app = make_sample_app(variant);
  std::vector<std::string> names;
  for (const HandlerSpec& spec : app.handlers()) names.push_back(spec.name);
  return names;
}

TEST(SampleApp, handler_names_list_all_seven_handlers_of_both_variants) {
  // The seven functions the README documents, in registry order.
  const std::vector<std::string> documented = {
      "signup",         "list-orders", "import-contacts", "shipping-quote",
      "create-payment", "get-config",  "import-events"};
  EXPECT_EQ(sample_app_handler_names(), documented);
  // Scenario validation uses this list for either variant, so both must serve exactly these.
  EXPECT_EQ(registry_names(SampleAppVariant::vulnerable), documented);
  EXPECT_EQ(registry_names(SampleAppVariant::fixed), documented);
  const HandlerRegistry app = make_sample_app();
  for (const std::string& name : sample_app_handler_names()) {
    EXPECT_NE(app.find(name), nullptr) << name;
  }
}

}  // namespace
}  // namespace walletfuzz
