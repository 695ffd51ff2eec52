#pragma once
// Shared by the reports tests: fixture run directories copied into a fresh temporary directory
// (reports write into the run directory and keep history beside it, so fixtures are never
// rendered in place).

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace walletfuzz::reports::testing {

inline std::filesystem::path fixture_runs() {
  return std::filesystem::path(WALLETFUZZ_SOURCE_DIR) / "tests/data/reports/runs";
}

/// A temporary directory removed at scope exit.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("walletfuzz-reports-test-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

  /// Copies fixture run `name` to <tmp>/runs/<as>; returns the copy's path.
  std::filesystem::path copy_run(const std::string& name, const std::string& as = {}) const {
    auto target = path_ / "runs" / (as.empty() ? name : as);
    std::filesystem::create_directories(target.parent_path());
    std::filesystem::copy(fixture_runs() / name, target, std::filesystem::copy_options::recursive);
    return target;
  }

 private:
  std::filesystem::path path_;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void spit(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

/// Every secret planted in the fixtures' requests and summaries; no report may contain one.
inline const std::vector<std::string>& planted_secrets() {
  static const std::vector<std::string> secrets{
      "AKIAIOSFODNN7EXAMPLE",
      "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
      "eyJhbGciOiJIUzI1NiJ9",
      "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
      "8f14e45fceea167a5a36dedd4bea2543",
      "hunter2-SuperSecret",
  };
  return secrets;
}

}  // namespace walletfuzz::reports::testing
