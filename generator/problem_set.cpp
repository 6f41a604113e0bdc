#include "generator/problem_set.hpp"

#include "generator/random.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

namespace chainrule {

const char* chainrule_version() {
    return CHAINRULE_VERSION;
}

std::string template_hash(const std::string& bytes) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(fnv1a64(bytes)));
    return text;
}

std::vector<std::string> changed_templates(const std::vector<TemplateStamp>& before,
                                           const std::vector<TemplateStamp>& now) {
    std::map<std::string, std::pair<const TemplateStamp*, const TemplateStamp*>> both;
    for (const auto& stamp : before)
        both[stamp.id].first = &stamp;
    for (const auto& stamp : now)
        both[stamp.id].second = &stamp;
    std::vector<std::string> changed;
    for (const auto& [id, pair] : both) {
        if (!pair.first)
            changed.push_back(id + " (added)");
        else if (!pair.second)
            changed.push_back(id + " (removed)");
        else if (pair.first->hash != pair.second->hash)
            changed.push_back(id + " (changed)");
    }
    return changed;
}

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
