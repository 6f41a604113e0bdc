// `chainrule freeze`: a class's sheets, drawn from a spec for every student of a roster,
// written to one problem-set file that grade, check --set, answer and practice read as it is,
// whatever the templates become.
#include "cli/command_options.hpp"
#include "cli/commands.hpp"
#include "expr/errors.hpp"
#include "generator/problem_set_io.hpp"
#include "generator/spec.hpp"
#include "generator/validate.hpp"
#include "grading/atomic_file.hpp"
#include "grading/grade_run.hpp"

#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

namespace chainrule {

namespace {

bool same_file(const std::string& a, const std::string& b) {
    std::error_code error;
    return std::filesystem::exists(a, error) && std::filesystem::exists(b, error) &&
           std::filesystem::equivalent(a, b, error);
}

} // namespace

CommandResult run_freeze_command(const FreezeOptions& o) {
    if (o.output.empty() || o.output == "-") throw InputError("freeze writes a file: -o SET.yaml");
    for (const auto* input : {&o.spec, &o.roster})
        if (same_file(o.output, *input))
            throw InputError("-o " + printable(o.output) + " is the " +
                             (input == &o.spec ? "spec" : "roster") +
                             ": write the frozen set to a file of its own");
    Spec spec = load_spec(o.spec);
    if (auto errors = check_spec_templates(spec); !errors.empty())
        throw TemplateError(std::move(errors));
    std::set<std::string> students;
    for (const auto& id : read_roster(o.roster)) {
        try {
            check_student_id(id);
        } catch (const InputError& e) {
            throw InputError(printable(o.roster) + ": " + e.what());
        }
        students.insert(id);
    }
    if (students.empty())
        throw InputError(printable(o.roster) + " names no student (one id per line, or the "
                                               "first column of a CSV)");
    std::vector<ProblemSet> sheets;
    sheets.reserve(students.size());
    for (const auto& student : students)
        sheets.push_back(generate_problem_set(spec, student));
    std::string text = write_class_problem_set_yaml(sheets);
    // What grade could not read is not written.
    const std::size_t limit = problem_set_limits().max_bytes;
    if (text.size() > limit)
        throw InputError("the sheets of " + std::to_string(sheets.size()) + " students take " +
                         std::to_string(text.size() >> 20) + " MB, more than the " +
                         std::to_string(limit >> 20) +
                         " MB a problem-set file may be: freeze the class in parts (a roster "
                         "each) and grade each part against its own set");
    write_file_atomically(o.output, text);
    std::cerr << "chainrule freeze: wrote the sheets of " << sheets.size()
              << (sheets.size() == 1 ? " student" : " students") << " ("
              << sheets.front().problems.size() << " problems each) to " << printable(o.output)
              << "\n";
    return CommandResult::success;
}

} // namespace chainrule
