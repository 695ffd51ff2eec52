# Benchmarks of the leak detector (see docs/PERFORMANCE.md, "Leak detector").
add_executable(detectors_scan_bench ${CMAKE_CURRENT_SOURCE_DIR}/detectors_scan_bench.cpp)
target_link_libraries(detectors_scan_bench PRIVATE walletfuzz::detectors benchmark::benchmark
  benchmark::benchmark_main)
