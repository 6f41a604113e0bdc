#include "grading/report_summary.hpp"

#include "expr/errors.hpp"
#include "expr/utf8.hpp"
#include "generator/text_escape.hpp"
#include "grading/identity.hpp"
#include "grading/report_text.hpp"
#include "grading/reports.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace chainrule {

using json = nlohmann::ordered_json;

namespace {

constexpr std::size_t answer_text_limit = 120;
constexpr std::size_t wrong_answers_shown = 5;
constexpr std::size_t diagnoses_shown = 3;

AnswerOutcome outcome_of(const json& problem) {
    const std::string verdict = text_of(problem["verdict"]);
    if (verdict == "correct")
        return answer_passes(problem) ? AnswerOutcome::correct : AnswerOutcome::wrong_form;
    if (verdict == "incorrect") return AnswerOutcome::wrong;
    if (verdict == "missing") return AnswerOutcome::blank;
    if (verdict == "error") return AnswerOutcome::error;
    return AnswerOutcome::unreadable; // "invalid"
}

// The answer as typed, one line: a derivation's steps joined by " = ", runs of white space
// made one space, cut on a character boundary.
std::string answer_text(const json& problem) {
    std::string raw = text_of(problem["answer"]);
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c == '\n') {
            if (!out.empty()) out += " = ";
            space = false;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            space = true;
        } else {
            if (space && !out.empty() && out.back() != ' ') out += ' ';
            space = false;
            out += c;
        }
    }
    if (out.size() > answer_text_limit) {
        std::size_t cut = answer_text_limit;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
            --cut;
        out.resize(cut);
        out += "…";
    }
    return out;
}

// Names with counts, most common first; ties in bytewise order of the name.
std::vector<std::pair<std::size_t, std::string>>
ranked(const std::map<std::string, std::size_t>& counts) {
    std::vector<std::pair<std::size_t, std::string>> out;
    for (const auto& [name, n] : counts)
        out.emplace_back(n, name);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    return out;
}

std::string diagnosis_list(const std::map<std::string, std::size_t>& diagnoses, std::size_t limit) {
    std::string out;
    auto list = ranked(diagnoses);
    for (std::size_t i = 0; i < list.size() && i < limit; ++i) {
        if (i > 0) out += ", ";
        out += "`" + list[i].second + "` (" + std::to_string(list[i].first) + ")";
    }
    if (list.size() > limit) out += ", …";
    return out;
}

std::string dash_or(std::size_t denominator, const std::string& text) {
    return denominator ? text : std::string("–");
}

// The counting columns of the problem and topic tables.
std::string tally_cells(const Summary::Tally& t) {
    std::size_t answered = t.answered(), graded = t.graded();
    return std::to_string(t.count(AnswerOutcome::correct)) + " | " +
           std::to_string(t.count(AnswerOutcome::wrong_form)) + " | " +
           std::to_string(t.count(AnswerOutcome::wrong)) + " | " +
           std::to_string(t.count(AnswerOutcome::blank)) + " | " +
           std::to_string(t.count(AnswerOutcome::unreadable)) + " | " +
           std::to_string(t.count(AnswerOutcome::error)) + " | " +
           dash_or(answered,
                   report_percent(double(t.count(AnswerOutcome::correct)), double(answered))) +
           " | " + dash_or(graded, report_number(t.score / double(graded)));
}

const char* tally_header = "correct | wrong form | wrong | blank | unreadable | errors | "
                           "correct / answered | mean score";

} // namespace

std::size_t Summary::Tally::graded() const {
    std::size_t n = 0;
    for (std::size_t c : counts)
        n += c;
    return n;
}

std::size_t Summary::Tally::answered() const {
    return graded() - count(AnswerOutcome::blank);
}

void Summary::Tally::add(const Tally& other) {
    for (int i = 0; i < 6; ++i)
        counts[i] += other.counts[i];
    score += other.score;
    for (const auto& [id, n] : other.diagnoses)
        diagnoses[id] += n;
}

SummaryRow summary_row(const json& row) {
    SummaryRow out;
    if (row["status"] == "graded")
        for (const auto& r : row["problems"]) {
            SummaryRow::Answer answer;
            answer.problem = r["problem"].get<std::string>();
            answer.outcome = outcome_of(r);
            answer.score = r["score"].get<double>();
            // Only a wrong answer's diagnoses are its own: counted once per answer, however
            // many of its entries or steps name them.
            if (answer.outcome == AnswerOutcome::wrong) {
                answer.text = answer_text(r);
                std::set<std::string> ids;
                for (const auto& d : r["diagnosis"]) {
                    ids.insert(text_of(d["id"]));
                    // The instructor's words name the same slip as the engine's id beside them.
                    if (d.contains("slips") && d["slips"].is_array())
                        for (const auto& slip : d["slips"])
                            ids.insert(text_of(slip));
                }
                ids.erase("");
                answer.diagnoses.assign(ids.begin(), ids.end());
            }
            out.answers.push_back(std::move(answer));
        }
    else
        out.ungraded = "| " + escape_markdown_cell(row_name(row)) + " | " +
                       escape_markdown_cell(text_of(row["status"])) + " | " +
                       escape_markdown_cell(text_of(row["message"])) + " |\n";
    out.student = row["student"].is_string() ? row["student"].get<std::string>() : "";
    std::string status = text_of(row["status"]);
    if (is_identity_problem(status)) {
        out.problem_status = status;
        out.problem_where =
            row["source"].is_string() ? row["source"].get<std::string>() : text_of(row["key"]);
        out.problem_message = text_of(row["message"]);
    }
    for (const auto& r : row["problems"])
        if (r["verdict"] == "error")
            out.unchecked += "| " + escape_markdown_cell(row_name(row)) + " | " +
                             escape_markdown_cell(r["problem"].get<std::string>()) + " | " +
                             escape_markdown_cell(text_of(r["message"])) + " |\n";
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
        Tally& tally = it->second;
        tally.counts[static_cast<int>(answer.outcome)] += 1;
        tally.score += answer.score;
        for (const auto& d : answer.diagnoses)
            tally.diagnoses[d] += 1;
        if (answer.outcome == AnswerOutcome::wrong) {
            WrongAnswer& wrong = wrong_answers_[answer.problem][answer.text];
            ++wrong.count;
            for (const auto& d : answer.diagnoses)
                wrong.diagnoses[d] += 1;
        }
    }
    ungraded_ += row.ungraded;
    unchecked_ += row.unchecked;
    if (!row.student.empty()) students_.insert(row.student);
    if (!row.problem_status.empty())
        problems_.push_back(Problem{row.problem_status, row.problem_where, row.problem_message});
}

namespace {

// An id as a message shows it: quoted and printable, with the code points outside ASCII
// named, which is where look-alike ids differ.
std::string shown_id(const std::string& id) {
    std::string out = "'" + printable(id) + "'";
    std::string names;
    for (char32_t c : decode_utf8(id))
        if (c > 0x7E && c < invalid_utf8_base)
            names += (names.empty() ? "" : " ") + code_point_name(c);
    if (!names.empty()) out += " (" + names + ")";
    return out;
}

std::string lookalike_message(const std::vector<std::string>& group) {
    std::string out = "the ids ";
    for (std::size_t i = 0; i < group.size(); ++i) {
        if (i > 0) out += i + 1 == group.size() ? " and " : ", ";
        out += shown_id(group[i]);
    }
    return out + " differ only by look (case, look-alike letters, spaces): one student, or an "
                 "impostor?";
}

} // namespace

std::vector<std::string> Summary::identity_problems() const {
    std::vector<std::string> lines;
    for (const auto& p : problems_)
        lines.push_back(p.status + ": " + p.message);
    for (const auto& group : lookalike_groups(students_))
        lines.push_back("lookalike_ids: " + lookalike_message(group));
    return lines;
}

std::string Summary::markdown(const ReportHead& head, const RowStore& rows) const {
    std::string title = text_of(head.meta["spec"]["title"]);
    std::string out = "# Grading summary";
    if (!title.empty()) out += ": " + escape_markdown_cell(title);
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
    out += "\n";
    auto groups = lookalike_groups(students_);
    if (!problems_.empty() || !groups.empty()) {
        out += "\n## Identity problems\n\n" + std::to_string(problems_.size() + groups.size()) +
               " to resolve: a conflict is not graded until one file is chosen (`--prefer`) or "
               "the others removed; `grade` exits with status 1 while any is left, unless "
               "`--allow-conflicts`.\n\n| submission | problem | why |\n|---|---|---|\n";
        for (const auto& p : problems_)
            out += "| " + escape_markdown_cell(p.where) + " | " + p.status + " | " +
                   escape_markdown_cell(p.message) + " |\n";
        for (const auto& group : groups) {
            std::string ids;
            for (const auto& id : group)
                ids += (ids.empty() ? "" : ", ") + id;
            out += "| " + escape_markdown_cell(ids) + " | lookalike_ids | " +
                   escape_markdown_cell(lookalike_message(group)) + " |\n";
        }
    }
    out += "\n## Score distribution (graded submissions)\n\n| score | students | "
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

    // Topics in the order the set first names them.
    std::vector<std::string> topics;
    std::map<std::string, Tally> topic_tallies;
    std::map<std::string, std::pair<std::size_t, double>> topic_sizes; // problems, points
    static const Tally none;
    auto tally_of = [&](const std::string& id) -> const Tally& {
        auto it = tallies_.find(id);
        return it == tallies_.end() ? none : it->second;
    };
    for (const auto& p : head.problems) {
        std::string topic = text_of(p["topic"]);
        if (topic.empty()) continue;
        if (!topic_tallies.count(topic)) topics.push_back(topic);
        topic_tallies[topic].add(tally_of(p["id"].get<std::string>()));
        topic_sizes[topic].first += 1;
        topic_sizes[topic].second += p["points"].get<double>();
    }
    out += "\nEach graded submission's answer to a problem is counted once: correct (and in the "
           "form asked), right but not in the form asked (wrong form), wrong, blank, unreadable "
           "(verdict `invalid`: refused, not graded as wrong), or an error (not checked). "
           "\"correct / answered\" leaves the blanks out; the mean score is over every graded "
           "submission. Diagnoses are those of the wrong answers, each counted once per answer; "
           "ties are listed in alphabetical (bytewise) order.\n";
    if (!topics.empty()) {
        out += "\n## Topics\n\n| topic | problems | points | " + std::string(tally_header) +
               " |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
        for (const auto& topic : topics)
            out += "| " + escape_markdown_cell(topic) + " | " +
                   std::to_string(topic_sizes[topic].first) + " | " +
                   report_number(topic_sizes[topic].second) + " | " +
                   tally_cells(topic_tallies[topic]) + " |\n";
    }

    out += "\n## Problems\n\n| problem | points | " + std::string(tally_header) +
           " | most common diagnoses |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
    for (const auto& p : head.problems) {
        const Tally& tally = tally_of(p["id"].get<std::string>());
        out += "| " + escape_markdown_cell(p["id"].get<std::string>()) + " | " +
               report_number(p["points"].get<double>()) + " | " + tally_cells(tally) + " | " +
               diagnosis_list(tally.diagnoses, diagnoses_shown) + " |\n";
    }

    out += "\n## Most common wrong answers\n\nPer problem, the five wrong answers given most "
           "often (most students first, ties in bytewise order of the answer), as typed (a "
           "derivation's steps joined by `=`), with what they were diagnosed as.\n";
    bool any = false;
    for (const auto& p : head.problems) {
        std::string id = p["id"].get<std::string>();
        auto it = wrong_answers_.find(id);
        if (it == wrong_answers_.end()) continue;
        any = true;
        std::vector<std::pair<std::size_t, std::string>> list;
        for (const auto& [text, wrong] : it->second)
            list.emplace_back(wrong.count, text);
        std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        out += "\n### " + escape_markdown_cell(id);
        std::string problem_title = text_of(p["title"]);
        if (!problem_title.empty()) out += ": " + escape_markdown_cell(problem_title);
        out += "\n\n| answer | students | diagnosed as |\n|---|---:|---|\n";
        for (std::size_t i = 0; i < list.size() && i < wrong_answers_shown; ++i) {
            const WrongAnswer& wrong = it->second.at(list[i].second);
            out += "| " +
                   (list[i].second.empty() ? std::string("(empty)")
                                           : escape_markdown_cell(list[i].second)) +
                   " | " + std::to_string(wrong.count) + " | " +
                   diagnosis_list(wrong.diagnoses, wrong.diagnoses.size()) + " |\n";
        }
        if (list.size() > wrong_answers_shown)
            out += "\nDistinct wrong answers not shown: " +
                   std::to_string(list.size() - wrong_answers_shown) + ".\n";
    }
    if (!any) out += "\nNo wrong answers.\n";

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
