// The plots of a wrong answer: the sampled curves (range, undefined points, outliers), the
// braille terminal plot (width, legend, axes) and the SVG file (well-formed, deterministic,
// escaped), and `check --plot` end to end.
#include "checker/markup.hpp"
#include "checker/plot_data.hpp"
#include "checker/question.hpp"
#include "cli/plot_svg.hpp"
#include "cli/plot_terminal.hpp"
#include "run_binary.hpp"
#include "temp_folder.hpp"

using chainrule::test::lines_of;

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace chainrule;
using chainrule::test::run_check;
using chainrule::test::RunOptions;
using chainrule::test::RunResult;

namespace {

Verdict check(const std::string& function, const std::string& wrt, const std::string& answer,
              Expectation& expectation) {
    QuestionText question;
    question.function = function;
    question.wrt = split_names(wrt);
    expectation = build_expectation(question);
    return check_text(expectation, answer);
}

PlotData plot_of(const std::string& function, const std::string& wrt, const std::string& answer,
                 std::size_t samples = 201) {
    Expectation expectation;
    Verdict verdict = check(function, wrt, answer, expectation);
    PlotRequest request = plot_request(verdict, expectation);
    REQUIRE(request.available);
    return sample_plot(request, samples);
}

std::size_t defined(const PlotSeries& series) {
    return static_cast<std::size_t>(
        std::count_if(series.begin(), series.end(), [](const auto& v) { return v.has_value(); }));
}

std::string without_escapes(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\033') {
            while (i < text.size() && text[i] != 'm')
                ++i;
            continue;
        }
        out += text[i];
    }
    return out;
}

bool has_braille(const std::string& text) {
    // U+2801..U+28FF: E2 A0 81 .. E2 A3 BF (U+2800, the blank pattern, is never drawn).
    for (std::size_t i = 0; i + 2 < text.size(); ++i)
        if (static_cast<unsigned char>(text[i]) == 0xE2 &&
            (static_cast<unsigned char>(text[i + 1]) & 0xFC) == 0xA0 &&
            !(static_cast<unsigned char>(text[i + 1]) == 0xA0 &&
              static_cast<unsigned char>(text[i + 2]) == 0x80))
            return true;
    return false;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// A minimal XML check: tags nest and close, attributes are quoted, and every '&' starts one of
// the five entities. Returns "" when well-formed, else what is wrong.
std::string xml_problem(const std::string& xml) {
    std::vector<std::string> open;
    std::size_t i = 0;
    auto entity_ok = [&](std::size_t at) {
        for (const char* e : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"})
            if (xml.compare(at, std::strlen(e), e) == 0) return true;
        return false;
    };
    bool root_seen = false;
    while (i < xml.size()) {
        if (xml[i] == '&' && !entity_ok(i)) return "bare & at " + std::to_string(i);
        if (xml[i] == '>') return "bare > at " + std::to_string(i);
        if (xml[i] != '<') {
            ++i;
            continue;
        }
        if (xml.compare(i, 5, "<?xml") == 0) {
            if (i != 0) return "declaration not first";
            i = xml.find("?>", i);
            if (i == std::string::npos) return "unclosed declaration";
            i += 2;
            continue;
        }
        std::size_t end = i + 1;
        char quote = 0;
        for (; end < xml.size(); ++end) {
            if (quote) {
                if (xml[end] == quote)
                    quote = 0;
                else if (xml[end] == '<')
                    return "< in an attribute";
                else if (xml[end] == '&' && !entity_ok(end))
                    return "bare & in an attribute";
            } else if (xml[end] == '"' || xml[end] == '\'') {
                quote = xml[end];
            } else if (xml[end] == '>') {
                break;
            }
        }
        if (end == xml.size()) return "unclosed tag";
        std::string tag = xml.substr(i + 1, end - i - 1);
        i = end + 1;
        if (tag.empty()) return "empty tag";
        if (tag[0] == '/') {
            std::string name = tag.substr(1);
            if (open.empty() || open.back() != name) return "mismatched </" + name + ">";
            open.pop_back();
            continue;
        }
        bool self_closing = tag.back() == '/';
        std::string name = tag.substr(0, tag.find_first_of(" /\n"));
        if (open.empty()) {
            if (root_seen) return "two root elements";
            root_seen = true;
        }
        if (!self_closing) open.push_back(name);
    }
    if (!open.empty()) return "unclosed <" + open.back() + ">";
    return root_seen ? "" : "no root element";
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("plot data: the range is centred on the counterexample and both curves are sampled",
          "[plot]") {
    Expectation expectation;
    Verdict verdict = check("3x^2 + 5x", "x", "6x", expectation);
    REQUIRE(verdict.outcome == Outcome::incorrect);
    PlotRequest request = plot_request(verdict, expectation);
    REQUIRE(request.available);
    REQUIRE(request.has_counterexample);
    PlotData data = sample_plot(request, 101);
    REQUIRE(data.marker_x);
    const auto& point = verdict.parts.front().counterexample->point;
    double x = std::stod(point.front().second);
    CHECK(*data.marker_x == Approx(x));
    CHECK(data.x_min < x);
    CHECK(data.x_max > x);
    CHECK((data.x_min + data.x_max) / 2 == Approx(x));
    CHECK(data.x_max - data.x_min >= 5); // wide enough to see the curves' shapes
    CHECK(data.xs.size() == 101);
    CHECK(defined(data.expected) == 101);
    CHECK(defined(data.answer) == 101);
    // The values are those of 6x + 5 and 6x; the counterexample's are in view.
    CHECK(*data.expected[50] == Approx(6 * data.xs[50] + 5));
    CHECK(*data.answer[50] == Approx(6 * data.xs[50]));
    REQUIRE(data.marker_expected);
    REQUIRE(data.marker_answer);
    CHECK(*data.marker_expected == Approx(6 * x + 5));
    CHECK(*data.marker_answer == Approx(6 * x));
    for (double v : {*data.marker_expected, *data.marker_answer}) {
        CHECK(v > data.y_min);
        CHECK(v < data.y_max);
    }
    CHECK(data.variable == "x");
    CHECK(data.fixed.empty());
    CHECK(data.expected_text == "6x + 5");
    CHECK(data.answer_text == "6x");
}

TEST_CASE("plot data: several variables slice along the asked variable through the point",
          "[plot]") {
    Expectation expectation;
    // The gradient's second entry (∂/∂y) is wrong: plotted along y, x held fixed.
    Verdict verdict = check("x^2 y", "x,y", "[2x y, x^2 + 1]", expectation);
    REQUIRE(verdict.outcome == Outcome::incorrect);
    PlotRequest request = plot_request(verdict, expectation);
    REQUIRE(request.available);
    CHECK(request.label == "∂/∂y");
    PlotData data = sample_plot(request, 51);
    CHECK(data.variable == "y");
    CHECK(contains(data.title, "∂/∂y"));
    CHECK(contains(data.title, "along y"));
    REQUIRE(data.fixed.size() == 1);
    const auto& point = verdict.parts[1].counterexample->point;
    REQUIRE(point.size() == 2);
    CHECK(data.fixed.front() == "x = " + point[0].second);
    double y = std::stod(point[1].second);
    CHECK(*data.marker_x == Approx(y));
    // Along y the expected x² is flat and the answer x² + 1 a unit above it.
    double x = std::stod(point[0].second);
    CHECK(*data.expected.front() == Approx(x * x));
    CHECK(*data.answer.back() == Approx(x * x + 1));

    // Comparing with --expected (no --wrt): along the first variable either side uses.
    QuestionText question;
    question.expected = "2 y";
    question.variables = {"x", "y"};
    Expectation plain = build_expectation(question);
    Verdict plain_verdict = check_text(plain, "3 y");
    PlotRequest plain_request = plot_request(plain_verdict, plain);
    REQUIRE(plain_request.available);
    CHECK(sample_plot(plain_request, 11).variable == "y");
}

TEST_CASE("plot data: undefined points are skipped and outliers clipped", "[plot]") {
    // ln x is undefined for x ≤ 0: those samples are left out, not NaN.
    PlotData log_plot = plot_of("x ln(x)", "x", "ln(x)");
    std::size_t undefined = log_plot.xs.size() - defined(log_plot.expected);
    CHECK(undefined > 0);
    CHECK(defined(log_plot.expected) > 0);
    for (std::size_t i = 0; i < log_plot.xs.size(); ++i) {
        CHECK(log_plot.expected[i].has_value() == (log_plot.xs[i] > 0));
        if (log_plot.expected[i]) CHECK(std::isfinite(*log_plot.expected[i]));
    }

    // 1/x has a pole: the view keeps the bulk of the curves, not the spike.
    PlotData pole = plot_of("ln(x^2)", "x", "1/x");
    CHECK(std::isfinite(pole.y_min));
    CHECK(std::isfinite(pole.y_max));
    CHECK(pole.y_max - pole.y_min < 200);

    // The mark is where the curves differ visibly: σ(3z)' against the answer without the
    // chain factor 3 is marked at z = 0 (0.75 against 0.25), not at the counterexample
    // z = -1.75, where both are near 0.
    PlotData sigmoid_plot = plot_of("sigmoid(3z)", "z", "sigmoid(3z)(1 - sigmoid(3z))");
    REQUIRE(sigmoid_plot.marker_x);
    CHECK(*sigmoid_plot.marker_x == Approx(0).margin(0.02));
    CHECK(*sigmoid_plot.marker_expected == Approx(0.75).margin(0.01));
    CHECK(*sigmoid_plot.marker_answer == Approx(0.25).margin(0.01));
    // A counterexample about as telling as any point stays the mark.
    PlotData kept = plot_of("x^3", "x", "3x^2 + 1");
    REQUIRE(kept.marker_x);
    CHECK(*kept.marker_x == Approx(-1.75));

    // Curves that are the same (a correct answer) give a plot too, and say so.
    Expectation expectation;
    Verdict correct = check("x^3", "x", "3x^2", expectation);
    PlotRequest request = plot_request(correct, expectation);
    REQUIRE(request.available);
    PlotData same = sample_plot(request, 11);
    CHECK(same.correct);
    CHECK_FALSE(same.marker_x);
    CHECK(same.expected == same.answer);

    // No plot for what was not compared: a wrong shape, a constant.
    Verdict shape = check("x^2 y", "x,y", "2x", expectation);
    CHECK_FALSE(plot_request(shape, expectation).available);
    CHECK(contains(plot_request(shape, expectation).reason, "not compared"));
    QuestionText constant;
    constant.expected = "1/3";
    Expectation constant_expectation = build_expectation(constant);
    Verdict constant_verdict = check_text(constant_expectation, "0.33");
    CHECK_FALSE(plot_request(constant_verdict, constant_expectation).available);
}

TEST_CASE("plot ticks and labels", "[plot]") {
    Ticks ticks = nice_ticks(-2.3, 4.1, 7);
    CHECK(ticks.step == 1);
    CHECK(ticks.values == std::vector<double>{-2, -1, 0, 1, 2, 3, 4});
    CHECK(nice_ticks(0, 0.9, 5).step == Approx(0.2));
    CHECK(nice_ticks(0, 0.9, 4).step == Approx(0.5)); // never more ticks than asked
    CHECK(format_tick(0.5, 0.5) == "0.5");
    CHECK(format_tick(-12, 2) == "-12");
    CHECK(format_tick(1e-17, 0.2) == "0");
    CHECK(format_tick(2500000, 500000) == "2.5e+06");
    CHECK(truncate_text("∂/∂x abc", 4) == "∂/∂…");
    CHECK(truncate_text("abc", 3) == "abc");
    CHECK(text_width("z₁ ∂") == 4);
}

TEST_CASE("terminal plot: fits the width, with legend, axes and the counterexample", "[plot]") {
    Expectation expectation;
    Verdict verdict = check("3x^2 + 5x", "x", "6x", expectation);
    PlotRequest request = plot_request(verdict, expectation);
    for (std::size_t width : {40u, 60u, 80u, 132u, 200u}) {
        INFO("width " << width);
        std::string plot =
            render_terminal_plot(sample_plot(request, terminal_plot_samples(width)), width, false);
        CHECK_FALSE(contains(plot, "\033"));
        auto lines = lines_of(plot);
        REQUIRE(lines.size() > 10);
        for (const auto& line : lines)
            CHECK(text_width(line) < width);
        CHECK(contains(plot, "expected: 6x + 5"));
        CHECK(contains(plot, "your answer: 6x"));
        CHECK(contains(plot, "┤")); // y ticks
        CHECK(contains(plot, "└")); // the corner of the axes
        CHECK(contains(plot, "┬")); // x ticks
        CHECK(contains(plot, "┴")); // the counterexample on the x axis
        CHECK(contains(plot, "counterexample x = "));
        CHECK(has_braille(plot));
        // The variable's name ends the x labels' line.
        CHECK(lines[lines.size() - 2].back() == 'x');
    }
    // Wider than the bound: bounded.
    std::string wide = render_terminal_plot(sample_plot(request, 600), 1000, false);
    for (const auto& line : lines_of(wide))
        CHECK(text_width(line) < max_terminal_plot_width);

    // Colour: the two series in two colours; without, the answer dotted (different glyphs).
    std::string coloured = render_terminal_plot(sample_plot(request, 160), 80, true);
    CHECK(contains(coloured, "\033[36m"));
    CHECK(contains(coloured, "\033[31m"));
    std::string plain = render_terminal_plot(sample_plot(request, 160), 80, false);
    CHECK(without_escapes(coloured) != plain);
    CHECK(contains(plain, "⠄⠄ your answer"));
    CHECK(contains(plain, "⠤⠤ expected"));

    // Same data, same text.
    CHECK(render_terminal_plot(sample_plot(request, 160), 80, false) == plain);
}

TEST_CASE("svg plot: well-formed, deterministic, escaped", "[plot]") {
    Expectation expectation;
    Verdict verdict = check("x^2 y", "x,y", "[2x y, x^2 + 1]", expectation);
    PlotRequest request = plot_request(verdict, expectation);
    std::string svg = render_svg_plot(sample_plot(request, svg_plot_samples));
    CHECK(xml_problem(svg) == "");
    CHECK(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=", 0) == 0);
    CHECK(svg.size() > 1000);
    CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
    CHECK(contains(svg, "<title>∂/∂y: expected and your answer along y</title>"));
    CHECK(std::count(svg.begin(), svg.end(), '\n') > 20);
    CHECK(contains(svg, "stroke-dasharray=\"8 5\"")); // the answer, dashed
    CHECK(contains(svg, "<circle"));                  // the counterexample's two values
    CHECK(contains(svg, "counterexample y = "));
    CHECK(contains(svg, "expected: x²"));
    CHECK(contains(svg, "your answer: x² + 1"));
    CHECK(contains(svg, "held as at the counterexample"));
    CHECK_FALSE(contains(svg, "nan"));
    CHECK_FALSE(contains(svg, "inf"));
    CHECK_FALSE(contains(svg, "<script"));
    CHECK_FALSE(contains(svg, "href")); // self-contained
    // The same verdict, sampled again: the same bytes.
    CHECK(render_svg_plot(sample_plot(plot_request(verdict, expectation), svg_plot_samples)) ==
          svg);

    // Text from the input is escaped.
    CHECK(escape_xml("a<b & \"c\" 'd' >\x01") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos; &gt;");
    PlotData data = sample_plot(request, 21);
    data.expected_text = "x < y && y > \"z\"";
    data.answer_text = "</text><script>alert(1)</script>";
    data.title = "a & b";
    std::string hostile = render_svg_plot(data);
    CHECK(xml_problem(hostile) == "");
    CHECK_FALSE(contains(hostile, "<script"));
    CHECK(contains(hostile, "x &lt; y &amp;&amp; y &gt; &quot;z&quot;"));

    // Undefined stretches break the path; no coordinate is out of all proportion.
    std::string log_svg = render_svg_plot(plot_of("x ln(x)", "x", "ln(x)", svg_plot_samples));
    CHECK(xml_problem(log_svg) == "");
    CHECK_FALSE(contains(log_svg, "nan"));
    std::string pole_svg = render_svg_plot(plot_of("ln(x^2)", "x", "1/x", svg_plot_samples));
    CHECK(xml_problem(pole_svg) == "");
    CHECK_FALSE(contains(pole_svg, "e+"));
}

TEST_CASE("cli: check --plot writes an SVG, the terminal plot only where it belongs",
          "[plot][cli]") {
    const std::vector<std::string> wrong = {"--function", "3x^2 + 5x", "--wrt",
                                            "x",          "--answer",  "6x"};
    auto with = [](std::vector<std::string> args, const std::vector<std::string>& more) {
        args.insert(args.end(), more.begin(), more.end());
        return args;
    };
    chainrule::test::TempFolder folder("chainrule-plot");
    auto temp_path = [&](const std::string& name) { return folder / name; };
    std::filesystem::path file = temp_path("wrong.svg");
    RunResult written = run_check(with(wrong, {"--plot", file.string()}));
    CHECK(written.status == 1);
    CHECK(contains(written.out, "plot: written to " + file.string()));
    std::string svg = read_file(file);
    CHECK(xml_problem(svg) == "");
    CHECK(contains(svg, "expected: 6x + 5"));
    // Piped text output has no terminal plot unless asked.
    CHECK_FALSE(has_braille(written.out));
    RunResult again = run_check(with(wrong, {"--plot", file.string()}));
    CHECK(read_file(file) == svg);

    // --json: the same JSON with or without --plot; the file is still written.
    std::filesystem::path json_file = temp_path("json.svg");
    RunResult json_plot = run_check(with(wrong, {"--json", "--plot", json_file.string()}));
    RunResult json_plain = run_check(with(wrong, {"--json"}));
    CHECK(json_plot.status == 1);
    CHECK(json_plot.out == json_plain.out);
    CHECK(read_file(json_file) == svg);
    CHECK(run_check(with(wrong, {"--json", "--plot-terminal"})).status == 2);

    // A correct answer: the plot of the two coinciding curves.
    std::filesystem::path right_file = temp_path("right.svg");
    RunResult right = run_check({"--function", "3x^2 + 5x", "--wrt", "x", "--answer", "6x + 5",
                                 "--plot", right_file.string()});
    CHECK(right.status == 0);
    CHECK(contains(read_file(right_file), "The curves coincide"));

    // Nothing to plot: said, and the exit status is the verdict's.
    std::filesystem::path none_file = temp_path("none.svg");
    RunResult none = run_check(
        {"--function", "x^2 y", "--wrt", "x,y", "--answer", "2x", "--plot", none_file.string()});
    CHECK(none.status == 1);
    CHECK(contains(none.out, "no plot: "));
    CHECK_FALSE(std::filesystem::exists(none_file));

    // A file that cannot be written is an error of its own.
    RunResult unwritable =
        run_check(with(wrong, {"--plot", (temp_path("no-such-dir") / "p.svg").string()}));
    CHECK(unwritable.status == 2);
    CHECK(contains(unwritable.err, "cannot write the plot file"));

    // --plot-terminal draws it in a pipe, as wide as $COLUMNS.
    RunOptions narrow;
    narrow.env = {"COLUMNS=60"};
    RunResult forced = run_check(with(wrong, {"--plot-terminal"}), narrow);
    CHECK(forced.status == 1);
    CHECK(has_braille(forced.out));
    // The plot, under the verdict after a blank line (the verdict's own lines are not wrapped).
    std::size_t plot_start = forced.out.find("\n\n");
    REQUIRE(plot_start != std::string::npos);
    for (const auto& line : lines_of(forced.out.substr(plot_start)))
        CHECK(text_width(line) < 60);
    CHECK_FALSE(contains(forced.out, "\033"));

    // On a terminal: under a wrong answer, not under a right one, not with --no-plot-terminal.
    RunOptions terminal;
    terminal.terminal = true;
    CHECK(has_braille(run_check(wrong, terminal).out));
    CHECK_FALSE(has_braille(
        run_check({"--function", "3x^2", "--wrt", "x", "--answer", "6x"}, terminal).out));
    CHECK_FALSE(has_braille(run_check(with(wrong, {"--no-plot-terminal"}), terminal).out));
    RunOptions terminal_no_colour = terminal;
    terminal_no_colour.env = {"NO_COLOR=1"};
    RunResult plain = run_check(wrong, terminal_no_colour);
    CHECK(has_braille(plain.out));
    CHECK_FALSE(contains(plain.out, "\033"));
}
