#pragma once
// Test helper: a gate that handlers running in environment processes wait at, so a test can hold
// invocations open without sleeping. It lives in a shared anonymous mapping with process-shared
// mutex and condition variable, created before the runtime forks, so the test process and every
// environment see the same gate.

#include <pthread.h>
#include <sys/mman.h>
#include <time.h>

#include <new>
#include <stdexcept>

#include "walletfuzz/core/handler.hpp"

namespace walletfuzz::testing {

class SharedGate {
 public:
  SharedGate() {
    void* memory =
        mmap(nullptr, sizeof(State), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) throw std::runtime_error("mmap");
    state_ = new (memory) State;
    pthread_mutexattr_t mutex_attributes;
    pthread_mutexattr_init(&mutex_attributes);
    pthread_mutexattr_setpshared(&mutex_attributes, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&state_->mutex, &mutex_attributes);
    pthread_condattr_t condition_attributes;
    pthread_condattr_init(&condition_attributes);
    pthread_condattr_setpshared(&condition_attributes, PTHREAD_PROCESS_SHARED);
    pthread_condattr_setclock(&condition_attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&state_->changed, &condition_attributes);
  }
  ~SharedGate() { munmap(state_, sizeof(State)); }
  SharedGate(const SharedGate&) = delete;
  SharedGate& operator=(const SharedGate&) = delete;

  /// Called by a handler: counts itself in, then waits until opened or `context` is cancelled
  /// (checked every 5 ms, as handlers poll cancelled()). True if it was opened.
  bool pass(InvocationContext& context) {
    pthread_mutex_lock(&state_->mutex);
    ++state_->entered;
    pthread_cond_broadcast(&state_->changed);
    while (!state_->open && !context.cancelled()) {
      timespec until{};
      clock_gettime(CLOCK_MONOTONIC, &until);
      until.tv_nsec += 5'000'000;
      if (until.tv_nsec >= 1'000'000'000) {
        until.tv_sec += 1;
        until.tv_nsec -= 1'000'000'000;
      }
      pthread_cond_timedwait(&state_->changed, &state_->mutex, &until);
    }
    bool opened = state_->open;
    pthread_mutex_unlock(&state_->mutex);
    return opened;
  }

  /// Blocks until `count` handlers have entered.
  void wait_for_entered(int count) {
    pthread_mutex_lock(&state_->mutex);
    while (state_->entered < count) pthread_cond_wait(&state_->changed, &state_->mutex);
    pthread_mutex_unlock(&state_->mutex);
  }

  void release() {
    pthread_mutex_lock(&state_->mutex);
    state_->open = true;
    pthread_cond_broadcast(&state_->changed);
    pthread_mutex_unlock(&state_->mutex);
  }

 private:
  struct State {
    pthread_mutex_t mutex;
    pthread_cond_t changed;
    int entered = 0;
    bool open = false;
  };
  State* state_ = nullptr;
};

}  // namespace walletfuzz::testing
