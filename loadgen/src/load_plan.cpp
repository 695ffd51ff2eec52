#include "walletfuzz/loadgen/load_plan.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/host_allowlist.hpp"

namespace walletfuzz::loadgen {

std::string TargetUrl::authority() const {
  std::string out = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != (tls ? 443 : 80)) out += ":" + std::to_string(port);
  return out;
}

std::string TargetUrl::to_string() const {
  return (tls ? "https://" : "http://") + authority() + base_path;
}

TargetUrl parse_target_url(const std::string& text, const std::string& field) {
  auto bad = [&](const std::string& why) {
    return InputError({"", 0, 0, field}, "\"" + text + "\": " + why,
                      "use http://host[:port][/base] or https://host[:port][/base]");
  };
  TargetUrl url;
  std::string_view rest = text;
  if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else if (rest.starts_with("https://")) {
    url.tls = true;
    rest.remove_prefix(8);
  } else {
    throw bad("scheme must be http or https");
  }
  url.port = url.tls ? 443 : 80;
  const auto slash = rest.find('/');
  if (slash != std::string_view::npos) {
    std::string_view path = rest.substr(slash);
    while (path.ends_with('/')) path.remove_suffix(1);
    if (path.find_first_of("?#") != std::string_view::npos) {
      throw bad("the target must not have a query or fragment");
    }
    url.base_path = std::string(path);
    rest = rest.substr(0, slash);
  }
  if (rest.find('@') != std::string_view::npos) throw bad("user info is not supported");
  std::string_view port_text;
  if (rest.starts_with("[")) {
    const auto close = rest.find(']');
    if (close == std::string_view::npos) throw bad("unclosed '[' in IPv6 address");
    url.host = std::string(rest.substr(1, close - 1));
    rest.remove_prefix(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') throw bad("unexpected text after ']'");
      port_text = rest.substr(1);
      if (port_text.empty()) throw bad("empty port");
    }
  } else {
    const auto colon = rest.rfind(':');
    url.host = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = rest.substr(colon + 1);
      if (port_text.empty()) throw bad("empty port");
    }
  }
  if (url.host.empty()) throw bad("missing host");
  if (!port_text.empty()) {
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      throw bad("port must be 1-65535");
    }
    url.port = static_cast<std::uint16_t>(port);
  }
  return url;
}

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  unsigned index = 0;
  unsigned count = 0;
  bool ok = slash != std::string::npos;
  if (ok) {
    auto r1 = std::from_chars(text.data(), text.data() + slash, index);
    auto r2 = std::from_chars(text.data() + slash + 1, text.data() + text.size(), count);
    ok = r1.ec == std::errc{} && r1.ptr == text.data() + slash && r2.ec == std::errc{} &&
         r2.ptr == text.data() + text.size() && count >= 1 && index < count;
  }
  if (!ok)
    throw InputError({"", 0, 0, "--shard"}, "\"" + text + "\" is not I/N with 0 <= I < N",
                     "e.g. --shard 0/4");
  return {index, count};
}

std::vector<std::string> LoadPlan::validate() const {
  std::vector<std::string> problems;
  auto add = [&](const std::string& field, const std::string& why) {
    problems.push_back(field + ": " + why);
  };
  if (target.host.empty()) add("target", "missing");
  if (allowed_hosts.empty()) add("allowed_hosts", "empty: name the hosts this load may be sent to");
  if (classes.empty()) add("classes", "no request classes: give at least one request file");
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const auto& c = classes[i];
    const std::string at = "classes[" + std::to_string(i) + "]";
    if (c.name.empty()) add(at + ".name", "empty");
    if (!(c.weight > 0) || !std::isfinite(c.weight))
      add(at + ".weight", "must be a positive number");
    for (std::size_t j = 0; j < i; ++j) {
      if (classes[j].name == c.name) add(at + ".name", "duplicate class name \"" + c.name + "\"");
    }
  }
  if (mode == LoadMode::open) {
    if (stages.empty()) add("stages", "open mode needs at least one stage");
    for (std::size_t i = 0; i < stages.size(); ++i) {
      const auto& s = stages[i];
      const std::string at = "stages[" + std::to_string(i) + "]";
      if (s.duration.count() <= 0) add(at + ".duration", "must be positive");
      auto check_rate = [&](double r, const char* name, bool needed) {
        if (!std::isfinite(r) || r < 0 || r > 10'000'000)
          add(at + "." + name, "must be between 0 and 10,000,000 req/s");
        else if (needed && r <= 0)
          add(at + "." + name, "must be positive");
      };
      check_rate(s.start_rate, "rate", s.kind == StageKind::constant);
      check_rate(s.end_rate, s.kind == StageKind::spike ? "peak" : "end_rate",
                 s.kind == StageKind::spike);
      if (s.kind == StageKind::ramp && s.start_rate <= 0 && s.end_rate <= 0)
        add(at, "a ramp needs a non-zero rate at one end");
    }
  } else if (closed_duration.count() <= 0) {
    add("duration", "must be positive");
  }
  if (connections == 0) add("connections", "must be at least 1");
  if (connections > 100'000) add("connections", "at most 100,000");
  if (threads == 0) add("threads", "must be at least 1");
  if (threads > 256) add("threads", "at most 256");
  if (threads > connections && connections > 0) add("threads", "more threads than connections");
  if (shard.count == 0 || shard.index >= shard.count) add("shard", "must be I/N with 0 <= I < N");
  if (connect_timeout.count() <= 0) add("connect_timeout", "must be positive");
  if (request_timeout.count() <= 0) add("request_timeout", "must be positive");
  if (max_requests == 0) add("max_requests", "must be at least 1");
  if (max_duration.count() <= 0) add("max_duration", "must be positive");
  if (max_response_body_bytes == 0) add("max_response_body_bytes", "must be positive");
  return problems;
}

std::uint64_t LoadPlan::scheduled_requests() const {
  double total = 0;
  for (const auto& s : stages) {
    const double d = std::chrono::duration<double>(s.duration).count();
    switch (s.kind) {
      case StageKind::constant:
        total += s.start_rate * d;
        break;
      case StageKind::ramp:
        total += (s.start_rate + s.end_rate) / 2 * d;
        break;
      case StageKind::spike:
        total += s.end_rate * d;
        break;
    }
  }
  return total > 0 ? static_cast<std::uint64_t>(std::floor(total + 1e-6)) : 0;
}

std::chrono::nanoseconds LoadPlan::planned_duration() const {
  if (mode == LoadMode::closed) return closed_duration;
  std::chrono::nanoseconds total{0};
  for (const auto& s : stages) total += s.duration;
  return total;
}

void require_allowed_host(const TargetUrl& target, const std::vector<std::string>& allowed) {
  if (host_matches(allowed, target.host)) return;
  // Each entry once (a scenario may list a loopback name the plan adds too).
  std::string list;
  std::vector<std::string_view> listed;
  for (const auto& host : allowed) {
    if (std::any_of(listed.begin(), listed.end(), [&](auto seen) { return iequals(seen, host); }))
      continue;
    listed.push_back(host);
    list += (list.empty() ? "" : ", ") + host;
  }
  throw InputError({"", 0, 0, "--target"},
                   "host \"" + target.host + "\" is not in the allowed hosts (" +
                       (list.empty() ? "none" : list) + ")",
                   "add it to the scenario's allowed hosts if you own it");
}

}  // namespace walletfuzz::loadgen
