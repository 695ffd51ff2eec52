// validate(): the target, its allowlist, and each function's settings against its provider.
#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <set>

#include "target_url.hpp"
#include "validate_internal.hpp"
#include "walletfuzz/scenarios/provider_limits.hpp"
#include "walletfuzz/yaml_reading/suggest.hpp"

namespace walletfuzz::scenarios::detail {

using yaml_reading::suggestion_hint;
namespace {

bool is_method_token(std::string_view method) {
  return method == "*" || (!method.empty() && std::all_of(method.begin(), method.end(), [](char c) {
           return std::isupper(static_cast<unsigned char>(c));
         }));
}

// The same matching rule as HandlerRegistry::route: exact, or a prefix before a trailing '*'.
bool route_matches(std::string_view route, std::string_view path) {
  if (route.ends_with('*')) return path.starts_with(route.substr(0, route.size() - 1));
  return route == path;
}

void validate_provider_settings(Checker& check, const FunctionSpec& function,
                                const std::string& field) {
  // Settings inherited from the pricing section are reported there, once.
  const Pricing& pricing = check.scenario().pricing;
  const bool inherited = function.provider == pricing.provider;
  const ProviderLimits* limits = find_provider(function.provider);
  if (!limits) {
    if (!inherited)
      check.fail(field + ".provider", "unknown provider '" + function.provider + "'",
                 suggestion_hint(function.provider, known_providers()));
    return;
  }
  if (!limits->offers_arch(function.arch) && !(inherited && function.arch == pricing.arch)) {
    check.fail(field + ".arch", "'" + function.arch + "' is not an architecture of " + limits->name,
               suggestion_hint(function.arch, limits->arches, limits->name + " offers"));
  }
  if (function.memory_mb) {
    unsigned memory = *function.memory_mb;
    if (!limits->offers_memory(memory)) {
      check.fail(field + ".memory_mb",
                 std::to_string(memory) + " MB is not a memory size of " + limits->name,
                 limits->memory_note);
    }
  }
  if (function.timeout_ms) {
    check.check_range(
        field + ".timeout_ms", *function.timeout_ms, 1, limits->max_timeout_ms, "ms",
        limits->name + " allows up to " + format_number(limits->max_timeout_ms / 1000.0) + " s");
  }
  if (function.reserved_concurrency) {
    check.check_range(field + ".reserved_concurrency", *function.reserved_concurrency, 0, 1'000'000,
                      "", "0 means unreserved");
  }
}

// A function of an application target may repeat its handler's method and route, not change
// them: the application routes by its own, so a different one would never be reached.
void validate_app_route(Checker& check, const FunctionSpec& function, const std::string& field) {
  const auto& routes = check.options().known_routes;
  const auto it = routes.find(function.name);
  if (it == routes.end()) return;
  const std::string& own = it->second;  // "GET /orders"
  const std::string own_method = own.substr(0, own.find(' '));
  const std::string own_route = own.substr(own.find(' ') + 1);
  if (!function.route.empty() && function.route != own_route) {
    check.fail(field + ".route",
               "'" + function.name + "' is served at " + own_route + ", not " + function.route,
               "drop route (the application's own is used) or write route: " + own_route);
  }
  if (!function.method.empty() && function.method != own_method) {
    check.fail(field + ".method",
               "'" + function.name + "' takes " + own_method + ", not " + function.method,
               "drop method (the application's own is used) or write method: " + own_method);
  }
}

void validate_baseline(Checker& check, const FunctionSpec& function, const std::string& field) {
  for (std::size_t i = 0; i < function.baseline.size(); ++i) {
    const Request& request = function.baseline[i].request;
    std::string item = field + ".baseline[" + std::to_string(i) + "]";
    bool method_ok =
        function.method.empty() || function.method == "*" || function.method == request.method;
    bool route_ok = function.route.empty() || route_matches(function.route, request.path());
    if (!method_ok || !route_ok) {
      check.fail(item,
                 request.method + " " + std::string(request.path()) +
                     " does not match the function's " +
                     (function.method.empty() ? "*" : function.method) + " " +
                     (function.route.empty() ? "(any route)" : function.route),
                 "a baseline request is normal traffic for this function");
    }
  }
}

}  // namespace

void validate_target(Checker& check) {
  const Target& target = check.scenario().target;
  for (std::size_t i = 0; i < target.allow_hosts.size(); ++i) {
    std::string error = check_host_pattern(target.allow_hosts[i]);
    if (!error.empty()) {
      check.fail("target.allow_hosts[" + std::to_string(i) + "]",
                 "'" + target.allow_hosts[i] + "' " + error);
    }
  }
  if (target.kind != TargetKind::url) return;
  std::string error;
  auto parts = parse_target_url(target.url, error);
  if (!parts) {
    check.fail("target.url", "'" + target.url + "' " + error,
               "e.g. url: https://staging.example.com/api");
    return;
  }
  if (is_host_allowed(target.allow_hosts, parts->host)) return;  // loopback is always allowed
  if (target.allow_hosts.empty()) {
    check.fail("target.allow_hosts", "is empty, so nothing may be sent",
               "list the URL's host: allow_hosts: [" + parts->host + "]");
  } else {
    check.fail("target.allow_hosts", "does not contain the URL's host '" + parts->host + "'",
               "add " + parts->host + " if walletfuzz may send load to it");
  }
}

namespace {

// An expectation built in code gets the loader's checks: statuses within 100-599, a valid
// JSON pointer with a JSON value to compare.
void validate_expectation(Checker& check, const ResponseExpectation& expect,
                          const std::string& field) {
  if (check.already_failed(field)) return;
  if (expect.statuses.empty()) check.fail(field + ".status", "lists no status", "e.g. [200, 201]");
  for (const StatusRange& range : expect.statuses) {
    if (range.low < 100 || range.high > 599 || range.low > range.high) {
      check.fail(field + ".status", "status codes lie between 100 and 599");
    }
  }
  if (!expect.json_pointer) return;
  if (const std::string problem = json_pointer_problem(*expect.json_pointer); !problem.empty()) {
    check.fail(field + ".json.pointer", problem);
  }
  boost::system::error_code ec;
  boost::json::parse(expect.json_equals, ec);
  if (ec) check.fail(field + ".json.equals", "is not JSON text: " + ec.message());
}

}  // namespace

void validate_functions(Checker& check) {
  const Scenario& scenario = check.scenario();
  const bool url = scenario.target.kind == TargetKind::url;
  const auto& known = check.options().known_handlers;
  if (url && scenario.functions.empty()) {
    check.fail("functions", "a url target needs at least one function",
               "list each function with its name, route and baseline requests");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < scenario.functions.size(); ++i) {
    const FunctionSpec& function = scenario.functions[i];
    std::string field = "functions[" + std::to_string(i) + "]";
    if (function.name.empty()) {
      check.fail(field + ".name", "must not be empty");
    } else if (!seen.insert(function.name).second) {
      check.fail(field + ".name", "duplicate function name '" + function.name + "'",
                 "each function is listed once");
    } else if (!url && !known.empty() &&
               std::find(known.begin(), known.end(), function.name) == known.end()) {
      const Target& target = scenario.target;
      check.fail(field + ".name",
                 (target.kind == TargetKind::app ? "the app " + target.app.string()
                                                 : std::string("the bundled app")) +
                     " has no handler '" + function.name + "'",
                 suggestion_hint(function.name, known, "its handlers are"));
    } else if (!url) {
      validate_app_route(check, function, field);
    }
    if (url && function.route.empty()) {
      check.fail(field + ".route", "is required for a url target", "e.g. route: /orders");
    } else if (!function.route.empty() &&
               (function.route.front() != '/' ||
                function.route.find_first_of(" \t?#") != std::string::npos)) {
      check.fail(field + ".route", "must be a path starting with '/' (no query)",
                 "e.g. /orders, or /files/* for a prefix");
    }
    if (!function.method.empty() && !is_method_token(function.method)) {
      check.fail(field + ".method", "'" + function.method + "' is not an HTTP method",
                 "upper case, e.g. GET or POST, or * for any");
    }
    if (url && function.baseline.empty()) {
      check.fail(field + ".baseline", "a url target's function needs baseline requests",
                 "normal traffic to compare findings against, e.g. - GET /orders?id=1");
    }
    validate_baseline(check, function, field);
    validate_provider_settings(check, function, field);
    if (function.expect) validate_expectation(check, *function.expect, field + ".expect");
  }
}

}  // namespace walletfuzz::scenarios::detail
