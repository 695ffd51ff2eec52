# Load generator benchmarks: hot-path micro-benchmarks, and the loopback server the side-by-side
# scripts (bench/loadgen_*.sh) point walletfuzz replay and wrk at.
add_executable(loadgen_histogram_bench ${CMAKE_CURRENT_LIST_DIR}/loadgen_histogram_bench.cpp)
target_link_libraries(loadgen_histogram_bench PRIVATE walletfuzz::loadgen benchmark::benchmark)

add_executable(loadgen_bench_server ${CMAKE_CURRENT_LIST_DIR}/loadgen_bench_server.cpp)
target_link_libraries(loadgen_bench_server PRIVATE Boost::headers Threads::Threads)

add_executable(loadgen_template_bench ${CMAKE_CURRENT_LIST_DIR}/loadgen_template_bench.cpp)
target_link_libraries(loadgen_template_bench PRIVATE walletfuzz::loadgen benchmark::benchmark)
