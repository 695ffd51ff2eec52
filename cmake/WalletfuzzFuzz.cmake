# walletfuzz_add_fuzz_target(<name> SOURCES <files>... [LIBS <targets>...])
# A libFuzzer target (defines LLVMFuzzerTestOneInput) over one of walletfuzz's own parsers. Its
# engine is an application's (walletfuzz_link_fuzzing_engine, WalletfuzzApp.cmake): libFuzzer in
# the fuzz preset or OSS-Fuzz/ClusterFuzzLite's build.sh, else a small replay main that runs
# stored inputs, so every compiler builds it and CTest can replay corpora.
# A <name>.dict next to the sources is copied beside the binary (OSS-Fuzz: <target>.dict).
function(walletfuzz_add_fuzz_target name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  walletfuzz_link_fuzzing_engine(${name})
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
