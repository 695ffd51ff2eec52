#pragma once
// The shop's handlers, registered for walletfuzz (CMakeLists.txt: FACTORY shop::make_app).

#include "walletfuzz/core/handler.hpp"

namespace shop {

/// search-products, get-receipt and health, with their settings and normal traffic.
walletfuzz::HandlerRegistry make_app();

}  // namespace shop
