#pragma once
// Internal to cli/ (docs/architecture.md), as is all of cli/.
// The plots of `chainrule check`: where the answer and the expected derivative differ, drawn
// in the terminal under the verdict and, when asked, written to an SVG file.
#include "checker/equivalence.hpp"
#include "checker/verdict.hpp"

#include <string>

namespace chainrule {

/// What the user asked for.
struct PlotOptions {
    std::string svg_path; ///< --plot FILE.svg: write the plot there ("" for none)
    /// --plot-terminal (> 0): draw it under the verdict, even when not on a terminal;
    /// --no-plot-terminal (< 0): never; 0: under an incorrect verdict when standard output is
    /// a terminal and the output is text.
    int terminal = 0;
};

/// Writes the SVG plot of the verdict when one was asked for, and returns the line that says
/// so (or why there is none) for the text output. Throws InputError when the file cannot be
/// written. Call it before printing anything, so that such an error comes alone.
std::string write_plot_file(const Verdict& verdict, const Expectation& expectation,
                            const PlotOptions& options);

/// The terminal plot to print under the text verdict ("" when none is due).
std::string terminal_plot(const Verdict& verdict, const Expectation& expectation,
                          const PlotOptions& options);

} // namespace chainrule
