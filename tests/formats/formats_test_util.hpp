#pragma once
// Helpers shared by the formats tests: a fresh directory per test, and the message of the
// InputError a call throws.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::formats::testing {

/// A directory unique to the running test, removed at the end.
class RunDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("walletfuzz-formats-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

/// what() of the InputError `call` throws; fails the test when it throws nothing.
inline std::string input_error(const std::function<void()>& call) {
  try {
    call();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an InputError";
  return {};
}

}  // namespace walletfuzz::formats::testing
