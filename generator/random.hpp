#pragma once
// Deterministic randomness: the same seed gives the same numbers on every machine and with
// every standard library, because nothing here uses <random>'s distributions.
#include <cstdint>
#include <string_view>

namespace chainrule {

/// FNV-1a, 64 bits: a stable hash of bytes (student ids, template ids).
std::uint64_t fnv1a64(std::string_view bytes);

/// Combines two 64-bit values into a well-mixed seed (order matters).
std::uint64_t mix_seeds(std::uint64_t a, std::uint64_t b);

/// A splitmix64 generator with its own mapping of numbers to ranges.
class Random {
  public:
    /// A generator whose sequence is fixed by seed.
    explicit Random(std::uint64_t seed) : state_(seed) {}

    /// The next 64 random bits.
    std::uint64_t next();

    /// A uniform integer in [0, n), without modulo bias (n > 0; 0 for n == 0).
    std::uint64_t below(std::uint64_t n);

    /// A uniform integer in [low, high] (inclusive; low <= high).
    std::int64_t between(std::int64_t low, std::int64_t high);

  private:
    std::uint64_t state_;
};

} // namespace chainrule
