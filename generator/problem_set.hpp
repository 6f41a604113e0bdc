#pragma once
// A problem set: the problems generated from a spec for one student (or for the class).
#include "generator/problem.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace chainrule {

/// The format name written at the top of a problem set file.
inline constexpr const char* problem_set_format = "chainrule-problem-set/1";

/// Generated problems, in order.
struct ProblemSet {
    std::string title;
    std::uint64_t spec_seed = 0; ///< the seed the spec gives
    std::string student;         ///< "" when not generated for one student
    std::uint64_t seed = 0;      ///< the seed the problems were drawn from
    std::vector<Problem> problems;

    /// The sum of the problems' points.
    double total_points() const;
};

/// Points written as people write them: "2", "1.5".
std::string format_points(double points);

} // namespace chainrule
