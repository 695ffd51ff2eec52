// Shared by the importer tests: the samples' directory, finding a request by method and path,
// and the message of the InputError an import throws.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/importers/imported_request.hpp"

namespace walletfuzz::importers::testing {

inline std::filesystem::path sample(const std::string& name) {
  return std::filesystem::path(WALLETFUZZ_SOURCE_DIR) / "tests/data/import" / name;
}

inline const ImportedRequest* find_request(const ImportResult& result, std::string_view method,
                                           std::string_view path) {
  for (const ImportedRequest& imported : result.requests) {
    if (imported.request.method == method && imported.request.path() == path) return &imported;
  }
  return nullptr;
}

/// A file named `name` in a fresh directory under the test's temporary directory.
inline std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("walletfuzz_import_" +
                    std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
  std::filesystem::create_directories(dir);
  const auto file = dir / name;
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

/// what() of the InputError that importing `file` as `kind` throws, or "" when none is thrown.
inline std::string import_error(ImportKind kind, const std::filesystem::path& file) {
  try {
    import_file(kind, file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace walletfuzz::importers::testing
