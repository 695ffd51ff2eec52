// `walletfuzz import KIND FILE... [--out DIR]`: recorded traffic and API definitions become
// request files and a `functions:` skeleton (importers/). All the work is in the library.
#include <iostream>
#include <memory>

#include "command.hpp"
#include "walletfuzz/core/error.hpp"
#include "walletfuzz/importers/imported_request.hpp"
#include "walletfuzz/importers/skeleton.hpp"

namespace walletfuzz::cli {
namespace {

struct ImportFlags {
  std::string kind;
  std::vector<std::string> files;
  std::string out = "imported";
};

int run_import(const ImportFlags& flags) {
  const std::optional<importers::ImportKind> kind = importers::parse_import_kind(flags.kind);
  if (!kind) {
    throw InputError({"", 0, 0, "KIND"}, "'" + flags.kind + "' is not an import kind",
                     "one of " + importers::import_kind_names());
  }
  importers::ImportResult all;
  for (const std::string& file : flags.files) {
    importers::append_import(all, importers::import_file(*kind, file));
  }
  for (const std::string& warning : all.warnings) std::cerr << "walletfuzz: " << warning << '\n';
  if (all.requests.empty()) {
    throw InputError({flags.files.front(), 0, 0, ""}, "holds no request to import");
  }
  std::string title = "walletfuzz import " + flags.kind;
  for (const std::string& file : flags.files) title += " " + file;
  const importers::WrittenImport written = importers::write_import(all, flags.out, title);
  std::cout << "imported " << all.requests.size() << " request(s) as " << written.functions
            << " function(s): " << written.functions_file.string() << " and "
            << written.request_files.size() << " request file(s) in "
            << (std::filesystem::path(flags.out) / "requests").string() << '\n';
  if (!all.variables.empty()) {
    std::cout << "credentials are ${ENV:NAME} placeholders; export before replay:";
    for (const std::string& variable : all.variables) std::cout << ' ' << variable;
    std::cout << '\n';
  }
  return 0;
}

}  // namespace

void add_import_command(CLI::App& root, CommandRunner& chosen) {
  auto* sub = root.add_subcommand(
      "import",
      "Turn HAR traffic, OpenAPI definitions, API Gateway events or curl command lines "
      "into request files and a functions: skeleton");
  auto flags = std::make_shared<ImportFlags>();
  sub->add_option("KIND", flags->kind, "har, openapi, apigw-event or curl")->required();
  sub->add_option("FILE", flags->files, "Files to import")->required();
  sub->add_option("--out", flags->out, "Directory for functions.yaml and requests/")
      ->capture_default_str();
  sub->callback([&chosen, flags] { chosen = [flags] { return run_import(*flags); }; });
}

}  // namespace walletfuzz::cli
