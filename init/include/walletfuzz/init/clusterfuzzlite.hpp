#pragma once
// `walletfuzz init clusterfuzzlite`: the files that let ClusterFuzzLite (or OSS-Fuzz) fuzz a
// user's walletfuzz applications, written from the templates in init/templates/clusterfuzzlite/:
//
//   .clusterfuzzlite/Dockerfile, project.yaml, build.sh   the build integration
//   .clusterfuzzlite/<app>.walletfuzz.yaml                the fail_on file build.sh ships in $OUT
//   .github/workflows/cflite_pr.yml                       code-change fuzzing on pull requests
//   .github/workflows/cflite_batch.yml                    batch fuzzing, nightly
//   .github/workflows/cflite_cron.yml                     corpus pruning and coverage, daily
//
//   auto files = walletfuzz::init::render_clusterfuzzlite({.project = "shop", .apps = {"shop"}});
//   walletfuzz::init::write_files("path/to/shop", files, /*overwrite=*/false);

#include <filesystem>
#include <string>
#include <vector>

namespace walletfuzz::init {

struct ClusterFuzzLiteOptions {
  std::string project;            ///< the project's name (the directory under $SRC)
  std::vector<std::string> apps;  ///< walletfuzz_add_app targets, each one fuzz target
  double amplification = 100;     ///< fail_on.amplification of each app's fail_on file
};

/// One file to write: its path relative to the project, its text and whether it is a script.
struct GeneratedFile {
  std::filesystem::path path;
  std::string text;
  bool executable = false;
};

/// The files, rendered. Throws InputError (naming the field) for a project or app name that is
/// not a plain name ([A-Za-z0-9_.-], not starting with '.' or '-'), no apps, or an
/// amplification below 2.
std::vector<GeneratedFile> render_clusterfuzzlite(const ClusterFuzzLiteOptions& options);

/// Writes `files` under `project_dir`, creating directories. Without `overwrite`, refuses
/// (InputError listing them) when any of the files exists already, before writing any.
/// RuntimeFailure when a file cannot be written.
void write_files(const std::filesystem::path& project_dir, const std::vector<GeneratedFile>& files,
                 bool overwrite);

}  // namespace walletfuzz::init
