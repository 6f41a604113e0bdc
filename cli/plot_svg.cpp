#include "cli/plot_svg.hpp"

#include "checker/markup.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace chainrule {

namespace {

// The canvas and the plot area inside it, in SVG user units.
constexpr double canvas_width = 760, canvas_height = 500;
constexpr double left = 78, right = 730, top = 86, bottom = 372;

constexpr const char* expected_stroke = "#1f6fb4";
constexpr const char* answer_stroke = "#d62728";
constexpr const char* font = "DejaVu Sans, Verdana, Arial, sans-serif";

// A coordinate with two decimals, never "-0.00": the same number always gives the same bytes.
std::string num(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    std::string text = buffer;
    if (text == "-0.00") text = "0.00";
    return text;
}

double px(const PlotData& data, double x) {
    return left + (x - data.x_min) / (data.x_max - data.x_min) * (right - left);
}

// The vertical position of y, or a little beyond the frame's edge for values outside the
// view (the clip path hides that part): never a coordinate of astronomical size.
double py(const PlotData& data, double y) {
    double t = (data.y_max - y) / (data.y_max - data.y_min);
    return top + std::clamp(t, -0.05, 1.05) * (bottom - top);
}

bool above(const PlotData& data, double y) {
    return y > data.y_max;
}
bool below(const PlotData& data, double y) {
    return y < data.y_min;
}

// The path of a series: broken where it is undefined, across a pole (from far above the
// view to far below, or back) and along stretches wholly outside the view.
std::string series_path(const PlotData& data, const PlotSeries& series) {
    std::string d;
    bool has_previous = false; // a plain flag: GCC misreads an optional here
    double previous = 0;
    for (std::size_t i = 0; i < series.size(); ++i) {
        if (!series[i]) {
            has_previous = false;
            continue;
        }
        const double value = *series[i];
        bool joined = false;
        if (has_previous) {
            bool pole = (above(data, value) && below(data, previous)) ||
                        (below(data, value) && above(data, previous));
            bool off_view = (above(data, value) && above(data, previous)) ||
                            (below(data, value) && below(data, previous));
            joined = !pole && !off_view;
        }
        d += std::string(d.empty() ? "" : " ") + (joined ? "L" : "M") + num(px(data, data.xs[i])) +
             "," + num(py(data, value));
        has_previous = true;
        previous = value;
    }
    return d;
}

std::string text_element(double x, double y, const std::string& text, const std::string& extra) {
    return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"" + (extra.empty() ? "" : " " + extra) +
           ">" + escape_xml(text) + "</text>\n";
}

std::string line_element(double x1, double y1, double x2, double y2, const std::string& style) {
    return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
           num(y2) + "\" " + style + "/>\n";
}

std::string describe_value(const std::optional<double>& value) {
    return value ? format_value(*value) : "undefined";
}

} // namespace

std::string render_svg_plot(const PlotData& data) {
    std::string out;
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(canvas_width) +
           "\" height=\"" + num(canvas_height) + "\" viewBox=\"0 0 " + num(canvas_width) + " " +
           num(canvas_height) + "\" font-family=\"" + font + "\" font-size=\"13\">\n";
    out += "<title>" + escape_xml(data.title) + "</title>\n";
    out += "<desc>" +
           escape_xml("expected: " + data.expected_text + "; your answer: " + data.answer_text) +
           "</desc>\n";
    out += "<defs><clipPath id=\"plot-area\"><rect x=\"" + num(left) + "\" y=\"" + num(top) +
           "\" width=\"" + num(right - left) + "\" height=\"" + num(bottom - top) +
           "\"/></clipPath></defs>\n";
    out += "<rect x=\"0\" y=\"0\" width=\"" + num(canvas_width) + "\" height=\"" +
           num(canvas_height) + "\" fill=\"#ffffff\"/>\n";

    // Title, and the variables held fixed.
    out += text_element(left, 30, truncate_text(data.title, 80),
                        "font-size=\"17\" font-weight=\"bold\" fill=\"#222222\"");
    if (!data.fixed.empty()) {
        std::string fixed;
        for (std::size_t i = 0; i < data.fixed.size(); ++i)
            fixed += (i ? ", " : "") + data.fixed[i];
        out += text_element(
            left, 52,
            truncate_text("with " + fixed +
                              (data.marker_x ? " held as at the counterexample" : " held"),
                          100),
            "fill=\"#555555\"");
    }

    // Grid, frame and tick labels.
    Ticks x_ticks = nice_ticks(data.x_min, data.x_max, 8);
    Ticks y_ticks = nice_ticks(data.y_min, data.y_max, 6);
    out += "<g stroke=\"#e3e3e3\" stroke-width=\"1\">\n";
    for (double x : x_ticks.values)
        out += line_element(px(data, x), top, px(data, x), bottom, "");
    for (double y : y_ticks.values)
        out += line_element(left, py(data, y), right, py(data, y), "");
    out += "</g>\n";
    // The zero lines, a little darker, where they are in view.
    if (data.y_min < 0 && data.y_max > 0)
        out += line_element(left, py(data, 0), right, py(data, 0),
                            "stroke=\"#9a9a9a\" stroke-width=\"1\"");
    if (data.x_min < 0 && data.x_max > 0)
        out += line_element(px(data, 0), top, px(data, 0), bottom,
                            "stroke=\"#9a9a9a\" stroke-width=\"1\"");
    out += "<rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" + num(right - left) +
           "\" height=\"" + num(bottom - top) + "\" fill=\"none\" stroke=\"#444444\"/>\n";
    out += "<g fill=\"#333333\" font-size=\"12\">\n";
    for (double x : x_ticks.values) {
        out += line_element(px(data, x), bottom, px(data, x), bottom + 5, "stroke=\"#444444\"");
        out += text_element(px(data, x), bottom + 19, format_tick(x, x_ticks.step),
                            "text-anchor=\"middle\"");
    }
    for (double y : y_ticks.values) {
        out += line_element(left - 5, py(data, y), left, py(data, y), "stroke=\"#444444\"");
        out += text_element(left - 8, py(data, y) + 4, format_tick(y, y_ticks.step),
                            "text-anchor=\"end\"");
    }
    out += "</g>\n";
    out += text_element((left + right) / 2, bottom + 40, data.variable,
                        "text-anchor=\"middle\" font-size=\"14\" font-style=\"italic\" "
                        "fill=\"#222222\"");

    // The counterexample: a dashed vertical line, under the curves.
    if (data.marker_x) {
        double x = px(data, *data.marker_x);
        out += line_element(x, top, x, bottom,
                            "stroke=\"#666666\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\"");
        bool right_half = x > (left + right) / 2;
        out +=
            text_element(x + (right_half ? 4 : -4), top - 7,
                         "counterexample " + data.variable + " = " + format_value(*data.marker_x),
                         std::string("fill=\"#444444\" font-size=\"12\"") +
                             (right_half ? " text-anchor=\"end\"" : ""));
    }

    // The curves, clipped to the frame: the answer dashed on top, so that where the two
    // coincide both are seen.
    out += "<g clip-path=\"url(#plot-area)\" fill=\"none\" stroke-linejoin=\"round\" "
           "stroke-linecap=\"round\">\n";
    out += "<path d=\"" + series_path(data, data.expected) + "\" stroke=\"" + expected_stroke +
           "\" stroke-width=\"2.6\"/>\n";
    out += "<path d=\"" + series_path(data, data.answer) + "\" stroke=\"" + answer_stroke +
           "\" stroke-width=\"2.2\" stroke-dasharray=\"8 5\"/>\n";
    if (data.marker_x) {
        double x = px(data, *data.marker_x);
        if (data.marker_expected)
            out += "<circle cx=\"" + num(x) + "\" cy=\"" + num(py(data, *data.marker_expected)) +
                   "\" r=\"5\" fill=\"" + expected_stroke + "\" stroke=\"#ffffff\"/>\n";
        if (data.marker_answer)
            out += "<circle cx=\"" + num(x) + "\" cy=\"" + num(py(data, *data.marker_answer)) +
                   "\" r=\"5\" fill=\"" + answer_stroke + "\" stroke=\"#ffffff\"/>\n";
    }
    out += "</g>\n";

    // Legend and caption.
    double y = bottom + 70;
    out += line_element(left, y - 4, left + 34, y - 4,
                        std::string("stroke=\"") + expected_stroke + "\" stroke-width=\"2.6\"");
    out += text_element(left + 44, y, truncate_text("expected: " + data.expected_text, 90), "");
    y += 22;
    out += line_element(left, y - 4, left + 34, y - 4,
                        std::string("stroke=\"") + answer_stroke +
                            "\" stroke-width=\"2.2\" stroke-dasharray=\"8 5\"");
    out += text_element(left + 44, y, truncate_text("your answer: " + data.answer_text, 90), "");
    y += 26;
    std::string caption;
    if (data.correct)
        caption = "The curves coincide: the answer is right.";
    else if (data.marker_x)
        caption = "At " + data.variable + " = " + format_value(*data.marker_x) +
                  " the expected value is " + describe_value(data.marker_expected) +
                  ", the answer gives " + describe_value(data.marker_answer) + ".";
    if (!caption.empty())
        out += text_element(left, y, truncate_text(caption, 100), "fill=\"#222222\"");
    out += "</svg>\n";
    return out;
}

} // namespace chainrule
