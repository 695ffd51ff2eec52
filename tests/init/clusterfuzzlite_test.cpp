// `walletfuzz init clusterfuzzlite`: every file rendered with its placeholders filled, names that
// would break a shell word or a path refused, and existing files never overwritten by surprise.
#include "walletfuzz/init/clusterfuzzlite.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"

namespace walletfuzz::init {
namespace {

namespace fs = std::filesystem;

std::set<std::string> paths(const std::vector<GeneratedFile>& files) {
  std::set<std::string> out;
  for (const auto& f : files) out.insert(f.path.generic_string());
  return out;
}

const GeneratedFile& file(const std::vector<GeneratedFile>& files, const std::string& path) {
  for (const auto& f : files) {
    if (f.path.generic_string() == path) return f;
  }
  throw std::runtime_error("no file " + path);
}

TEST(clusterfuzzlite_init, writes_build_integration_workflows_and_fail_on_files) {
  auto files = render_clusterfuzzlite({.project = "shop", .apps = {"shop", "admin"}});
  EXPECT_EQ(paths(files),
            (std::set<std::string>{
                ".clusterfuzzlite/Dockerfile", ".clusterfuzzlite/project.yaml",
                ".clusterfuzzlite/build.sh", ".clusterfuzzlite/shop.walletfuzz.yaml",
                ".clusterfuzzlite/admin.walletfuzz.yaml", ".github/workflows/cflite_pr.yml",
                ".github/workflows/cflite_batch.yml", ".github/workflows/cflite_cron.yml"}));
  for (const auto& f : files) {
    // Every placeholder is filled (GitHub's ${{ ... }} expressions are not placeholders).
    EXPECT_EQ(f.text.find("@PROJECT@"), std::string::npos) << f.path;
    EXPECT_EQ(f.text.find("@APP"), std::string::npos) << f.path;
    EXPECT_EQ(f.text.find("@AMPLIFICATION@"), std::string::npos) << f.path;
    EXPECT_EQ(f.executable, f.path.filename() == "build.sh") << f.path;
  }
  EXPECT_NE(file(files, ".clusterfuzzlite/build.sh").text.find("apps=(shop admin)"),
            std::string::npos);
  EXPECT_NE(file(files, ".clusterfuzzlite/Dockerfile").text.find("COPY . $SRC/shop"),
            std::string::npos);
  EXPECT_NE(file(files, ".clusterfuzzlite/project.yaml").text.find("language: c++"),
            std::string::npos);
  EXPECT_NE(file(files, ".clusterfuzzlite/admin.walletfuzz.yaml").text.find("amplification: 100 "),
            std::string::npos);
}

TEST(clusterfuzzlite_init, workflows_cover_every_mode) {
  auto files = render_clusterfuzzlite({.project = "shop", .apps = {"shop"}});
  EXPECT_NE(file(files, ".github/workflows/cflite_pr.yml").text.find("mode: code-change"),
            std::string::npos);
  EXPECT_NE(file(files, ".github/workflows/cflite_batch.yml").text.find("mode: batch"),
            std::string::npos);
  const std::string& cron = file(files, ".github/workflows/cflite_cron.yml").text;
  EXPECT_NE(cron.find("mode: prune"), std::string::npos);
  EXPECT_NE(cron.find("mode: coverage"), std::string::npos);
}

TEST(clusterfuzzlite_init, build_script_uses_the_engine_contract) {
  auto files = render_clusterfuzzlite({.project = "shop", .apps = {"shop"}});
  const std::string& build = file(files, ".clusterfuzzlite/build.sh").text;
  for (const char* word : {"$CXX", "$CXXFLAGS", "$LIB_FUZZING_ENGINE", "$OUT", "_seed_corpus.zip",
                           ".dict", ".options", ".walletfuzz.yaml"}) {
    EXPECT_NE(build.find(word), std::string::npos) << word;
  }
}

TEST(clusterfuzzlite_init, refuses_names_that_are_not_plain) {
  EXPECT_THROW(render_clusterfuzzlite({.project = "shop", .apps = {"shop; rm -rf /"}}), InputError);
  EXPECT_THROW(render_clusterfuzzlite({.project = "../x", .apps = {"shop"}}), InputError);
  EXPECT_THROW(render_clusterfuzzlite({.project = "shop", .apps = {}}), InputError);
  EXPECT_THROW(render_clusterfuzzlite({.project = "shop", .apps = {"shop"}, .amplification = 1}),
               InputError);
}

TEST(clusterfuzzlite_init, does_not_overwrite_without_force) {
  const fs::path dir = fs::path(WALLETFUZZ_BINARY_DIR) / "test-work" / "clusterfuzzlite_init";
  fs::remove_all(dir);
  auto files = render_clusterfuzzlite({.project = "shop", .apps = {"shop"}});
  write_files(dir, files, false);
  EXPECT_EQ(read_file(dir / ".clusterfuzzlite/project.yaml"),
            file(files, ".clusterfuzzlite/project.yaml").text);
  EXPECT_TRUE((fs::status(dir / ".clusterfuzzlite/build.sh").permissions() &
               fs::perms::owner_exec) != fs::perms::none);
  write_file_atomically(dir / ".clusterfuzzlite/project.yaml", "mine\n");
  try {
    write_files(dir, files, false);
    FAIL() << "overwrote without force";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(".clusterfuzzlite/project.yaml"), std::string::npos);
  }
  EXPECT_EQ(read_file(dir / ".clusterfuzzlite/project.yaml"), "mine\n");
  write_files(dir, files, true);
  EXPECT_EQ(read_file(dir / ".clusterfuzzlite/project.yaml"),
            file(files, ".clusterfuzzlite/project.yaml").text);
}

// walletfuzz's own workflows are the ones it writes for its users (one home for the workflow
// text): regenerate them with `walletfuzz init clusterfuzzlite --project walletfuzz --app
// sample_app_fuzz --dir DIR` and copy .github/workflows/ when the templates change.
TEST(clusterfuzzlite_init, own_workflows_are_the_rendered_templates) {
  auto files = render_clusterfuzzlite({.project = "walletfuzz", .apps = {"sample_app_fuzz"}});
  for (const char* name : {"cflite_pr.yml", "cflite_batch.yml", "cflite_cron.yml"}) {
    const std::string path = std::string(".github/workflows/") + name;
    EXPECT_EQ(read_file(fs::path(WALLETFUZZ_SOURCE_DIR) / path), file(files, path).text) << path;
  }
}

}  // namespace
}  // namespace walletfuzz::init
