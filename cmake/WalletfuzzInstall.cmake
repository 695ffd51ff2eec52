# The installed package: `cmake --install <build> --prefix P` puts the walletfuzz executable in
# P/bin, the bundled sample app's binary in P/libexec/walletfuzz, headers in P/include, the
# module libraries in P/lib and the CMake package (walletfuzz::<module> targets and
# walletfuzz_add_app) in P/lib/cmake/walletfuzz. A user's project then says
#   find_package(walletfuzz CONFIG REQUIRED)
#   walletfuzz_add_app(shop SOURCES src/handlers.cpp FACTORY shop::make_app)
include(CMakePackageConfigHelpers)

set(WALLETFUZZ_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/walletfuzz)

install(TARGETS walletfuzz RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS sample_app_fuzz RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/walletfuzz)
install(EXPORT walletfuzzTargets NAMESPACE walletfuzz:: DESTINATION ${WALLETFUZZ_PACKAGE_DIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/walletfuzzConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/walletfuzzConfig.cmake
                              INSTALL_DESTINATION ${WALLETFUZZ_PACKAGE_DIR})
# The environment protocol and the list format between `walletfuzz` and an application binary
# are promised within one version only (query_target refuses another), so the package accepts
# exactly its own version.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/walletfuzzConfigVersion.cmake
                                 COMPATIBILITY ExactVersion)
install(FILES ${PROJECT_BINARY_DIR}/walletfuzzConfig.cmake
              ${PROJECT_BINARY_DIR}/walletfuzzConfigVersion.cmake
              ${CMAKE_CURRENT_LIST_DIR}/WalletfuzzApp.cmake
              ${CMAKE_CURRENT_LIST_DIR}/walletfuzz_app_main.cpp.in
              ${CMAKE_CURRENT_LIST_DIR}/fuzz_replay_main.cpp
        DESTINATION ${WALLETFUZZ_PACKAGE_DIR})
