#include "walletfuzz/formats/schema.hpp"

#include <algorithm>
#include <array>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::formats {
namespace {

struct FileFacts {
  std::string_view name;
  std::string_view kind;
  std::string_view stage;
};

constexpr std::array<FileFacts, 4> kFiles = {{
    {"findings.json", "findings", "walletfuzz fuzz"},
    {"load.json", "load", "walletfuzz replay"},
    {"cost.json", "cost", "walletfuzz cost"},
    {"summary.json", "summary", "walletfuzz report"},
}};

const FileFacts& facts(RunFile file) noexcept {
  return kFiles[static_cast<std::size_t>(file)];
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string_view file_name(RunFile file) noexcept {
  return facts(file).name;
}

std::string_view schema_kind(RunFile file) noexcept {
  return facts(file).kind;
}

std::string_view written_by(RunFile file) noexcept {
  return facts(file).stage;
}

std::string schema_string(RunFile file) {
  return "walletfuzz." + std::string(schema_kind(file)) + "/" + std::to_string(kSchemaMajor);
}

void check_schema(std::string_view schema, RunFile kind, const std::string& file) {
  const std::string expected = schema_string(kind);
  auto fail = [&](const std::string& why) {
    throw InputError({file, 0, 0, "schema"}, why + " (this walletfuzz reads " + expected + ")");
  };
  if (schema.empty()) fail("missing");
  const std::string prefix = "walletfuzz." + std::string(schema_kind(kind)) + "/";
  if (schema.substr(0, prefix.size()) != prefix) {
    fail("\"" + std::string(schema) + "\" is not a " + std::string(file_name(kind)) + " schema");
  }
  const std::string_view version = schema.substr(prefix.size());
  const std::string_view major = version.substr(0, version.find('.'));
  const bool minor_ok =
      major.size() == version.size() || all_digits(version.substr(major.size() + 1));
  if (!all_digits(major) || !minor_ok) {
    fail("\"" + std::string(schema) + "\" has no version <major>[.<minor>]");
  }
  if (major != std::to_string(kSchemaMajor)) {
    fail("unsupported major version \"" + std::string(schema) + "\"");
  }
}

std::filesystem::path require_run_file(const std::filesystem::path& run_dir, RunFile file) {
  std::filesystem::path path = run_dir / file_name(file);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw InputError({path.string(), 0, 0, {}},
                     "is missing: it is written by '" + std::string(written_by(file)) + "'");
  }
  return path;
}

}  // namespace walletfuzz::formats
