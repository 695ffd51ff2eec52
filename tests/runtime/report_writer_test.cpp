// The REPORT log files the runtime writes: one per function in a directory, for the cost stage.
#include "walletfuzz/runtime/report_writer.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"

namespace walletfuzz::runtime {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const char* name) {
  const fs::path dir = fs::path(WALLETFUZZ_BINARY_DIR) / "test-work" / name;
  fs::remove_all(dir);
  return dir;
}

cost_model::ReportRecord record(std::string id, std::string function) {
  cost_model::ReportRecord r{
      .request_id = std::move(id), .duration_ms = 2, .billed_ms = 2, .memory_mb = 256};
  r.function = std::move(function);
  return r;
}

TEST(report_log_directory, writes_each_functions_lines_to_its_own_file) {
  const fs::path dir = fresh_dir("report-log-dir");
  ReportLogDirectory logs(dir, {"signup", "get-order"});
  logs.append(record("a", "signup"));
  logs.append(record("b", "get-order"));
  logs.append(record("c", "signup"));
  logs.append(record("d", "not-served"));
  EXPECT_EQ(logs.write_errors(), 1u);  // the record of no listed function
  const auto signup = cost_model::parse_report_log(read_file(dir / "signup.log"));
  ASSERT_EQ(signup.records.size(), 2u);
  EXPECT_EQ(signup.records[1].request_id, "c");
  EXPECT_EQ(signup.records[0].memory_mb, 256.0);
  EXPECT_EQ(cost_model::parse_report_log(read_file(dir / "get-order.log")).records.size(), 1u);
}

TEST(report_log_directory, a_function_name_that_is_not_a_file_name_is_refused) {
  EXPECT_THROW(ReportLogDirectory(fresh_dir("report-log-bad"), {"../escape"}), RuntimeFailure);
}

}  // namespace
}  // namespace walletfuzz::runtime
