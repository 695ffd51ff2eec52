#include "walletfuzz/core/allocation_tracking.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "walletfuzz/core/handler.hpp"

namespace walletfuzz {
namespace {

constexpr std::size_t mb = 1024 * 1024;

class AllocationTrackingTest : public ::testing::Test {
 protected:
  void SetUp() override { enable_allocation_tracking(); }

  FunctionSettings settings_{.memory_mb = 16};
  InvocationContext context_{"req-1", settings_,
                             InvocationContext::Clock::now() + std::chrono::seconds(30)};
};

TEST_F(AllocationTrackingTest, counts_live_and_peak_bytes_of_the_current_invocation) {
  ASSERT_TRUE(allocation_tracking_enabled());
  {
    CurrentInvocation scope(context_);
    auto block = std::make_unique<char[]>(3 * mb);
    EXPECT_GE(context_.live_bytes(), 3 * mb);
    block.reset();
    EXPECT_LT(context_.live_bytes(), mb);
  }
  EXPECT_GE(context_.peak_bytes(), 3 * mb);
  EXPECT_LT(context_.peak_bytes(), 4 * mb);
}

TEST_F(AllocationTrackingTest, allocations_outside_an_invocation_are_not_counted) {
  auto block = std::make_unique<char[]>(2 * mb);
  EXPECT_EQ(context_.live_bytes(), 0u);
  EXPECT_EQ(context_.peak_bytes(), 0u);
}

TEST_F(AllocationTrackingTest, throws_bad_alloc_beyond_the_memory_size_and_keeps_going) {
  CurrentInvocation scope(context_);
  std::vector<std::unique_ptr<char[]>> held;
  for (int i = 0; i < 7; ++i) held.push_back(std::make_unique<char[]>(2 * mb));  // 14 MB
  EXPECT_THROW((void)std::make_unique<char[]>(4 * mb), std::bad_alloc);
  // Smaller allocations still fit: the invocation is over budget only for what would not fit.
  EXPECT_NO_THROW((void)std::make_unique<char[]>(mb));
  held.clear();
  EXPECT_NO_THROW((void)std::make_unique<char[]>(8 * mb));
}

TEST_F(AllocationTrackingTest, string_growth_hits_the_limit_like_an_out_of_memory_handler) {
  CurrentInvocation scope(context_);
  std::string grows;
  EXPECT_THROW(
      {
        for (;;) grows.append(64 * 1024, 'x');
      },
      std::bad_alloc);
  EXPECT_LE(context_.peak_bytes(), 16 * mb);
  EXPECT_GT(grows.size(), 4 * mb);
}

TEST_F(AllocationTrackingTest, nothrow_and_aligned_forms_are_tracked_and_limited) {
  CurrentInvocation scope(context_);
  void* big = ::operator new(32 * mb, std::nothrow);
  EXPECT_EQ(big, nullptr);
  void* aligned = ::operator new (5 * mb, std::align_val_t{4096});
  ASSERT_NE(aligned, nullptr);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(aligned) % 4096, 0u);
  EXPECT_GE(context_.live_bytes(), 5 * mb);
  EXPECT_THROW((void)::operator new (12 * mb, std::align_val_t{64}), std::bad_alloc);
  ::operator delete (aligned, std::align_val_t{4096});
  EXPECT_LT(context_.live_bytes(), mb);
  auto* array = new (std::nothrow) int[1000];
  ASSERT_NE(array, nullptr);
  EXPECT_GE(context_.live_bytes(), 4000u);
  delete[] array;
}

}  // namespace
}  // namespace walletfuzz
