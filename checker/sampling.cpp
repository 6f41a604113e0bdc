#include "checker/sampling.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace chainrule {

SamplePoints::SamplePoints(std::size_t dimensions, std::uint64_t seed)
    : dimensions_(dimensions), state_(seed ^ 0x9E3779B97F4A7C15ULL) {}

std::uint64_t SamplePoints::next_random() {
    // splitmix64: fixed arithmetic, the same on every platform.
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

std::vector<GiNaC::numeric> SamplePoints::next(int spread) {
    std::vector<GiNaC::numeric> point;
    bool coarse = count_ < 6 && spread == 1;
    ++count_;
    for (std::size_t i = 0; i < dimensions_; ++i) {
        // Coarse points: ±1/4, ±3/4, ..., ±11/4. Fine points: odd multiples of 1/64 up to
        // about ±3·spread. Both avoid the integers, where isolated singularities sit.
        long range = coarse ? 6 : 96L * spread;
        long k = static_cast<long>(next_random() % static_cast<std::uint64_t>(2 * range)) - range;
        long denominator = coarse ? 4 : 64;
        point.emplace_back(2 * k + 1, denominator);
    }
    return point;
}

std::vector<GiNaC::numeric> SamplePoints::next_narrow() {
    std::vector<GiNaC::numeric> point;
    ++count_;
    for (std::size_t i = 0; i < dimensions_; ++i) {
        long range = 96;
        long k = static_cast<long>(next_random() % static_cast<std::uint64_t>(2 * range)) - range;
        point.emplace_back(2 * k + 1, 4096);
    }
    return point;
}

std::string format_number(const GiNaC::numeric& value) {
    if (value.is_rational() && value.denom() <= 1024 && abs(value.numer()) < 1000000000) {
        double d = value.to_double();
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.10g", d);
        return buffer;
    }
    double d = value.to_double();
    if (std::isfinite(d) && d != 0 && std::fabs(d) < 1e300 && std::fabs(d) > 1e-300) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.6g", d);
        return buffer;
    }
    if (value.is_zero()) return "0";
    // Beyond a double: write mantissa and exponent from the decimal logarithm.
    GiNaC::numeric magnitude = abs(value);
    GiNaC::numeric log10 = GiNaC::log(GiNaC::ex_to<GiNaC::numeric>(magnitude.evalf())) /
                           GiNaC::log(GiNaC::ex_to<GiNaC::numeric>(GiNaC::numeric(10).evalf()));
    double exponent = std::floor(log10.to_double());
    // The mantissa from the fractional part of the logarithm: never an exact 10^exponent.
    double mantissa = std::pow(10.0, (log10 - GiNaC::numeric(exponent)).to_double());
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%s%.5fe%+.0f", value.is_negative() ? "-" : "", mantissa,
                  exponent);
    return buffer;
}

} // namespace chainrule
