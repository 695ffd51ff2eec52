# walletfuzz_add_fuzz_target(<name> SOURCES <files>... [LIBS <targets>...])
# A libFuzzer target (defines LLVMFuzzerTestOneInput). With LIB_FUZZING_ENGINE set (fuzz preset,
# or OSS-Fuzz/ClusterFuzzLite's build.sh) it links the engine; otherwise it links a small replay
# main that runs stored inputs, so every compiler builds it and CTest can replay corpora.
function(walletfuzz_add_fuzz_target name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  if(LIB_FUZZING_ENGINE)
    separate_arguments(engine_flags UNIX_COMMAND "${LIB_FUZZING_ENGINE}")
    target_link_options(${name} PRIVATE ${engine_flags})
  else()
    target_sources(${name} PRIVATE ${PROJECT_SOURCE_DIR}/cmake/fuzz_replay_main.cpp)
  endif()
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/fuzz)
endfunction()
