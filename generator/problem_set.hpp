#pragma once
// A problem set: the problems generated from a spec for one student (or for the class).
#include "generator/problem.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace chainrule {

/// The format name written at the top of a problem set file.
inline constexpr const char* problem_set_format = "chainrule-problem-set/1";

/// The version of this chainrule ("0.9.0"), as problem sets and reports record it.
const char* chainrule_version();

/// A template a problem set was drawn from, and the hash of its file as it was then.
struct TemplateStamp {
    std::string id;
    std::string hash; ///< 16 hex digits: FNV-1a (64 bits) of the file's bytes

    friend bool operator==(const TemplateStamp&, const TemplateStamp&) = default;
};

/// The hash of a template file's bytes, as TemplateStamp holds it.
std::string template_hash(const std::string& bytes);

/// The templates whose stamps differ between `before` and `now` (changed, added or
/// removed), by id, sorted, each with what changed: "id (changed)", "id (added)", "id
/// (removed)". Empty when they are the same.
std::vector<std::string> changed_templates(const std::vector<TemplateStamp>& before,
                                           const std::vector<TemplateStamp>& now);

/// Generated problems, in order.
struct ProblemSet {
    std::string title;
    std::uint64_t spec_seed = 0; ///< the seed the spec gives
    std::string student;         ///< "" when not generated for one student
    std::uint64_t seed = 0;      ///< the seed the problems were drawn from
    std::vector<Problem> problems;
    /// The chainrule that made the set ("" when a file does not say).
    std::string made_by;
    std::string spec_file; ///< the spec's file name, without its folder ("" when unknown)
    /// The templates the problems were drawn from, by id (empty when a file does not say).
    std::vector<TemplateStamp> templates;

    /// The sum of the problems' points.
    double total_points() const;
};

/// Points written as people write them: "2", "1.5".
std::string format_points(double points);

} // namespace chainrule
