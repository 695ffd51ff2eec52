# Benchmarks of the cost model (see docs/PERFORMANCE.md, "Cost model").
add_executable(cost_model_bench ${CMAKE_CURRENT_SOURCE_DIR}/cost_model_bench.cpp)
target_link_libraries(cost_model_bench PRIVATE walletfuzz::cost_model benchmark::benchmark benchmark::benchmark_main)
# Streaming Lambda REPORT logs (see docs/PERFORMANCE.md, "REPORT logs"; bench/report_log_stream.sh
# measures the CLI end to end).
add_executable(report_log_bench ${CMAKE_CURRENT_SOURCE_DIR}/report_log_bench.cpp)
target_link_libraries(report_log_bench PRIVATE walletfuzz::cost_model benchmark::benchmark benchmark::benchmark_main)
