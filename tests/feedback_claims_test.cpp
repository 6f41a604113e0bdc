// A diagnosis is a claim about what the student did: for every question the course ships, an
// answer made by one slip is named that slip and nothing else, a right answer gets nothing,
// an instructor's foreseen mistake is said once in the instructor's words, and the
// hidden-answer modes (check --set, practice, grade) never show the answer.
#include "checker/diagnosis.hpp"
#include "checker/equivalence.hpp"
#include "checker/slip_candidates.hpp"
#include "expr/printer.hpp"
#include "expr/symbols.hpp"
#include "generator/spec.hpp"
#include "grading/problem_check.hpp"
#include "grading/result_text.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

#include <cctype>
#include <string>
#include <vector>

using namespace chainrule;
using GiNaC::ex;

namespace {

const std::string course = std::string(CHAINRULE_SOURCE_DIR) + "/problem_sets/course.yaml";

// Where entry k of a problem's answer comes from: the function's entry and the variable.
std::pair<ex, std::string> entry_source(const Problem& p, std::size_t k) {
    return {p.function.entries[k / p.wrt.size()], p.wrt[k % p.wrt.size()]};
}

std::vector<ex> others_of(const ex& f, const Problem& p, const std::string& wrt) {
    std::vector<ex> others;
    for (const auto& name : p.variables)
        if (name != wrt && f.has(variable(name))) others.push_back(variable(name));
    return others;
}

// Whether `text` shows `secret` as a whole expression: not as a piece of a longer one the
// student wrote or a rule states ("(σ(z) − 1)²" does not show σ(z) − 1, "−5x" does not show
// −5), but alone, after a space, a colon or an equals sign, or in parentheses of its own.
bool shows_as_written(const std::string& text, const std::string& secret);

// The minus sign as printers write it (−) or as people type it (-): the same to a reader.
std::string plain_minus(std::string text) {
    for (std::size_t at = text.find("−"); at != std::string::npos; at = text.find("−", at))
        text.replace(at, std::string("−").size(), "-");
    return text;
}

bool shows(const std::string& text, const std::string& secret) {
    return shows_as_written(plain_minus(text), plain_minus(secret));
}

bool shows_as_written(const std::string& text, const std::string& secret) {
    auto extends = [](const std::string& piece) {
        // What glues an expression to its neighbour: a letter, digit, operator or bracket.
        static const std::vector<std::string> glue = {"·", "²", "³", "⁻", "−", "√", "σ", "∂"};
        if (piece.empty()) return false;
        if (piece[0] == '.') // a decimal point, not the end of a sentence
            return piece.size() > 1 && std::isdigit(static_cast<unsigned char>(piece[1]));
        const unsigned char c = static_cast<unsigned char>(piece[0]);
        if (std::isalnum(c) || std::string("^*/()[]_'+-.").find(piece[0]) != std::string::npos)
            return true;
        for (const auto& g : glue)
            if (piece.rfind(g, 0) == 0) return true;
        return false;
    };
    for (std::size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + 1)) {
        // The character before the secret: back over UTF-8 continuation bytes to its start.
        std::size_t start = at;
        while (start > 0 && (static_cast<unsigned char>(text[--start]) & 0xC0) == 0x80) {
        }
        const std::string last = text.substr(start, at - start);
        const std::string after = text.substr(at + secret.size(), 3);
        // A coordinate of a point ("at z = -2") is a value of a variable, not of the answer.
        if (at >= 3 && text.compare(at - 3, 3, " = ") == 0) continue;
        // Nor is the bound of a comparison ("the unit's input is -2 < 0") or the precision
        // asked ("3 significant figures").
        if (at >= 2 && (text.compare(at - 2, 2, "< ") == 0 || text.compare(at - 2, 2, "> ") == 0))
            continue;
        if (text.compare(at + secret.size(), 12, " significant") == 0) continue;
        const bool open = last == "(";
        const bool close = !after.empty() && after[0] == ')';
        if (open && close) {
            if (!extends(after.substr(1))) return true; // "(secret)" standing alone
            continue;
        }
        if (!extends(last) && !extends(after)) return true;
    }
    return false;
}

bool equal(const ex& a, const ex& b, const std::vector<std::string>& variables) {
    try {
        return compare_expressions(a, b, variables).outcome == Outcome::correct;
    } catch (const std::exception&) {
        return false;
    }
}

SubmittedAnswer typed(const std::string& answer) {
    SubmittedAnswer submitted;
    submitted.answer = answer;
    return submitted;
}

const std::vector<std::string> students = {"ada", "ben", "carol", "dan", "eve", "fay",
                                           "gus", "hal", "ivy",   "jo",  "kim", "lee"};

} // namespace

TEST_CASE("every shipped question: a one-slip answer is named that slip and nothing else",
          "[diagnosis][property]") {
    Spec spec = load_spec(course);
    std::size_t answers = 0;
    for (const auto& student : students) {
        ProblemSet set = generate_problem_set(spec, student);
        for (const auto& problem : set.problems) {
            if (!problem.at.empty()) continue; // a value at a point: its key is a number
            for (std::size_t k = 0; k < problem.expected.entries.size(); ++k) {
                auto [f, wrt] = entry_source(problem, k);
                // With respect to a part (∂L/∂a1): no diagnosis is made (problem_check.cpp).
                if (std::find(problem.variables.begin(), problem.variables.end(), wrt) ==
                    problem.variables.end())
                    continue;
                const ex& expected = problem.expected.entries[k];
                const auto others = others_of(f, problem, wrt);
                auto candidates = mistakes::build_candidates(f, variable(wrt), others, 64);
                INFO(problem.id << " (" << student << ") entry " << k << ": d/d" << wrt << " "
                                << print(f));
                // A right answer, as the engine writes it: nothing to say.
                CHECK(diagnose(f, wrt, problem.variables, expected).empty());
                for (auto& c : candidates) {
                    const ex answer = mistakes::derivative_of(c);
                    if (equal(answer, expected, problem.variables)) continue;
                    ++answers;
                    auto ds = diagnose(f, wrt, problem.variables, answer);
                    INFO("slip " << mistake_name(c.id) << " gives " << print(answer));
                    CHECK(ds.size() == 1);
                    if (ds.size() != 1) continue;
                    INFO("named " << ds.front().id << ": " << ds.front().message);
                    CHECK(ds.front().id != "structure");
                    CHECK(ds.front().slips.size() == 1);
                    if (ds.front().id == "structure" || ds.front().slips.size() != 1) continue;
                    if (ds.front().id == mistake_name(c.id)) continue;
                    // Another slip that gives the very same function: the claim is as true, so
                    // the likelier one may be named; it must reproduce the answer.
                    bool reproduces = false;
                    for (auto& other : candidates)
                        reproduces = reproduces || (mistake_name(other.id) == ds.front().id &&
                                                    equal(mistakes::derivative_of(other), answer,
                                                          problem.variables));
                    reproduces = reproduces || ds.front().id == "integrated_instead";
                    CHECK(reproduces);
                }
            }
        }
    }
    CHECK(answers > 500);
}

TEST_CASE("every authored mistake of the course is said once, in the instructor's words",
          "[diagnosis][property]") {
    Spec spec = load_spec(course);
    std::size_t seen = 0;
    for (const auto& student : students) {
        ProblemSet set = generate_problem_set(spec, student);
        for (const auto& problem : set.problems)
            for (const auto& mistake : problem.mistakes) {
                ProblemResult result = check_problem(problem, typed(mistake.answer));
                INFO(problem.id << " (" << student << ") answered " << mistake.answer);
                if (result.status != GradeStatus::incorrect) continue;
                ++seen;
                REQUIRE(result.diagnosis.size() == 1);
                CHECK(result.diagnosis.front().id == "authored");
                CHECK(result.diagnosis.front().message == mistake.feedback);
                std::string text = problem_result_to_text(result, false);
                INFO(text);
                std::size_t said = 0;
                for (std::size_t at = text.find("mistake:"); at != std::string::npos;
                     at = text.find("mistake:", at + 1))
                    ++said;
                CHECK(said == 1);
            }
    }
    CHECK(seen > 10);
}

TEST_CASE("hidden-answer modes never show the answer or an entry of it", "[diagnosis][hidden]") {
    Spec spec = load_spec(course);
    std::size_t checked = 0;
    for (const auto& student : students) {
        ProblemSet set = generate_problem_set(spec, student);
        for (const auto& problem : set.problems) {
            // The texts that would give the answer away, as the printers write it.
            std::vector<std::string> secrets;
            auto add_secret = [&](const ex& e) {
                for (const auto& s : {print(e, Notation::unicode), print(e),
                                      print(e.expand(), Notation::unicode), print(e.expand())})
                    secrets.push_back(s);
            };
            for (const auto& e : problem.expected.entries)
                add_secret(e);
            // Wrong answers: every slip of every entry (the rest of the answer right), and a few
            // no rule explains.
            std::vector<std::string> wrong;
            const auto& entries = problem.expected.entries;
            auto answer_with = [&](std::size_t k, const ex& e) {
                if (entries.size() == 1) return print(e);
                std::string out = "[";
                for (std::size_t i = 0; i < entries.size(); ++i)
                    out += (i ? ", " : "") + print(i == k ? e : entries[i]);
                return out + "]";
            };
            for (std::size_t k = 0; k < entries.size(); ++k) {
                auto [f, wrt] = entry_source(problem, k);
                auto candidates =
                    mistakes::build_candidates(f, variable(wrt), others_of(f, problem, wrt), 24);
                for (auto& c : candidates)
                    wrong.push_back(answer_with(k, mistakes::derivative_of(c)));
                wrong.push_back(answer_with(k, entries[k] + 1));
                wrong.push_back(answer_with(k, 3 * entries[k]));
                wrong.push_back(answer_with(k, entries[k] * variable(wrt)));
                wrong.push_back(answer_with(k, 0));
            }
            // The instructor's foreseen mistakes: their feedback is shown too.
            for (const auto& mistake : problem.mistakes)
                wrong.push_back(mistake.answer);
            for (const auto& answer : wrong) {
                ProblemResult result = check_problem(problem, typed(answer));
                if (result.status != GradeStatus::incorrect) continue;
                ++checked;
                // What the student is told, apart from the echo of the answer itself.
                std::string told = result.message + "\n";
                for (const auto& d : result.diagnosis)
                    told += d.message + "\n";
                for (const auto& part : result.parts) {
                    told += part.message + "\n";
                    for (const auto& d : part.diagnosis)
                        told += d.message + "\n";
                }
                INFO(problem.id << " (" << student << ") answered " << answer << "\n" << told);
                for (const auto& secret : secrets) {
                    INFO("shows " << secret);
                    CHECK_FALSE(shows(told, secret));
                }
            }
        }
    }
    CHECK(checked > 500);
}

TEST_CASE("a constant answer's value is not shown where the answer is hidden", "[hidden]") {
    // d/dx (-5x + c) is -5: "expected -5 at x = -1.75" would be the answer itself.
    Spec spec = load_spec(course);
    ProblemSet set = generate_problem_set(spec, "ben");
    const Problem* linear = nullptr;
    for (const auto& p : set.problems)
        if (p.id == "linear-1") linear = &p;
    REQUIRE(linear);
    REQUIRE(print(linear->expected.entries.front()) == "-5");
    ProblemResult result = check_problem(*linear, typed("0"));
    CHECK(result.message == "differs at x = -1.75: the answer gives 0, not the value of the "
                            "derivative there");
    REQUIRE(result.counterexample);
    CHECK(result.counterexample->expected_value.empty());
    CHECK(counterexample_text(*result.counterexample) ==
          "differs at x = -1.75: the answer gives 0");
    // Where the derivative is not a constant, its value at one point gives nothing away.
    ProblemResult other = check_problem(set.problems.at(2), typed("x^7"));
    INFO(other.message);
    CHECK(other.message.find("expected ") != std::string::npos);
}
