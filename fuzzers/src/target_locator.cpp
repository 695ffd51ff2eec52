// Finding the libFuzzer-built target binary and asking it what it holds.
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/fuzzers/child_process.hpp"
#include "walletfuzz/fuzzers/fuzz_campaign.hpp"

#ifndef WALLETFUZZ_SOURCE_ROOT
#define WALLETFUZZ_SOURCE_ROOT ""
#endif

namespace walletfuzz::fuzzers {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

bool is_executable_file(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

std::string tail(const fs::path& file, std::size_t max = 800) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return {};
  std::string text = read_file(file, 16 << 20);
  if (text.size() > max) text = "..." + text.substr(text.size() - max);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

const HandlerInfo* TargetInfo::find(std::string_view name) const noexcept {
  for (const auto& h : handlers) {
    if (h.name == name) return &h;
  }
  return nullptr;
}

std::vector<fs::path> default_fuzz_target_dirs() {
  std::vector<fs::path> dirs;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back(exe.parent_path().parent_path() / "fuzz");  // <build>/cli/walletfuzz
  for (const char* build : {"build/fuzz/fuzz", "build/fuzzeng/fuzz"}) {
    dirs.push_back(fs::current_path(ec) / build);
    if (std::string_view(WALLETFUZZ_SOURCE_ROOT).size() > 0) {
      dirs.push_back(fs::path(WALLETFUZZ_SOURCE_ROOT) / build);
    }
  }
  return dirs;
}

fs::path find_fuzz_target(const std::optional<fs::path>& explicit_path, const std::string& name,
                          const std::vector<fs::path>& search_dirs) {
  const char* from_env = std::getenv("WALLETFUZZ_FUZZ_TARGET");
  std::optional<fs::path> chosen = explicit_path;
  std::string origin = "--fuzz-target";
  if (!chosen && from_env != nullptr && *from_env != '\0') {
    chosen = fs::path(from_env);
    origin = "WALLETFUZZ_FUZZ_TARGET";
  }
  if (chosen) {
    if (!is_executable_file(*chosen)) {
      throw RuntimeFailure("fuzz target " + chosen->string() + " (from " + origin +
                           ") is not an executable file");
    }
    return *chosen;
  }
  std::string looked;
  for (const auto& dir : search_dirs) {
    fs::path candidate = dir / name;
    looked += (looked.empty() ? "" : ", ") + candidate.string();
    if (!is_executable_file(candidate)) continue;
    // A dev or release build holds a replay build of the same name next to walletfuzz; it cannot
    // fuzz, so the search goes on to a libFuzzer build (an explicit path is taken as given, and
    // run_campaign says what is wrong with it).
    try {
      if (query_target(candidate, {}).engine == "libfuzzer") return candidate;
      looked += " (a replay build, not libFuzzer)";
    } catch (const RuntimeFailure&) {
      looked += " (fails to start)";
    }
  }
  throw RuntimeFailure("no fuzz target binary '" + name + "' found (looked in " + looked +
                       "); build it with: cmake --preset fuzz && cmake --build --preset fuzz "
                       "--target " +
                       name + "  (or pass --fuzz-target PATH)");
}

TargetInfo query_target(const fs::path& binary, const FuzzTargetEnv& env) {
  char dir_template[] = "/tmp/walletfuzz-query-XXXXXX";
  if (::mkdtemp(dir_template) == nullptr)
    throw RuntimeFailure("cannot create a temporary directory");
  fs::path dir(dir_template);
  auto cleanup = [&] {
    std::error_code ec;
    fs::remove_all(dir, ec);
  };
  FuzzTargetEnv list = env;
  list.mode = TargetMode::list;
  list.handler.clear();
  ProcessSpec spec{.argv = {binary.string()},
                   .env = list.encode(),
                   .stdout_path = dir / "list.json",
                   .stderr_path = dir / "stderr.txt"};
  ProcessResult result;
  try {
    result = run_process(spec, std::chrono::seconds(60));
  } catch (...) {
    cleanup();
    throw;
  }
  std::string output = tail(dir / "list.json", 64 << 20);
  std::string errors = tail(dir / "stderr.txt");
  cleanup();
  if (!result.exited_normally() || result.exit_code != 0) {
    throw RuntimeFailure("fuzz target " + binary.string() + " failed to start (" +
                         result.describe() + ")" + (errors.empty() ? "" : ": " + errors));
  }
  json::error_code ec;
  json::value root = json::parse(output, ec, {}, {.allow_invalid_utf8 = true});
  TargetInfo info{.binary = binary, .env = env};
  try {
    if (ec || !root.is_object()) throw std::invalid_argument("not a JSON object");
    info.engine = std::string(root.at("engine").as_string());
    for (const auto& row : root.at("handlers").as_array()) {
      const auto& h = row.as_object();
      HandlerInfo handler{.name = std::string(h.at("name").as_string()),
                          .method = std::string(h.at("method").as_string()),
                          .route = std::string(h.at("route").as_string()),
                          .memory_mb = static_cast<unsigned>(h.at("memory_mb").to_number<double>()),
                          .timeout = std::chrono::milliseconds(
                              static_cast<long long>(h.at("timeout_ms").to_number<double>()))};
      for (const auto& request : h.at("baseline_requests").as_array()) {
        handler.baseline_requests.emplace_back(request.as_string());
      }
      info.handlers.push_back(std::move(handler));
    }
  } catch (const std::exception& e) {
    throw RuntimeFailure(
        "fuzz target " + binary.string() +
        " is not a walletfuzz target (its handler list is unreadable: " + e.what() + ")");
  }
  return info;
}

}  // namespace walletfuzz::fuzzers
