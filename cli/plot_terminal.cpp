#include "cli/plot_terminal.hpp"

#include "expr/ansi.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace chainrule {

namespace {

constexpr const char* expected_colour = "36"; // cyan
constexpr const char* answer_colour = "31";   // red, as the ✗ of a wrong answer
constexpr const char* both_colour = "1";      // bold: the two curves pass through the cell
constexpr const char* dim = "2";

// The UTF-8 of the braille cell with these dots (bit i is dot i + 1 in Unicode's numbering).
std::string braille(std::uint8_t dots) {
    unsigned code = 0x2800u + dots;
    std::string out;
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
    return out;
}

// The bit of the dot at column cx (0, 1) and row cy (0 to 3, top down) of a cell.
std::uint8_t dot_bit(int cx, int cy) {
    static const std::uint8_t bits[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};
    return bits[cx][cy];
}

std::string pad_left(const std::string& text, std::size_t width) {
    std::size_t w = text_width(text);
    return w >= width ? text : std::string(width - w, ' ') + text;
}

// A grid of braille dots for one series.
class DotGrid {
  public:
    DotGrid(std::size_t columns, std::size_t rows)
        : columns_(columns), rows_(rows), cells_(columns * rows, 0) {}

    int dot_columns() const { return static_cast<int>(2 * columns_); }
    int dot_rows() const { return static_cast<int>(4 * rows_); }

    void set(int x, int y) {
        if (x < 0 || y < 0 || x >= dot_columns() || y >= dot_rows()) return;
        cells_[static_cast<std::size_t>(y / 4) * columns_ + static_cast<std::size_t>(x / 2)] |=
            dot_bit(x % 2, y % 4);
    }

    std::uint8_t cell(std::size_t column, std::size_t row) const {
        return cells_[row * columns_ + column];
    }

  private:
    std::size_t columns_, rows_;
    std::vector<std::uint8_t> cells_;
};

// Draws a series: one dot per dot column, joined vertically to the previous column's dot so
// that steep stretches stay connected; not across a pole (one side far above the view and
// the other far below) nor where the curve is undefined. `every` 2 draws every other column.
void draw_series(DotGrid& grid, const PlotData& data, const PlotSeries& series, int every) {
    const int columns = grid.dot_columns(), rows = grid.dot_rows();
    const std::size_t n = data.xs.size();
    if (n == 0) return;
    std::optional<double> previous;
    for (int x = 0; x < columns; ++x) {
        // The sample nearest this dot column.
        double t = columns == 1 ? 0 : static_cast<double>(x) / (columns - 1);
        auto index = static_cast<std::size_t>(std::lround(t * static_cast<double>(n - 1)));
        const std::optional<double>& value = series[index];
        std::optional<double> row;
        if (value) row = (data.y_max - *value) / (data.y_max - data.y_min) * (rows - 1);
        if (row && x % every == 0) {
            bool above = *row<-0.5, below = *row> rows - 0.5;
            int current = static_cast<int>(std::lround(std::clamp(*row, -1.0, double(rows))));
            if (!above && !below) grid.set(x, current);
            if (previous) {
                bool was_above = *previous<-0.5, was_below = *previous> rows - 0.5;
                bool pole = (above && was_below) || (below && was_above);
                bool off_view = (above && was_above) || (below && was_below);
                if (!pole && !off_view) {
                    int from =
                        static_cast<int>(std::lround(std::clamp(*previous, -1.0, double(rows))));
                    // Half the way from the previous dot belongs to that column, half to this.
                    int middle = (from + current) / 2;
                    for (int y = std::min(middle, current); y <= std::max(middle, current); ++y)
                        grid.set(x, y);
                    if (x > 0 && every == 1)
                        for (int y = std::min(middle, from); y <= std::max(middle, from); ++y)
                            grid.set(x - 1, y);
                }
            }
        }
        previous = row;
    }
}

std::string describe_value(const std::optional<double>& value) {
    return value ? format_value(*value) : "undefined";
}

} // namespace

std::size_t terminal_plot_samples(std::size_t width) {
    width = std::clamp(width, min_terminal_plot_width, max_terminal_plot_width);
    // At most the whole width is plot columns; the renderer picks the nearest sample per dot
    // column, so one sample per possible dot column is enough.
    return 2 * width;
}

std::string render_terminal_plot(const PlotData& data, std::size_t width, bool colour) {
    width = std::clamp(width, min_terminal_plot_width, max_terminal_plot_width);
    const std::size_t rows = std::clamp<std::size_t>(width / 6, 8, 16);

    // The y axis: tick labels right-aligned before the axis line.
    Ticks y_ticks = nice_ticks(data.y_min, data.y_max, std::max<std::size_t>(rows / 3, 2));
    std::vector<std::string> y_labels;
    std::size_t label_width = 1;
    for (double v : y_ticks.values) {
        y_labels.push_back(format_tick(v, y_ticks.step));
        label_width = std::max(label_width, text_width(y_labels.back()));
    }
    label_width = std::min<std::size_t>(label_width, 10);
    // "LABEL ┤" then the plot; the last column is left free so that no line wraps.
    const std::size_t columns = width - label_width - 3;
    const std::string margin(label_width + 1, ' ');

    DotGrid expected(columns, rows), answer(columns, rows);
    draw_series(expected, data, data.expected, 1);
    draw_series(answer, data, data.answer, colour ? 1 : 2);

    const int dot_rows = static_cast<int>(4 * rows);
    auto cell_row_of = [&](double v) {
        double dot = (data.y_max - v) / (data.y_max - data.y_min) * (dot_rows - 1);
        return static_cast<long>(std::lround(dot)) / 4;
    };
    auto column_of = [&](double x) {
        double t = (x - data.x_min) / (data.x_max - data.x_min);
        return static_cast<long>(std::lround(t * (2.0 * static_cast<double>(columns) - 1))) / 2;
    };
    std::vector<std::string> row_label(rows);
    for (std::size_t i = 0; i < y_ticks.values.size(); ++i) {
        long row = cell_row_of(y_ticks.values[i]);
        if (row >= 0 && row < static_cast<long>(rows) && row_label[row].empty())
            row_label[row] = truncate_text(y_labels[i], label_width);
    }
    long marker_column = data.marker_x ? column_of(*data.marker_x) : -1;

    std::string out;
    const std::size_t text_room = width - 1;
    out += truncate_text(data.title, text_room) + "\n";
    if (!data.fixed.empty()) {
        std::string fixed;
        for (std::size_t i = 0; i < data.fixed.size(); ++i)
            fixed += (i ? ", " : "") + data.fixed[i];
        out += truncate_text("  with " + fixed +
                                 (data.marker_x ? " held as at the counterexample" : " held"),
                             text_room) +
               "\n";
    }
    const std::string solid = braille(0x24) + braille(0x24);
    const std::string dotted = braille(0x04) + braille(0x04);
    out += "  " + paint(solid, expected_colour, colour) + " " +
           truncate_text("expected: " + data.expected_text, text_room - 5) + "\n";
    out += "  " + paint(colour ? solid : dotted, answer_colour, colour) + " " +
           truncate_text("your answer: " + data.answer_text, text_room - 5) + "\n";

    for (std::size_t r = 0; r < rows; ++r) {
        out += pad_left(row_label[r], label_width) + (row_label[r].empty() ? " │" : " ┤");
        for (std::size_t c = 0; c < columns; ++c) {
            std::uint8_t e = expected.cell(c, r), a = answer.cell(c, r);
            if (e == 0 && a == 0) {
                out += static_cast<long>(c) == marker_column ? paint("┊", dim, colour) : " ";
                continue;
            }
            const char* code = e && a ? both_colour : e ? expected_colour : answer_colour;
            out += paint(braille(static_cast<std::uint8_t>(e | a)), code, colour);
        }
        while (out.back() == ' ')
            out.pop_back(); // no trailing blanks
        out += "\n";
    }

    // The x axis: ticks on the line, labels centred under them where they do not collide.
    Ticks x_ticks = nice_ticks(data.x_min, data.x_max, std::max<std::size_t>(columns / 10, 2));
    std::string axis(columns, '-'); // placeholders: '-' line, '+' tick, '^' counterexample
    std::string labels(columns + label_width + 2, ' ');
    long free_from = 0;
    for (double v : x_ticks.values) {
        long c = column_of(v);
        if (c < 0 || c >= static_cast<long>(columns)) continue;
        axis[static_cast<std::size_t>(c)] = '+';
        std::string text = format_tick(v, x_ticks.step);
        long start = c + static_cast<long>(label_width) + 2 - static_cast<long>(text.size()) / 2;
        start = std::max(start, free_from);
        if (start + static_cast<long>(text.size()) > static_cast<long>(labels.size())) continue;
        labels.replace(static_cast<std::size_t>(start), text.size(), text);
        free_from = start + static_cast<long>(text.size()) + 1;
    }
    if (marker_column >= 0 && marker_column < static_cast<long>(columns))
        axis[static_cast<std::size_t>(marker_column)] = '^';
    out += margin + "└";
    for (char c : axis)
        out += c == '+' ? std::string("┬") : c == '^' ? paint("┴", dim, colour) : "─";
    out += "\n";
    // The variable's name at the end of the label line, where there is room.
    std::size_t end = labels.find_last_not_of(' ');
    end = end == std::string::npos ? 0 : end + 1;
    if (end + 1 + text_width(data.variable) <= text_room) {
        std::size_t at = std::max(end + 2, text_room - text_width(data.variable));
        labels.resize(at, ' ');
        labels += data.variable;
    }
    while (!labels.empty() && labels.back() == ' ')
        labels.pop_back();
    out += labels + "\n";

    if (data.correct) {
        out += truncate_text("  the curves coincide: the answer is right", text_room) + "\n";
    } else if (data.marker_x) {
        out +=
            "  " + paint("┊", dim, colour) + " " +
            truncate_text("counterexample " + data.variable + " = " + format_value(*data.marker_x) +
                              ": expected " + describe_value(data.marker_expected) +
                              ", your answer " + describe_value(data.marker_answer),
                          text_room - 4) +
            "\n";
    }
    return out;
}

} // namespace chainrule
