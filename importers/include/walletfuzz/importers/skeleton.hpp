#pragma once
// From imported requests to what a scenario needs: one function per method and path template,
// each with one baseline request, written as request files and a `functions:` list to paste
// into a scenario (scenarios/README.md, "functions").
//
//   auto functions = walletfuzz::importers::group_functions(result);
//   // GET /pets/42 and GET /pets/7 -> one function "get-pets-pet-id", route /pets/*

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "walletfuzz/importers/imported_request.hpp"

namespace walletfuzz::importers {

/// One function of the skeleton: the requests of one method and path template.
struct FunctionSkeleton {
  std::string name;                           ///< unique, lower case: "show-pet-by-id"
  std::string method;                         ///< "GET"
  std::string path_template;                  ///< "/pets/{petId}"
  std::string route;                          ///< what a scenario's route can say: "/pets/*"
  std::vector<std::string> parameters;        ///< path parameters in order: {"petId"}
  const ImportedRequest* baseline = nullptr;  ///< the operation's first request
  std::size_t requests = 0;                   ///< how many imported requests it groups
};

/// Groups `result`'s requests by method and path template, in order of first appearance.
std::vector<FunctionSkeleton> group_functions(const ImportResult& result);

/// The template of a concrete path: segments that look like identifiers (numbers, UUIDs, long
/// hex or mixed letter-and-digit tokens) become parameters named after the segment before them:
/// "/users/42/orders/9f1c0d2e8a7b4c3d" -> "/users/{user_id}/orders/{order_id}".
std::string detect_path_template(std::string_view path);

/// The scenario route of a template: exact without parameters, else the prefix up to the first
/// parameter's segment followed by '*' ("/pets/{petId}/photos" -> "/pets/*"), since routes
/// match exactly or by prefix.
std::string route_of_template(std::string_view path_template);

/// The names of a template's parameters, in order.
std::vector<std::string> template_parameters(std::string_view path_template);

/// The `functions:` YAML: a comment naming the source and the variables to export, then one
/// entry per function with its method, route and baseline `file:` (relative to the YAML file,
/// under `requests_dir`).
std::string functions_yaml(const std::vector<FunctionSkeleton>& functions,
                           const ImportResult& result, std::string_view title,
                           std::string_view requests_dir = "requests");

/// What write_import wrote.
struct WrittenImport {
  std::vector<std::filesystem::path> request_files;
  std::filesystem::path functions_file;
  std::size_t functions = 0;
};

/// Writes `out_dir`/requests/<function>.http (one baseline per function) and
/// `out_dir`/functions.yaml, each atomically. Throws RuntimeFailure when they cannot be written.
WrittenImport write_import(const ImportResult& result, const std::filesystem::path& out_dir,
                           std::string_view title);

}  // namespace walletfuzz::importers
