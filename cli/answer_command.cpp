// `chainrule answer`: a student's problem sheet (their own variant) and a blank submission
// file to fill in, in the format `grade` and `check --submission` read.
#include "cli/command_options.hpp"
#include "cli/commands.hpp"
#include "expr/errors.hpp"
#include "generator/render.hpp"
#include "generator/spec.hpp"
#include "grading/homework.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace chainrule {

namespace {

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    if (!out) throw InputError("cannot write " + printable(path));
    out << text;
    out.close();
    if (!out) throw InputError("cannot write " + printable(path));
}

} // namespace

CommandResult run_answer_command(const AnswerOptions& o) {
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

} // namespace chainrule
