#include "walletfuzz/fuzzers/request_minimizer.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "walletfuzz/core/request_file.hpp"

namespace walletfuzz::fuzzers {
namespace {

using Clock = std::chrono::steady_clock;

// Counts evaluations and checks the budget, so the strategies below stay short.
class Search {
 public:
  Search(const StillInteresting& interesting, const MinimizeBudget& budget)
      : interesting_(interesting), budget_(budget), deadline_(Clock::now() + budget.max_time) {}

  // An evaluation that would end past the deadline is not started: one evaluation of a slow
  // finding is several runs of an input that takes seconds, and starting it a moment before the
  // deadline overran an 8 s budget by 24 s. The longest evaluation so far is the estimate.
  bool exhausted() const {
    return evaluations_ >= budget_.max_evaluations || Clock::now() + longest_ >= deadline_;
  }
  // True (and counted) when the candidate is still interesting; false once the budget is gone.
  bool keeps(const Request& candidate) {
    if (exhausted()) return false;
    ++evaluations_;
    const auto started = Clock::now();
    const bool kept = interesting_(candidate);
    longest_ = std::max(longest_, Clock::now() - started);
    return kept;
  }
  std::size_t evaluations() const { return evaluations_; }

 private:
  const StillInteresting& interesting_;
  MinimizeBudget budget_;
  Clock::time_point deadline_;
  Clock::duration longest_ = budget_.expected_evaluation;
  std::size_t evaluations_ = 0;
};

std::vector<std::string> split_query(std::string_view query) {
  std::vector<std::string> params;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    params.emplace_back(query.substr(start, amp - start));
    start = amp + 1;
  }
  return params;
}

std::string join_target(std::string_view path, const std::vector<std::string>& params) {
  std::string target(path);
  bool first = true;
  for (const auto& param : params) {
    if (param.empty()) continue;
    target += first ? '?' : '&';
    target += param;
    first = false;
  }
  return target;
}

// Deletes chunks of `text` (halves, then quarters, ... down to single bytes) while `accepts`
// says the request built from the shorter text is still interesting. `prefix_keep` bytes at the
// front are never touched (a query parameter's "name=").
template <typename Build>
void shrink_text(std::string& text, std::size_t prefix_keep, Search& search, Build build) {
  for (std::size_t chunk = (text.size() - prefix_keep + 1) / 2; chunk >= 1; chunk /= 2) {
    std::size_t pos = prefix_keep;
    while (pos < text.size()) {
      if (search.exhausted()) return;
      std::string shorter = text;
      shorter.erase(pos, chunk);
      if (search.keeps(build(shorter))) {
        text = std::move(shorter);  // retry the same position: the next chunk slid into it
      } else {
        pos += chunk;
      }
    }
    if (chunk == 1) break;
  }
}

}  // namespace

std::size_t request_size(const Request& request) {
  return serialize_request(request).size();
}

MinimizeResult minimize_request(const Request& original, const StillInteresting& interesting,
                                const MinimizeBudget& budget) {
  Search search(interesting, budget);
  Request best = original;

  // 1. Headers, last first, one at a time. Host stays: HTTP/1.1 requires it, and replay rewrites
  // it.
  for (std::size_t i = best.headers.fields().size(); i-- > 0;) {
    const HeaderField& field = best.headers.fields()[i];
    if (iequals(field.name, "Host") || iequals(field.name, "Content-Length")) continue;
    Request candidate = best;
    Headers kept;
    for (std::size_t j = 0; j < best.headers.fields().size(); ++j) {
      if (j != i) kept.add(best.headers.fields()[j].name, best.headers.fields()[j].value);
    }
    candidate.headers = std::move(kept);
    if (search.keeps(candidate)) best = std::move(candidate);
  }

  // 2. Whole query parameters.
  std::string path(best.path());
  std::vector<std::string> params = split_query(best.query());
  for (std::size_t i = params.size(); i-- > 0;) {
    if (params[i].empty()) continue;
    auto without = params;
    without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
    Request candidate = best;
    candidate.target = join_target(path, without);
    if (search.keeps(candidate)) {
      params = std::move(without);
      best = std::move(candidate);
    }
  }

  // 3. The body, ddmin-style.
  if (!best.body.empty()) {
    shrink_text(best.body, 0, search, [&](const std::string& body) {
      Request candidate = best;
      candidate.body = body;
      return candidate;
    });
  }

  // 4. Each query value, keeping its "name=".
  for (std::size_t i = 0; i < params.size(); ++i) {
    std::size_t eq = params[i].find('=');
    if (eq == std::string::npos) continue;
    shrink_text(params[i], eq + 1, search, [&](const std::string& param) {
      auto changed = params;
      changed[i] = param;
      Request candidate = best;
      candidate.target = join_target(path, changed);
      return candidate;
    });
    best.target = join_target(path, params);
  }

  // Keep Content-Length consistent with the (possibly shorter) body.
  if (best.headers.contains("Content-Length")) {
    best.headers.set("Content-Length", std::to_string(best.body.size()));
  }
  return {.request = std::move(best),
          .evaluations = search.evaluations(),
          .budget_exhausted = search.exhausted()};
}

MinimizeResult minimize_preserving_cost(const Request& original,
                                        const std::function<double(const Request&)>& cost,
                                        double keep_ratio, const MinimizeBudget& budget) {
  // The original's measurement counts against the time, and says how long one evaluation takes.
  const auto started = Clock::now();
  const double floor = keep_ratio * cost(original);
  const auto took = Clock::now() - started;
  MinimizeBudget rest = budget;
  rest.max_time -=
      std::min(std::chrono::duration_cast<std::chrono::milliseconds>(took), budget.max_time);
  rest.expected_evaluation = std::max(budget.expected_evaluation,
                                      std::chrono::duration_cast<std::chrono::milliseconds>(took));
  return minimize_request(
      original, [&](const Request& candidate) { return cost(candidate) >= floor; }, rest);
}

}  // namespace walletfuzz::fuzzers
