// `walletfuzz init clusterfuzzlite --app NAME...`: writes the ClusterFuzzLite build integration
// and GitHub Actions workflows for the user's applications (walletfuzz/init/clusterfuzzlite.hpp).
#include <iostream>
#include <memory>

#include "command.hpp"
#include "walletfuzz/init/clusterfuzzlite.hpp"

namespace walletfuzz::cli {
namespace {

struct InitClusterFuzzLiteFlags {
  std::string dir = ".";
  std::string project;
  std::vector<std::string> apps;
  double amplification = 100;
  bool force = false;
};

int run_init_clusterfuzzlite(const InitClusterFuzzLiteFlags& flags) {
  const std::filesystem::path dir = flags.dir;
  std::string project = flags.project;
  if (project.empty()) project = std::filesystem::absolute(dir).lexically_normal().filename();
  if (project.empty()) project = std::filesystem::absolute(dir).parent_path().filename();
  auto files = init::render_clusterfuzzlite(
      {.project = project, .apps = flags.apps, .amplification = flags.amplification});
  init::write_files(dir, files, flags.force);
  for (const auto& file : files) std::cout << "wrote " << (dir / file.path).string() << '\n';
  std::cout << "next: commit them; .clusterfuzzlite/build.sh runs outside a container too "
               "(walletfuzz's docs/FUZZING.md, \"walletfuzz init clusterfuzzlite\")\n";
  return 0;
}

}  // namespace

void add_init_command(CLI::App& root, CommandRunner& chosen) {
  auto* sub = root.add_subcommand("init", "Write files that run walletfuzz on other engines");
  sub->require_subcommand(1);
  auto* cfl = sub->add_subcommand(
      "clusterfuzzlite",
      "ClusterFuzzLite build integration and GitHub Actions workflows for your applications");
  auto flags = std::make_shared<InitClusterFuzzLiteFlags>();
  cfl->add_option("--app", flags->apps, "walletfuzz_add_app target to fuzz (repeatable)")
      ->required();
  cfl->add_option("--dir", flags->dir, "The project's root directory (default: .)");
  cfl->add_option("--project", flags->project, "The project's name (default: the directory's)");
  cfl->add_option("--amplification", flags->amplification,
                  "fail_on.amplification of each app's fail_on file (default: 100)");
  cfl->add_flag("--force", flags->force, "Overwrite files that exist already");
  cfl->callback(
      [&chosen, flags] { chosen = [flags] { return run_init_clusterfuzzlite(*flags); }; });
}

}  // namespace walletfuzz::cli
