#include "walletfuzz/fuzzers/findings_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"

namespace walletfuzz::fuzzers {
namespace {

namespace fs = std::filesystem;

class findings_file_test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("walletfuzz-findings-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

Finding leak_finding() {
  Finding f{
      .handler = "get-config",
      .kind = FindingKind::leak,
      .signature = "get-config:leak:secret:secret.aws-access-key-id",
      .summary = "leaks a key",
      .median_ns = 2000,
      .baseline_median_ns = 1000,
      .amplification = 2.0,
      .leak = LeakHit{.family = "secret", .rule = "secret.aws-access-key-id", .severity = "high"},
      .first_seen = "2026-11-27T01:00:00Z",
      .reproducible = true,
      .request = "GET /config?debug=1 HTTP/1.1\r\nHost: a\r\n\r\n"};
  f.id = finding_id(f.kind, f.signature);
  return f;
}

TEST_F(findings_file_test, written_as_documented_in_formats) {
  std::vector<Finding> findings = {leak_finding()};
  write_findings(dir_, findings, "2026-11-28T12:00:00Z");
  auto root = boost::json::parse(read_file(dir_ / "findings.json")).as_object();
  EXPECT_EQ(root.at("schema").as_string(), "walletfuzz.findings/1");
  EXPECT_EQ(root.at("generated_at").as_string(), "2026-11-28T12:00:00Z");
  const auto& row = root.at("findings").as_array().at(0).as_object();
  for (const char* key : {"id", "handler", "kind", "file", "signature", "summary", "cost",
                          "amplification", "leak", "first_seen", "reproducible", "flaky"}) {
    EXPECT_TRUE(row.contains(key)) << key;
  }
  for (const char* key : {"median_ns", "baseline_median_ns", "work_units", "peak_memory_bytes"}) {
    EXPECT_TRUE(row.at("cost").as_object().contains(key)) << key;
  }
  std::string file(row.at("file").as_string());
  EXPECT_EQ(file, "findings/get-config/" + findings[0].id + ".http");
  EXPECT_EQ(read_file(dir_ / file), findings[0].request);
}

TEST_F(findings_file_test, round_trip_keeps_every_field) {
  std::vector<Finding> findings = {leak_finding()};
  write_findings(dir_, findings, "2026-11-28T12:00:00Z");
  auto back = read_findings(dir_ / "findings.json");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].id, findings[0].id);
  EXPECT_EQ(back[0].kind, FindingKind::leak);
  EXPECT_EQ(back[0].leak->rule, "secret.aws-access-key-id");
  EXPECT_EQ(back[0].median_ns, 2000u);
  EXPECT_EQ(back[0].first_seen, "2026-11-27T01:00:00Z");
  EXPECT_EQ(back[0].request, findings[0].request);
  EXPECT_TRUE(back[0].reproducible);
}

TEST_F(findings_file_test, missing_file_is_no_findings) {
  EXPECT_TRUE(read_findings(dir_ / "findings.json").empty());
}

TEST_F(findings_file_test, malformed_row_names_the_field) {
  write_file_atomically(
      dir_ / "findings.json",
      R"({"schema":"walletfuzz.findings/1","findings":[{"id":"x","handler":"h","kind":"hang"}]})");
  try {
    read_findings(dir_ / "findings.json");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().field, "findings[0].kind");
  }
}

TEST_F(findings_file_test, merge_keeps_first_seen_and_findings_not_seen_again) {
  Finding old_leak = leak_finding();
  Finding old_slow{.handler = "list-orders",
                   .kind = FindingKind::slow,
                   .signature = "list-orders:slow:cpu",
                   .amplification = 150,
                   .first_seen = "2026-11-26T01:00:00Z",
                   .reproducible = true,
                   .request = "old"};
  Finding new_slow = old_slow;
  new_slow.amplification = 900;
  new_slow.first_seen = "2026-11-28T01:00:00Z";
  new_slow.request = "new";
  auto merged = merge_findings({old_leak, old_slow}, {new_slow});
  ASSERT_EQ(merged.size(), 2u);
  const Finding& slow = merged[0].kind == FindingKind::slow ? merged[0] : merged[1];
  EXPECT_EQ(slow.request, "new");                      // worse input replaces the old one
  EXPECT_EQ(slow.first_seen, "2026-11-26T01:00:00Z");  // but the bug is as old as before
}

TEST_F(findings_file_test, unwritable_run_dir_is_a_runtime_failure) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
  std::vector<Finding> findings = {leak_finding()};
  EXPECT_THROW(write_findings(dir_, findings, "t"), RuntimeFailure);
  fs::permissions(dir_, fs::perms::owner_all);
}

}  // namespace
}  // namespace walletfuzz::fuzzers
