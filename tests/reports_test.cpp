// The reports an instructor and a gradebook read: summary.md's counts on the sample class, the
// Canvas and Moodle exports read back and compared with golden files and with report.json,
// Gradescope's top-level output, and XML and CSV that no reader can misread.
#include "grading/report_summary.hpp"
#include "grading/reports.hpp"
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <set>

using namespace chainrule;
using chainrule::test::run_binary;
using chainrule::test::slurp;
namespace fs = std::filesystem;

namespace {

// An RFC 4180 reader with a chosen separator: quoted cells may hold the separator, "" is a
// quote. Returns the records' cells.
std::vector<std::vector<std::string>> read_csv(const std::string& text, char separator) {
    std::vector<std::vector<std::string>> records(1);
    std::string cell;
    bool quoted = false, at_start = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == '"' && at_start) {
            quoted = true;
            at_start = false;
        } else if (c == separator) {
            records.back().push_back(cell);
            cell.clear();
            at_start = true;
        } else if (c == '\n') {
            records.back().push_back(cell);
            cell.clear();
            records.emplace_back();
            at_start = true;
        } else {
            cell += c;
            at_start = false;
        }
    }
    if (records.back().empty()) records.pop_back();
    return records;
}

// A spreadsheet's reading of a cell: a formula when it starts (after spaces) with = + - @.
bool formula(const std::string& cell) {
    std::size_t start = cell.find_first_not_of(' ');
    return start != std::string::npos && std::string("=+-@").find(cell[start]) != std::string::npos;
}

struct SampleClass {
    fs::path out;
    nlohmann::json report;
    SampleClass(const std::vector<std::string>& extra = {}) {
        char pattern[] = "/tmp/chainrule-reports-XXXXXX";
        out = mkdtemp(pattern);
        const std::string source = CHAINRULE_SOURCE_DIR;
        std::vector<std::string> args{"grade",
                                      source + "/problem_sets/course.yaml",
                                      source + "/examples/class",
                                      "--out",
                                      out.string(),
                                      "--quiet"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto result = run_binary(args);
        INFO(result.err);
        REQUIRE(result.status == 0);
        report = nlohmann::json::parse(slurp((out / "report.json").string()));
    }
    ~SampleClass() { fs::remove_all(out); }
    std::string file(const std::string& name) const { return slurp((out / name).string()); }
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("summary.md: counts per problem and topic, wrong answers, own diagnoses",
          "[grade][e2e][reports]") {
    SampleClass sample;
    std::string summary = sample.file("summary.md");
    INFO(summary);
    // alice and carol right, bob wrong (the templates' first mistake), erin blank on the
    // second half; dave's file is unreadable and not graded.
    CHECK(contains(summary, "| problem | points | correct | wrong form | wrong | blank | "
                            "unreadable | errors | correct / answered | mean score | most "
                            "common diagnoses |"));
    // Blanks are not in "correct / answered": 2 right of 3 answered, not of 4.
    CHECK(contains(summary, "| softmax-entry-1 | 3 | 2 | 0 | 1 | 1 | 0 | 0 | 66.7% | 1.5 | "
                            "`authored` (1), `softmax_index_confusion` (1) |"));
    CHECK(contains(summary, "| constant-1 | 1 | 3 | 0 | 1 | 0 | 0 | 0 | 75.0% | 0.75 | "
                            "`authored` (1), `constant_not_zero` (1) |"));
    // Only wrong answers' own diagnoses: a problem everyone got right or left blank has none.
    CHECK(contains(summary, "| gradient-1 | 3 | 4 | 0 | 0 | 0 | 0 | 0 | 100.0% | 3 |  |"));
    CHECK_FALSE(contains(summary.substr(summary.find("| softmax-entry-1 |"), 200),
                         "power_coefficient_missing"));
    // Per topic, in the order of the set.
    CHECK(contains(summary, "| Derivatives | 5 | 7 | 15 | 0 | 5 | 0 | 0 | 0 | 75.0% | 1.05 |"));
    CHECK(contains(summary, "| The Chain Rule | 3 | 7 | 9 | 0 | 3 | 0 | 0 | 0 | 75.0% | "
                            "1.75 |"));
    CHECK(summary.find("| Derivatives |") < summary.find("| Neurons and Losses |"));
    // The wrong answers, as typed, with what they were diagnosed as.
    CHECK(contains(summary, "### monomial-1: Constant multiple and power rule\n\n| answer | "
                            "students | diagnosed as |\n|---|---:|---|\n| 4\\*x^1 | 1 | "
                            "`authored` (1), `power_coefficient_missing` (1) |\n"));
}

TEST_CASE("summary.md: wrong answers ranked by count, ties in bytewise order", "[reports]") {
    ReportHead head;
    head.meta = {{"spec", {{"title", "T"}}}};
    head.problems = nlohmann::ordered_json::array(
        {{{"id", "p-1"}, {"title", "P"}, {"topic", "A"}, {"points", 1.0}}});
    Summary summary(head.problems);
    auto answer = [](const std::string& verdict, const std::string& text,
                     const std::vector<std::string>& diagnoses) {
        nlohmann::ordered_json problem{{"problem", "p-1"},
                                       {"verdict", verdict},
                                       {"score", verdict == "correct" ? 1.0 : 0.0},
                                       {"max_score", 1.0},
                                       {"answer", text}};
        problem["diagnosis"] = nlohmann::ordered_json::array();
        for (const auto& d : diagnoses)
            problem["diagnosis"].push_back({{"id", d}, {"message", "m"}});
        nlohmann::ordered_json row{{"key", "s"}, {"student", "s"}, {"status", "graded"}};
        row["problems"] = nlohmann::ordered_json::array({problem});
        return summary_row(row);
    };
    // "b" by three students, "a" and "c" by two each (a tie: "a" first), "d" by one; a
    // diagnosis named twice in one answer counts once; a right answer's diagnoses not at all.
    for (int i = 0; i < 3; ++i)
        summary.add(answer("incorrect", "b", {"sign_error"}));
    for (int i = 0; i < 2; ++i) {
        summary.add(answer("incorrect", "c  ", {"term_dropped", "term_dropped"}));
        summary.add(answer("incorrect", "a", {}));
    }
    for (const char* text : {"d", "e", "f"})
        summary.add(answer("incorrect", text, {}));
    summary.add(answer("correct", "x", {"sign_error"}));
    summary.add(answer("missing", "", {}));
    summary.add(answer("invalid", "((", {}));
    RowStore rows;
    std::string md = summary.markdown(head, rows);
    INFO(md);
    CHECK(contains(md,
                   "| answer | students | diagnosed as |\n|---|---:|---|\n"
                   "| b | 3 | `sign_error` (3) |\n| a | 2 |  |\n| c | 2 | `term_dropped` (2) |\n"
                   "| d | 1 |  |\n| e | 1 |  |\n\nDistinct wrong answers not shown: 1.\n"));
    CHECK(contains(md, "| p-1 | 1 | 1 | 0 | 10 | 1 | 1 | 0 | 8.3% | 0.0769 | `sign_error` (3), "
                       "`term_dropped` (2) |"));
}

TEST_CASE("gradebook exports (--format canvas, moodle) read back, golden files",
          "[grade][e2e][reports]") {
    SampleClass sample({"--format", "canvas", "--format", "moodle"});
    const std::string golden = std::string(CHAINRULE_SOURCE_DIR) + "/tests/golden/sample-class/";
    INFO("if the templates changed, regenerate the class (python3 scripts/sample-class) and "
         "these golden files");
    CHECK(sample.file("canvas.csv") == slurp(golden + "canvas.csv"));
    CHECK(sample.file("moodle.csv") == slurp(golden + "moodle.csv"));

    std::map<std::string, double> scores;
    for (const auto& row : sample.report["students"])
        if (row["key"] == row["student"]) scores[row["student"]] = row["score"].get<double>();
    // dave's broken file has a row of its own, not a grade of 0 to import
    REQUIRE(scores.size() == 4);

    // Canvas: Student, ID, SIS User ID, SIS Login ID, Section, the assignment; then the
    // Points Possible row; then a row per student with the id in SIS Login ID.
    auto canvas = read_csv(sample.file("canvas.csv"), ',');
    REQUIRE(canvas.size() == 2 + scores.size());
    CHECK(canvas[0] == std::vector<std::string>{"Student", "ID", "SIS User ID", "SIS Login ID",
                                                "Section",
                                                "Derivatives for neural networks: the whole "
                                                "course"});
    CHECK(canvas[1][0] == "Points Possible");
    CHECK(std::stod(canvas[1][5]) == 85.0);
    for (std::size_t i = 2; i < canvas.size(); ++i) {
        REQUIRE(canvas[i].size() == 6);
        CHECK(std::stod(canvas[i][5]) == scores.at(canvas[i][3]));
    }

    // Moodle: Username, a column per problem, the total, the percentage.
    auto moodle = read_csv(sample.file("moodle.csv"), ',');
    REQUIRE(moodle.size() == 1 + scores.size());
    const auto& problems = sample.report["problems"];
    REQUIRE(moodle[0].size() == problems.size() + 3);
    CHECK(moodle[0][0] == "Username");
    CHECK(moodle[0][1] == problems[0]["id"]);
    CHECK(moodle[0].back() == "Percentage");
    for (std::size_t i = 1; i < moodle.size(); ++i) {
        double sum = 0;
        for (std::size_t k = 1; k <= problems.size(); ++k)
            sum += std::stod(moodle[i][k]);
        double total = std::stod(moodle[i][problems.size() + 1]);
        CHECK(total == Approx(scores.at(moodle[i][0])));
        CHECK(sum == Approx(total));
        CHECK(std::stod(moodle[i].back()) == Approx(100.0 * total / 85.0).margin(0.005));
    }
    // The other reports are the same bytes as without --format.
    SampleClass plain;
    for (const char* f : {"report.json", "grades.csv", "junit.xml", "summary.md"})
        CHECK(sample.file(f) == plain.file(f));
}

TEST_CASE("unknown report formats are refused, and merge takes canvas and moodle",
          "[grade][e2e][reports]") {
    const std::string source = CHAINRULE_SOURCE_DIR;
    auto result =
        run_binary({"grade", source + "/problem_sets/course.yaml", source + "/examples/class",
                    "--out", "/tmp/never", "--format", "canvas,blackboard"});
    CHECK(result.status == 2);
    CHECK(contains(result.err, "unknown format 'blackboard': use gradescope, canvas or moodle"));
}

TEST_CASE("gradescope: the top-level output sums up the feedback", "[grade][e2e][reports]") {
    const std::string source = CHAINRULE_SOURCE_DIR;
    char pattern[] = "/tmp/chainrule-gradescope-XXXXXX";
    fs::path out = mkdtemp(pattern);
    auto result = run_binary({"grade", source + "/problem_sets/course.yaml",
                              source + "/examples/class/bob/submission.yaml", "--out", out.string(),
                              "--format", "gradescope", "--quiet"});
    INFO(result.err);
    REQUIRE(result.status == 0);
    auto gs = nlohmann::json::parse(slurp((out / "results.json").string()));
    std::string output = gs["output"];
    INFO(output);
    CHECK(output.rfind("26.75 / 85 (31.5%): 8 of 39 problems right and in the form asked.\n", 0) ==
          0);
    CHECK(contains(output, "\n✗ 1. constant-1: "));
    CHECK(contains(output, "\n✓ 7. partial-sum-polynomial-1: correct (2 / 2)"));
    fs::remove_all(out);
}

TEST_CASE("CSV cells never become formulas, whatever the separator", "[reports]") {
    const std::vector<std::string> hostile{"x;=cmd|' /C calc'!A0",
                                           "=HYPERLINK(1)",
                                           "+1",
                                           "-1",
                                           "@x",
                                           " =1+1",
                                           "a,=b",
                                           "a b =c",
                                           "a|=b",
                                           "a:=b",
                                           "tab\t=x",
                                           "cr\r=x",
                                           "say \"hi\";=1",
                                           "alice"};
    std::string text;
    for (const auto& cell : hostile)
        text += csv_cell(cell) + "," + csv_cell(cell) + "\n";
    for (char separator : {',', ';', '\t', '|', ':', ' '}) {
        INFO("separator '" << separator << "'");
        for (const auto& record : read_csv(text, separator))
            for (const auto& cell : record) {
                INFO(cell);
                CHECK_FALSE(formula(cell));
            }
    }
    CHECK(csv_cell("x;=cmd|' /C calc'!A0") == "\"x;'=cmd|' /C calc'!A0\"");
    CHECK(csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)");
    CHECK(csv_cell(" =1") == "\" '=1\"");
    CHECK(csv_cell("smith, john") == "\"smith, john\"");
    CHECK(csv_cell("alice") == "alice");
    CHECK(csv_cell("tab\tx") == "tab<U+0009>x");
}

TEST_CASE("junit.xml never holds noncharacters or controls", "[reports]") {
    std::string nonchars = "a\xEF\xBF\xBE"
                           "b\xEF\xBF\xBF"
                           "c\xEF\xB7\x90"
                           "d\x01"
                           "e\x7F";
    std::string escaped = xml_escape(nonchars);
    CHECK(escaped == "a&lt;U+FFFE&gt;b&lt;U+FFFF&gt;c&lt;U+FDD0&gt;d&lt;U+0001&gt;e&lt;U+007F&gt;");
    CHECK(xml_escape("σ(u)·x ✓") == "σ(u)·x ✓");
    CHECK(xml_escape("\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF") == "\xF0\x9F\x98\x80 &lt;U+10FFFF&gt;");
}
