// The command line: every subcommand's options declared with CLI11, the arguments read, and
// the command chosen. Each subcommand runs from plain options (cli/command_options.hpp), so
// that no other source reads CLI11.
#include "cli/command_line.hpp"
#include "cli/command_options.hpp"
#include "expr/errors.hpp"
#include "expr/function_table.hpp"
#include "generator/diagnostic.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace chainrule {

namespace {

using CommandAction = std::function<CommandResult()>;

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
    return [o] { return run_answer_command(*o); };
}

CommandAction add_check_command(CLI::App& app) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* check = app.add_subcommand(
        "check", "Check one answer or derivation: against the derivative of a function, or an "
                 "expression");
    check->add_option("-f,--function", options->function,
                      "Function to differentiate, e.g. \"3x^2 + 5x\" or \"softmax(z1, z2, z3)\"");
    check->add_option("--wrt", options->wrt,
                      "Variable(s) to differentiate against: x (a derivative), x,y,z (the "
                      "gradient, or the Jacobian of a vector function)");
    check->add_option("-e,--expected", options->expected,
                      "Compare with this expression instead of a derivative");
    check->add_option("--vars", options->vars,
                      "The question's variables, comma-separated (default: those of the "
                      "function); names not among them are reported in answers");
    check->add_option("--let", options->lets,
                      "A named value answers may use, NAME=EXPR (repeatable), e.g. "
                      "S1=exp(z1)/(exp(z1)+exp(z2))");
    check->add_option("--shape", options->shapes,
                      "A matrix question: declare a name's shape, NAME=DIMS (repeatable): "
                      "W=m,n (a matrix), x=n (a column vector); a dimension is a name or a number");
    check->add_option("--constraint", options->constraints,
                      "With --shape: NAME=onehot|probability|symmetric|positive (repeatable)");
    CLI::Option* answer_option = check->add_option("-a,--answer", options->answer,
                                                   "The answer to check; - reads standard input");
    check->add_option("--steps", options->steps,
                      "A derivation to check step by step: a file with one expression per line "
                      "(- reads standard input)");
    check->add_flag("--hint", options->hint,
                    "Show the next step of the worked solution from where the answer or steps "
                    "reached (never the final answer)");
    check->add_option("--form", options->form,
                      "Require a right answer to be written in a form: simplified, expanded or "
                      "factored (a right answer in another form exits 1)");
    check->add_flag("--json", options->json, "Print the verdict as JSON (schema in the README)");
    check->add_option("--plot", options->plot.svg_path,
                      "Write an SVG plot of the expected derivative and the answer around the "
                      "counterexample to this file");
    check->add_flag("--plot-terminal,!--no-plot-terminal", options->plot.terminal,
                    "Draw the plot under the verdict even when not on a terminal (default: "
                    "under an incorrect verdict on a terminal), or never");
    check->add_option("--set", options->set,
                      "Homework: a problem-set spec, or a problem-set file (the sheets as handed "
                      "out: chainrule freeze, generate --format yaml|json); the question is a "
                      "student's own variant (--student, --problem) or every problem of a "
                      "--submission");
    check->add_option("--student", options->student, "With --set: the student's id");
    check->add_option("--problem", options->problem,
                      "With --set: the problem id, e.g. polynomial-1");
    check->add_option("--submission", options->submission,
                      "With --set: a filled-in submission file, checked as the grader will");
    check->add_option("--classroom-result", options->classroom_result,
                      "With --submission: also write the result GitHub Classroom's autograding "
                      "reporter reads (base64 JSON, a test per problem) to this file");
    check->add_flag("--markdown", options->markdown,
                    "With --submission: print the feedback as Markdown (for a GitHub job "
                    "summary)");
    check
        ->add_option("--time-limit", options->time_limit,
                     "CPU seconds the whole check may take (default 10; 0: no limit)")
        ->check(CLI::Range(0.0, 86400.0));
    check
        ->add_option("--memory-limit", options->memory_limit,
                     "Address space the check may use, in MB (default 2048; 0: no limit)")
        ->check(CLI::Range(std::size_t(0), std::size_t(1) << 20));
    check->footer("Exit status: 0 correct, 1 incorrect (or right but not in the --form asked), "
                  "2 invalid input or usage, 3 a limit exceeded or an internal error. With "
                  "--submission: 0 when every answer is correct, 1 otherwise.\n\nFunctions of "
                  "the answer language:\n" +
                  function_list_text());
    return [options, answer_option] {
        options->answer_given = answer_option->count() > 0;
        return run_check_command(*options);
    };
}

CommandAction add_freeze_command(CLI::App& app) {
    auto o = std::make_shared<FreezeOptions>();
    CLI::App* freeze = app.add_subcommand(
        "freeze", "Write a class's sheets (every student's variant) to one problem-set file, "
                  "graded as it is whatever the templates become");
    freeze->add_option("spec", o->spec, "Problem-set spec (YAML)")->required();
    freeze
        ->add_option("--roster", o->roster,
                     "The class's student ids, one per line (or the first column of a CSV)")
        ->required();
    freeze->add_option("-o,--output", o->output, "The problem-set file to write (YAML)")
        ->required();
    return [o] { return run_freeze_command(*o); };
}

CommandAction add_generate_command(CLI::App& app) {
    auto o = std::make_shared<GenerateOptions>();
    CLI::App* generate = app.add_subcommand(
        "generate", "Generate a problem set from a spec, or variants of one template");
    generate->add_option("spec", o->spec, "Problem-set spec (YAML), e.g. problem_sets/course.yaml");
    generate->add_option("--template", o->template_path, "One template instead of a spec");
    CLI::Option* count_option =
        generate->add_option("--count", o->count, "With --template: how many variants (default 1)");
    CLI::Option* seed_option =
        generate->add_option("--seed", o->seed, "With --template: the seed (default 0)");
    generate->add_option("--student", o->student,
                         "A student's own variant, derived from the seed and this id");
    generate->add_option("--format", o->format,
                         "yaml, json, md, tex or text (default: from -o's extension, else text)");
    generate->add_flag("--solutions", o->solutions, "Add the answers and worked solutions");
    generate->add_option("-o,--output", o->output, "Write to this file instead of the terminal");
    return [o, count_option, seed_option] {
        o->count_given = count_option->count() > 0;
        o->seed_given = seed_option->count() > 0;
        return run_generate_command(*o);
    };
}

CommandAction add_grade_command(CLI::App& app) {
    auto o = std::make_shared<GradeCommandOptions>();
    CLI::App* grade = app.add_subcommand(
        "grade",
        "Grade a class's submissions against a problem-set spec or a frozen problem set, with "
        "reports");
    grade
        ->add_option("spec", o->grade.spec,
                     "Problem-set spec (YAML), or a problem-set file: the sheets as handed out "
                     "(chainrule freeze, or generate --format yaml|json)")
        ->required();
    grade
        ->add_option("submissions", o->grade.inputs,
                     "Submission files, or folders searched for *.yaml, *.yml, *.json")
        ->required();
    grade
        ->add_option("-o,--out", o->grade.out,
                     "Output folder: report.json, grades.csv, junit.xml, summary.md, "
                     "timings.md, journal.jsonl")
        ->required();
    grade->add_option("-j,--jobs", o->grade.jobs,
                      "Worker processes (default: the number of cores)");
    grade->add_option("--time-limit", o->grade.limits.cpu_seconds,
                      "CPU seconds per answer (default 2)");
    grade->add_option("--memory-limit", o->grade.limits.memory_mb,
                      "Address space per worker process, in MB (default 512)");
    grade->add_option("--max-file-size", o->max_file_kb,
                      "Largest submission file read, in KB (default 1024)");
    grade->add_option("--roster", o->grade.roster,
                      "The class's student ids, one per line (or the first column of a CSV): "
                      "others are reported as unknown, missing ones get a row");
    grade->add_flag("--resume", o->grade.resume,
                    "Continue a run that was stopped, from the journal in --out");
    grade->add_flag("--regrade-errors", o->grade.regrade_errors,
                    "With --resume: grade again the rows whose check did not finish (status "
                    "error, or an answer stopped by a time or memory limit or a crash)");
    grade->add_option("--shard", o->shard,
                      "Grade the K-th of N parts, K/N (merge them with "
                      "chainrule merge)");
    grade->add_option("--format", o->formats,
                      "Also write: gradescope (Gradescope's results.json, one submission), "
                      "canvas (canvas.csv, Canvas's gradebook import), moodle (moodle.csv, "
                      "Moodle's grade import); repeat or separate with commas");
    CLI::Option* fail_under_option =
        grade->add_option("--fail-under", o->fail_under,
                          "Exit with status 1 when a submission scores below PCT percent");
    grade->add_option("--identity", o->identity,
                      "Whose submission a file is: both (default: where the path names a "
                      "student, by a top folder or a file ID.yaml, the file's student: must be "
                      "the same), folder (the path's), file (the file's student:)");
    grade->add_option("--identity-prefix", o->grade.identity_prefix,
                      "What the names of the students' folders (or files) start with before "
                      "the id: GitHub Classroom names each repository <assignment>-<username>, "
                      "so --identity-prefix hw1- reads hw1-alice as alice");
    grade->add_option("--prefer", o->prefer,
                      "Of several files for one student, grade the newest (modification "
                      "time) or the one whose path sorts last (path); without it, none is "
                      "graded (conflict rows)");
    grade->add_flag("--allow-conflicts", o->allow_conflicts,
                    "Exit 0 even with identity problems (conflicts, mismatches, refused or "
                    "look-alike ids, skipped links, FIFOs and folders)");
    grade->add_flag("--allow-changed-templates", o->grade.allow_changed_templates,
                    "Grade a spec even though templates changed since the run in --out (or the "
                    "frozen set it graded) was made; the report records it");
    grade->add_option("--frozen-set", o->grade.frozen_set,
                      "The problem-set file frozen from SPEC when the sheets went out (chainrule "
                      "freeze): refuse to grade when SPEC's seed or templates no longer match it "
                      "(the templates: unless --allow-changed-templates)");
    grade->add_flag("-q,--quiet", o->grade.quiet, "No progress bar");
    grade->footer(
        "Exit status: 0 when grading completed (whatever the scores), 1 under "
        "--fail-under or with identity problems (unless --allow-conflicts), 2 when "
        "the grader cannot run (bad spec, unwritable output, templates changed since the run in "
        "--out without --allow-changed-templates).");
    return [o, fail_under_option] {
        o->fail_under_given = fail_under_option->count() > 0;
        return run_grade_command(*o);
    };
}

CommandAction add_merge_command(CLI::App& app) {
    auto o = std::make_shared<MergeOptions>();
    CLI::App* merge = app.add_subcommand(
        "merge", "Combine the output folders of `grade --shard K/N` runs into one set of reports");
    merge->add_option("dirs", o->dirs, "The shards' output folders")->required();
    merge->add_option("-o,--out", o->out, "Output folder")->required();
    CLI::Option* fail_under_option =
        merge->add_option("--fail-under", o->fail_under,
                          "Exit with status 1 when a submission scores below PCT percent");
    merge->add_option("--format", o->formats,
                      "Also write: canvas (canvas.csv), moodle (moodle.csv); repeat or "
                      "separate with commas");
    merge->add_flag("--allow-conflicts", o->allow_conflicts,
                    "Exit 0 even with identity problems (as grade --allow-conflicts)");
    return [o, fail_under_option] {
        o->fail_under_given = fail_under_option->count() > 0;
        return run_merge_command(*o);
    };
}

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
    practice->add_option(
        "--set", o->set,
        "The problem-set spec whose templates are practised, or a problem-set file whose "
        "sheet is (generate --format yaml|json, freeze with --student) "
        "(default: the course, problem_sets/course.yaml where chainrule is installed, "
        "or $CHAINRULE_DATA_DIR/problem_sets/course.yaml)");
    practice->add_option("--student", o->student,
                         "With --set SET.yaml from chainrule freeze: whose sheet to practise");
    practice->footer("Commands in the session: steps, hint, solution, skip, topics, score, help, "
                     "quit. History: $XDG_STATE_HOME/chainrule/history (else "
                     "~/.local/state/chainrule/history).");
    return [o] { return run_practice_command(*o); };
}

CommandAction add_validate_command(CLI::App& app) {
    auto o = std::make_shared<ValidateOptions>();
    CLI::App* validate = app.add_subcommand(
        "validate", "Check templates, problem-set specs and problem sets for problems");
    validate->add_option("paths", o->paths, "Files or folders (searched for .yaml and .yml)")
        ->required();
    validate->add_flag("-q,--quiet", o->quiet, "No summary line");
    return [o] { return run_validate_command(*o); };
}

// Options whose value is an expression: "--answer -2y" must read -2y as the value, not as an
// option, so such pairs are joined into "--answer=-2y" before CLI11 sees them.
bool takes_expression(const std::string& arg) {
    static const char* options[] = {"--answer", "--expected", "--function", "--let",
                                    "-a",       "-e",         "-f"};
    for (const char* option : options)
        if (arg == option) return true;
    return false;
}

std::vector<std::string> normalised_arguments(int argc, char** argv) {
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (takes_expression(arg) && i + 1 < argc) {
            std::string value = argv[i + 1];
            if (value.size() > 1 && value[0] == '-') {
                std::string name = arg.size() == 2
                                       ? std::map<std::string, std::string>{{"-a", "--answer"},
                                                                            {"-e", "--expected"},
                                                                            {"-f", "--function"}}
                                             .at(arg)
                                       : arg;
                args.push_back(name + "=" + value);
                ++i;
                continue;
            }
        }
        args.push_back(arg);
    }
    return args;
}

} // namespace

CommandLine read_command_line(int argc, char** argv) {
    CommandLine line;
    // Shared with the action returned: its options' counts are read when it runs.
    auto app = std::make_shared<CLI::App>(
        "chainrule: checks, explains and generates the derivatives of neural-network calculus");
    app->name("chainrule");
    app->set_version_flag("--version", std::string("chainrule ") + CHAINRULE_VERSION);
    app->require_subcommand(1);
    // The commands, in the order --help lists them. Building a command's options costs more
    // than a cold check itself: only the command named is built, all of them when none is
    // (--help, --version, a word that is not a command).
    static constexpr std::pair<const char*, CommandAction (*)(CLI::App&)> table[] = {
        {"check", add_check_command},       {"generate", add_generate_command},
        {"validate", add_validate_command}, {"grade", add_grade_command},
        {"merge", add_merge_command},       {"answer", add_answer_command},
        {"practice", add_practice_command}, {"freeze", add_freeze_command}};
    std::vector<std::string> args = normalised_arguments(argc, argv);
    const bool names_one =
        !args.empty() && std::any_of(std::begin(table), std::end(table),
                                     [&](const auto& row) { return args.front() == row.first; });
    std::vector<std::pair<CLI::App*, CommandAction>> commands;
    for (const auto& [name, make] : table) {
        if (names_one && args.front() != name) continue;
        CommandAction action = make(*app);
        CLI::App* command = app->get_subcommands({}).back();
        if (command->get_name() != name) {
            std::cerr << "chainrule: internal error: the command '" << command->get_name()
                      << "' is listed as '" << name << "'\n";
            line.outcome = CommandLine::Outcome::internal_error;
            return line;
        }
        commands.emplace_back(command, std::move(action));
    }

    // CLI11 would say only that a subcommand is required: name the word and the commands.
    if (!args.empty() && !args.front().empty() && args.front()[0] != '-') {
        std::vector<std::string> names;
        for (const auto& [command, action] : commands)
            names.push_back(command->get_name());
        if (std::find(names.begin(), names.end(), args.front()) == names.end()) {
            std::string closest = closest_name(args.front(), names);
            std::cerr << "chainrule: error: unknown command '" << printable(args.front()) << "'"
                      << (closest.empty() ? "" : ": did you mean " + closest + "?")
                      << "\nThe commands are:";
            for (const auto& name : names)
                std::cerr << " " << name;
            std::cerr << ". Run 'chainrule --help' for usage.\n";
            return line;
        }
    }
    std::reverse(args.begin(), args.end()); // CLI11 takes the arguments in reverse
    try {
        app->parse(args);
    } catch (const CLI::CallForHelp& e) {
        app->exit(e);
        line.outcome = CommandLine::Outcome::answered;
        return line;
    } catch (const CLI::CallForAllHelp& e) {
        app->exit(e);
        line.outcome = CommandLine::Outcome::answered;
        return line;
    } catch (const CLI::CallForVersion& e) {
        app->exit(e);
        line.outcome = CommandLine::Outcome::answered;
        return line;
    } catch (const CLI::ParseError& e) {
        std::cerr << "chainrule: error: " << printable(e.what()) << "\n"
                  << "Run 'chainrule --help' for usage.\n";
        return line;
    }
    CLI::App* chosen = app->get_subcommands().front();
    for (auto& [command, action] : commands)
        if (command == chosen) {
            line.outcome = CommandLine::Outcome::run;
            line.action = [app, run = std::move(action)] { return run(); };
            return line;
        }
    return line;
}

} // namespace chainrule
