// `chainrule practice`: the interactive practice session. The session itself is
// grading/practice_session; this file only reads lines and prints what it answers.
#include "cli/commands.hpp"
#include "cli/line_reader.hpp"
#include "cli/terminal.hpp"
#include "expr/errors.hpp"
#include "generator/spec.hpp"
#include "grading/practice_session.hpp"

#include <iostream>
#include <memory>
#include <random>

namespace chainrule {

namespace {

struct PracticeCommandOptions {
    std::string set = CHAINRULE_COURSE_SPEC;
    std::string topic;
    int difficulty = 0;
    std::string seed;
};

CommandResult run_practice(const PracticeCommandOptions& o) {
    if (o.difficulty < 0 || o.difficulty > 3)
        throw InputError("--difficulty is 1 (easy), 2 or 3 (hard)");
    PracticeOptions options;
    if (o.seed.empty()) {
        std::random_device device; // a new session each time; the seed shown repeats it
        options.seed = (std::uint64_t{device()} << 32) | device();
    } else {
        options.seed = parse_seed(o.seed);
    }
    Spec spec = load_spec(o.set);
    LineReader reader;
    // Colour and prompts for a person at a terminal; a plain line protocol otherwise.
    options.colour = reader.interactive() && use_colour(stdout);
    PracticeSession session(practice_topics(spec, o.topic, o.difficulty), options);
    std::cout << session.start() << std::flush;
    while (!session.finished()) {
        std::optional<std::string> line = reader.read(session.prompt());
        if (!line) {
            if (reader.interactive()) std::cout << "\n"; // after the ^D
            std::cout << session.end() << std::flush;
            break;
        }
        // Piped input is not echoed by a terminal: the protocol echoes it after the prompt,
        // so that a transcript reads as the session went.
        if (!reader.interactive()) std::cout << session.prompt() << printable(*line) << "\n";
        std::cout << session.handle_line(*line) << std::flush;
    }
    return CommandResult::success;
}

} // namespace

CommandAction add_practice_command(CLI::App& app) {
    auto o = std::make_shared<PracticeCommandOptions>();
    CLI::App* practice = app.add_subcommand(
        "practice", "An interactive practice session: problems, feedback at once, hints");
    practice->add_option("--topic", o->topic,
                         "One topic (its name or slug, e.g. chain-rule; 'topics' lists them) or "
                         "one template id");
    practice->add_option("--difficulty", o->difficulty,
                         "Only problems of this difficulty: 1, 2 or 3");
    practice->add_option("--seed", o->seed,
                         "The session's seed: the same seed and answers give "
                         "the same session (default: a new one, shown)");
    practice->add_option("--set", o->set,
                         "The problem-set spec whose templates are practised "
                         "(default: the course, problem_sets/course.yaml)");
    practice->footer("Commands in the session: steps, hint, solution, skip, topics, score, help, "
                     "quit. History: $XDG_STATE_HOME/chainrule/history (else "
                     "~/.local/state/chainrule/history).");
    return [o] { return run_practice(*o); };
}

} // namespace chainrule
