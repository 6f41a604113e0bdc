#include "checker/plot_data.hpp"

#include "checker/numeric_eval.hpp"
#include "expr/printer.hpp"
#include "expr/structure.hpp"
#include "expr/symbols.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace chainrule {

using GiNaC::ex;

namespace {

// The part to plot: the first wrong one with a counterexample, else the first wrong one,
// else (a correct answer) the first one.
std::optional<std::size_t> chosen_part(const Verdict& verdict) {
    const auto& parts = verdict.parts;
    for (std::size_t i = 0; i < parts.size(); ++i)
        if (parts[i].outcome == Outcome::incorrect && parts[i].counterexample) return i;
    for (std::size_t i = 0; i < parts.size(); ++i)
        if (parts[i].outcome == Outcome::incorrect) return i;
    if (verdict.outcome == Outcome::correct && !parts.empty()) return 0;
    return std::nullopt;
}

long double parse_coordinate(const std::string& text) {
    char* end = nullptr;
    long double value = std::strtold(text.c_str(), &end);
    // "2.1e+4342" overflows: such a point is no place for a plot, the origin is.
    if (end == text.c_str() || !std::isfinite(value)) return 0;
    return value;
}

// Evaluates an expression along the slice: compiled to long doubles where possible, and by
// GiNaC where the compiler does not know a function.
class SliceEvaluator {
  public:
    SliceEvaluator(const ex& e, const std::vector<ex>& variables)
        : expression_(e), variables_(variables),
          compiled_(CompiledExpression::compile(e, variables)) {}

    std::optional<double> at(const std::vector<long double>& point) const {
        if (compiled_) {
            long double value = compiled_->evaluate(point);
            if (!std::isfinite(value)) return std::nullopt;
            return static_cast<double>(value);
        }
        std::vector<GiNaC::numeric> exact;
        for (long double v : point)
            exact.emplace_back(static_cast<double>(v));
        auto value = evaluate_precisely(expression_, variables_, exact);
        if (!value) return std::nullopt;
        double d = value->to_double();
        if (!std::isfinite(d)) return std::nullopt;
        return d;
    }

  private:
    ex expression_;
    std::vector<ex> variables_;
    std::optional<CompiledExpression> compiled_;
};

// The y range: all of both curves when no value is far out, else the bulk of them (the
// 5th to 95th percentile, widened), so that a pole or an exponential tail does not flatten
// the rest into a line. The counterexample's values are always in view.
std::pair<double, double> y_range(const PlotData& data) {
    std::vector<double> values;
    for (const PlotSeries* series : {&data.expected, &data.answer})
        for (const auto& v : *series)
            if (v) values.push_back(*v);
    std::vector<double> must_show;
    if (data.marker_expected) must_show.push_back(*data.marker_expected);
    if (data.marker_answer) must_show.push_back(*data.marker_answer);
    if (values.empty() && must_show.empty()) return {-1, 1};
    double lo = 0, hi = 0;
    if (!values.empty()) {
        std::sort(values.begin(), values.end());
        auto quantile = [&](double q) {
            return values[static_cast<std::size_t>(q * static_cast<double>(values.size() - 1))];
        };
        double q_lo = quantile(0.05), q_hi = quantile(0.95);
        double bulk = q_hi - q_lo;
        lo = values.front();
        hi = values.back();
        if (bulk > 0 && hi - lo > 4 * bulk) {
            lo = std::max(lo, q_lo - bulk / 2);
            hi = std::min(hi, q_hi + bulk / 2);
        }
    } else {
        lo = hi = must_show.front();
    }
    for (double v : must_show) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    double span = hi - lo;
    if (!(span > 1e-12 * std::max(1.0, std::fabs(hi)))) { // flat: a band around the value
        double half = std::max(1.0, std::fabs(hi) * 0.25);
        return {lo - half, hi + half};
    }
    return {lo - 0.1 * span, hi + 0.1 * span};
}

} // namespace

std::string format_value(double value) {
    if (value == 0) return "0"; // never "-0"
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
    return buffer;
}

PlotRequest plot_request(const Verdict& verdict, const Expectation& expectation) {
    PlotRequest request;
    if (verdict.outcome == Outcome::invalid) {
        request.reason = "the answer could not be checked";
        return request;
    }
    auto index = chosen_part(verdict);
    if (!index) {
        request.reason = "the answer was not compared entry by entry (" + verdict.message + ")";
        return request;
    }
    const PartVerdict& part = verdict.parts[*index];
    request.label = part.label;
    request.expected = part.expected;
    request.answer = part.answer;
    request.correct = part.outcome == Outcome::correct;

    // The variables: the counterexample's (the question's, then others by name) or, without
    // one, the question's followed by any other the two sides use.
    std::vector<std::string> names;
    if (part.counterexample && !part.counterexample->point.empty()) {
        for (const auto& [name, value] : part.counterexample->point) {
            names.push_back(name);
            request.point.push_back(parse_coordinate(value));
        }
        request.has_counterexample = true;
    } else {
        std::set<std::string> used;
        collect_symbols(part.expected, used);
        collect_symbols(part.answer, used);
        names = expectation.variables;
        for (const auto& name : used)
            if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        // Away from 0, where products vanish and kinks sit: 1/2, 3/4, 1, ...
        for (std::size_t i = 0; i < names.size(); ++i)
            request.point.push_back(0.5L + 0.25L * static_cast<long double>(i));
    }
    if (names.empty()) {
        request.reason = "the expressions have no variable to plot against";
        return request;
    }
    for (const auto& name : names)
        request.variables.push_back(variable(name));

    // Along the variable this entry differentiates against; comparing with --expected, the
    // first variable either side uses.
    std::string along;
    if (!expectation.wrt.empty()) along = expectation.wrt[*index % expectation.wrt.size()];
    if (along.empty() || std::find(names.begin(), names.end(), along) == names.end()) {
        std::set<std::string> used;
        collect_symbols(part.expected, used);
        collect_symbols(part.answer, used);
        along = names.front();
        for (const auto& name : names)
            if (used.count(name)) {
                along = name;
                break;
            }
    }
    request.slice =
        static_cast<std::size_t>(std::find(names.begin(), names.end(), along) - names.begin());
    request.available = true;
    return request;
}

PlotData sample_plot(const PlotRequest& request, std::size_t samples) {
    PlotData data;
    samples = std::max<std::size_t>(samples, 2);
    const std::string variable_name =
        GiNaC::ex_to<GiNaC::symbol>(request.variables[request.slice]).get_name();
    data.variable = print_name(variable_name, Notation::unicode);
    data.title = (request.label.empty() ? "" : request.label + ": ") +
                 "expected and your answer along " + data.variable;
    for (std::size_t i = 0; i < request.variables.size(); ++i) {
        if (i == request.slice) continue;
        data.fixed.push_back(
            print_name(GiNaC::ex_to<GiNaC::symbol>(request.variables[i]).get_name(),
                       Notation::unicode) +
            " = " + format_value(static_cast<double>(request.point[i])));
    }
    data.expected_text = print(request.expected, Notation::unicode);
    data.answer_text = print(request.answer, Notation::unicode);
    data.correct = request.correct;

    // Centred on the counterexample, wide enough to show the curves around it and, for a
    // point near the origin, the origin too.
    const double centre = static_cast<double>(request.point[request.slice]);
    const double half_width = std::max(3.0, 1.25 * std::fabs(centre));
    data.x_min = centre - half_width;
    data.x_max = centre + half_width;

    SliceEvaluator expected(request.expected, request.variables);
    SliceEvaluator answer(request.answer, request.variables);
    std::vector<long double> point = request.point;
    for (std::size_t i = 0; i < samples; ++i) {
        double x = data.x_min + (data.x_max - data.x_min) * static_cast<double>(i) /
                                    static_cast<double>(samples - 1);
        data.xs.push_back(x);
        point[request.slice] = x;
        data.expected.push_back(expected.at(point));
        data.answer.push_back(answer.at(point));
    }
    if (request.has_counterexample) {
        data.marker_x = centre;
        point[request.slice] = request.point[request.slice];
        data.marker_expected = expected.at(point);
        data.marker_answer = answer.at(point);
        // Where both are near 0 (σ(3z)' and a wrong answer at z = −1.75) the mark would show no
        // difference: it goes to the sample where the curves are furthest apart, unless the
        // counterexample is about as far (or is a difference of domain, which it shows).
        auto finite = [](const std::optional<double>& v) { return v && std::isfinite(*v); };
        if (finite(data.marker_expected) && finite(data.marker_answer)) {
            // Within the view the curves' bulk gets: not at a pole's spike, which is clipped.
            PlotData bulk = data;
            bulk.marker_expected.reset();
            bulk.marker_answer.reset();
            // (A pair, not a structured binding: clang does not let a lambda capture one.)
            const std::pair<double, double> view = y_range(bulk);
            const double low = view.first, high = view.second;
            auto shown = [&](const std::optional<double>& v) {
                return finite(v) && *v >= low && *v <= high;
            };
            std::size_t widest = data.xs.size();
            double widest_gap = 0;
            for (std::size_t i = 0; i < data.xs.size(); ++i) {
                if (!shown(data.expected[i]) || !shown(data.answer[i])) continue;
                const double gap = std::fabs(*data.expected[i] - *data.answer[i]);
                if (gap > widest_gap) {
                    widest_gap = gap;
                    widest = i;
                }
            }
            const double here = std::fabs(*data.marker_expected - *data.marker_answer);
            if (widest < data.xs.size() && here < 0.5 * widest_gap) {
                // At a round coordinate near it, which the label can print as it is.
                const double x = std::round(data.xs[widest] * 100) / 100;
                point[request.slice] = x;
                data.marker_x = x;
                data.marker_expected = expected.at(point);
                data.marker_answer = answer.at(point);
            }
        }
    }
    std::tie(data.y_min, data.y_max) = y_range(data);
    return data;
}

Ticks nice_ticks(double lo, double hi, std::size_t max_count) {
    Ticks ticks;
    if (!(hi > lo) || max_count == 0) return ticks;
    double raw = (hi - lo) / static_cast<double>(std::max<std::size_t>(max_count, 1));
    double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = power;
    for (double factor : {1.0, 2.0, 5.0, 10.0}) {
        step = factor * power;
        if (step >= raw) break;
    }
    ticks.step = step;
    for (double k = std::ceil(lo / step); k * step <= hi + step * 1e-9; k += 1) {
        double value = k * step;
        if (std::fabs(value) < step * 1e-9) value = 0;
        ticks.values.push_back(value);
    }
    return ticks;
}

std::string format_tick(double value, double step) {
    if (std::fabs(value) < std::fabs(step) * 1e-9) return "0";
    char buffer[64];
    double magnitude = std::max(std::fabs(value), std::fabs(step));
    if (magnitude >= 1e6 || std::fabs(step) < 1e-4) {
        std::snprintf(buffer, sizeof buffer, "%.3g", value);
        return buffer;
    }
    int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(std::fabs(step)) + 1e-9)));
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::size_t text_width(const std::string& text) {
    std::size_t count = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

std::string truncate_text(const std::string& text, std::size_t max_characters) {
    if (text_width(text) <= max_characters) return text;
    std::size_t keep = max_characters == 0 ? 0 : max_characters - 1, count = 0, i = 0;
    for (; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            if (count == keep) break;
            ++count;
        }
    }
    return text.substr(0, i) + (max_characters == 0 ? "" : "…");
}

} // namespace chainrule
