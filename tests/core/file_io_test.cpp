#include "walletfuzz/core/file_io.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz {
namespace {
namespace fs = std::filesystem;

class file_io_test : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("walletfuzz_file_io_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    ::chmod(dir_.c_str(), 0755);
    fs::remove_all(dir_);
  }
  fs::path dir_;
};

TEST_F(file_io_test, writes_creates_parents_and_replaces_whole_file) {
  auto path = dir_ / "a" / "b" / "out.json";
  write_file_atomically(path, "first version, longer");
  EXPECT_EQ(read_file(path), "first version, longer");
  write_file_atomically(path, "second");
  EXPECT_EQ(read_file(path), "second");
  // No temporary files are left beside the result.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(path.parent_path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST_F(file_io_test, binary_contents_survive) {
  std::string bytes("\0\x01\xff\r\n", 5);
  write_file_atomically(dir_ / "bin", bytes);
  EXPECT_EQ(read_file(dir_ / "bin"), bytes);
}

TEST_F(file_io_test, failure_in_read_only_directory_keeps_old_file_and_names_path) {
  if (::geteuid() == 0) {
    // root ignores directory permissions; use a path under a regular file instead.
    auto blocker = dir_ / "file";
    write_file_atomically(blocker, "x");
    try {
      write_file_atomically(blocker / "child.json", "y");
      FAIL() << "expected RuntimeFailure";
    } catch (const RuntimeFailure& e) {
      EXPECT_NE(std::string(e.what()).find("child.json"), std::string::npos) << e.what();
    }
    EXPECT_EQ(read_file(blocker), "x");
    return;
  }
  auto path = dir_ / "kept.json";
  write_file_atomically(path, "old");
  ::chmod(dir_.c_str(), 0555);
  EXPECT_THROW(write_file_atomically(path, "new"), RuntimeFailure);
  EXPECT_EQ(read_file(path), "old");
}

TEST_F(file_io_test, read_file_limits_and_errors_name_the_file) {
  write_file_atomically(dir_ / "big", std::string(100, 'x'));
  EXPECT_NO_THROW(read_file(dir_ / "big", 100));
  try {
    read_file(dir_ / "big", 99);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, (dir_ / "big").string());
    EXPECT_NE(e.message().find("limit of 99 bytes"), std::string::npos);
  }
  EXPECT_THROW(read_file(dir_ / "missing"), InputError);
  EXPECT_THROW(read_file(dir_), InputError);
}

}  // namespace
}  // namespace walletfuzz
