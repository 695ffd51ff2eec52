#include "walletfuzz/loadgen/load_runner.hpp"

#include <sys/resource.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <ctime>
#include <memory>
#include <thread>

#include "walletfuzz/core/error.hpp"
#include "walletfuzz/core/request_file.hpp"
#include "walletfuzz/loadgen/metrics_log.hpp"
#include "worker.hpp"

namespace walletfuzz::loadgen {
namespace asio = boost::asio;
using detail::Clock;
using namespace std::chrono_literals;

namespace {

std::string iso_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += (out.empty() ? "" : "; ") + p;
  return out;
}

// The cumulative totals as of the previous interval, so each interval reports the difference.
struct IntervalCounter {
  Clock::time_point start;
  Clock::time_point last;
  ClassStats previous;

  void report(const std::function<void(const IntervalMetrics&)>& hook, const ClassStats& totals,
              Clock::time_point now, bool final) {
    IntervalMetrics metrics;
    metrics.t_s = std::chrono::duration<double>(now - start).count();
    metrics.interval_s = std::chrono::duration<double>(now - last).count();
    metrics.counts = stats_since(totals, previous);
    metrics.final = final;
    hook(metrics);
    previous = totals;
    last = now;
  }
};

}  // namespace

std::string wire_bytes_for_target(const Request& request, const TargetUrl& target) {
  return serialize_request(request_for_target(request, target));
}

Request request_for_target(const Request& request, const TargetUrl& target) {
  Request copy = request;
  const std::string authority = target.authority();
  // Absolute form ("http://elsewhere/a?b"): keep the path and query, swap scheme and authority,
  // so the request cannot be aimed at a host other than the (allowed) target.
  if (copy.target.starts_with("http://") || copy.target.starts_with("https://")) {
    const std::size_t after_scheme = copy.target.find("//") + 2;
    const std::size_t path_start = copy.target.find_first_of("/?", after_scheme);
    const std::string rest = path_start == std::string::npos ? "/" : copy.target.substr(path_start);
    copy.target = (target.tls ? "https://" : "http://") + authority + target.base_path +
                  (rest.starts_with('?') ? "/" + rest : rest);
  } else if (copy.target.starts_with('/')) {
    copy.target = target.base_path + copy.target;
  }
  copy.headers.set("Host", authority);
  return copy;
}

std::uint64_t raise_open_file_limit(std::uint64_t wanted) noexcept {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < wanted) {
    rlimit raised = limit;
    raised.rlim_cur =
        limit.rlim_max == RLIM_INFINITY ? wanted : std::min<rlim_t>(wanted, limit.rlim_max);
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur;
}

Request request_as_sent(const RequestClass& c, const LoadPlan& plan, const EnvLookup& lookup) {
  Request request = c.request;
  for (const auto& h : plan.headers) {
    request.headers.set(h.name,
                        resolve_env_placeholders(
                            h.value, "header " + h.name + " (load.headers or --header)", lookup));
  }
  const std::string at = "request class " + c.name;
  request.target = resolve_env_placeholders(request.target, at + ", request line", lookup);
  Headers resolved;
  for (const auto& field : request.headers) {
    resolved.add(field.name,
                 resolve_env_placeholders(field.value, at + ", header " + field.name, lookup));
  }
  request.headers = std::move(resolved);
  request.body = resolve_env_placeholders(request.body, at + ", body", lookup);
  return request;
}

LoadRunner::LoadRunner(LoadPlan plan) : plan_(std::move(plan)) {
  const auto problems = plan_.validate();
  if (!problems.empty()) throw InputError({"", 0, 0, "load plan"}, joined(problems));
  require_allowed_host(plan_.target, plan_.allowed_hosts);
  // Placeholders are resolved here, before the spend estimate and the first request, so an
  // unset variable ends the command (exit 2) before anything is sent.
  for (const auto& c : plan_.classes) {
    const Request sent = request_for_target(request_as_sent(c, plan_), plan_.target);
    wire_bytes_.push_back(serialize_request(sent));
    templates_.push_back(
        plan_.templates ? RequestTemplate::compile(sent, "request class " + c.name, plan_.data_dir)
                        : std::nullopt);
    checks_.push_back(c.expect ? std::optional<ResponseCheck>(std::in_place, *c.expect,
                                                              "request class " + c.name + " expect")
                               : std::nullopt);
  }
}

LoadResult LoadRunner::run(const RunHooks& hooks) {
  const unsigned threads = plan_.threads;
  raise_open_file_limit(plan_.connections + 64);

  detail::RunShared shared;
  shared.plan = &plan_;
  shared.wire_bytes = wire_bytes_;
  shared.templates = &templates_;
  shared.checks = &checks_;
  {
    asio::io_context resolver_context;
    asio::ip::tcp::resolver resolver(resolver_context);
    boost::system::error_code ec;
    shared.connection.endpoints =
        resolver.resolve(plan_.target.host, std::to_string(plan_.target.port), ec);
    if (ec) throw RuntimeFailure("cannot resolve " + plan_.target.host + ": " + ec.message());
  }
  shared.connection.host = plan_.target.host;
  shared.connection.tls = plan_.target.tls;
  shared.connection.verify_tls = plan_.verify_tls;
  shared.connection.connect_timeout = plan_.connect_timeout;
  shared.connection.request_timeout = plan_.request_timeout;
  shared.connection.max_body_bytes = plan_.max_response_body_bytes;
  std::unique_ptr<asio::ssl::context> tls;
  if (plan_.target.tls) {
    tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
    if (plan_.verify_tls) {
      tls->set_default_verify_paths();
      tls->set_verify_mode(asio::ssl::verify_peer);
    } else {
      tls->set_verify_mode(asio::ssl::verify_none);
    }
    shared.connection.tls_context = tls.get();
  }
  std::optional<detail::LeakScanner> leak_scanner;
  if (plan_.scan_leaks) {
    leak_scanner.emplace(plan_.leak_allowlist);
    shared.leak_scanner = &*leak_scanner;
  }
  std::vector<double> weights;
  for (const auto& c : plan_.classes) {
    shared.head_request.push_back(iequals(c.request.method, "HEAD"));
    weights.push_back(c.weight);
  }
  shared.cumulative_weights = cumulative_shares(weights);
  std::optional<ArrivalSchedule> schedule;
  if (plan_.mode == LoadMode::open) {
    schedule.emplace(plan_.stages, plan_.max_requests, plan_.seed, weights);
    shared.schedule = &*schedule;
    const std::uint64_t size = schedule->size();
    shared.shard_size = size > plan_.shard.index
                            ? (size - plan_.shard.index + plan_.shard.count - 1) / plan_.shard.count
                            : 0;
  }

  std::vector<std::unique_ptr<detail::Worker>> workers;
  for (unsigned t = 0; t < threads; ++t) {
    const unsigned share = plan_.connections / threads + (t < plan_.connections % threads ? 1 : 0);
    workers.push_back(std::make_unique<detail::Worker>(shared, t, share));
  }

  // Open every connection before the clock starts, so connection setup does not eat into the
  // first requests' latency and a dead target is reported before any load is counted.
  std::vector<unsigned> opened(threads, 0);
  {
    std::vector<std::jthread> openers;
    for (unsigned t = 0; t < threads; ++t)
      openers.emplace_back([&, t] { opened[t] = workers[t]->preconnect(); });
  }
  unsigned total_open = 0;
  for (unsigned n : opened) total_open += n;
  if (total_open == 0) {
    throw RuntimeFailure(
        "cannot connect to " + plan_.target.to_string() +
        (plan_.target.tls ? " (TCP connect or TLS handshake failed)" : " (TCP connect failed)"));
  }

  LoadResult result;
  result.target = plan_.target.to_string();
  result.mode = plan_.mode == LoadMode::open ? "open" : "closed";
  result.started_at = iso_now();
  result.shard_index = plan_.shard.index;
  result.shard_count = plan_.shard.count;
  result.connections = plan_.connections;
  result.threads = threads;
  result.max_baseline_check_failures = plan_.max_baseline_check_failures;

  const auto start = Clock::now() + 5ms;
  IntervalCounter interval{start, start, {}};
  {
    std::vector<std::jthread> runners;
    const bool publish = hooks.on_progress || hooks.on_interval;
    for (unsigned t = 0; t < threads; ++t)
      runners.emplace_back([&, t] { workers[t]->run(start, publish); });
    // Monitor: interrupts and progress, never touching the workers' statistics directly.
    auto next_progress = start + 1s;
    bool interrupted = false;
    for (;;) {
      bool all_done = true;
      for (auto& w : workers) all_done = all_done && w->finished();
      if (all_done) break;
      if (!interrupted && hooks.interrupt != nullptr && *hooks.interrupt != 0) {
        interrupted = true;
        for (auto& w : workers) w->request_stop("interrupted");
      }
      const auto now = Clock::now();
      if (publish && now >= next_progress) {
        ProgressSnapshot snapshot;
        snapshot.elapsed = now - start;
        snapshot.planned = plan_.planned_duration();
        for (auto& w : workers) w->progress().merge_into(snapshot.totals);
        if (hooks.on_progress) hooks.on_progress(snapshot);
        if (hooks.on_interval) interval.report(hooks.on_interval, snapshot.totals, now, false);
        next_progress += 1s;
      }
      std::this_thread::sleep_for(50ms);
    }
  }
  const auto end = Clock::now();

  // Merge per-thread statistics once, now that every worker thread has ended.
  result.classes.resize(plan_.classes.size());
  Clock::time_point stopped_at = start;
  Clock::time_point last_sent = start;
  for (std::size_t i = 0; i < plan_.classes.size(); ++i) {
    const auto& c = plan_.classes[i];
    result.classes[i].name = c.name;
    result.classes[i].kind = c.kind;
    result.classes[i].handler = c.handler;
    result.classes[i].finding_id = c.finding_id;
    result.classes[i].weight = c.weight;
  }
  for (auto& w : workers) {
    for (std::size_t i = 0; i < plan_.classes.size(); ++i)
      w->stats()[i].merge_into(result.classes[i].stats);
    if (!w->stop_reason().empty() && !result.partial) {
      result.partial = true;
      result.partial_reason = w->stop_reason();
    }
    stopped_at = std::max(stopped_at, w->stopped_at());
    last_sent = std::max(last_sent, w->last_sent_at());
  }
  // The last interval ends at the exact totals, so the live lines add up to load.json.
  if (hooks.on_interval) interval.report(hooks.on_interval, result.totals(), end, true);
  result.duration_s = std::chrono::duration<double>(end - start).count();
  if (result.partial) {
    result.send_duration_s = std::chrono::duration<double>(stopped_at - start).count();
  } else if (plan_.mode == LoadMode::open) {
    // The sending window of a complete open run is where the next arrival would have been due
    // (the end of the stages, or the point where the request cap cut the schedule), or later
    // when requests went out late: a client that fell behind and caught up past the planned end
    // did not achieve the planned rate, and the achieved rate must say so.
    const double planned = std::chrono::duration<double>(schedule->due(schedule->size())).count();
    result.send_duration_s =
        std::max(planned, std::chrono::duration<double>(last_sent - start).count());
  } else {
    result.send_duration_s = std::min(std::chrono::duration<double>(plan_.closed_duration).count(),
                                      std::chrono::duration<double>(stopped_at - start).count());
  }
  if (plan_.mode == LoadMode::open && result.send_duration_s > 0) {
    const double planned = std::chrono::duration<double>(schedule->due(schedule->size())).count();
    result.target_rate = planned > 0 ? static_cast<double>(shared.shard_size) / planned : 0;
  }
  return result;
}

}  // namespace walletfuzz::loadgen
