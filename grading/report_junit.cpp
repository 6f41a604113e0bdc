#include "grading/report_junit.hpp"

#include "checker/markup.hpp"
#include "expr/errors.hpp"
#include "expr/utf8.hpp"
#include "grading/report_text.hpp"
#include "grading/reports.hpp"

#include <nlohmann/json.hpp>

namespace chainrule {

using json = nlohmann::ordered_json;

namespace {

// Unicode's noncharacters: U+FDD0..U+FDEF and the last two code points of every plane
// (U+FFFE and U+FFFF are not XML characters at all: a parser refuses the document).
bool is_noncharacter(char32_t cp) {
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

} // namespace

std::string xml_escape(const std::string& raw) {
    // printable_lines shows control characters (and invalid UTF-8) as <U+0001>-style text;
    // noncharacters are shown the same way here; then the XML escaping of checker/markup.
    std::string shown = printable_lines(raw);
    std::string text;
    text.reserve(shown.size());
    bool plain = true;
    for (unsigned char c : shown)
        if (c == 0xEF || c == 0xF0 || c == 0xF1 || c == 0xF2 || c == 0xF3 || c == 0xF4)
            plain = false; // a 3- or 4-byte sequence that could be a noncharacter
    if (plain) {
        text = std::move(shown);
    } else {
        for (char32_t cp : decode_utf8(shown))
            text += is_noncharacter(cp) ? "<" + code_point_name(cp) + ">" : encode_utf8(cp);
    }
    return escape_xml(text);
}

std::string junit_head(const ReportTotals& totals) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"chainrule grade\" "
           "tests=\"" +
           std::to_string(totals.tests) + "\" failures=\"" + std::to_string(totals.failures) +
           "\" errors=\"" + std::to_string(totals.errors) + "\">\n";
}

std::string junit_suite(const json& row) {
    std::string name = xml_escape(row_name(row));
    std::size_t t = 0, f = 0, e = 0;
    std::string cases;
    if (row["status"] != "graded") {
        ++t;
        bool is_error = row["status"] != "no_submission";
        (is_error ? e : f) += 1;
        std::string tag = is_error ? "error" : "failure";
        cases += "    <testcase classname=\"" + name + "\" name=\"submission\">\n";
        cases += "      <" + tag + " type=\"" + xml_escape(text_of(row["status"])) +
                 "\" message=\"" + xml_escape(first_line(text_of(row["message"]))) + "\">" +
                 xml_escape(text_of(row["message"])) + "</" + tag + ">\n";
        cases += "    </testcase>\n";
    }
    for (const auto& p : row["problems"]) {
        ++t;
        std::string verdict = p["verdict"];
        cases += "    <testcase classname=\"" + name + "\" name=\"" +
                 xml_escape(p["problem"].get<std::string>()) + "\"";
        if (answer_passes(p)) {
            cases += "/>\n";
            continue;
        }
        if (verdict == "correct") verdict = "wrong_form";
        std::string tag = verdict == "error" ? "error" : "failure";
        (verdict == "error" ? e : f) += 1;
        cases += ">\n      <" + tag + " type=\"" + verdict + "\" message=\"" +
                 xml_escape(first_line(text_of(p["message"]))) + "\">" +
                 xml_escape(problem_feedback(p)) + "</" + tag + ">\n    </testcase>\n";
    }
    std::string out = "  <testsuite name=\"" + name + "\" tests=\"" + std::to_string(t) +
                      "\" failures=\"" + std::to_string(f) + "\" errors=\"" + std::to_string(e) +
                      "\">\n";
    out += cases;
    out += "  </testsuite>\n";
    return out;
}

std::string junit_tail() {
    return "</testsuites>\n";
}

} // namespace chainrule
