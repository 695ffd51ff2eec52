#include "walletfuzz/core/handler.hpp"

#include <stdexcept>
#include <utility>

namespace walletfuzz {
namespace {

thread_local InvocationContext* current = nullptr;

bool method_matches(std::string_view wanted, std::string_view actual) {
  return wanted == "*" || iequals(wanted, actual);
}

}  // namespace

InvocationContext::InvocationContext(std::string request_id, const FunctionSettings& settings,
                                     Clock::time_point deadline)
    : request_id_(std::move(request_id)), settings_(settings), deadline_(deadline) {}

std::chrono::milliseconds InvocationContext::remaining_time() const noexcept {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
  return left.count() > 0 ? left : std::chrono::milliseconds(0);
}

bool InvocationContext::cancelled() const noexcept {
  return cancel_requested_.load(std::memory_order_relaxed) || Clock::now() >= deadline_;
}

void InvocationContext::note_allocation(std::int64_t delta_bytes) noexcept {
  if (delta_bytes >= 0) {
    auto live = live_bytes_.fetch_add(static_cast<std::uint64_t>(delta_bytes)) +
                static_cast<std::uint64_t>(delta_bytes);
    auto peak = peak_bytes_.load(std::memory_order_relaxed);
    while (live > peak && !peak_bytes_.compare_exchange_weak(peak, live)) {
    }
    return;
  }
  // Frees of memory allocated before this invocation began would drive the count below zero;
  // clamp instead, since only this invocation's growth matters for billing and OOM.
  auto release = static_cast<std::uint64_t>(-delta_bytes);
  auto live = live_bytes_.load(std::memory_order_relaxed);
  while (!live_bytes_.compare_exchange_weak(live, live > release ? live - release : 0)) {
  }
}

std::string_view InvocationContext::env(std::string_view name) const {
  auto it = settings_.environment.find(std::string(name));
  return it == settings_.environment.end() ? std::string_view{} : std::string_view(it->second);
}

InvocationContext* current_invocation() noexcept {
  return current;
}

CurrentInvocation::CurrentInvocation(InvocationContext& context) noexcept : previous_(current) {
  current = &context;
}

CurrentInvocation::~CurrentInvocation() {
  current = previous_;
}

void charge(std::uint64_t work_units) noexcept {
  if (current != nullptr) current->charge(work_units);
}

void HandlerRegistry::add(HandlerSpec spec) {
  if (spec.name.empty()) throw std::invalid_argument("handler without a name");
  if (!spec.invoke) throw std::invalid_argument("handler '" + spec.name + "' has no function");
  if (spec.route.empty() || spec.route.front() != '/') {
    throw std::invalid_argument("handler '" + spec.name + "': route must start with '/'");
  }
  if (find(spec.name) != nullptr) {
    throw std::invalid_argument("duplicate handler name '" + spec.name + "'");
  }
  // Two handlers on one method and route: one of them could never be reached, and which one a
  // request reaches would depend on registration order.
  for (const auto& other : handlers_) {
    if (other.route == spec.route && iequals(other.method, spec.method)) {
      throw std::invalid_argument("handlers '" + other.name + "' and '" + spec.name +
                                  "' both serve " + spec.method + " " + spec.route);
    }
  }
  handlers_.push_back(std::move(spec));
}

const HandlerSpec* HandlerRegistry::find(std::string_view name) const noexcept {
  for (const auto& spec : handlers_) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

HandlerSpec* HandlerRegistry::find(std::string_view name) noexcept {
  // The registry owns its specs as non-const; only the lookup is shared.
  return const_cast<HandlerSpec*>(std::as_const(*this).find(name));
}

const HandlerSpec* HandlerRegistry::route(std::string_view method,
                                          std::string_view path) const noexcept {
  const HandlerSpec* best_prefix = nullptr;
  std::size_t best_length = 0;
  for (const auto& spec : handlers_) {
    if (!method_matches(spec.method, method)) continue;
    std::string_view route = spec.route;
    if (route.back() == '*') {
      route.remove_suffix(1);
      if (path.starts_with(route) && route.size() >= best_length) {
        best_prefix = &spec;
        best_length = route.size();
      }
    } else if (route == path) {
      return &spec;
    }
  }
  return best_prefix;
}

}  // namespace walletfuzz
