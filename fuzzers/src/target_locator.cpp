// Finding the libFuzzer-built target binary and asking it what it holds.
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/fuzzers/child_process.hpp"
#include "walletfuzz/fuzzers/fuzz_campaign.hpp"
#include "walletfuzz/fuzzers/fuzz_target.hpp"

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

std::vector<HandlerInfo> describe_handlers(const HandlerRegistry& registry) {
  std::vector<HandlerInfo> out;
  for (const HandlerSpec& spec : registry.handlers()) {
    out.push_back({.name = spec.name,
                   .method = spec.method,
                   .route = spec.route,
                   .memory_mb = spec.settings.memory_mb,
                   .timeout = spec.settings.timeout,
                   .reserved_concurrency = spec.settings.reserved_concurrency,
                   .description = spec.description,
                   .baseline_requests = spec.baseline_requests});
  }
  return out;
}

const HandlerInfo* TargetInfo::find(std::string_view name) const noexcept {
  for (const auto& h : handlers) {
    if (h.name == name) return &h;
  }
  return nullptr;
}

namespace {

// Where the bundled app sits relative to the running walletfuzz: <build>/cli/walletfuzz has it
// in <build>/fuzz, <prefix>/bin/walletfuzz in <prefix>/libexec/walletfuzz.
std::vector<fs::path> beside_this_executable() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  fs::path root = exe.parent_path().parent_path();
  return {root / "fuzz", root / "libexec" / "walletfuzz"};
}

}  // namespace

fs::path check_app_path(const fs::path& path, const Location& where) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    throw InputError(where, "application " + path.string() + " does not exist",
                     "build it (cmake --build <build dir>) or correct the path; a relative path "
                     "in a scenario is relative to the scenario file");
  }
  if (!is_executable_file(path)) {
    throw InputError(where, "application " + path.string() + " is not an executable file",
                     "point at the binary walletfuzz_add_app built, e.g. build/shop");
  }
  return path;
}

fs::path find_bundled_app() {
  std::string looked;
  for (const auto& dir : beside_this_executable()) {
    fs::path candidate = dir / "sample_app_fuzz";
    if (is_executable_file(candidate)) return candidate;
    looked += (looked.empty() ? "" : ", ") + candidate.string();
  }
  throw RuntimeFailure("the bundled sample app's binary is missing (looked in " + looked +
                       "); fix: build it (cmake --build --preset dev --target sample_app_fuzz) "
                       "or reinstall walletfuzz");
}

std::vector<fs::path> default_fuzz_target_dirs() {
  std::vector<fs::path> dirs = beside_this_executable();
  std::error_code ec;
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
    // A walletfuzz application says why on its last line ("walletfuzz: ..."); anything else
    // is shown as it came.
    if (errors.find('\n') != std::string::npos) errors = errors.substr(errors.rfind('\n') + 1);
    throw RuntimeFailure("application " + binary.string() + " failed to start (" +
                         result.describe() + ")" + (errors.empty() ? "" : ": " + errors));
  }
  const std::string not_an_app =
      "application " + binary.string() +
      " is not a walletfuzz application (fix: build it with walletfuzz_add_app)";
  json::error_code ec;
  json::value root = json::parse(output, ec, {}, {.allow_invalid_utf8 = true});
  if (ec || !root.is_object() || !root.as_object().contains("walletfuzz_version")) {
    throw RuntimeFailure(not_an_app);
  }
  TargetInfo info{.binary = binary, .env = env};
  try {
    const json::object& top = root.as_object();
    std::string version(top.at("walletfuzz_version").as_string());
    if (version != walletfuzz_version()) {
      throw RuntimeFailure("application " + binary.string() + " was built with walletfuzz " +
                           version + ", this is walletfuzz " + std::string(walletfuzz_version()) +
                           " (fix: rebuild it against this walletfuzz's CMake package)");
    }
    if (const auto* name = top.if_contains("walletfuzz_app")) {
      info.app_name = std::string(name->as_string());
    }
    info.engine = std::string(top.at("engine").as_string());
    if (const auto* command = top.if_contains("fuzz_build_command")) {
      info.fuzz_build_command = std::string(command->as_string());
    }
    for (const auto& row : top.at("handlers").as_array()) {
      const auto& h = row.as_object();
      HandlerInfo handler{.name = std::string(h.at("name").as_string()),
                          .method = std::string(h.at("method").as_string()),
                          .route = std::string(h.at("route").as_string()),
                          .memory_mb = static_cast<unsigned>(h.at("memory_mb").to_number<double>()),
                          .timeout = std::chrono::milliseconds(
                              static_cast<long long>(h.at("timeout_ms").to_number<double>())),
                          .reserved_concurrency = static_cast<unsigned>(
                              h.at("reserved_concurrency").to_number<double>()),
                          .description = std::string(h.at("description").as_string())};
      for (const auto& request : h.at("baseline_requests").as_array()) {
        handler.baseline_requests.emplace_back(request.as_string());
      }
      info.handlers.push_back(std::move(handler));
    }
  } catch (const RuntimeFailure&) {
    throw;
  } catch (const std::exception& e) {
    throw RuntimeFailure(not_an_app);
  }
  return info;
}

}  // namespace walletfuzz::fuzzers
