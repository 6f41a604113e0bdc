#include "grading/report_timings.hpp"

#include "generator/text_escape.hpp"
#include "grading/report_text.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

namespace chainrule {

std::vector<SlowestAnswers::Entry> SlowestAnswers::entries(const nlohmann::ordered_json& row,
                                                           const nlohmann::ordered_json& times) {
    std::vector<Entry> out;
    if (!times.is_object() || times.empty()) return out;
    std::map<std::string, std::string> verdicts;
    for (const auto& p : row["problems"])
        verdicts[p["problem"].get<std::string>()] = p["verdict"].get<std::string>();
    std::string name = row_name(row);
    for (const auto& [problem, ms] : times.items())
        out.emplace_back(ms.get<double>(), name, problem, verdicts[problem]);
    return out;
}

void SlowestAnswers::add(const nlohmann::ordered_json& row, const nlohmann::ordered_json& times) {
    for (auto& entry : entries(row, times))
        add(std::move(entry));
}

void SlowestAnswers::add(Entry entry) {
    entries_.push_back(std::move(entry));
    if (entries_.size() > 4 * count_ + 64) prune();
}

void SlowestAnswers::prune() {
    auto slower = [](const Entry& a, const Entry& b) {
        if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
        return std::tie(std::get<1>(a), std::get<2>(a)) < std::tie(std::get<1>(b), std::get<2>(b));
    };
    std::sort(entries_.begin(), entries_.end(), slower);
    if (entries_.size() > count_) entries_.resize(count_);
}

std::string SlowestAnswers::markdown() const {
    SlowestAnswers sorted = *this;
    sorted.prune();
    std::string out = "# Slowest answers\n\nWall-clock time of each check in its worker (changes "
                      "from run to run).\n\n| time (ms) | student | problem | verdict "
                      "|\n|---:|---|---|---|\n";
    for (const auto& [time, name, problem, verdict] : sorted.entries_) {
        char ms[32];
        std::snprintf(ms, sizeof ms, "%.1f", time);
        out += std::string("| ") + ms + " | " + escape_markdown_cell(name) + " | " +
               escape_markdown_cell(problem) + " | " + verdict + " |\n";
    }
    return out;
}

} // namespace chainrule
