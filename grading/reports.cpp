#include "grading/reports.hpp"

#include "expr/errors.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>
#include <unistd.h>

namespace chainrule {

namespace {

using json = nlohmann::ordered_json;

std::string number(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.4f", value);
    std::string out = text;
    if (out.find('.') != std::string::npos) {
        while (out.back() == '0') out.pop_back();
        if (out.back() == '.') out.pop_back();
    }
    if (out == "-0") out = "0";
    return out;
}

std::string percent(double score, double max_score) {
    if (max_score <= 0) return "0%";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", 100.0 * score / max_score);
    return text;
}

std::string text_of(const json& value) {
    return value.is_string() ? value.get<std::string>() : std::string();
}

std::string first_line(const std::string& text) {
    std::size_t end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

// Feedback on one problem for a person: the message, the score, the diagnoses, the
// counterexample, the wrong entries and steps.
std::string feedback(const json& problem) {
    std::string out = text_of(problem["message"]);
    out += "\nscore: " + number(problem["score"].get<double>()) + " / " +
           number(problem["max_score"].get<double>());
    if (problem.contains("answer") && problem["answer"].is_string() &&
        !problem["answer"].get<std::string>().empty())
        out += "\nyour answer: " + problem["answer"].get<std::string>();
    const json& c = problem["counterexample"];
    if (c.is_object()) {
        std::string point;
        for (const auto& [name, value] : c["point"].items()) {
            if (!point.empty()) point += ", ";
            point += name;
            point += " = ";
            point += value.get<std::string>();
        }
        out += "\ndiffers at " + point + ": expected " + text_of(c["expected"]) +
               ", the answer gives " + text_of(c["answer"]);
    }
    for (const auto& d : problem["diagnosis"]) {
        out += "\n- ";
        out += text_of(d["id"]);
        out += ": ";
        out += text_of(d["message"]);
    }
    if (problem["parts"].size() > 1)
        for (const auto& part : problem["parts"])
            if (part["verdict"] != "correct") {
                out += "\n✗ ";
                out += text_of(part["label"]);
                out += ": ";
                out += text_of(part["message"]);
            }
    if (problem["first_wrong_step"].is_number())
        out += "\nfirst wrong step: " + std::to_string(problem["first_wrong_step"].get<std::size_t>());
    return out;
}

std::string markdown_cell(const std::string& text) {
    std::string out;
    for (char c : printable(text)) {
        switch (c) {
        case '|': out += "\\|"; break;
        case '\n': out += ' '; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '`': out += "\\`"; break;
        case '*': out += "\\*"; break;
        case '_': out += "\\_"; break;
        default: out += c;
        }
    }
    return out;
}

std::string row_name(const json& row) {
    return row["student"].is_string() ? row["student"].get<std::string>()
                                      : row["key"].get<std::string>();
}

} // namespace

std::string dump_json(const nlohmann::ordered_json& value, int indent) {
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string report_json(const GradeReport& report) {
    json out;
    out["format"] = "chainrule-grade-report/1";
    out["meta"] = report.meta;
    out["problems"] = report.problems;
    std::size_t graded = 0;
    double total = 0, max_score = 0;
    for (const auto& p : report.problems) max_score += p["points"].get<double>();
    for (const auto& row : report.rows)
        if (row["status"] == "graded") {
            ++graded;
            total += row["score"].get<double>();
        }
    json totals;
    totals["rows"] = report.rows.size();
    totals["graded"] = graded;
    totals["not_graded"] = report.rows.size() - graded;
    totals["max_score"] = max_score;
    totals["mean_score"] = graded ? std::round(total / double(graded) * 10000.0) / 10000.0 : 0.0;
    out["totals"] = totals;
    out["students"] = report.rows;
    return dump_json(out, 2) + "\n";
}

std::string csv_cell(const std::string& raw) {
    std::string text = printable(raw);
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                          text[0] == '\t' || text[0] == '\r'))
        text = "'" + text;
    bool quote = text.find_first_of(",\"\n\r") != std::string::npos ||
                 (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!quote) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string grades_csv(const GradeReport& report) {
    std::string out = "student,source,status";
    for (const auto& p : report.problems) out += "," + csv_cell(p["id"].get<std::string>());
    out += ",total,max_score\n";
    for (const auto& row : report.rows) {
        out += csv_cell(text_of(row["student"]));
        out += ",";
        out += csv_cell(text_of(row["source"]));
        out += ",";
        out += csv_cell(text_of(row["status"]));
        std::map<std::string, double> scores;
        for (const auto& p : row["problems"]) scores[p["problem"].get<std::string>()] = p["score"].get<double>();
        for (const auto& p : report.problems) {
            auto it = scores.find(p["id"].get<std::string>());
            out += ",";
            out += number(it == scores.end() ? 0.0 : it->second);
        }
        out += ",";
        out += number(row["score"].get<double>());
        out += ",";
        out += number(row["max_score"].get<double>());
        out += "\n";
    }
    return out;
}

std::string xml_escape(const std::string& raw) {
    std::string text = printable_lines(raw);
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && c != '\n' && c != '\t') continue;
        if (u == 0x7f) continue;
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string junit_xml(const GradeReport& report) {
    std::size_t tests = 0, failures = 0, errors = 0;
    std::string suites;
    for (const auto& row : report.rows) {
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
            if (verdict == "correct") {
                cases += "/>\n";
                continue;
            }
            std::string tag = verdict == "error" ? "error" : "failure";
            (verdict == "error" ? e : f) += 1;
            cases += ">\n      <" + tag + " type=\"" + verdict + "\" message=\"" +
                     xml_escape(first_line(text_of(p["message"]))) + "\">" +
                     xml_escape(feedback(p)) + "</" + tag + ">\n    </testcase>\n";
        }
        suites += "  <testsuite name=\"" + name + "\" tests=\"" + std::to_string(t) +
                  "\" failures=\"" + std::to_string(f) + "\" errors=\"" + std::to_string(e) + "\">\n";
        suites += cases;
        suites += "  </testsuite>\n";
        tests += t;
        failures += f;
        errors += e;
    }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<testsuites name=\"chainrule grade\" tests=\"" + std::to_string(tests) +
           "\" failures=\"" + std::to_string(failures) + "\" errors=\"" + std::to_string(errors) +
           "\">\n";
    out += suites;
    out += "</testsuites>\n";
    return out;
}

std::string summary_markdown(const GradeReport& report) {
    std::string title = text_of(report.meta["spec"]["title"]);
    std::string out = "# Grading summary";
    if (!title.empty()) out += ": " + markdown_cell(title);
    out += "\n\n";
    std::size_t graded = 0;
    double total = 0, max_score = 0;
    for (const auto& p : report.problems) max_score += p["points"].get<double>();
    std::vector<double> percents;
    for (const auto& row : report.rows)
        if (row["status"] == "graded") {
            ++graded;
            total += row["score"].get<double>();
            double m = row["max_score"].get<double>();
            percents.push_back(m > 0 ? 100.0 * row["score"].get<double>() / m : 0.0);
        }
    out += std::to_string(report.rows.size()) + " rows: " + std::to_string(graded) + " graded, " +
           std::to_string(report.rows.size() - graded) + " not graded.";
    if (graded > 0)
        out += " Mean score " + number(total / double(graded)) + " / " + number(max_score) + " (" +
               percent(total / double(graded), max_score) + ").";
    out += "\n\n## Score distribution (graded submissions)\n\n| score | students | |\n|---|---:|---|\n";
    std::vector<std::size_t> buckets(10, 0);
    for (double p : percents) buckets[std::min<std::size_t>(9, static_cast<std::size_t>(p / 10.0))] += 1;
    std::size_t most = *std::max_element(buckets.begin(), buckets.end());
    for (std::size_t b = 0; b < 10; ++b) {
        std::size_t bar = most == 0 ? 0 : (buckets[b] * 40 + most - 1) / most;
        std::string bars;
        for (std::size_t i = 0; i < bar; ++i) bars += "█";
        out += "| " + std::to_string(b * 10) + "–" + std::to_string(b * 10 + 10) + "% | " + std::to_string(buckets[b]) + " | " + bars + " |\n";
    }

    out += "\n## Problems\n\n| problem | points | correct | success rate | mean score | errors | "
           "most common diagnoses |\n|---|---:|---:|---:|---:|---:|---|\n";
    for (const auto& p : report.problems) {
        std::string id = p["id"];
        std::size_t correct = 0, answered = 0, errors = 0;
        double sum = 0;
        std::map<std::string, std::size_t> ids;
        for (const auto& row : report.rows) {
            if (row["status"] != "graded") continue;
            for (const auto& r : row["problems"]) {
                if (r["problem"] != id) continue;
                ++answered;
                correct += r["verdict"] == "correct";
                errors += r["verdict"] == "error";
                sum += r["score"].get<double>();
                for (const auto& d : r["diagnosis"]) ids[d["id"].get<std::string>()] += 1;
            }
        }
        std::vector<std::pair<std::size_t, std::string>> ranked;
        for (const auto& [name, n] : ids) ranked.emplace_back(n, name);
        std::stable_sort(ranked.begin(), ranked.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        std::string common;
        for (std::size_t i = 0; i < ranked.size() && i < 3; ++i) {
            if (i > 0) common += ", ";
            common += "`" + ranked[i].second + "` (" + std::to_string(ranked[i].first) + ")";
        }
        out += "| " + markdown_cell(id) + " | " + number(p["points"].get<double>()) + " | " +
               std::to_string(correct) + " / " + std::to_string(answered) + " | " +
               (answered ? percent(double(correct), double(answered)) : std::string("–")) + " | " +
               (answered ? number(sum / double(answered)) : std::string("–")) + " | " +
               std::to_string(errors) + " | " + common + " |\n";
    }

    std::string ungraded;
    for (const auto& row : report.rows)
        if (row["status"] != "graded")
            ungraded += "| " + markdown_cell(row_name(row)) + " | " + markdown_cell(text_of(row["status"])) +
                        " | " + markdown_cell(text_of(row["message"])) + " |\n";
    if (!ungraded.empty())
        out += "\n## Not graded\n\n| submission | status | why |\n|---|---|---|\n" + ungraded;

    std::string errors;
    for (const auto& row : report.rows)
        for (const auto& r : row["problems"])
            if (r["verdict"] == "error")
                errors += "| " + markdown_cell(row_name(row)) + " | " +
                          markdown_cell(r["problem"].get<std::string>()) + " | " +
                          markdown_cell(text_of(r["message"])) + " |\n";
    if (!errors.empty())
        out += "\n## Answers that could not be checked\n\n| student | problem | why |\n|---|---|---|\n" + errors;
    out += "\nThe slowest answers are listed in `timings.md`: times change from run to run, so they "
           "are kept out of this file.\n";
    return out;
}

std::string gradescope_json(const GradeReport& report) {
    if (report.rows.size() != 1)
        throw InputError("--format gradescope grades exactly one submission, found " +
                         std::to_string(report.rows.size()));
    const json& row = report.rows.front();
    json out;
    out["score"] = row["score"];
    out["output"] = text_of(row["message"]) +
                    (row["notes"].empty() ? std::string() : "\n" + dump_json(row["notes"]));
    json tests = json::array();
    if (row["status"] != "graded") {
        tests.push_back({{"name", "submission"},
                         {"score", 0.0},
                         {"max_score", row["max_score"]},
                         {"status", "failed"},
                         {"output", text_of(row["message"])}});
    }
    std::size_t n = 0;
    for (const auto& p : row["problems"]) {
        ++n;
        std::string name = std::to_string(n) + ". " + p["problem"].get<std::string>();
        for (const auto& q : report.problems)
            if (q["id"] == p["problem"] && q["title"].is_string() && !q["title"].get<std::string>().empty())
                name += ": " + q["title"].get<std::string>();
        tests.push_back({{"name", name},
                         {"score", p["score"]},
                         {"max_score", p["max_score"]},
                         {"status", p["verdict"] == "correct" ? "passed" : "failed"},
                         {"output", feedback(p)}});
    }
    out["tests"] = tests;
    return dump_json(out, 2) + "\n";
}

std::string timings_markdown(const std::vector<nlohmann::ordered_json>& rows,
                             const std::vector<nlohmann::ordered_json>& times, std::size_t count) {
    std::vector<std::tuple<double, std::string, std::string, std::string>> all;
    for (std::size_t i = 0; i < rows.size() && i < times.size(); ++i) {
        std::map<std::string, std::string> verdicts;
        for (const auto& p : rows[i]["problems"])
            verdicts[p["problem"].get<std::string>()] = p["verdict"].get<std::string>();
        for (const auto& [problem, ms] : times[i].items())
            all.emplace_back(ms.get<double>(), row_name(rows[i]), problem, verdicts[problem]);
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
        if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
        return std::tie(std::get<1>(a), std::get<2>(a)) < std::tie(std::get<1>(b), std::get<2>(b));
    });
    std::string out = "# Slowest answers\n\nWall-clock time of each check in its worker (changes "
                      "from run to run).\n\n| time (ms) | student | problem | verdict |\n|---:|---|---|---|\n";
    for (std::size_t i = 0; i < all.size() && i < count; ++i) {
        char ms[32];
        std::snprintf(ms, sizeof ms, "%.1f", std::get<0>(all[i]));
        out += std::string("| ") + ms + " | " + markdown_cell(std::get<1>(all[i])) + " | " +
               markdown_cell(std::get<2>(all[i])) + " | " + std::get<3>(all[i]) + " |\n";
    }
    return out;
}

void write_file_atomically(const std::string& path, const std::string& text) {
    std::string temporary = path + ".tmp";
    {
        // write(2) rather than a stream, so that the reason (a full disk) reaches the message;
        // a half-written temporary is removed and the old file, if any, stays as it was.
        int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) throw InputError("cannot write " + path + ": " + std::strerror(errno));
        const char* p = text.data();
        std::size_t left = text.size();
        while (left > 0) {
            ssize_t n = ::write(fd, p, left);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                std::string reason = n < 0 ? std::strerror(errno) : "nothing written";
                ::close(fd);
                ::unlink(temporary.c_str());
                throw InputError("cannot write " + path + ": " + reason);
            }
            p += n;
            left -= static_cast<std::size_t>(n);
        }
        if (::close(fd) != 0) {
            std::string reason = std::strerror(errno);
            ::unlink(temporary.c_str());
            throw InputError("cannot write " + path + ": " + reason);
        }
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) throw InputError("cannot write " + path + ": " + ec.message());
}

void write_reports(const std::string& out_dir, const GradeReport& report, bool gradescope) {
    std::filesystem::path dir(out_dir);
    write_file_atomically((dir / "report.json").string(), report_json(report));
    write_file_atomically((dir / "grades.csv").string(), grades_csv(report));
    write_file_atomically((dir / "junit.xml").string(), junit_xml(report));
    write_file_atomically((dir / "summary.md").string(), summary_markdown(report));
    if (gradescope) write_file_atomically((dir / "results.json").string(), gradescope_json(report));
}

} // namespace chainrule
