#pragma once
#include "checker/equivalence.hpp"
#include "checker/verdict.hpp"

#include <ginac/ginac.h>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace chainrule {

/// What to plot for a verdict: one scalar entry (the first wrong one), as a function of one
/// variable, the others held at the values of a point (the counterexample, when there is one).
struct PlotRequest {
    bool available = false;
    std::string reason; ///< why there is no plot, when not available ("the answer is a vector…")
    std::string label;  ///< the entry plotted: "" for a scalar, "∂/∂y" or "[2]" otherwise
    GiNaC::ex expected;
    GiNaC::ex answer;
    std::vector<GiNaC::ex> variables; ///< every variable of the two expressions, in order
    std::vector<long double> point;   ///< the slice's point: one value per variable
    std::size_t slice = 0;            ///< the index of the variable along which to plot
    bool has_counterexample = false;  ///< point is where the two were seen to differ
    bool correct = false;             ///< the two agree: the curves coincide
};

/// One curve: a y value per x of the plot, nothing where the expression is undefined there.
using PlotSeries = std::vector<std::optional<double>>;

/// The sampled curves, the ranges to show them in and the texts that name them: all a
/// renderer needs, with no GiNaC in sight.
struct PlotData {
    std::string variable; ///< the plotted variable as printed ("x", "z₁")
    std::string title;    ///< "expected and your answer, along x"
    /// The variables held fixed, as "y = 1.5"; empty for a function of one variable.
    std::vector<std::string> fixed;
    std::string expected_text; ///< the expected expression as printed
    std::string answer_text;   ///< the answer as printed
    std::vector<double> xs;    ///< the sample positions, increasing, evenly spaced
    PlotSeries expected;
    PlotSeries answer;
    double x_min = 0, x_max = 1; ///< the x range shown
    double y_min = 0, y_max = 1; ///< the y range shown; values far outside it are clipped
    /// The counterexample: its x and the two values there (nothing where undefined).
    std::optional<double> marker_x;
    std::optional<double> marker_expected;
    std::optional<double> marker_answer;
    bool correct = false; ///< the curves are the same function
};

/// What to plot for this verdict: the first wrong entry with a counterexample (else the
/// first wrong entry, else for a correct answer the first entry), along the variable the
/// entry differentiates against (or, comparing with --expected, the first variable either
/// side uses). Not available for invalid input, a wrong shape, or expressions without
/// variables; `reason` then says why.
PlotRequest plot_request(const Verdict& verdict, const Expectation& expectation);

/// The two curves sampled at `samples` evenly spaced x (at least 2): a range centred on the
/// counterexample and wide enough to show the region around it, undefined points left out,
/// and a y range that keeps the bulk of both curves and the counterexample in view while
/// clipping outliers (poles, exponential tails).
PlotData sample_plot(const PlotRequest& request, std::size_t samples);

/// A value for a caption: at most 6 significant digits ("1.5", "-0.0453978", "2.5e+07").
std::string format_value(double value);

/// Tick positions for an axis: multiples of a round step (1, 2 or 5 times a power of ten)
/// inside [lo, hi], at most about `max_count` of them.
struct Ticks {
    std::vector<double> values;
    double step = 1;
};
Ticks nice_ticks(double lo, double hi, std::size_t max_count);

/// A tick's label for people: as many decimals as the step needs ("0.5", "-12"), an exponent
/// for very large or small values ("1.5e+06"), and "0" for what rounds to zero at this step.
std::string format_tick(double value, double step);

/// The first `max_characters` characters (code points) of UTF-8 text, with "…" when cut.
std::string truncate_text(const std::string& text, std::size_t max_characters);

/// How many characters (code points) a UTF-8 text has: its width on a terminal for the text
/// this program prints (no wide or combining characters).
std::size_t text_width(const std::string& text);

} // namespace chainrule
