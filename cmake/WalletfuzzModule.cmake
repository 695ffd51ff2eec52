# walletfuzz_add_module(<name> [NO_UNITY] [DEPS <targets>...] [PRIVATE_DEPS <targets>...])
# Defines the library target walletfuzz_<name> with the alias walletfuzz::<name>, public headers
# under <name>/include/walletfuzz/<name>/ and sources under <name>/src/.
# Sources are globbed (CONFIGURE_DEPENDS) so that several people can add files to different
# modules at once without editing a shared list; each module's folder is its own list.
# Every module is installed (library and headers) and exported as walletfuzz::<name> in the
# CMake package (cmake/WalletfuzzInstall.cmake).
function(walletfuzz_add_module name)
  cmake_parse_arguments(ARG "NO_UNITY" "" "DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/*.cpp)
  if(sources)
    add_library(walletfuzz_${name} STATIC ${sources})
    target_include_directories(walletfuzz_${name}
      PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>
      PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_link_libraries(walletfuzz_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
    target_compile_features(walletfuzz_${name} PUBLIC cxx_std_20)
    if(WALLETFUZZ_UNITY_BUILD AND NOT ARG_NO_UNITY)
      # A module's files compiled 8 to a translation unit: each file parses the same heavy
      # headers (Boost.JSON, Beast, yaml-cpp), and parsing them once per 8 files more than
      # halved the build of the tool and its libraries (docs/PERFORMANCE.md). Helpers in
      # anonymous namespaces must then have names unique within their module.
      set_target_properties(walletfuzz_${name} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)
      if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        # g++ treats the included .cpp files as headers, and then warns about a class whose
        # member has a type from the file's anonymous namespace, which is fine in a .cpp.
        target_compile_options(walletfuzz_${name} PRIVATE -Wno-subobject-linkage)
      endif()
    endif()
  else()
    # A module whose code has not landed yet: headers (if any) and dependencies only.
    add_library(walletfuzz_${name} INTERFACE)
    target_include_directories(walletfuzz_${name} INTERFACE
      $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>)
    target_link_libraries(walletfuzz_${name} INTERFACE ${ARG_DEPS})
  endif()
  add_library(walletfuzz::${name} ALIAS walletfuzz_${name})
  set_target_properties(walletfuzz_${name} PROPERTIES EXPORT_NAME ${name})
  install(TARGETS walletfuzz_${name} EXPORT walletfuzzTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/include)
    install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  endif()
endfunction()

# walletfuzz_add_test(<name> SOURCES <files>... [LIBS <targets>...])
# One GoogleTest executable registered with CTest (tests discovered individually).
function(walletfuzz_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE
    WALLETFUZZ_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    WALLETFUZZ_BINARY_DIR="${PROJECT_BINARY_DIR}")
  include(GoogleTest)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${ARG_LABELS}")
endfunction()
