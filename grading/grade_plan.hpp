#pragma once
// Internal to grading (grade_run.cpp and its parts). The plan of a grading run: one row per
// student, and one per file or folder that is not a student's graded submission (skipped,
// unreadable, a refused id, an identity mismatch, a conflict), decided from the files found
// and the options alone, before any worker starts: testable without processes.
#include "generator/problem_source.hpp"
#include "grading/grade_input.hpp"
#include "grading/grade_run.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// One row to produce: either decided already (not graded) or a submission to grade.
struct PlannedRow {
    std::string key;
    nlohmann::ordered_json row;            ///< for rows that are not graded
    std::optional<std::size_t> submission; ///< index into ClassFiles::submissions, to grade
    std::vector<std::string> notes;        ///< for a graded row
};

/// The rows of a run by key (student id, or "file:<path>"), in the order of the reports.
using GradePlan = std::map<std::string, PlannedRow>;

/// The plan for the files found, as options.identity, options.prefer and the roster
/// (`roster_ids`, used when options.roster is set) decide. A student graded as the path names
/// them (--identity folder) has their submission's id changed in `files`.
GradePlan plan_rows(ClassFiles& files, const GradeOptions& options, const ProblemSource& source,
                    const std::vector<std::string>& roster_ids, double set_points);

/// Shard K of N (1-based): every N-th row of the plan, from the K-th.
std::vector<PlannedRow*> shard_rows(GradePlan& plan, std::size_t index, std::size_t count);

} // namespace chainrule
