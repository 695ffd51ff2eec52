#pragma once
// One load thread: an io_context, a pool of connections and the statistics of every request
// class, touched only by this thread until the run ends.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "connection.hpp"
#include "leak_scan.hpp"
#include "walletfuzz/loadgen/arrival_schedule.hpp"
#include "walletfuzz/loadgen/load_plan.hpp"
#include "walletfuzz/loadgen/load_result.hpp"
#include "walletfuzz/loadgen/request_template.hpp"
#include "walletfuzz/loadgen/response_check.hpp"

namespace walletfuzz::loadgen::detail {

/// Read-only state every worker shares.
struct RunShared {
  const LoadPlan* plan = nullptr;
  ConnectionSettings connection;
  std::vector<std::string> wire_bytes;  ///< per class
  std::vector<bool> head_request;       ///< per class
  /// Per class: the compiled template, or nullopt to send wire_bytes as they are.
  const std::vector<std::optional<RequestTemplate>>* templates = nullptr;
  /// Per class: the compiled `expect:`, or nullopt when its responses are not checked.
  const std::vector<std::optional<ResponseCheck>>* checks = nullptr;
  const ArrivalSchedule* schedule = nullptr;  ///< open mode
  std::vector<double> cumulative_weights;     ///< closed mode
  std::uint64_t shard_size = 0;               ///< open mode: requests of this shard
  const LeakScanner* leak_scanner = nullptr;  ///< shared; the detector is thread-safe
};

class Worker final : public ConnectionOwner {
 public:
  Worker(const RunShared& shared, unsigned index, unsigned connections);

  /// Opens every connection of the pool (runs this thread's loop until all tried); returns how
  /// many are open.
  unsigned preconnect();
  /// Runs the load from `start` until done or stopped; returns when the loop is empty.
  void run(Clock::time_point start, bool publish_progress);
  /// Thread-safe: stop sending, drain, finish. The first reason wins.
  void request_stop(const std::string& reason);

  /// Thread-safe copy of the totals as of the last progress tick.
  ClassStats progress() const;
  /// After run(): the per-class statistics, and why it stopped early (empty if it did not).
  std::vector<ClassStats>& stats() noexcept { return stats_; }
  const std::string& stop_reason() const noexcept { return stop_reason_; }
  Clock::time_point stopped_at() const noexcept { return stopped_at_; }
  /// When the last request was handed to a connection (start time if none was).
  Clock::time_point last_sent_at() const noexcept { return last_sent_at_; }
  bool finished() const noexcept { return finished_.load(); }

  void on_connected(ConnectionBase& connection, bool ok) override;
  void on_finished(ConnectionBase& connection, const Job& job, const Outcome& outcome) override;

 private:
  void on_tick();
  void admit(const Job& job);
  void drop_expired(Clock::time_point now);
  void dispatch(Clock::time_point now);
  void send(ConnectionBase& connection, const Job& job, Clock::time_point now);
  void schedule_tick(Clock::time_point now);
  bool closed_mode_wants_more(Clock::time_point now) const;
  Job next_closed_job(Clock::time_point now);
  void stop(const std::string& reason);
  void maybe_finish();
  void finish();
  void publish_progress();
  void start_sweep();
  void stop_sweep();
  void record_response(ClassStats& s, const Job& job, const Outcome& outcome);

  const RunShared& shared_;
  const LoadPlan& plan_;
  unsigned index_;
  // One thread runs this loop, so the reactor's per-socket locks are pure cost (2% of the
  // client's CPU at 100k req/s); the scheduler stays locked for request_stop's post from the
  // monitor thread.
  boost::asio::io_context ioc_{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
  boost::asio::steady_timer tick_{ioc_};
  boost::asio::steady_timer deadline_{ioc_};
  boost::asio::steady_timer drain_{ioc_};
  boost::asio::steady_timer progress_timer_{ioc_};
  // Enforces the connections' connect and request deadlines (ConnectionBase::expire_if_due).
  boost::asio::steady_timer sweep_{ioc_};
  bool sweeping_ = false;
  std::vector<std::unique_ptr<ConnectionBase>> connections_;
  std::vector<ConnectionBase*> idle_;
  std::deque<Job> backlog_;
  std::vector<ClassStats> stats_;
  LeakScanMemo leak_memo_;

  Clock::time_point start_;
  std::uint64_t next_k_ =
      0;  // open mode: next index into this shard's schedule (k = index_ mod threads)
  std::uint64_t closed_sent_ = 0;  // closed mode: requests started
  std::uint64_t closed_cap_ = 0;
  std::size_t in_flight_ = 0;
  unsigned connects_pending_ = 0;
  unsigned connected_ = 0;
  bool stopping_ = false;
  bool publish_ = false;
  std::string stop_reason_;
  Clock::time_point stopped_at_{};
  Clock::time_point last_sent_at_{};
  std::atomic<bool> finished_{false};

  mutable std::mutex progress_mutex_;
  ClassStats progress_;
};

}  // namespace walletfuzz::loadgen::detail
