# walletfuzz_add_fuzz_target(<name> SOURCES <files>... [LIBS <targets>...])
# A libFuzzer target (defines LLVMFuzzerTestOneInput). With LIB_FUZZING_ENGINE set (fuzz preset,
# or OSS-Fuzz/ClusterFuzzLite's build.sh) it links the engine; otherwise it links a small replay
# main that runs stored inputs, so every compiler builds it and CTest can replay corpora.
# WALLETFUZZ_FUZZ_ENGINE ("libfuzzer" or "replay") tells the target which one it got, so
# `walletfuzz fuzz` can refuse a replay build with a clear message instead of "fuzzing" nothing.
# A <name>.dict next to the sources is copied beside the binary (OSS-Fuzz: <target>.dict).
function(walletfuzz_add_fuzz_target name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  if(LIB_FUZZING_ENGINE)
    separate_arguments(engine_flags UNIX_COMMAND "${LIB_FUZZING_ENGINE}")
    target_link_options(${name} PRIVATE ${engine_flags})
    target_compile_definitions(${name} PRIVATE WALLETFUZZ_FUZZ_ENGINE="libfuzzer")
  else()
    target_sources(${name} PRIVATE ${PROJECT_SOURCE_DIR}/cmake/fuzz_replay_main.cpp)
    target_compile_definitions(${name} PRIVATE WALLETFUZZ_FUZZ_ENGINE="replay")
  endif()
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/fuzz)
  foreach(source IN LISTS ARG_SOURCES)
    get_filename_component(source_dir ${source} DIRECTORY)
    if(NOT IS_ABSOLUTE "${source_dir}")
      set(source_dir ${CMAKE_CURRENT_SOURCE_DIR}/${source_dir})
    endif()
    if(EXISTS ${source_dir}/${name}.dict)
      configure_file(${source_dir}/${name}.dict ${PROJECT_BINARY_DIR}/fuzz/${name}.dict COPYONLY)
    endif()
  endforeach()
endfunction()
