#include "checker/steps.hpp"

#include "expr/errors.hpp"
#include "expr/functions.hpp"
#include "expr/printer.hpp"
#include "expr/symbols.hpp"
#include "expr/work_budget.hpp"

#include <algorithm>

namespace chainrule {

using GiNaC::ex;
using GiNaC::is_a;

namespace {

std::vector<ex> terms_of(const ex& e) {
    std::vector<ex> terms;
    if (is_a<GiNaC::add>(e))
        for (std::size_t i = 0; i < e.nops(); ++i) terms.push_back(e.op(i));
    else
        terms.push_back(e);
    return terms;
}

// The terms of `before` and `after` that differ, after cancelling the ones both share.
std::pair<ex, ex> changed_terms(const ex& before, const ex& after) {
    std::vector<ex> old_terms = terms_of(before);
    std::vector<ex> new_terms = terms_of(after);
    std::vector<bool> kept(new_terms.size(), false);
    ex old_rest = 0, new_rest = 0;
    for (const auto& term : old_terms) {
        bool found = false;
        for (std::size_t j = 0; j < new_terms.size() && !found; ++j)
            if (!kept[j] && new_terms[j].is_equal(term)) found = kept[j] = true;
        if (!found) old_rest += term;
    }
    for (std::size_t j = 0; j < new_terms.size(); ++j)
        if (!kept[j]) new_rest += new_terms[j];
    return {old_rest, new_rest};
}

// deriv(u, x) times a constant factor: the one derivative a changed part worked out.
struct SingleDerivative {
    ex factor;
    ex inner;
};

std::optional<SingleDerivative> single_derivative(const ex& e) {
    if (is_ex_the_function(e, deriv)) return SingleDerivative{1, e.op(0)};
    if (is_a<GiNaC::mul>(e)) {
        std::optional<SingleDerivative> found;
        ex factor = 1;
        for (std::size_t i = 0; i < e.nops(); ++i) {
            const ex& f = e.op(i);
            if (is_ex_the_function(f, deriv)) {
                if (found) return std::nullopt;
                found = SingleDerivative{1, f.op(0)};
            } else if (has_unevaluated_derivative(f)) {
                return std::nullopt;
            } else {
                factor *= f;
            }
        }
        if (found) found->factor = factor;
        return found;
    }
    return std::nullopt;
}

std::string quoted(const ex& e) { return "«" + print(e, Notation::unicode) + "»"; }

} // namespace

std::vector<std::string> split_steps(const std::string& text, std::size_t max_steps) {
    std::vector<std::string> steps;
    auto push = [&](std::string piece) {
        auto begin = piece.find_first_not_of(" \t\r");
        if (begin == std::string::npos) return;
        auto end = piece.find_last_not_of(" \t\r");
        steps.push_back(piece.substr(begin, end - begin + 1));
        if (steps.size() > max_steps)
            throw InputError("too many steps: more than " + std::to_string(max_steps));
    };
    std::string current;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        bool comparison = c == '=' && ((i > 0 && (text[i - 1] == '<' || text[i - 1] == '>' ||
                                                  text[i - 1] == '=')) ||
                                       (i + 1 < text.size() && text[i + 1] == '='));
        if (c == '\n' || (c == '=' && !comparison)) {
            push(current);
            current.clear();
        } else {
            current += c;
        }
    }
    push(current);
    return steps;
}

namespace {

DerivationVerdict check_unbudgeted(const Expectation& expectation, const ex& function,
                                   const std::string& variable,
                                   const std::vector<std::string>& steps, bool hide_answer) {
    DerivationVerdict result;
    DiagnosisOptions slips_only;
    slips_only.structural_fallback = false;
    slips_only.hide_answer = hide_answer;
    if (hide_answer) {
        try {
            slips_only.hidden.push_back(
                evaluate_derivatives(function).diff(chainrule::variable(variable)));
        } catch (const std::exception&) {
        }
    }
    if (steps.empty()) {
        result.outcome = Outcome::invalid;
        result.message = "no steps: give one expression per line";
        return result;
    }
    ParseOptions options = ParseOptions::for_answer(expectation.variables, expectation.lets);
    options.keep_syntax = expectation.form != AnswerForm::none;
    std::optional<ex> previous;
    bool any_invalid = false;
    // For right_share: the steps said so far, and the new ones before and from the first
    // wrong step.
    std::vector<ex> said{deriv(function, chainrule::variable(variable))};
    std::size_t new_right = 0, new_total = 0;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        StepVerdict step;
        step.index = i + 1;
        step.text = printable(steps[i]);
        Verdict verdict;
        std::optional<ex> current;
        try {
            ParseResult parsed = parse_expression(steps[i], options);
            verdict = check_answer(expectation, parsed);
            if (parsed.value.is_scalar()) current = parsed.value.scalar();
        } catch (const ParseError& error) {
            verdict.outcome = Outcome::invalid;
            verdict.message = error.with_caret();
        }
        step.outcome = verdict.outcome;
        any_invalid = any_invalid || verdict.outcome == Outcome::invalid;
        if (verdict.outcome == Outcome::correct) {
            step.message = "step " + std::to_string(step.index) + " is right";
        } else if (verdict.outcome == Outcome::invalid) {
            step.message = "step " + std::to_string(step.index) + " cannot be read: " + verdict.message;
        } else {
            step.message = "step " + std::to_string(step.index) + " is wrong: " + verdict.message;
            // After an unreadable step nothing is the "first wrong step": the derivation
            // is invalid, and what follows an unread step cannot be judged against it.
            if (!result.first_wrong_step && !any_invalid) {
                result.first_wrong_step = step.index;
                if (previous && current) {
                    auto [from, to] = changed_terms(*previous, *current);
                    step.changed_from = print(from, Notation::unicode);
                    step.changed_to = print(to, Notation::unicode);
                    step.message = "step " + std::to_string(step.index) + " is wrong: " +
                                   quoted(from) + " in step " + std::to_string(step.index - 1) +
                                   " became " + quoted(to) + ", which is not equal to it";
                    if (auto single = single_derivative(from); single && !single->factor.is_zero())
                        step.diagnosis =
                            diagnose(single->inner, variable, expectation.variables,
                                     to / single->factor, slips_only);
                    else if (!has_unevaluated_derivative(*current))
                        step.diagnosis = diagnose(function, variable, expectation.variables,
                                                  *current, slips_only);
                } else {
                    step.diagnosis = diagnose(function, variable, expectation.variables,
                                              current ? *current : ex(0), slips_only);
                }
                for (const auto& d : step.diagnosis) step.message += "; " + d.message;
            }
        }
        if (current && std::none_of(said.begin(), said.end(),
                                    [&](const ex& e) { return e.is_equal(*current); })) {
            said.push_back(*current);
            ++new_total;
            if (!result.first_wrong_step && verdict.outcome == Outcome::correct) ++new_right;
        }
        if (current) previous = current;
        result.final_verdict = std::move(verdict);
        result.steps.push_back(std::move(step));
    }
    if (result.first_wrong_step) {
        if (!any_invalid && new_total > 0)
            result.right_share = double(new_right) / double(new_total);
        result.outcome = Outcome::incorrect;
        result.message = "step " + std::to_string(*result.first_wrong_step) + " is the first wrong step";
    } else if (any_invalid) {
        result.outcome = Outcome::invalid;
        result.message = "a step cannot be read";
    } else if (previous && has_unevaluated_derivative(*previous)) {
        result.outcome = Outcome::incorrect;
        result.unfinished = true;
        result.right_share = double(new_right) / double(new_total + 1);
        result.message = "every step is right, but the derivation is unfinished: the last step "
                         "still has an unevaluated derivative";
    } else {
        result.outcome = Outcome::correct;
        result.right_share = 1;
        result.message = "every step is right";
        if (result.final_verdict.form && !result.final_verdict.form->satisfied)
            result.message =
                "every step is right, but " + form_message(*result.final_verdict.form)
                                                  .substr(std::string("equivalent, but ").size());
    }
    return result;
}

} // namespace

DerivationVerdict check_derivation(const Expectation& expectation, const ex& function,
                                   const std::string& variable,
                                   const std::vector<std::string>& steps, bool hide_answer) {
    // One budget for the whole derivation: each step's comparison and diagnosis count against
    // it, so that many steps cannot add up to what one answer may not take.
    return within_budget(
        derivation_work_budget,
        [&] { return check_unbudgeted(expectation, function, variable, steps, hide_answer); },
        [&](std::uint64_t units) {
            DerivationVerdict refused;
            refused.outcome = Outcome::invalid;
            refused.message = "too costly to check: the " + std::to_string(steps.size()) +
                              " steps take more than " + std::to_string(units / 1000000) +
                              " million units of work (the checker's budget, counted the same "
                              "on every machine); write fewer or simpler steps";
            return refused;
        });
}

} // namespace chainrule
