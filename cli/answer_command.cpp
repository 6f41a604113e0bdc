// `chainrule answer`: a student's problem sheet (their own variant) and a blank submission
// file to fill in, in the format `grade` and `check --submission` read.
#include "cli/commands.hpp"
#include "expr/errors.hpp"
#include "generator/render.hpp"
#include "generator/spec.hpp"
#include "grading/homework.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace chainrule {

namespace {

struct AnswerOptions {
    std::string spec;
    std::string student;
    std::string format;
    std::string output;
    std::string submission = "submission.yaml";
    bool force = false;
};

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    if (!out) throw InputError("cannot write " + printable(path));
    out << text;
    out.close();
    if (!out) throw InputError("cannot write " + printable(path));
}

CommandResult run_answer(const AnswerOptions& o) {
    check_student_id(o.student);
    Format format = Format::text;
    if (!o.format.empty()) {
        if (!parse_format(o.format, format) || format == Format::json || format == Format::yaml)
            throw InputError("unknown sheet format '" + printable(o.format) +
                             "': use text, md or tex");
    } else if (!o.output.empty() && o.output != "-") {
        if (format_for_path(o.output, format) && (format == Format::json || format == Format::yaml))
            throw InputError("the sheet is text, md or tex: " + printable(o.output) +
                             " names another format");
    }
    if (o.submission.empty()) throw InputError("--submission needs a file name");
    // A filled-in submission must never be lost to a second run.
    std::error_code ec;
    if (!o.force && std::filesystem::exists(o.submission, ec))
        throw InputError(printable(o.submission) +
                         " already exists: it may hold your answers. Use --force to replace it, "
                         "or --submission to choose another file");
    ProblemSet set = ProblemSource::load(o.spec).sheet_for(o.student);
    std::string sheet = render(set, format);
    write_file(o.submission, blank_submission_for(set, o.spec, o.submission));
    if (o.output.empty() || o.output == "-") {
        std::cout << sheet;
    } else {
        write_file(o.output, sheet);
    }
    std::cerr << "chainrule: wrote the blank submission " << printable(o.submission)
              << (o.output.empty() || o.output == "-" ? ""
                                                      : " and the sheet " + printable(o.output))
              << "; check it with: chainrule check --set " << printable(o.spec) << " --submission "
              << printable(o.submission) << "\n";
    std::cout.flush();
    return CommandResult::success;
}

} // namespace

CommandAction add_answer_command(CLI::App& app) {
    auto o = std::make_shared<AnswerOptions>();
    CLI::App* answer = app.add_subcommand(
        "answer", "A student's problem sheet (their own variant) and a blank submission file");
    answer
        ->add_option("spec", o->spec,
                     "Problem-set spec (YAML), e.g. problem_sets/course.yaml, or a problem-set "
                     "file (chainrule freeze, generate --format yaml|json)")
        ->required();
    answer->add_option("--student", o->student, "The student's id")->required();
    answer->add_option("--format", o->format,
                       "The sheet: text, md or tex (default: from -o's extension, else text)");
    answer->add_option("-o,--output", o->output,
                       "Write the sheet to this file (default: the terminal)");
    answer->add_option("--submission", o->submission,
                       "The blank submission file to write (default submission.yaml)");
    answer->add_flag("--force", o->force, "Replace the submission file if it exists");
    return [o] { return run_answer(*o); };
}

} // namespace chainrule
