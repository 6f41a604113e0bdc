#include "grading/report_summary.hpp"

#include "grading/report_text.hpp"
#include "grading/reports.hpp"

#include <algorithm>

namespace chainrule {

using json = nlohmann::ordered_json;

SummaryRow summary_row(const json& row) {
    SummaryRow out;
    if (row["status"] == "graded")
        for (const auto& r : row["problems"]) {
            SummaryRow::Answer answer;
            answer.problem = r["problem"].get<std::string>();
            answer.correct = answer_passes(r);
            answer.error = r["verdict"] == "error";
            answer.score = r["score"].get<double>();
            for (const auto& d : r["diagnosis"])
                answer.diagnoses.push_back(d["id"].get<std::string>());
            out.answers.push_back(std::move(answer));
        }
    else
        out.ungraded = "| " + markdown_cell(row_name(row)) + " | " +
                       markdown_cell(text_of(row["status"])) + " | " +
                       markdown_cell(text_of(row["message"])) + " |\n";
    for (const auto& r : row["problems"])
        if (r["verdict"] == "error")
            out.unchecked += "| " + markdown_cell(row_name(row)) + " | " +
                             markdown_cell(r["problem"].get<std::string>()) + " | " +
                             markdown_cell(text_of(r["message"])) + " |\n";
    return out;
}

Summary::Summary(const json& problems) {
    for (const auto& p : problems)
        tallies_[p["id"].get<std::string>()];
}

void Summary::add(const SummaryRow& row) {
    for (const auto& answer : row.answers) {
        auto it = tallies_.find(answer.problem);
        if (it == tallies_.end()) continue;
        ProblemTally& tally = it->second;
        ++tally.answered;
        tally.correct += answer.correct;
        tally.errors += answer.error;
        tally.sum += answer.score;
        for (const auto& d : answer.diagnoses)
            tally.diagnoses[d] += 1;
    }
    ungraded_ += row.ungraded;
    unchecked_ += row.unchecked;
}

std::string Summary::markdown(const ReportHead& head, const RowStore& rows) const {
    std::string title = text_of(head.meta["spec"]["title"]);
    std::string out = "# Grading summary";
    if (!title.empty()) out += ": " + markdown_cell(title);
    out += "\n\n";
    std::size_t graded = 0;
    double total = 0, max_score = 0;
    for (const auto& p : head.problems)
        max_score += p["points"].get<double>();
    std::vector<double> percents;
    rows.for_each_facts([&](const RowFacts& f) {
        if (!f.graded) return;
        ++graded;
        total += f.score;
        percents.push_back(f.max_score > 0 ? 100.0 * f.score / f.max_score : 0.0);
    });
    out += std::to_string(rows.size()) + " rows: " + std::to_string(graded) + " graded, " +
           std::to_string(rows.size() - graded) + " not graded.";
    if (graded > 0)
        out += " Mean score " + report_number(total / double(graded)) + " / " +
               report_number(max_score) + " (" + report_percent(total / double(graded), max_score) +
               ").";
    out += "\n\n## Score distribution (graded submissions)\n\n| score | students | "
           "|\n|---|---:|---|\n";
    std::vector<std::size_t> buckets(10, 0);
    for (double p : percents)
        buckets[std::min<std::size_t>(9, static_cast<std::size_t>(p / 10.0))] += 1;
    std::size_t most = *std::max_element(buckets.begin(), buckets.end());
    for (std::size_t b = 0; b < 10; ++b) {
        std::size_t bar = most == 0 ? 0 : (buckets[b] * 40 + most - 1) / most;
        std::string bars;
        for (std::size_t i = 0; i < bar; ++i)
            bars += "█";
        out += "| " + std::to_string(b * 10) + "–" + std::to_string(b * 10 + 10) + "% | " +
               std::to_string(buckets[b]) + " | " + bars + " |\n";
    }

    out += "\n## Problems\n\n| problem | points | correct | success rate | mean score | errors | "
           "most common diagnoses |\n|---|---:|---:|---:|---:|---:|---|\n";
    static const ProblemTally none;
    for (const auto& p : head.problems) {
        std::string id = p["id"];
        auto it = tallies_.find(id);
        const ProblemTally& tally = it == tallies_.end() ? none : it->second;
        std::vector<std::pair<std::size_t, std::string>> ranked;
        for (const auto& [name, n] : tally.diagnoses)
            ranked.emplace_back(n, name);
        std::stable_sort(ranked.begin(), ranked.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        std::string common;
        for (std::size_t i = 0; i < ranked.size() && i < 3; ++i) {
            if (i > 0) common += ", ";
            common += "`" + ranked[i].second + "` (" + std::to_string(ranked[i].first) + ")";
        }
        std::size_t answered = tally.answered;
        out += "| " + markdown_cell(id) + " | " + report_number(p["points"].get<double>()) + " | " +
               std::to_string(tally.correct) + " / " + std::to_string(answered) + " | " +
               (answered ? report_percent(double(tally.correct), double(answered))
                         : std::string("–")) +
               " | " + (answered ? report_number(tally.sum / double(answered)) : std::string("–")) +
               " | " + std::to_string(tally.errors) + " | " + common + " |\n";
    }
    if (!ungraded_.empty())
        out += "\n## Not graded\n\n| submission | status | why |\n|---|---|---|\n" + ungraded_;
    if (!unchecked_.empty())
        out += "\n## Answers that could not be checked\n\n| student | problem | why "
               "|\n|---|---|---|\n" +
               unchecked_;
    out += "\nThe slowest answers are listed in `timings.md`: times change from run to run, so "
           "they are kept out of this file.\n";
    return out;
}

} // namespace chainrule
