# walletfuzz_add_app(<name> SOURCES <files>... FACTORY <ns::function> [LIBS <targets>...]
#                    [FUZZ_BUILD_COMMAND <command>])
# One application binary <name>: its handlers (SOURCES, LIBS), registered by FACTORY, a function
# `walletfuzz::HandlerRegistry ns::function()`. The binary is at once the application's fuzz
# target, its list/export/measure/minimize/check tool and its `serve` runtime (docs/OWN_HANDLERS.md).
#
# The fuzzing engine (WALLETFUZZ_APP_ENGINE, or LIB_FUZZING_ENGINE as OSS-Fuzz sets it):
#   auto (default)  clang: libFuzzer with WALLETFUZZ_APP_SANITIZERS; other compilers: replay
#   libfuzzer       -fsanitize=fuzzer,<sanitizers> on the application's own sources and link
#   replay          a small main that replays stored inputs: check mode works, fuzzing does not
# With LIB_FUZZING_ENGINE set (OSS-Fuzz/ClusterFuzzLite build.sh), its link flags are used and
# the compile flags are left to CFLAGS/CXXFLAGS, as those engines expect.
#
# walletfuzz_add_regression_test(<name> APP <app target> CORPUS <dir> [EXPECT findings|none]
#                                [ENVIRONMENT <VAR=value>...])
# A CTest test replaying CORPUS through the app's check mode: with EXPECT findings (the default)
# every input must still show its finding, with EXPECT none no input may show one.
#
# This file is used in walletfuzz's own build and installed with its CMake package; the files it
# needs sit beside it.

set(WALLETFUZZ_APP_ENGINE "auto" CACHE STRING
    "Fuzzing engine of walletfuzz_add_app binaries: auto, libfuzzer or replay")
set_property(CACHE WALLETFUZZ_APP_ENGINE PROPERTY STRINGS auto libfuzzer replay)
set(WALLETFUZZ_APP_SANITIZERS "address,undefined" CACHE STRING
    "Sanitizers of libFuzzer-built walletfuzz apps (comma-separated; empty: none)")
set_property(GLOBAL PROPERTY WALLETFUZZ_APP_FILES_DIR "${CMAKE_CURRENT_LIST_DIR}")

# The engine a binary gets: "libfuzzer" or "replay", in the variable named by `out`.
function(_walletfuzz_engine out)
  if(LIB_FUZZING_ENGINE)
    set(engine libfuzzer)
  elseif(WALLETFUZZ_APP_ENGINE STREQUAL "auto")
    if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
      set(engine libfuzzer)
    else()
      set(engine replay)
    endif()
  elseif(WALLETFUZZ_APP_ENGINE MATCHES "^(libfuzzer|replay)$")
    set(engine ${WALLETFUZZ_APP_ENGINE})
  else()
    message(FATAL_ERROR "WALLETFUZZ_APP_ENGINE=${WALLETFUZZ_APP_ENGINE}: use auto, libfuzzer or replay")
  endif()
  set(${out} ${engine} PARENT_SCOPE)
endfunction()

# Links <target> with its fuzzing engine: libFuzzer, or the replay main. Defines
# WALLETFUZZ_FUZZ_ENGINE ("libfuzzer"/"replay") so list mode can report which it got.
function(walletfuzz_link_fuzzing_engine target)
  _walletfuzz_engine(engine)
  get_property(files_dir GLOBAL PROPERTY WALLETFUZZ_APP_FILES_DIR)
  if(engine STREQUAL "libfuzzer")
    if(LIB_FUZZING_ENGINE)
      separate_arguments(engine_flags UNIX_COMMAND "${LIB_FUZZING_ENGINE}")
      target_link_options(${target} PRIVATE ${engine_flags})
    else()
      set(sanitize "fuzzer")
      if(WALLETFUZZ_APP_SANITIZERS)
        string(APPEND sanitize ",${WALLETFUZZ_APP_SANITIZERS}")
      endif()
      target_compile_options(${target} PRIVATE -fsanitize=${sanitize} -fno-omit-frame-pointer)
      target_link_options(${target} PRIVATE -fsanitize=${sanitize})
    endif()
  else()
    target_sources(${target} PRIVATE ${files_dir}/fuzz_replay_main.cpp)
  endif()
  target_compile_definitions(${target} PRIVATE WALLETFUZZ_FUZZ_ENGINE="${engine}")
endfunction()

function(walletfuzz_add_app name)
  cmake_parse_arguments(ARG "" "FACTORY;FUZZ_BUILD_COMMAND" "SOURCES;LIBS" ${ARGN})
  if(NOT ARG_FACTORY)
    message(FATAL_ERROR "walletfuzz_add_app(${name}): FACTORY ns::make_app is required")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "walletfuzz_add_app(${name}): SOURCES (the handlers' files) are required")
  endif()
  # The factory's declaration, in its namespace: "shop::make_app" -> namespace shop { ... }.
  string(REGEX MATCH "^(.*)::([A-Za-z_][A-Za-z0-9_]*)$" qualified "${ARG_FACTORY}")
  if(qualified)
    set(WF_FACTORY_DECLARATION
        "namespace ${CMAKE_MATCH_1} {\nwalletfuzz::HandlerRegistry ${CMAKE_MATCH_2}();\n}")
  elseif(ARG_FACTORY MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    set(WF_FACTORY_DECLARATION "walletfuzz::HandlerRegistry ${ARG_FACTORY}();")
  else()
    message(FATAL_ERROR "walletfuzz_add_app(${name}): FACTORY '${ARG_FACTORY}' is not a function "
                        "name such as shop::make_app")
  endif()
  if(ARG_FUZZ_BUILD_COMMAND)
    set(WF_FUZZ_BUILD_COMMAND "${ARG_FUZZ_BUILD_COMMAND}")
  else()
    # A clang build beside this one, of this target only: what `walletfuzz fuzz` tells the owner
    # of a replay build to run.
    find_program(WALLETFUZZ_CLANGXX NAMES clang++-14 clang++)
    set(clangxx clang++)
    if(WALLETFUZZ_CLANGXX)
      get_filename_component(clangxx ${WALLETFUZZ_CLANGXX} NAME)
    endif()
    set(package_hint "")
    if(walletfuzz_DIR)
      set(package_hint " -Dwalletfuzz_DIR=${walletfuzz_DIR}")
    endif()
    set(WF_FUZZ_BUILD_COMMAND
        "cmake -S ${CMAKE_SOURCE_DIR} -B ${CMAKE_BINARY_DIR}-clang -DCMAKE_CXX_COMPILER=${clangxx}${package_hint} && cmake --build ${CMAKE_BINARY_DIR}-clang --target ${name}")
  endif()
  set(WF_APP_NAME ${name})
  set(WF_FACTORY ${ARG_FACTORY})
  get_property(files_dir GLOBAL PROPERTY WALLETFUZZ_APP_FILES_DIR)
  set(main ${CMAKE_CURRENT_BINARY_DIR}/walletfuzz_app_${name}_main.cpp)
  configure_file(${files_dir}/walletfuzz_app_main.cpp.in ${main} @ONLY)

  add_executable(${name} ${ARG_SOURCES} ${main})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} walletfuzz::app)
  target_compile_features(${name} PRIVATE cxx_std_20)
  walletfuzz_link_fuzzing_engine(${name})
endfunction()

function(walletfuzz_add_regression_test name)
  cmake_parse_arguments(ARG "" "APP;CORPUS;EXPECT" "ENVIRONMENT" ${ARGN})
  if(NOT ARG_APP OR NOT ARG_CORPUS)
    message(FATAL_ERROR "walletfuzz_add_regression_test(${name}): APP and CORPUS are required")
  endif()
  if(NOT ARG_EXPECT)
    set(ARG_EXPECT findings)
  endif()
  if(NOT ARG_EXPECT MATCHES "^(findings|none)$")
    message(FATAL_ERROR "walletfuzz_add_regression_test(${name}): EXPECT findings or none")
  endif()
  get_filename_component(corpus ${ARG_CORPUS} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  add_test(NAME ${name} COMMAND ${ARG_APP} ${corpus})
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "WALLETFUZZ_MODE=check;WALLETFUZZ_EXPECT=${ARG_EXPECT};${ARG_ENVIRONMENT}"
    LABELS walletfuzz_regression)
endfunction()
