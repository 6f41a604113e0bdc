#pragma once
// Internal to cli/: a plot (checker/plot_data) drawn in the terminal with braille dots, for `check
// --plot`.
#include "checker/plot_data.hpp"

#include <cstddef>
#include <string>

namespace chainrule {

/// The narrowest and widest terminal plots, in columns.
constexpr std::size_t min_terminal_plot_width = 40;
constexpr std::size_t max_terminal_plot_width = 200;

/// How many samples a terminal plot of this width draws: one per braille dot column.
std::size_t terminal_plot_samples(std::size_t width);

/// The two curves drawn with Unicode braille (U+2800–U+28FF), every line at most `width`
/// columns (bounded to [40, 200]): a title and legend, a y axis with tick labels, an x axis
/// with tick labels and the variable's name, the counterexample's x marked with a dotted
/// vertical line and its values in a caption. With colour the expected curve is cyan and the
/// answer red (cells where both pass in bold); without, the answer is drawn dotted (every
/// other dot column), so the two differ in print too.
std::string render_terminal_plot(const PlotData& data, std::size_t width, bool colour);

} // namespace chainrule
