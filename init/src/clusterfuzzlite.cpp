#include "walletfuzz/init/clusterfuzzlite.hpp"

#include <sys/stat.h>

#include <cmath>
#include <sstream>

#include "templates.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"

namespace walletfuzz::init {
namespace {

// Names end up in shell words, YAML scalars, Docker paths and file names unquoted: only letters,
// digits and . _ - keep all of them safe.
void check_plain_name(const std::string& name, const std::string& field) {
  bool plain = !name.empty() && name.front() != '.' && name.front() != '-';
  for (char c : name) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '.' || c == '-');
  }
  if (!plain) {
    throw InputError({.field = field}, "'" + name + "' is not a plain name",
                     "use letters, digits, '_', '.' and '-' (the CMake target's name)");
  }
}

// Replaces every @NAME@ of `values` in the template; a placeholder left over is a bug in the
// template table, caught by the tests.
std::string fill(std::string_view name,
                 const std::vector<std::pair<std::string, std::string>>& values) {
  std::string text(detail::templates().at(name));
  for (const auto& [key, value] : values) {
    const std::string placeholder = "@" + key + "@";
    for (auto at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size())) {
      text.replace(at, placeholder.size(), value);
    }
  }
  return text;
}

std::string number_text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

std::vector<GeneratedFile> render_clusterfuzzlite(const ClusterFuzzLiteOptions& options) {
  check_plain_name(options.project, "project");
  if (options.apps.empty()) {
    throw InputError({.field = "app"}, "no application to fuzz",
                     "name each walletfuzz_add_app target with --app");
  }
  std::string apps;
  for (const auto& app : options.apps) {
    check_plain_name(app, "app");
    apps += (apps.empty() ? "" : " ") + app;
  }
  if (!std::isfinite(options.amplification) || options.amplification < 2) {
    throw InputError({.field = "amplification"}, "must be at least 2",
                     "a slow input below 2x the baseline cannot be told from a busy machine");
  }
  const std::vector<std::pair<std::string, std::string>> values{
      {"PROJECT", options.project},
      {"APPS", apps},
      {"AMPLIFICATION", number_text(options.amplification)}};
  std::vector<GeneratedFile> files{
      {".clusterfuzzlite/Dockerfile", fill("clusterfuzzlite/Dockerfile", values)},
      {".clusterfuzzlite/project.yaml", fill("clusterfuzzlite/project.yaml", values)},
      {".clusterfuzzlite/build.sh", fill("clusterfuzzlite/build.sh", values), true},
      {".github/workflows/cflite_pr.yml", fill("clusterfuzzlite/cflite_pr.yml", values)},
      {".github/workflows/cflite_batch.yml", fill("clusterfuzzlite/cflite_batch.yml", values)},
      {".github/workflows/cflite_cron.yml", fill("clusterfuzzlite/cflite_cron.yml", values)}};
  for (const auto& app : options.apps) {
    auto with_app = values;
    with_app.emplace_back("APP", app);
    files.push_back({".clusterfuzzlite/" + app + ".walletfuzz.yaml",
                     fill("clusterfuzzlite/fail_on.walletfuzz.yaml", with_app)});
  }
  return files;
}

void write_files(const std::filesystem::path& project_dir, const std::vector<GeneratedFile>& files,
                 bool overwrite) {
  if (!overwrite) {
    std::string existing;
    std::error_code ec;
    for (const auto& file : files) {
      if (std::filesystem::exists(project_dir / file.path, ec)) {
        existing += (existing.empty() ? "" : ", ") + file.path.generic_string();
      }
    }
    if (!existing.empty()) {
      throw InputError({.file = project_dir.string()}, "would overwrite " + existing,
                       "pass --force to replace them");
    }
  }
  for (const auto& file : files) {
    const auto path = project_dir / file.path;
    write_file_atomically(path, file.text);
    if (file.executable && ::chmod(path.c_str(), 0755) != 0) {
      throw RuntimeFailure("cannot make " + path.string() + " executable");
    }
  }
}

}  // namespace walletfuzz::init
