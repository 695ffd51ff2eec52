#include "walletfuzz/fuzzers/http_target_spec.hpp"

#include <boost/json.hpp>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/file_io.hpp"

namespace walletfuzz::fuzzers {
namespace {

namespace json = boost::json;

[[noreturn]] void bad_spec_field(const std::filesystem::path& file, const std::string& field,
                                 const std::string& what) {
  throw InputError({.file = file.string(), .field = field}, what,
                   "the file is written by `walletfuzz fuzz`; run it again");
}

const json::value& spec_member(const json::object& object, std::string_view key,
                               const std::filesystem::path& file, const std::string& field) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr) bad_spec_field(file, field + std::string(key), "is missing");
  return *value;
}

std::string spec_text(const json::object& object, std::string_view key,
                      const std::filesystem::path& file, const std::string& field) {
  const json::value& value = spec_member(object, key, file, field);
  if (!value.is_string()) bad_spec_field(file, field + std::string(key), "must be a string");
  return std::string(value.get_string());
}

double spec_number(const json::object& object, std::string_view key,
                   const std::filesystem::path& file, const std::string& field) {
  const json::value& value = spec_member(object, key, file, field);
  if (!value.is_number() || value.to_number<double>() < 0)
    bad_spec_field(file, field + std::string(key), "must be a number, 0 or more");
  return value.to_number<double>();
}

}  // namespace

void write_http_target_spec(const HttpTargetSpec& spec, const std::filesystem::path& file) {
  json::array functions;
  for (const auto& f : spec.functions) {
    json::array baselines;
    for (const auto& b : f.baseline_requests) baselines.emplace_back(b);
    functions.push_back({{"name", f.name},
                         {"method", f.method},
                         {"route", f.route},
                         {"timeout_ms", f.timeout_ms},
                         {"memory_mb", f.memory_mb},
                         {"baseline_requests", std::move(baselines)}});
  }
  json::object root{{"schema", "walletfuzz.http-target/1"},
                    {"url", spec.url},
                    {"max_rps", spec.max_rps},
                    {"recovery_ms", spec.recovery_ms},
                    {"functions", std::move(functions)}};
  write_file_atomically(file, json::serialize(root) + "\n");
}

HttpTargetSpec read_http_target_spec(const std::filesystem::path& file) {
  const std::string text = read_file(file);
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec || !root.is_object()) bad_spec_field(file, "", "is not a JSON object");
  const json::object& object = root.get_object();
  HttpTargetSpec spec;
  spec.url = spec_text(object, "url", file, "");
  spec.max_rps = spec_number(object, "max_rps", file, "");
  spec.recovery_ms = static_cast<unsigned>(spec_number(object, "recovery_ms", file, ""));
  const json::value& functions = spec_member(object, "functions", file, "");
  if (!functions.is_array()) bad_spec_field(file, "functions", "must be an array");
  for (std::size_t i = 0; i < functions.get_array().size(); ++i) {
    const std::string field = "functions[" + std::to_string(i) + "].";
    const json::value& item = functions.get_array()[i];
    if (!item.is_object()) bad_spec_field(file, field, "must be an object");
    const json::object& f = item.get_object();
    HttpFunction function{
        .name = spec_text(f, "name", file, field),
        .method = spec_text(f, "method", file, field),
        .route = spec_text(f, "route", file, field),
        .timeout_ms = static_cast<unsigned>(spec_number(f, "timeout_ms", file, field)),
        .memory_mb = static_cast<unsigned>(spec_number(f, "memory_mb", file, field))};
    const json::value& baselines = spec_member(f, "baseline_requests", file, field);
    if (!baselines.is_array())
      bad_spec_field(file, field + "baseline_requests", "must be an array");
    for (const auto& b : baselines.get_array()) {
      if (!b.is_string()) bad_spec_field(file, field + "baseline_requests", "must hold strings");
      function.baseline_requests.emplace_back(b.get_string());
    }
    spec.functions.push_back(std::move(function));
  }
  return spec;
}

}  // namespace walletfuzz::fuzzers
