#include "worker.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <optional>
#include <string_view>

#include "walletfuzz/loadgen/retry_after.hpp"

namespace walletfuzz::loadgen::detail {
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {
// A request sent more than this after its due time counts as late (it is still sent, and its
// latency, measured from the due time, carries the delay).
constexpr auto late_threshold = 1ms;

std::uint64_t nanos(Clock::duration d) {
  return d.count() > 0 ? static_cast<std::uint64_t>(std::chrono::nanoseconds(d).count()) : 0;
}
}  // namespace

Worker::Worker(const RunShared& shared, unsigned index, unsigned connections)
    : shared_(shared),
      plan_(*shared.plan),
      index_(index),
      stats_(shared.plan->classes.size()),
      leak_memo_(shared.plan->classes.size()),
      next_k_(index) {
  connections_.reserve(connections);
  for (unsigned i = 0; i < connections; ++i) {
    connections_.push_back(make_connection(ioc_, shared_.connection, *this));
    idle_.push_back(connections_.back().get());
  }
  if (plan_.mode == LoadMode::closed) {
    // The closed-mode request cap is split over shards and threads like the open schedule.
    const std::uint64_t shard_cap =
        plan_.max_requests / plan_.shard.count +
        (plan_.shard.index < plan_.max_requests % plan_.shard.count ? 1 : 0);
    closed_cap_ = shard_cap / plan_.threads + (index_ < shard_cap % plan_.threads ? 1 : 0);
  }
}

unsigned Worker::preconnect() {
  connects_pending_ = static_cast<unsigned>(connections_.size());
  for (auto& c : connections_) c->connect();
  if (connects_pending_ > 0) {
    sweeping_ = true;
    start_sweep();
  }
  ioc_.run();
  ioc_.restart();
  return connected_;
}

void Worker::on_connected(ConnectionBase&, bool ok) {
  connected_ += ok ? 1 : 0;
  if (--connects_pending_ == 0) stop_sweep();
}

void Worker::run(Clock::time_point start, bool publish_progress) {
  start_ = start;
  last_sent_at_ = start;
  publish_ = publish_progress;
  deadline_.expires_at(start_ + plan_.max_duration);
  deadline_.async_wait([this](boost::system::error_code ec) {
    if (!ec) stop("duration cap");
  });
  if (publish_) this->publish_progress();
  sweeping_ = true;
  start_sweep();
  if (plan_.mode == LoadMode::closed) {
    tick_.expires_at(start_);
    tick_.async_wait([this](boost::system::error_code ec) {
      if (ec || stopping_) return;
      const auto now = Clock::now();
      while (!idle_.empty() && closed_mode_wants_more(now)) {
        ConnectionBase* c = idle_.back();
        idle_.pop_back();
        const Job job = next_closed_job(now);
        admit(job);
        send(*c, job, now);
      }
      // End of the closed-mode window: not a cap, the planned end.
      tick_.expires_at(start_ + plan_.closed_duration);
      tick_.async_wait([this](boost::system::error_code tec) {
        if (!tec && !stopping_) {
          stop("");
        }
      });
      maybe_finish();
    });
  } else {
    schedule_tick(Clock::now());
    maybe_finish();  // an empty share (more shards or threads than requests) ends at once
  }
  ioc_.run();
  finished_.store(true);
}

void Worker::request_stop(const std::string& reason) {
  asio::post(ioc_, [this, reason] { stop(reason); });
}

// ---- open loop -------------------------------------------------------------------------------

// Coordinated omission: a closed-loop tester waits for a response before sending the next
// request, so when the server stalls it stops asking and records one slow sample where users
// would have seen hundreds. Here request n is due at start + schedule.due(n) whatever the server
// does; its latency is measured from that due time, so a stall shows up in every request that
// was due during it. The latency from the actual write is kept beside it (uncorrected), and a
// request that cannot get a connection within max_lateness is counted as dropped, not hidden.
void Worker::on_tick() {
  if (stopping_) return;
  const auto now = Clock::now();
  const std::uint64_t stride = plan_.threads;
  while (next_k_ < shared_.shard_size) {
    const std::uint64_t n = plan_.shard.index + plan_.shard.count * next_k_;
    const auto due = start_ + std::chrono::duration_cast<Clock::duration>(shared_.schedule->due(n));
    if (due > now) break;
    admit({n, shared_.schedule->class_of(n), due});
    next_k_ += stride;
  }
  drop_expired(now);
  dispatch(now);
  schedule_tick(now);
  maybe_finish();
}

void Worker::schedule_tick(Clock::time_point now) {
  if (stopping_) return;
  Clock::time_point wake = Clock::time_point::max();
  if (next_k_ < shared_.shard_size) {
    const std::uint64_t n = plan_.shard.index + plan_.shard.count * next_k_;
    wake = start_ + std::chrono::duration_cast<Clock::duration>(shared_.schedule->due(n));
  }
  if (!backlog_.empty()) wake = std::min(wake, backlog_.front().due + plan_.max_lateness + 1ns);
  if (wake == Clock::time_point::max()) return;
  tick_.expires_at(std::max(wake, now));
  tick_.async_wait([this](boost::system::error_code ec) {
    if (!ec) on_tick();
  });
}

void Worker::admit(const Job& job) {
  ClassStats& s = stats_[job.cls];
  ++s.scheduled;
  if (plan_.mode == LoadMode::open && backlog_.size() >= plan_.max_backlog) {
    ++s.dropped;
    return;
  }
  if (plan_.mode == LoadMode::open) backlog_.push_back(job);
}

void Worker::drop_expired(Clock::time_point now) {
  while (!backlog_.empty() && now - backlog_.front().due > plan_.max_lateness) {
    ++stats_[backlog_.front().cls].dropped;
    backlog_.pop_front();
  }
}

void Worker::dispatch(Clock::time_point now) {
  drop_expired(now);
  while (!backlog_.empty() && !idle_.empty()) {
    const Job job = backlog_.front();
    backlog_.pop_front();
    ConnectionBase* c = idle_.back();
    idle_.pop_back();
    if (now - job.due > late_threshold) ++stats_[job.cls].late;
    send(*c, job, now);
  }
}

void Worker::send(ConnectionBase& connection, const Job& job, Clock::time_point now) {
  last_sent_at_ = now;
  ClassStats& s = stats_[job.cls];
  ++s.sent;
  const std::string* bytes = &shared_.wire_bytes[job.cls];
  const auto& compiled = (*shared_.templates)[job.cls];
  if (compiled) {
    // {{seq}} numbers the run's requests: open mode's schedule index is already global; closed
    // mode counts per thread, so its streams are interleaved (stream + streams * n).
    const std::uint64_t seq = plan_.mode == LoadMode::open
                                  ? job.n
                                  : std::uint64_t{plan_.shard.index} * plan_.threads + index_ +
                                        std::uint64_t{plan_.shard.count} * plan_.threads * job.n;
    compiled->expand(seq, plan_.seed, connection.request_buffer());
    bytes = &connection.request_buffer();
  }
  s.bytes_out += bytes->size();
  ++in_flight_;
  connection.start(job, *bytes, shared_.head_request[job.cls]);
}

// ---- closed loop -----------------------------------------------------------------------------

bool Worker::closed_mode_wants_more(Clock::time_point now) const {
  return !stopping_ && closed_sent_ < closed_cap_ && now < start_ + plan_.closed_duration;
}

Job Worker::next_closed_job(Clock::time_point now) {
  const std::uint64_t stream = std::uint64_t{plan_.shard.index} * plan_.threads + index_;
  const std::uint64_t n = closed_sent_++;
  return {n, pick_class(shared_.cumulative_weights, plan_.seed, stream, n), now};
}

// ---- completions -----------------------------------------------------------------------------

void Worker::on_finished(ConnectionBase& connection, const Job& job, const Outcome& outcome) {
  --in_flight_;
  ClassStats& s = stats_[job.cls];
  if (outcome.ok) {
    record_response(s, job, outcome);
  } else {
    ++s.errors[static_cast<std::size_t>(outcome.error)];
  }
  if (stopping_) {
    idle_.push_back(&connection);
    maybe_finish();
    return;
  }
  const auto now = Clock::now();
  if (plan_.mode == LoadMode::closed) {
    if (closed_mode_wants_more(now)) {
      const Job next = next_closed_job(now);
      admit(next);
      send(connection, next, now);
    } else {
      idle_.push_back(&connection);
      maybe_finish();
    }
    return;
  }
  idle_.push_back(&connection);
  dispatch(now);
  maybe_finish();
}

void Worker::record_response(ClassStats& s, const Job& job, const Outcome& outcome) {
  const auto& message = *outcome.message;
  ++s.responses;
  const unsigned code = message.result_int();
  ++s.status[code < s.status.size() ? code : 0];
  if (code == 429) ++s.throttled;
  const auto retry_after = message.find(boost::beast::http::field::retry_after);
  if (retry_after != message.end()) {
    ++s.retry_after_seen;
    const auto date = message.find(boost::beast::http::field::date);
    const auto seconds = retry_after_seconds(
        retry_after->value(),
        date != message.end() ? std::optional<std::string_view>(date->value()) : std::nullopt,
        std::chrono::system_clock::now());
    if (seconds) {
      s.retry_after_max_s = std::max(s.retry_after_max_s, *seconds);
    } else {
      ++s.retry_after_malformed;
    }
  }
  if (const auto& check = (*shared_.checks)[job.cls]) {
    ++s.checked;
    if (!check->passes(message)) ++s.check_failures;
  }
  s.bytes_in += outcome.bytes_in;
  s.latency.record(nanos(outcome.done_at - job.due));
  s.latency_uncorrected.record(nanos(outcome.done_at - outcome.sent_at));
  if (shared_.leak_scanner != nullptr) {
    switch (
        leak_memo_.scan(*shared_.leak_scanner, job.cls, message, plan_.classes[job.cls].handler)) {
      case detail::LeakVerdict::leak:
        ++s.leaks;
        break;
      case detail::LeakVerdict::allowlisted:
        ++s.leaks_allowlisted;
        break;
      case detail::LeakVerdict::none:
        break;
    }
  }
}

// ---- deadlines -------------------------------------------------------------------------------

// One timer for every connection's deadline, rather than one armed and cancelled around each
// read and write: a timeout fires up to one period late, a tenth of the shorter timeout (at
// most 100 ms, at least 1 ms).
void Worker::start_sweep() {
  const auto shorter =
      std::min(shared_.connection.connect_timeout, shared_.connection.request_timeout);
  const Clock::duration period = std::clamp<Clock::duration>(
      shorter / 10, std::chrono::milliseconds(1), std::chrono::milliseconds(100));
  sweep_.expires_after(period);
  sweep_.async_wait([this](boost::system::error_code ec) {
    // A wait that completed just before stop_sweep() still runs: the flag ends the series.
    if (ec || !sweeping_) return;
    const auto now = Clock::now();
    for (auto& c : connections_) c->expire_if_due(now);
    start_sweep();
  });
}

void Worker::stop_sweep() {
  sweeping_ = false;
  sweep_.cancel();
}

// ---- stopping --------------------------------------------------------------------------------

void Worker::stop(const std::string& reason) {
  if (stopping_) return;
  stopping_ = true;
  stop_reason_ = reason;
  stopped_at_ = Clock::now();
  tick_.cancel();
  deadline_.cancel();
  // Requests that came due but never got a connection are dropped, and counted as such.
  for (const Job& job : backlog_) ++stats_[job.cls].dropped;
  backlog_.clear();
  if (in_flight_ > 0) {
    drain_.expires_after(plan_.drain_timeout);
    drain_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      // Out of patience: closing the sockets completes the pending requests as "aborted".
      for (auto& c : connections_) c->close();
    });
  }
  maybe_finish();
}

void Worker::maybe_finish() {
  if (in_flight_ > 0) return;
  if (!stopping_) {
    if (plan_.mode == LoadMode::open && (next_k_ < shared_.shard_size || !backlog_.empty())) return;
    if (plan_.mode == LoadMode::closed && closed_mode_wants_more(Clock::now())) return;
    stopping_ = true;
    stopped_at_ = Clock::now();
  }
  finish();
}

void Worker::finish() {
  tick_.cancel();
  deadline_.cancel();
  drain_.cancel();
  progress_timer_.cancel();
  stop_sweep();
  for (auto& c : connections_) c->close();
  publish_ = false;
  publish_progress();  // the final totals, without re-arming the timer
}

void Worker::publish_progress() {
  ClassStats totals;
  for (const auto& s : stats_) s.merge_into(totals);
  {
    std::lock_guard lock(progress_mutex_);
    progress_ = std::move(totals);
  }
  if (!publish_) return;
  progress_timer_.expires_after(1s);
  progress_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) publish_progress();
  });
}

ClassStats Worker::progress() const {
  std::lock_guard lock(progress_mutex_);
  return progress_;
}

}  // namespace walletfuzz::loadgen::detail
