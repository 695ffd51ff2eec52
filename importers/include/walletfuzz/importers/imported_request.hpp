#pragma once
// What every importer produces: requests in the pipeline's one request format, each with the
// operation it belongs to, so that routes can be grouped into one function per operation.
//
//   auto imported = walletfuzz::importers::import_file(ImportKind::har, "traffic.har");
//   walletfuzz::importers::write_import(imported, "imported/");  // requests/*.http +
//   functions.yaml

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/core/http.hpp"

namespace walletfuzz::importers {

/// One request read from a source, with the operation it exercises.
struct ImportedRequest {
  Request request;            ///< origin-form target, Host set, credentials as ${ENV:NAME}
  std::string path_template;  ///< "/pets/{petId}": the route with its parameters named
  std::string operation_id;   ///< a name from the source (OpenAPI operationId), may be empty
  std::string source;         ///< where it came from: "traffic.har: log.entries[3]"
};

/// Everything one import read: requests in source order, and the ${ENV:NAME} variables their
/// placeholders use (sorted, unique), so the user knows what to export before sending them.
struct ImportResult {
  std::vector<ImportedRequest> requests;
  std::vector<std::string> variables;
  std::vector<std::string> warnings;  ///< entries skipped, with where and why
};

/// The kinds `walletfuzz import` reads.
enum class ImportKind { har, openapi, apigw_event, curl };

/// "har", "openapi", "apigw-event", "curl"; nullopt for anything else.
std::optional<ImportKind> parse_import_kind(std::string_view name);
/// The kinds' names, for usage messages: "har, openapi, apigw-event, curl".
std::string import_kind_names();

/// Reads `file` as `kind`. Throws InputError naming the file and the JSON or YAML path of the
/// first problem (one line); a file that cannot be read is an InputError too.
ImportResult import_file(ImportKind kind, const std::filesystem::path& file);

/// Appends `more` to `into`, merging the variables.
void append_import(ImportResult& into, ImportResult more);

}  // namespace walletfuzz::importers
