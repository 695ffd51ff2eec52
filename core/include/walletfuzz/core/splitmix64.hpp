#pragma once
// splitmix64: a fixed, well-mixed 64-bit hash. For deterministic choices derived from a seed
// (which traffic class a scheduled request gets, whether a mutation climbs) that must not
// correlate with other generators seeded from the same number.
//
//   std::uint64_t word = walletfuzz::splitmix64(seed);

#include <cstdint>

namespace walletfuzz {

/// The splitmix64 finaliser of `x` (Steele, Lea and Flood's SplittableRandom step).
constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace walletfuzz
