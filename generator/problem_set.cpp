#include "generator/problem_set.hpp"

#include <charconv>
#include <cmath>

namespace chainrule {

double ProblemSet::total_points() const {
    double total = 0;
    for (const auto& p : problems)
        total += p.points;
    return total;
}

std::string format_points(double points) {
    if (std::isfinite(points) && points == std::floor(points) && std::fabs(points) < 1e15)
        return std::to_string(static_cast<long long>(points));
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, points);
    return std::string(buffer, result.ptr);
}

} // namespace chainrule
