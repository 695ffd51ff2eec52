#pragma once
// Per-invocation heap accounting and the memory limit, the way a Lambda function feels them.
//
// The matching .cpp replaces the global operator new/delete (every variant: plain, array,
// nothrow, sized, aligned). While tracking is enabled and a thread runs inside an invocation
// (see CurrentInvocation in handler.hpp), every allocation and free on that thread is reported
// to the invocation through InvocationContext::note_allocation, with the allocator's real block
// size (malloc_usable_size), so live_bytes()/peak_bytes() show what the handler holds. An
// allocation that would lift the invocation's live bytes above `settings().memory_mb` throws
// std::bad_alloc (nothrow forms return nullptr): that is how Lambda's Runtime.OutOfMemory shows
// up in-process, and a runtime or fuzz harness can catch it as such.
//
//   int main() {
//     walletfuzz::enable_allocation_tracking();  // once, before invocations start
//     walletfuzz::FunctionSettings settings{.memory_mb = 128};
//     walletfuzz::InvocationContext context("req-1", settings, deadline);
//     {
//       walletfuzz::CurrentInvocation scope(context);
//       try { handler(request, context); } catch (const std::bad_alloc&) { /* OOM */ }
//     }
//     std::cout << context.peak_bytes();
//   }
//
// Why a call is needed: the replacement operators live in a static library, and a static
// library's object file is linked only when something references it. Calling
// enable_allocation_tracking() references it, so the replacement is in every binary that
// calls it and in no other.
//
// Limits of the model: only allocations made through operator new on the invoking thread are
// seen (plain malloc from C libraries, and threads a handler starts itself, are not). Blocks
// freed inside an invocation but allocated before it are not subtracted below zero.

namespace walletfuzz {

/// Links the replacement operator new/delete into this binary and turns the accounting on for
/// every thread from now on. Idempotent and thread-safe.
void enable_allocation_tracking() noexcept;

/// True once enable_allocation_tracking() has been called in this process.
bool allocation_tracking_enabled() noexcept;

}  // namespace walletfuzz
