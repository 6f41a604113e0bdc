#pragma once
// Where a command's problems come from: a spec, each student's sheet drawn from its seed and
// its templates as they are now; or a problem-set file (`generate --format yaml|json`,
// `freeze`), the sheets exactly as they were handed out, whatever the templates became since.
#include "generator/problem_set.hpp"
#include "generator/problem_set_io.hpp"
#include "generator/spec.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// A spec or a frozen problem set, giving each student's sheet.
class ProblemSource {
  public:
    /// Reads a spec or a problem-set file: a file with a `format:` key at its top is a
    /// problem set (chainrule-problem-set/1), anything else a spec. Throws TemplateError
    /// (file:line:column) for a file that is neither.
    static ProblemSource load(const std::string& path);

    /// The same, for a grade worker: a class's problem set's sheets are read when asked
    /// (SheetsOnDemand), not all at start. Only for a file that load() has checked whole and
    /// that has not changed since (the worker compares its hash); `bytes` receives the file's
    /// bytes as read.
    static ProblemSource load_checked(const std::string& path, std::string& bytes);

    /// The source of a spec already read.
    explicit ProblemSource(Spec spec);

    /// Whether the problems come from a problem-set file rather than a spec.
    bool frozen() const { return !spec_; }
    /// The file read.
    const std::string& file() const { return file_; }
    /// The spec (only when not frozen).
    const Spec& spec() const { return *spec_; }
    /// A frozen set's sheets (empty for a spec).
    const std::vector<ProblemSet>& sheets() const { return frozen_.sheets; }
    /// Whether a frozen set has one sheet per student (from `freeze`).
    bool per_student() const { return frozen_.per_student; }

    /// The set with the class's problem ids, titles and points, in order (a spec's set for no
    /// student; a frozen set's first sheet), with no student.
    ProblemSet class_set() const;
    /// Whether `student` has a sheet: always for a spec and for a file of one sheet without a
    /// student; for a frozen set, when it holds the student's.
    bool has_sheet(const std::string& student) const;
    /// The student's sheet. Throws InputError (saying which file, and the closest id it has)
    /// when there is none.
    ProblemSet sheet_for(const std::string& student) const;
    /// Why there is no sheet for `student`: "" when there is one.
    std::string missing_sheet(const std::string& student) const;

    /// The templates the problems come from: the spec's as they are now, or as the frozen
    /// set recorded them.
    const std::vector<TemplateStamp>& templates() const;
    /// The title; the spec's seed.
    const std::string& title() const;
    std::uint64_t spec_seed() const;

  private:
    ProblemSource() = default;
    std::optional<Spec> spec_;
    std::string file_;
    ProblemSetFile frozen_;
    std::map<std::string, std::size_t> by_student_;
    std::shared_ptr<const SheetsOnDemand> on_demand_;
};

} // namespace chainrule
