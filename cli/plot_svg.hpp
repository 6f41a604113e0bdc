#pragma once
// Internal to cli/: an SVG picture of a plot (checker/plot_data), for `check --plot FILE.svg`.
#include "checker/plot_data.hpp"

#include <cstddef>
#include <string>

namespace chainrule {

/// How many samples an SVG plot draws.
constexpr std::size_t svg_plot_samples = 601;

/// The two curves as a self-contained SVG document (no scripts, no external fonts or files):
/// a title, the variables held fixed, a frame with grid lines and tick labels, the expected
/// curve solid blue and the answer dashed red (so both show where they coincide), the
/// counterexample marked with a dashed vertical line and a dot on each curve, a legend and a
/// caption. Numbers have a fixed format, so the same data always gives the same bytes; every
/// text from the input is escaped for XML.
std::string render_svg_plot(const PlotData& data);

} // namespace chainrule
