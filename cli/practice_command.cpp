// `chainrule practice`: the interactive practice session. The session itself is
// grading/practice_session; this file only reads lines and prints what it answers.
#include "cli/command_options.hpp"
#include "cli/commands.hpp"
#include "cli/line_reader.hpp"
#include "cli/terminal.hpp"
#include "expr/errors.hpp"
#include "generator/problem_source.hpp"
#include "generator/spec.hpp"
#include "tutor/practice_session.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>

namespace chainrule {

namespace {

// The course an installed or a built chainrule practises from, found from where the binary
// is (no source path is compiled in): $CHAINRULE_DATA_DIR/problem_sets/course.yaml; else
// <bin>/../share/chainrule (as `cmake --install` and the .deb lay it out); else the checkout
// the binary was built in (build/cli/chainrule: two or three folders up); else
// problem_sets/course.yaml in the current folder.
std::string default_course_spec() {
    namespace fs = std::filesystem;
    const fs::path spec = fs::path("problem_sets") / "course.yaml";
    if (const char* dir = std::getenv("CHAINRULE_DATA_DIR"); dir && *dir)
        return (fs::path(dir) / spec).string();
    std::error_code ec;
    fs::path bin = fs::read_symlink("/proc/self/exe", ec).parent_path();
    if (!ec)
        for (const fs::path& data : {bin / ".." / "share" / "chainrule", bin / "..",
                                     bin / ".." / "..", bin / ".." / ".." / ".."})
            if (fs::is_regular_file(data / spec, ec))
                return (data / spec).lexically_normal().string();
    return spec.string();
}

} // namespace

CommandResult run_practice_command(const PracticeCommandOptions& o) {
    if (o.difficulty < 0 || o.difficulty > 3)
        throw InputError("--difficulty is 1 (easy), 2 or 3 (hard)");
    PracticeOptions options;
    if (o.seed.empty()) {
        std::random_device device; // a new session each time; the seed shown repeats it
        options.seed = (std::uint64_t{device()} << 32) | device();
    } else {
        options.seed = parse_seed(o.seed);
    }
    ProblemSource source = ProblemSource::load(o.set.empty() ? default_course_spec() : o.set);
    std::vector<PracticeTopic> topics;
    if (source.frozen()) {
        if (source.per_student() && o.student.empty())
            throw InputError(printable(source.file()) +
                             " holds a sheet for each student: give --student ID");
        topics = practice_topics(source.sheet_for(o.student).problems, o.topic, o.difficulty);
    } else {
        if (!o.student.empty())
            throw InputError("--student goes with a problem-set file (--set SET.yaml, from "
                             "chainrule freeze): a spec's practice draws new problems");
        topics = practice_topics(source.spec(), o.topic, o.difficulty);
    }
    LineReader reader;
    // Colour and prompts for a person at a terminal; a plain line protocol otherwise.
    options.colour = reader.interactive() && use_colour(stdout);
    PracticeSession session(std::move(topics), options);
    // A person at a terminal reads text wrapped at its width (no word cut); the line protocol
    // (input piped) gives the same bytes wherever its output goes.
    auto shown = [&](const std::string& text) {
        return reader.interactive() ? fit_to_terminal(stdout, text) : text;
    };
    std::cout << shown(session.start()) << std::flush;
    while (!session.finished()) {
        std::optional<std::string> line = reader.read(session.prompt());
        if (!line) {
            if (reader.interactive()) std::cout << "\n"; // after the ^D
            std::cout << shown(session.end()) << std::flush;
            break;
        }
        // Piped input is not echoed by a terminal: the protocol echoes it after the prompt,
        // so that a transcript reads as the session went.
        if (!reader.interactive()) std::cout << session.prompt() << printable(*line) << "\n";
        std::cout << shown(session.handle_line(*line)) << std::flush;
    }
    return CommandResult::success;
}

} // namespace chainrule
