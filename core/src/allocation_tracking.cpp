#include "walletfuzz/core/allocation_tracking.hpp"

#include <malloc.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "walletfuzz/core/handler.hpp"

// The replacement operators below are defined in this translation unit together with
// enable_allocation_tracking(), so they are linked exactly into the binaries that call it.
// They must not allocate themselves: the accounting uses only atomics and a thread_local
// pointer that is constant-initialised.

namespace walletfuzz {
namespace {

std::atomic<bool> tracking_enabled{false};

constexpr std::uint64_t bytes_per_mb = 1024 * 1024;

// The invocation to charge, or nullptr when tracking is off or no invocation runs here.
InvocationContext* tracked_invocation() noexcept {
  if (!tracking_enabled.load(std::memory_order_relaxed)) return nullptr;
  return current_invocation();
}

// True if `size` more bytes would take the invocation past its configured memory size.
bool exceeds_memory_size(const InvocationContext& context, std::size_t size) noexcept {
  std::uint64_t limit = std::uint64_t{context.settings().memory_mb} * bytes_per_mb;
  std::uint64_t live = context.live_bytes();
  return size > limit || live > limit - size;
}

void* raw_allocate(std::size_t size, std::size_t alignment) noexcept {
  if (size == 0) size = 1;
  if (alignment <= alignof(std::max_align_t)) return std::malloc(size);
  void* block = nullptr;
  if (alignment < sizeof(void*)) alignment = sizeof(void*);
  return posix_memalign(&block, alignment, size) == 0 ? block : nullptr;
}

// Allocation without throwing: nullptr on failure or when the memory size would be exceeded.
// `over_limit` tells the throwing callers not to consult the new-handler in that case, since
// freeing process-wide memory would not help an invocation over its own budget.
void* tracked_allocate(std::size_t size, std::size_t alignment, bool& over_limit) noexcept {
  over_limit = false;
  InvocationContext* context = tracked_invocation();
  if (context != nullptr && exceeds_memory_size(*context, size)) {
    over_limit = true;
    return nullptr;
  }
  void* block = raw_allocate(size, alignment);
  if (block != nullptr && context != nullptr) {
    context->note_allocation(static_cast<std::int64_t>(malloc_usable_size(block)));
  }
  return block;
}

void* allocate_or_throw(std::size_t size, std::size_t alignment) {
  for (;;) {
    bool over_limit = false;
    if (void* block = tracked_allocate(size, alignment, over_limit)) return block;
    std::new_handler handler = std::get_new_handler();
    if (over_limit || handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

void* allocate_or_null(std::size_t size, std::size_t alignment) noexcept {
  bool over_limit = false;
  return tracked_allocate(size, alignment, over_limit);
}

void deallocate(void* block) noexcept {
  if (block == nullptr) return;
  if (InvocationContext* context = tracked_invocation()) {
    context->note_allocation(-static_cast<std::int64_t>(malloc_usable_size(block)));
  }
  std::free(block);
}

}  // namespace

void enable_allocation_tracking() noexcept {
  tracking_enabled.store(true, std::memory_order_relaxed);
}

bool allocation_tracking_enabled() noexcept {
  return tracking_enabled.load(std::memory_order_relaxed);
}

}  // namespace walletfuzz

using walletfuzz::allocate_or_null;
using walletfuzz::allocate_or_throw;
using walletfuzz::deallocate;

void* operator new(std::size_t size) {
  return allocate_or_throw(size, 0);
}
void* operator new[](std::size_t size) {
  return allocate_or_throw(size, 0);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return allocate_or_null(size, 0);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return allocate_or_null(size, 0);
}
void* operator new(std::size_t size, std::align_val_t alignment) {
  return allocate_or_throw(size, static_cast<std::size_t>(alignment));
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
  return allocate_or_throw(size, static_cast<std::size_t>(alignment));
}
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return allocate_or_null(size, static_cast<std::size_t>(alignment));
}
void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return allocate_or_null(size, static_cast<std::size_t>(alignment));
}

void operator delete(void* block) noexcept {
  deallocate(block);
}
void operator delete[](void* block) noexcept {
  deallocate(block);
}
void operator delete(void* block, std::size_t) noexcept {
  deallocate(block);
}
void operator delete[](void* block, std::size_t) noexcept {
  deallocate(block);
}
void operator delete(void* block, const std::nothrow_t&) noexcept {
  deallocate(block);
}
void operator delete[](void* block, const std::nothrow_t&) noexcept {
  deallocate(block);
}
void operator delete(void* block, std::align_val_t) noexcept {
  deallocate(block);
}
void operator delete[](void* block, std::align_val_t) noexcept {
  deallocate(block);
}
void operator delete(void* block, std::size_t, std::align_val_t) noexcept {
  deallocate(block);
}
void operator delete[](void* block, std::size_t, std::align_val_t) noexcept {
  deallocate(block);
}
void operator delete(void* block, std::align_val_t, const std::nothrow_t&) noexcept {
  deallocate(block);
}
void operator delete[](void* block, std::align_val_t, const std::nothrow_t&) noexcept {
  deallocate(block);
}
