#include "walletfuzz/importers/skeleton.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/core/request_file.hpp"

namespace walletfuzz::importers {
namespace {

bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

// A segment that names one item rather than a collection: what an API puts where its route has
// a parameter. Words ("orders", "v1", "me") stay.
bool looks_like_identifier(std::string_view segment) {
  if (segment.empty()) return false;
  const bool all_digits =
      std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (all_digits) return true;
  if (segment.size() == 36 && segment[8] == '-' && segment[13] == '-' && segment[18] == '-' &&
      segment[23] == '-')
    return true;  // UUID
  if (segment.size() >= 16 && std::all_of(segment.begin(), segment.end(), is_hex)) return true;
  std::size_t digits = 0;
  std::size_t letters = 0;
  for (char c : segment) {
    if (c >= '0' && c <= '9')
      ++digits;
    else if (std::isalpha(static_cast<unsigned char>(c)))
      ++letters;
  }
  // "o_1042_7", "tok_4f9a2c", "c_1042": identifiers mixing letters and digits, not "v1" or "s3".
  return segment.size() >= 6 && digits >= 2 && letters >= 1;
}

std::string singular(std::string word) {
  if (word.size() > 3 && word.ends_with("ies")) return word.substr(0, word.size() - 3) + "y";
  if (word.size() > 1 && word.ends_with('s') && !word.ends_with("ss")) word.pop_back();
  return word;
}

std::string kebab(std::string_view text) {
  std::string out;
  char previous = 0;
  for (char c : text) {
    const bool upper = c >= 'A' && c <= 'Z';
    const bool alnum = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) {
      // camelCase words split: "showPetById" -> "show-pet-by-id".
      if (upper && previous >= 'a' && previous <= 'z' && !out.empty()) out += '-';
      out += static_cast<char>(upper ? c + 32 : c);
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
    previous = c;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string function_name(const ImportedRequest& imported) {
  if (!imported.operation_id.empty()) {
    std::string name = kebab(imported.operation_id);
    if (!name.empty()) return name;
  }
  std::string name = kebab(imported.request.method);
  const std::string rest = kebab(imported.path_template);
  name += rest.empty() ? "-root" : "-" + rest;
  return name;
}

}  // namespace

std::string detect_path_template(std::string_view path) {
  std::string out;
  std::string previous;
  std::set<std::string> used;
  std::size_t from = 1;
  if (path.empty() || path[0] != '/') return std::string(path);
  while (from <= path.size()) {
    std::size_t end = path.find('/', from);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(from, end - from);
    out += '/';
    if (looks_like_identifier(segment)) {
      std::string name = previous.empty() ? "id" : singular(previous) + "_id";
      for (int n = 2; used.count(name); ++n) name = "id" + std::to_string(n);
      used.insert(name);
      out += "{" + name + "}";
      previous.clear();
    } else {
      out += segment;
      previous = kebab(segment);
      std::replace(previous.begin(), previous.end(), '-', '_');
    }
    from = end + 1;
  }
  return out;
}

std::string route_of_template(std::string_view path_template) {
  const std::size_t brace = path_template.find('{');
  if (brace == std::string_view::npos) return std::string(path_template);
  const std::size_t segment = path_template.rfind('/', brace);
  return std::string(path_template.substr(0, segment + 1)) + "*";
}

std::vector<std::string> template_parameters(std::string_view path_template) {
  std::vector<std::string> names;
  std::size_t from = 0;
  for (;;) {
    const std::size_t open = path_template.find('{', from);
    if (open == std::string_view::npos) break;
    const std::size_t close = path_template.find('}', open);
    if (close == std::string_view::npos) break;
    names.emplace_back(path_template.substr(open + 1, close - open - 1));
    from = close + 1;
  }
  return names;
}

std::vector<FunctionSkeleton> group_functions(const ImportResult& result) {
  std::vector<FunctionSkeleton> functions;
  std::map<std::string, std::size_t> by_operation;  // "GET /pets/{petId}" -> index
  std::set<std::string> names;
  for (const ImportedRequest& imported : result.requests) {
    const std::string key = imported.request.method + " " + imported.path_template;
    auto it = by_operation.find(key);
    if (it != by_operation.end()) {
      ++functions[it->second].requests;
      continue;
    }
    FunctionSkeleton function;
    function.name = function_name(imported);
    for (int n = 2; names.count(function.name); ++n) {
      function.name = function_name(imported) + "-" + std::to_string(n);
    }
    names.insert(function.name);
    function.method = imported.request.method;
    function.path_template = imported.path_template;
    function.route = route_of_template(imported.path_template);
    function.parameters = template_parameters(imported.path_template);
    function.baseline = &imported;
    function.requests = 1;
    by_operation.emplace(key, functions.size());
    functions.push_back(std::move(function));
  }
  return functions;
}

std::string functions_yaml(const std::vector<FunctionSkeleton>& functions,
                           const ImportResult& result, std::string_view title,
                           std::string_view requests_dir) {
  std::string out = "# " + std::string(title) + "\n";
  out += "# " + std::to_string(functions.size()) + " function(s) from " +
         std::to_string(result.requests.size()) +
         " request(s). Paste this list into a scenario with a url target (scenarios/README.md);\n"
         "# baseline files are relative to this file's directory.\n";
  if (!result.variables.empty()) {
    out += "# Credentials were replaced by ${ENV:NAME} placeholders; export before replay:";
    for (const std::string& variable : result.variables) out += " " + variable;
    out += "\n";
  }
  out += "functions:\n";
  for (const FunctionSkeleton& function : functions) {
    out += "  - name: \"" + function.name + "\"\n";
    out += "    # " + function.method + " " + function.path_template;
    if (!function.parameters.empty()) {
      out += " (path parameters:";
      for (const std::string& parameter : function.parameters) out += " " + parameter;
      out += ")";
    }
    if (function.requests > 1) out += "; " + std::to_string(function.requests) + " requests seen";
    out += "\n";
    out += "    method: " + function.method + "\n";
    out += "    route: \"" + function.route + "\"\n";
    out += "    baseline:\n";
    out += "      - file: " + std::string(requests_dir) + "/" + function.name + ".http\n";
  }
  return out;
}

WrittenImport write_import(const ImportResult& result, const std::filesystem::path& out_dir,
                           std::string_view title) {
  WrittenImport written;
  const std::vector<FunctionSkeleton> functions = group_functions(result);
  for (const FunctionSkeleton& function : functions) {
    const std::filesystem::path file = out_dir / "requests" / (function.name + ".http");
    write_file_atomically(file, serialize_request(function.baseline->request));
    written.request_files.push_back(file);
  }
  written.functions_file = out_dir / "functions.yaml";
  write_file_atomically(written.functions_file, functions_yaml(functions, result, title));
  written.functions = functions.size();
  return written;
}

}  // namespace walletfuzz::importers
