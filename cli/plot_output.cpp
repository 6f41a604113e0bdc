#include "cli/plot_output.hpp"

#include "checker/plot_data.hpp"
#include "cli/plot_svg.hpp"
#include "cli/plot_terminal.hpp"
#include "cli/terminal.hpp"
#include "expr/errors.hpp"

#include <cstdio>
#include <fstream>
#include <unistd.h>

namespace chainrule {

std::string write_plot_file(const Verdict& verdict, const Expectation& expectation,
                            const PlotOptions& options) {
    if (options.svg_path.empty()) return "";
    PlotRequest request = plot_request(verdict, expectation);
    if (!request.available) return "no plot: " + request.reason + "\n";
    std::string svg = render_svg_plot(sample_plot(request, svg_plot_samples));
    std::ofstream out(options.svg_path, std::ios::binary | std::ios::trunc);
    if (out) out << svg;
    out.close();
    if (!out) throw InputError("cannot write the plot file '" + printable(options.svg_path) + "'");
    return "plot: written to " + printable(options.svg_path) + "\n";
}

std::string terminal_plot(const Verdict& verdict, const Expectation& expectation,
                          const PlotOptions& options) {
    if (options.terminal < 0) return "";
    if (options.terminal == 0 &&
        (verdict.outcome != Outcome::incorrect || isatty(fileno(stdout)) == 0))
        return "";
    PlotRequest request = plot_request(verdict, expectation);
    if (!request.available) return options.terminal > 0 ? "no plot: " + request.reason + "\n" : "";
    std::size_t width = terminal_width(stdout);
    return "\n" + render_terminal_plot(sample_plot(request, terminal_plot_samples(width)), width,
                                       use_colour(stdout));
}

} // namespace chainrule
