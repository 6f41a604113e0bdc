#include "fuzz/inputs.hpp"

#include "checker/steps.hpp"
#include "expr/errors.hpp"
#include "expr/parser.hpp"
#include "expr/printer.hpp"
#include "generator/diagnostic.hpp"
#include "generator/spec.hpp"
#include "generator/validate.hpp"
#include "grading/problem_check.hpp"
#include "grading/submission.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace chainrule::fuzz {

namespace {

const ProblemSet& course_set() {
    static const ProblemSet set =
        generate_problem_set(load_spec(CHAINRULE_SOURCE_DIR "/problem_sets/course.yaml"), "fuzz");
    return set;
}

// The first problem of the course set with a scalar answer, or with a vector one.
const Problem& pick(bool vector) {
    for (const auto& problem : course_set().problems)
        if (problem.expected.is_scalar() != vector) return problem;
    return course_set().problems.front();
}

std::string& temp_dir() {
    static std::string dir;
    return dir;
}

const std::string& template_path() {
    static const std::string path = [] {
        char pattern[] = "/tmp/chainrule-fuzz-template-XXXXXX";
        std::string dir = mkdtemp(pattern);
        temp_dir() = dir;
        std::atexit([] { std::filesystem::remove_all(temp_dir()); });
        std::filesystem::create_directory(dir + "/specs");
        std::filesystem::create_directory_symlink(CHAINRULE_SOURCE_DIR "/templates",
                                                  dir + "/templates");
        return dir + "/specs/input.yaml";
    }();
    return path;
}

} // namespace

std::string parse_input(const std::string& text) {
    ParseOptions closed;
    closed.open = false;
    closed.variables = {"x", "y", "z"};
    for (const ParseOptions& options : {ParseOptions{}, closed}) {
        ParseResult result;
        try {
            result = parse_expression(text, options);
        } catch (const ParseError& error) {
            (void)error.with_caret();
            (void)printable(error.what());
            continue;
        }
        (void)print(result.value, Notation::unicode);
        (void)print(result.value, Notation::latex);
        std::string plain = print(result.value);
        // In the same context: the question's variables and the names the answer used (a
        // closed-mode name such as `He` is one variable there, but H·e in open mode).
        ParseOptions again = options;
        again.variables.insert(again.variables.end(), result.unknown_names.begin(),
                               result.unknown_names.end());
        // The printed form may be longer than the input.
        again.max_length = std::size_t(1) << 24;
        again.max_depth = 100000;
        again.max_digits = 100000;
        try {
            (void)parse_expression(plain, again);
        } catch (const ParseError& error) {
            return "the printed form '" + printable(plain) +
                   "' does not read back: " + printable(error.what());
        }
    }
    return "";
}

std::string check_input(const std::string& text) {
    SubmittedAnswer submitted;
    if (text.find('\n') != std::string::npos) {
        submitted.has_steps = true;
        submitted.steps = split_steps(text);
    } else {
        submitted.answer = text;
    }
    const Problem& problem = pick(!text.empty() && text[0] == '[');
    (void)problem_result_to_json(check_problem(problem, submitted))
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); // as the CLI writes it
    return "";
}

std::string template_input(const std::string& text) {
    const std::string& path = template_path();
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
    }
    for (const auto& diagnostic : validate_file(path))
        (void)format_diagnostic(diagnostic);
    return "";
}

std::string submission_input(const std::string& text) {
    Submission submission = parse_submission(text, "fuzz.yaml");
    std::size_t total = submission.student.size() + submission.error.size();
    for (const auto& [id, answer] : submission.answers) {
        total += id.size() + answer.answer.size() + answer.error.size();
        for (const auto& step : answer.steps)
            total += step.size();
    }
    if (total > 16 * text.size() + 4096)
        return "a submission of " + std::to_string(text.size()) + " bytes read as " +
               std::to_string(total) + " bytes";
    return "";
}

} // namespace chainrule::fuzz
