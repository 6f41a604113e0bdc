#include "generator/random.hpp"

namespace chainrule {

std::uint64_t fnv1a64(std::string_view bytes) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

namespace {

std::uint64_t finalize(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

} // namespace

std::uint64_t mix_seeds(std::uint64_t a, std::uint64_t b) {
    return finalize(finalize(a + 0x9e3779b97f4a7c15ULL) ^ (b + 0x632be59bd9b4e019ULL));
}

std::uint64_t Random::next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return finalize(state_);
}

std::uint64_t Random::below(std::uint64_t n) {
    if (n == 0) return 0;
    // Reject the top partial block of 2^64 so that every residue is equally likely.
    std::uint64_t limit = (~std::uint64_t{0}) - ((~std::uint64_t{0}) % n + 1) % n;
    while (true) {
        std::uint64_t x = next();
        if (x <= limit) return x % n;
    }
}

std::int64_t Random::between(std::int64_t low, std::int64_t high) {
    std::uint64_t span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
    if (span == ~std::uint64_t{0}) return static_cast<std::int64_t>(next());
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + below(span + 1));
}

} // namespace chainrule
