// The factory of the bundled sample app's binary (sample_app/CMakeLists.txt builds it with
// walletfuzz_add_app like any user's app): WALLETFUZZ_SAMPLE_VARIANT=fixed gives the repaired
// build, which the regression replay and `walletfuzz serve --variant fixed` use.
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/fuzzers/fuzz_target.hpp"
#include "walletfuzz/sample_app/app.hpp"

namespace walletfuzz {

HandlerRegistry make_bundled_sample_app() {
  const std::string& name = fuzzers::fuzz_target_env().sample_variant;
  auto variant = parse_sample_app_variant(name.empty() ? "vulnerable" : name);
  if (!variant) {
    throw InputError({.field = "WALLETFUZZ_SAMPLE_VARIANT"}, "bad value '" + name + "'",
                     "use vulnerable or fixed");
  }
  return make_sample_app(*variant);
}

}  // namespace walletfuzz
