#pragma once
// Problem sets as YAML: written by `generate`, read back by `check` and `grade`.
#include "generator/problem_set.hpp"
#include "generator/problem_solution.hpp"
#include "generator/yaml_source.hpp"

#include <yaml-cpp/yaml.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace chainrule {

/// The problem set as YAML (format chainrule-problem-set/1). With solutions (one list per
/// problem, as solve_all gives), each problem also has its answer and worked solution.
std::string write_problem_set_yaml(const ProblemSet& set,
                                   const std::vector<std::vector<EntrySolution>>& solutions = {});

/// A class's sheets in one file (`chainrule freeze`): a YAML stream whose first document is
/// the head of the first sheet (title, chainrule version, spec, seed, templates) with `sheets:
/// N`, then one document per sheet (student, seed, problems), each after a line "---".
std::string write_class_problem_set_yaml(const std::vector<ProblemSet>& sheets);

/// A problem-set file as read: one sheet, or a class's sheets.
struct ProblemSetFile {
    /// The sheets, each with the file's head (title, version, spec, templates); one for a
    /// file of one sheet.
    std::vector<ProblemSet> sheets;
    bool per_student = false; ///< a class's sheets, one per student (`sheets:`)
};

/// The limits each document of a problem-set file is read within, and the file's size.
YamlLimits problem_set_limits();

/// Reads a problem-set file of either kind (format chainrule-problem-set/1): every problem
/// read back and checked, a class's sheets one document at a time, with the same problem ids
/// and points, each student once, as many as the head says. Throws TemplateError
/// (file:line:column) for anything missing or wrong.
ProblemSetFile parse_problem_set_file(std::string text, const std::string& file);

/// The same for a file.
ProblemSetFile load_problem_set_file(const std::string& path);

/// A class's problem set (`freeze`) whose sheets are read one at a time, when asked: for a
/// file read whole and checked before by parse_problem_set_file, and known to be the same
/// bytes since (a grade worker, given the hash the grader checked). Reading the whole class
/// in every worker cost each of them seconds at start for a class of a few hundred.
class SheetsOnDemand {
  public:
    /// The head read, and where each student's sheet is: found by the line `student: ID`
    /// that starts each sheet as `freeze` writes it. Null when `text` is not a class's
    /// problem set or a sheet does not start so (a file edited by hand: read it whole).
    /// Throws TemplateError for a head that cannot be read.
    static std::unique_ptr<SheetsOnDemand> open(std::string text, const std::string& file);

    /// The head (title, version, spec, templates) with the first sheet's problems.
    const ProblemSet& first() const { return first_; }
    /// Whether the file has the student's sheet.
    bool has(const std::string& student) const { return where_.count(student) > 0; }
    /// The student's sheet, read now. Throws TemplateError when it cannot be read, InputError
    /// when there is none.
    ProblemSet sheet(const std::string& student) const;

  private:
    struct Span {
        std::size_t begin = 0, end = 0, line = 1;
    };
    SheetsOnDemand() = default;
    ProblemSet read(const Span& span) const;
    std::string text_;
    std::string file_;
    ProblemSet head_;
    ProblemSet first_;
    std::map<std::string, Span> where_;
};

/// Whether text is a problem-set file (its first document a map with `format:`) rather than a
/// spec or a template.
bool is_problem_set_text(std::string text, const std::string& file);

/// Reads a problem set written by write_problem_set_yaml. The function, named values and
/// mistakes are read back as expressions and the expected answers worked out again from them,
/// so a set whose answers were left out grades the same. Throws TemplateError (file:line:column)
/// for anything missing or wrong.
ProblemSet load_problem_set(const std::string& path);

/// The same for text; file names it in messages.
ProblemSet parse_problem_set(std::string text, const std::string& file);

/// Whether a YAML document looks like a problem set.
bool looks_like_problem_set(const YAML::Node& root);

} // namespace chainrule
