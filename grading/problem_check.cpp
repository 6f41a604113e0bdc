#include "grading/problem_check.hpp"

#include "checker/report.hpp"

#include "checker/equivalence.hpp"
#include "checker/steps.hpp"
#include "expr/errors.hpp"

#include "expr/functions.hpp"
#include "expr/parser.hpp"
#include "expr/symbols.hpp"
#include "expr/work_budget.hpp"
#include "expr/written_decimal.hpp"
#include "generator/parameter.hpp"
#include "generator/text_notation.hpp"
#include "generator/tolerance.hpp"
#include "grading/matrix_answer.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace chainrule {

namespace {

Expectation expectation_for(const Problem& problem) {
    Expectation expectation;
    expectation.expected = problem.expected;
    expectation.variables = problem.variables;
    expectation.lets = problem.let_map();
    expectation.labels = problem.labels;
    if (expectation.labels.size() != problem.expected.entries.size()) expectation.labels.clear();
    expectation.form = problem.required_form;
    return expectation;
}

// Which component of the function and which variable entry k of the answer is the
// derivative of; nothing when that cannot be told.
std::optional<std::pair<std::size_t, std::string>> entry_source(const Problem& problem,
                                                                std::size_t k) {
    if (!problem.at.empty()) return std::nullopt; // a number is not a derivative to diagnose
    std::vector<std::string> wrt = problem.wrt;
    if (wrt.empty()) wrt = problem.variables;
    if (wrt.empty()) return std::nullopt;
    // A derivative with respect to a part (∂L/∂a1): the diagnoses work in the variables.
    for (const auto& w : wrt)
        if (std::find(problem.variables.begin(), problem.variables.end(), w) ==
            problem.variables.end())
            return std::nullopt;
    const ExprValue& expected = problem.expected;
    if (problem.function.is_scalar()) {
        if (expected.is_scalar()) return std::pair<std::size_t, std::string>{0, wrt.front()};
        if (expected.shape == Shape::vector && expected.entries.size() == wrt.size())
            return std::pair<std::size_t, std::string>{0, wrt[k]};
        return std::nullopt;
    }
    if (problem.function.shape != Shape::vector) return std::nullopt;
    if (expected.shape == Shape::matrix && expected.cols == wrt.size() &&
        expected.rows == problem.function.entries.size())
        return std::pair<std::size_t, std::string>{k / expected.cols, wrt[k % expected.cols]};
    if (expected.shape == Shape::vector && wrt.size() == 1 &&
        expected.entries.size() == problem.function.entries.size())
        return std::pair<std::size_t, std::string>{k, wrt.front()};
    return std::nullopt;
}

// The authored mistakes of the template that the answer matches.
std::vector<Diagnosis> authored_diagnosis(const Problem& problem, const ExprValue& answer) {
    std::vector<Diagnosis> found;
    for (const auto& mistake : problem.mistakes) {
        const ExprValue& value = mistake.value;
        if (value.shape != answer.shape || value.rows != answer.rows || value.cols != answer.cols ||
            value.entries.size() != answer.entries.size())
            continue;
        bool same = true;
        for (std::size_t i = 0; i < value.entries.size() && same; ++i)
            same = !clearly_different(value.entries[i], answer.entries[i]) &&
                   compare_expressions(value.entries[i], answer.entries[i], problem.variables)
                           .outcome == Outcome::correct;
        if (same) found.push_back({"authored", mistake.feedback});
    }
    return found;
}

// For a gradient or a Jacobian: the authored mistakes that explain entry k of the answer on
// their own, whatever the other entries are: those wrong at k (the mistake's entry is not the
// derivative) whose entry k the answer has. A student with two slips still hears the
// instructor's word on the one the template foresaw.
std::vector<Diagnosis> authored_for_entry(const Problem& problem, std::size_t k,
                                          const GiNaC::ex& answer_entry) {
    std::vector<Diagnosis> found;
    for (const auto& mistake : problem.mistakes) {
        const auto& entries = mistake.value.entries;
        if (entries.size() != problem.expected.entries.size() || k >= entries.size()) continue;
        try {
            if (clearly_different(entries[k], answer_entry)) continue;
            // Wrong at k: clearly, at the probe's points, or else by the full comparison.
            if (!clearly_different(problem.expected.entries[k], entries[k]) &&
                compare_expressions(problem.expected.entries[k], entries[k], problem.variables)
                        .outcome != Outcome::incorrect)
                continue;
            if (compare_expressions(entries[k], answer_entry, problem.variables).outcome ==
                Outcome::correct)
                found.push_back({"authored", mistake.feedback});
        } catch (const std::exception&) {
            // A diagnosis is a bonus: the verdict stands without it.
        }
    }
    return found;
}

void add_unique(std::vector<Diagnosis>& to, const std::vector<Diagnosis>& from) {
    for (const auto& d : from) {
        bool seen = false;
        for (const auto& have : to)
            seen = seen || (have.id == d.id && have.message == d.message);
        if (!seen) to.push_back(d);
    }
}

// One voice per slip: an authored mistake that matches is the same slip as the engine's
// (both reproduce the answer), said in the instructor's words, and replaces the engine's
// diagnosis; the engine's ids stay beside it (`slips`, in the JSON). The "structure"
// fallback names no slip and is dropped too.
std::vector<Diagnosis> authored_first(const std::vector<Diagnosis>& authored,
                                      const std::vector<Diagnosis>& named) {
    if (authored.empty()) return named;
    Diagnosis out = authored.front();
    for (const auto& d : named)
        for (const auto& slip : d.slips)
            if (std::find(out.slips.begin(), out.slips.end(), slip) == out.slips.end())
                out.slips.push_back(slip);
    return {out};
}

std::vector<Diagnosis> authored_diagnosis_of(const Problem& problem, const GiNaC::ex& answer) {
    if (problem.mistakes.empty() || has_unevaluated_derivative(answer)) return {};
    try {
        return authored_diagnosis(problem, ExprValue(answer));
    } catch (const std::exception&) {
        return {};
    }
}

// A question at a point: each entry of the answer, a number however written, is judged
// against the exact value within the problem's tolerance (instead of as a function).
void judge_at_point(const Problem& problem, Verdict& verdict) {
    if (verdict.outcome == Outcome::invalid || !verdict.answer ||
        verdict.parts.size() != problem.expected.entries.size())
        return;
    bool all = true;
    for (std::size_t k = 0; k < verdict.parts.size(); ++k) {
        PartVerdict& part = verdict.parts[k];
        part.counterexample.reset();
        part.notes.clear();
        std::vector<std::string> left;
        for (const auto& v : problem.variables)
            if (part.answer.has(variable(v))) left.push_back(v);
        if (!left.empty()) {
            std::string where;
            for (const auto& [name, value] : problem.at)
                where += (where.empty() ? "" : ", ") + name + " = " + exact_number_text(value);
            part.outcome = Outcome::incorrect;
            part.message = "the question asks for a number, the value at " + where +
                           "; the answer still has " + join_words(left, ", ");
        } else {
            NumberJudgement judged =
                judge_number(problem.expected.entries[k], part.answer, problem.tolerance);
            part.outcome = judged.within ? Outcome::correct : Outcome::incorrect;
            part.message = judged.message;
        }
        all = all && part.outcome == Outcome::correct;
    }
    verdict.outcome = all ? Outcome::correct : Outcome::incorrect;
    if (verdict.parts.size() == 1) {
        verdict.message = (all ? "correct: " : "incorrect: ") + verdict.parts.front().message;
    } else {
        std::size_t right = static_cast<std::size_t>(
            std::count_if(verdict.parts.begin(), verdict.parts.end(),
                          [](const PartVerdict& p) { return p.outcome == Outcome::correct; }));
        verdict.message = (all ? "correct: " : "incorrect: ") + std::to_string(right) + " of " +
                          std::to_string(verdict.parts.size()) + " values within " +
                          problem.tolerance.describe();
    }
}

// A share as people say it: "2/3" of the steps... as a percentage, "67%".
std::string format_share(double share) {
    return std::to_string(static_cast<int>(std::lround(share * 100))) + "%";
}

// Fills parts, score, diagnosis and counterexample from a verdict on a whole answer.
void score_verdict(const Problem& problem, const Verdict& verdict, ProblemResult& result,
                   bool give_points) {
    result.status = grade_status_of(verdict.outcome);
    result.message = verdict.message;
    if (result.message.empty())
        result.message = verdict.outcome == Outcome::correct ? "correct" : "incorrect";
    bool comparable = verdict.outcome != Outcome::invalid &&
                      verdict.parts.size() == problem.expected.entries.size();
    double share = verdict.parts.empty() ? 0 : problem.points / double(verdict.parts.size());
    double score = 0;
    for (std::size_t k = 0; k < verdict.parts.size(); ++k) {
        PartVerdict part = verdict.parts[k];
        // Students read this: a constant's value at a point is the answer itself.
        const std::string shown = part.message;
        if (hide_constant_expected(part) && result.message.find(shown) != std::string::npos)
            result.message.replace(result.message.find(shown), shown.size(), part.message);
        PartResult out;
        out.label = part.label;
        out.outcome = part.outcome;
        out.max_score = round_score(share);
        out.message = part.message;
        out.counterexample = part.counterexample;
        if (comparable && part.outcome == Outcome::correct) {
            out.score = out.max_score;
            score += share;
        }
        if (comparable && part.outcome == Outcome::incorrect) {
            if (auto source = entry_source(problem, k)) {
                const GiNaC::ex& f = problem.function.entries[source->first];
                try {
                    DiagnosisOptions options;
                    options.known_incorrect = true; // the part was just compared
                    // Students read this: never the answer, nor any entry of it.
                    options.hide_answer = true;
                    options.hidden = problem.expected.entries;
                    // Under the checker's budget of work: past it, no mistake is named (the
                    // verdict was decided within its own).
                    out.diagnosis = within_budget(
                        diagnosis_work_budget,
                        [&] {
                            return diagnose(f, source->second, problem.variables, part.answer,
                                            options);
                        },
                        [](std::uint64_t) { return std::vector<Diagnosis>{}; });
                } catch (const std::exception&) {
                    // A diagnosis is a bonus: the verdict stands without it.
                }
            }
        }
        if (!result.counterexample && part.counterexample)
            result.counterexample = part.counterexample;
        result.parts.push_back(std::move(out));
    }
    std::vector<Diagnosis> authored;
    if (verdict.outcome == Outcome::incorrect && verdict.answer && !problem.mistakes.empty()) {
        try {
            authored = authored_diagnosis(problem, *verdict.answer);
        } catch (const std::exception&) {
        }
    }
    if (result.parts.size() == 1 && !authored.empty())
        result.parts.front().diagnosis = authored_first(authored, result.parts.front().diagnosis);
    if (result.parts.size() > 1 && !authored.empty()) {
        // The instructor foresaw the whole answer: one voice for it, not one per entry.
        std::vector<Diagnosis> named;
        for (auto& part : result.parts) {
            add_unique(named, part.diagnosis);
            part.diagnosis.clear();
        }
        result.diagnosis = authored_first(authored, named);
    } else if (result.parts.size() > 1 && comparable && !problem.mistakes.empty()) {
        for (std::size_t k = 0; k < result.parts.size(); ++k) {
            if (result.parts[k].outcome != Outcome::incorrect) continue;
            std::vector<Diagnosis> own = authored_for_entry(problem, k, verdict.parts[k].answer);
            if (own.empty()) continue;
            result.parts[k].diagnosis = authored_first(own, result.parts[k].diagnosis);
        }
    }
    if (result.diagnosis.empty()) {
        // The instructor's words first, then the engine's, each in the order of the parts.
        for (const auto& part : result.parts)
            for (const auto& d : part.diagnosis)
                if (d.id == "authored") add_unique(result.diagnosis, {d});
        for (const auto& part : result.parts)
            add_unique(result.diagnosis, part.diagnosis);
    }
    result.score = give_points && comparable ? round_score(score) : 0;
    if (verdict.outcome == Outcome::correct && give_points) result.score = result.max_score;
    if (verdict.outcome == Outcome::correct && verdict.form) {
        result.form = verdict.form;
        if (!verdict.form->satisfied && give_points)
            result.score = round_score(problem.points * problem.form_credit);
    }
}

} // namespace

const char* to_string(GradeStatus status) {
    switch (status) {
    case GradeStatus::correct:
        return "correct";
    case GradeStatus::incorrect:
        return "incorrect";
    case GradeStatus::invalid:
        return "invalid";
    case GradeStatus::missing:
        return "missing";
    case GradeStatus::error:
        return "error";
    }
    return "error";
}

double round_score(double score) {
    double r = std::round(score * 10000.0) / 10000.0;
    return r == 0 ? 0.0 : r; // no negative zero
}

ProblemResult missing_result(const Problem& problem) {
    ProblemResult result;
    result.problem = problem.id;
    result.status = GradeStatus::missing;
    result.max_score = round_score(problem.points);
    result.message = "no answer to this problem";
    return result;
}

ProblemResult error_result(const Problem& problem, const std::string& reason) {
    ProblemResult result;
    result.problem = problem.id;
    result.status = GradeStatus::error;
    result.max_score = round_score(problem.points);
    result.message = reason;
    return result;
}

ProblemResult check_problem(const Problem& problem, const SubmittedAnswer& submitted) {
    if (problem.matrix) return check_matrix_problem(problem, submitted);
    // A problem given with decimals (leaky_relu(3z, 0.03)) is answered in its own terms: the
    // mistakes say 0.03 where u ≤ 0, not 3/100, as the sheet did. Only printing changes.
    int places = 0;
    for (const auto& entry : problem.written_function)
        places = std::max(places, written_decimal_places(entry));
    for (const auto& [name, value] : problem.written_lets)
        places = std::max(places, written_decimal_places(value));
    DecimalsShown decimals(places);
    ProblemResult result;
    result.problem = problem.id;
    result.max_score = round_score(problem.points);
    if (!submitted.error.empty()) {
        result.status = GradeStatus::invalid;
        result.message = submitted.error;
        return result;
    }
    Expectation expectation = expectation_for(problem);
    if (!submitted.has_steps) {
        result.answer = printable(submitted.answer);
        Verdict verdict = check_text(expectation, submitted.answer);
        if (!problem.at.empty()) judge_at_point(problem, verdict);
        score_verdict(problem, verdict, result, true);
        return result;
    }

    // A derivation.
    for (std::size_t i = 0; i < submitted.steps.size(); ++i) {
        if (i > 0) result.answer += "\n";
        result.answer += printable(submitted.steps[i]);
    }
    auto source = entry_source(problem, 0);
    if (!problem.at.empty()) {
        result.status = GradeStatus::invalid;
        result.message = "this question asks for a number: give it as one answer, not as steps";
        return result;
    }
    if (!problem.function.is_scalar() || !problem.expected.is_scalar() || !source) {
        result.status = GradeStatus::invalid;
        result.message = "steps are accepted for a single derivative only: give this answer as "
                         "one expression, " +
                         describe_shape(problem.expected);
        return result;
    }
    if (submitted.steps.empty()) {
        result.status = GradeStatus::invalid;
        result.message = "the list of steps is empty";
        return result;
    }
    DerivationVerdict derivation = check_derivation(expectation, problem.function.scalar(),
                                                    source->second, submitted.steps, true);
    // The first wrong step is matched against the instructor's foreseen mistakes first.
    if (derivation.first_wrong_step) {
        StepVerdict& wrong = derivation.steps[*derivation.first_wrong_step - 1];
        std::optional<GiNaC::ex> value;
        try {
            ParseOptions options =
                ParseOptions::for_answer(expectation.variables, expectation.lets);
            ParseResult parsed =
                parse_expression(submitted.steps[*derivation.first_wrong_step - 1], options);
            if (parsed.value.is_scalar()) value = parsed.value.scalar();
        } catch (const std::exception&) {
        }
        if (value) {
            std::vector<Diagnosis> authored = authored_diagnosis_of(problem, *value);
            if (!authored.empty()) {
                // One voice: the engine's words leave the step's message too.
                for (const auto& d : wrong.diagnosis) {
                    const std::string said = "; " + d.message;
                    if (auto at = wrong.message.rfind(said); at != std::string::npos)
                        wrong.message.erase(at, said.size());
                }
                wrong.diagnosis = authored_first(authored, wrong.diagnosis);
            }
        }
    }
    score_verdict(problem, derivation.final_verdict, result,
                  derivation.outcome == Outcome::correct);
    result.status = grade_status_of(derivation.outcome);
    if (!derivation.message.empty()) result.message = derivation.message;
    result.first_wrong_step = derivation.first_wrong_step;
    for (const auto& step : derivation.steps) {
        StepResult out;
        out.index = step.index;
        out.outcome = step.outcome;
        out.text = step.text;
        out.message = step.message;
        // The step's mistake is said once, as a mistake line, not in its message as well.
        for (const auto& d : step.diagnosis) {
            const std::string said = "; " + d.message;
            if (auto at = out.message.rfind(said); at != std::string::npos)
                out.message.erase(at, said.size());
        }
        out.diagnosis = step.diagnosis;
        add_unique(result.diagnosis, step.diagnosis);
        result.steps.push_back(std::move(out));
    }
    // The instructor's feedback first, wherever in the derivation it matched.
    std::stable_partition(result.diagnosis.begin(), result.diagnosis.end(),
                          [](const Diagnosis& d) { return d.id == "authored"; });
    if (derivation.outcome != Outcome::correct) {
        result.score = 0;
        if (problem.step_credit > 0 && derivation.outcome == Outcome::incorrect &&
            derivation.right_share > 0) {
            result.score =
                round_score(problem.step_credit * problem.points * derivation.right_share);
            result.message += " (" + format_share(derivation.right_share) +
                              " of the steps are right before it: partial credit)";
        }
    }
    return result;
}

namespace {} // namespace

nlohmann::ordered_json problem_result_to_json(const ProblemResult& result) {
    nlohmann::ordered_json out;
    out["problem"] = result.problem;
    out["verdict"] = to_string(result.status);
    out["score"] = result.score;
    out["max_score"] = result.max_score;
    out["message"] = result.message;
    out["answer"] = result.status == GradeStatus::missing ? nlohmann::ordered_json(nullptr)
                                                          : nlohmann::ordered_json(result.answer);
    out["counterexample"] = counterexample_to_json(result.counterexample);
    out["diagnosis"] = diagnosis_to_json(result.diagnosis);
    nlohmann::ordered_json parts = nlohmann::ordered_json::array();
    for (const auto& part : result.parts)
        parts.push_back({{"label", part.label},
                         {"verdict", to_string(part.outcome)},
                         {"score", part.score},
                         {"max_score", part.max_score},
                         {"message", part.message},
                         {"counterexample", counterexample_to_json(part.counterexample)},
                         {"diagnosis", diagnosis_to_json(part.diagnosis)}});
    out["parts"] = parts;
    nlohmann::ordered_json steps = nlohmann::ordered_json::array();
    for (const auto& step : result.steps)
        steps.push_back({{"index", step.index},
                         {"verdict", to_string(step.outcome)},
                         {"text", step.text},
                         {"message", step.message},
                         {"diagnosis", diagnosis_to_json(step.diagnosis)}});
    out["steps"] = steps;
    out["first_wrong_step"] = result.first_wrong_step
                                  ? nlohmann::ordered_json(*result.first_wrong_step)
                                  : nlohmann::ordered_json(nullptr);
    if (result.form)
        out["form"] = {{"required", to_string(result.form->required)},
                       {"satisfied", result.form->satisfied},
                       {"reason", result.form->reason}};
    return out;
}

GradeStatus grade_status_of(Outcome outcome) {
    switch (outcome) {
    case Outcome::correct:
        return GradeStatus::correct;
    case Outcome::incorrect:
        return GradeStatus::incorrect;
    case Outcome::invalid:
        return GradeStatus::invalid;
    }
    return GradeStatus::invalid;
}

} // namespace chainrule
