#include "grading/reports.hpp"

#include "checker/markup.hpp"
#include "expr/errors.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
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
        while (out.back() == '0')
            out.pop_back();
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
        out +=
            "\nfirst wrong step: " + std::to_string(problem["first_wrong_step"].get<std::size_t>());
    return out;
}

std::string markdown_cell(const std::string& text) {
    std::string out;
    for (char c : printable(text)) {
        switch (c) {
        case '|':
            out += "\\|";
            break;
        case '\n':
            out += ' ';
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '`':
            out += "\\`";
            break;
        case '*':
            out += "\\*";
            break;
        case '_':
            out += "\\_";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string row_name(const json& row) {
    return row["student"].is_string() ? row["student"].get<std::string>()
                                      : row["key"].get<std::string>();
}

// A file written through a temporary one, buffered: renamed into place by commit(), removed
// when dropped before (an error on the way), so that a report is either complete or absent.
// write(2) rather than a stream, so that the reason (a full disk) reaches the message.
class AtomicFile {
  public:
    explicit AtomicFile(std::string path) : path_(std::move(path)), temporary_(path_ + ".tmp") {
        fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd_ < 0) throw InputError("cannot write " + path_ + ": " + std::strerror(errno));
        buffer_.reserve(capacity);
    }
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile() {
        if (fd_ >= 0) {
            ::close(fd_);
            ::unlink(temporary_.c_str());
        }
    }

    void write(std::string_view text) {
        if (buffer_.size() + text.size() > capacity) flush();
        if (text.size() >= capacity)
            put(text.data(), text.size());
        else
            buffer_ += text;
    }

    void commit() {
        flush();
        int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) fail(std::strerror(errno));
        std::error_code ec;
        std::filesystem::rename(temporary_, path_, ec);
        if (ec) fail(ec.message());
    }

  private:
    static constexpr std::size_t capacity = 1 << 18;

    void flush() {
        put(buffer_.data(), buffer_.size());
        buffer_.clear();
    }

    void put(const char* p, std::size_t left) {
        while (left > 0) {
            ssize_t n = ::write(fd_, p, left);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail(n < 0 ? std::strerror(errno) : "nothing written");
            p += n;
            left -= static_cast<std::size_t>(n);
        }
    }

    [[noreturn]] void fail(const std::string& reason) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
        ::unlink(temporary_.c_str());
        throw InputError("cannot write " + path_ + ": " + reason);
    }

    std::string path_;
    std::string temporary_;
    int fd_ = -1;
    std::string buffer_;
};

// What summary.md says of one problem, gathered row by row.
struct ProblemTally {
    std::size_t correct = 0, answered = 0, errors = 0;
    double sum = 0;
    std::map<std::string, std::size_t> diagnoses;
};

std::string csv_line(const json& row, const json& problems) {
    std::string out = csv_cell(text_of(row["student"]));
    out += ",";
    out += csv_cell(text_of(row["source"]));
    out += ",";
    out += csv_cell(text_of(row["status"]));
    std::map<std::string, double> scores;
    for (const auto& p : row["problems"])
        scores[p["problem"].get<std::string>()] = p["score"].get<double>();
    for (const auto& p : problems) {
        auto it = scores.find(p["id"].get<std::string>());
        out += ",";
        out += number(it == scores.end() ? 0.0 : it->second);
    }
    out += ",";
    out += number(row["score"].get<double>());
    out += ",";
    out += number(row["max_score"].get<double>());
    out += "\n";
    return out;
}

// A row's <testsuite>.
// A problem's answer passes when it is right and in the form asked: a right answer in
// another form earns only the form's credit, and CI systems and gradebooks must not count it
// as a pass.
bool passes(const json& p) {
    if (p["verdict"] != "correct") return false;
    auto form = p.find("form");
    return form == p.end() || !form->is_object() || form->value("satisfied", true);
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
        if (passes(p)) {
            cases += "/>\n";
            continue;
        }
        if (verdict == "correct") verdict = "wrong_form";
        std::string tag = verdict == "error" ? "error" : "failure";
        (verdict == "error" ? e : f) += 1;
        cases += ">\n      <" + tag + " type=\"" + verdict + "\" message=\"" +
                 xml_escape(first_line(text_of(p["message"]))) + "\">" + xml_escape(feedback(p)) +
                 "</" + tag + ">\n    </testcase>\n";
    }
    std::string out = "  <testsuite name=\"" + name + "\" tests=\"" + std::to_string(t) +
                      "\" failures=\"" + std::to_string(f) + "\" errors=\"" + std::to_string(e) +
                      "\">\n";
    out += cases;
    out += "  </testsuite>\n";
    return out;
}

std::string gradescope_json(const json& row, const json& problems) {
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
        for (const auto& q : problems)
            if (q["id"] == p["problem"] && q["title"].is_string() &&
                !q["title"].get<std::string>().empty())
                name += ": " + q["title"].get<std::string>();
        tests.push_back({{"name", name},
                         {"score", p["score"]},
                         {"max_score", p["max_score"]},
                         {"status", passes(p) ? "passed" : "failed"},
                         {"output", feedback(p)}});
    }
    out["tests"] = tests;
    return dump_json(out, 2) + "\n";
}

// summary.md from the facts of every row and the tallies of the problems.
std::string summary_markdown(const ReportHead& head, const RowStore& rows,
                             const std::map<std::string, ProblemTally>& tallies,
                             const std::string& ungraded, const std::string& errors) {
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
        out += " Mean score " + number(total / double(graded)) + " / " + number(max_score) + " (" +
               percent(total / double(graded), max_score) + ").";
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
        auto it = tallies.find(id);
        const ProblemTally& tally = it == tallies.end() ? none : it->second;
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
        out += "| " + markdown_cell(id) + " | " + number(p["points"].get<double>()) + " | " +
               std::to_string(tally.correct) + " / " + std::to_string(answered) + " | " +
               (answered ? percent(double(tally.correct), double(answered)) : std::string("–")) +
               " | " + (answered ? number(tally.sum / double(answered)) : std::string("–")) +
               " | " + std::to_string(tally.errors) + " | " + common + " |\n";
    }
    if (!ungraded.empty())
        out += "\n## Not graded\n\n| submission | status | why |\n|---|---|---|\n" + ungraded;
    if (!errors.empty())
        out += "\n## Answers that could not be checked\n\n| student | problem | why "
               "|\n|---|---|---|\n" +
               errors;
    out += "\nThe slowest answers are listed in `timings.md`: times change from run to run, so "
           "they are kept out of this file.\n";
    return out;
}

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

// What one row puts into each report.
struct RowOutput {
    std::string report; ///< the row in report.json, as dump(2) prints it 4 spaces deep
    std::string csv;
    std::string junit;
    /// A graded row's answers, for the problem table of summary.md.
    struct Answer {
        std::string problem;
        bool correct = false;
        bool error = false;
        double score = 0;
        std::vector<std::string> diagnoses;
    };
    std::vector<Answer> answers;
    std::string ungraded;  ///< its line of summary.md's rows not graded
    std::string unchecked; ///< its lines of summary.md's answers that could not be checked
    std::vector<SlowestAnswers::Entry> times;
    std::optional<json> row; ///< the row itself, when asked for (Gradescope)
};

RowOutput format_row(const std::string& text, const std::string& times, const json& problems,
                     bool keep_row) {
    RowOutput out;
    json row = json::parse(text);
    pretty_json(text, 2, 4, out.report);
    out.csv = csv_line(row, problems);
    out.junit = junit_suite(row);
    if (row["status"] == "graded")
        for (const auto& r : row["problems"]) {
            RowOutput::Answer answer;
            answer.problem = r["problem"].get<std::string>();
            answer.correct = passes(r);
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
    if (!times.empty()) out.times = SlowestAnswers::entries(row, json::parse(times));
    if (keep_row) out.row = std::move(row);
    return out;
}

// Calls work(i) for i < count on `threads` threads (this one included). The work touches no
// GiNaC (not thread-safe): JSON and text only.
void in_parallel(std::size_t count, unsigned threads,
                 const std::function<void(std::size_t)>& work) {
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto run = [&] {
        try {
            for (std::size_t i = next++; i < count; i = next++)
                work(i);
        } catch (...) {
            std::lock_guard<std::mutex> lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            next = count;
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads && t < count; ++t)
        pool.emplace_back(run);
    run();
    for (auto& t : pool)
        t.join();
    if (failure) std::rethrow_exception(failure);
}

} // namespace

std::string dump_json(const nlohmann::ordered_json& value, int indent) {
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

void pretty_json(std::string_view text, unsigned indent_step, unsigned current_indent,
                 std::string& out) {
    std::size_t i = 0, n = text.size();
    std::size_t level = current_indent;
    while (i < n) {
        char c = text[i];
        if (is_space(c)) {
            ++i;
        } else if (c == '"') {
            std::size_t start = i++;
            while (i < n && text[i] != '"')
                i += text[i] == '\\' ? 2 : 1;
            i = std::min(i + 1, n);
            out.append(text.substr(start, i - start));
        } else if (c == '{' || c == '[') {
            char close = c == '{' ? '}' : ']';
            ++i;
            while (i < n && is_space(text[i]))
                ++i;
            out += c;
            if (i < n && text[i] == close) { // empty: printed as {} or []
                out += close;
                ++i;
                continue;
            }
            level += indent_step;
            out += '\n';
            out.append(level, ' ');
        } else if (c == '}' || c == ']') {
            level = level >= indent_step ? level - indent_step : 0;
            out += '\n';
            out.append(level, ' ');
            out += c;
            ++i;
        } else if (c == ',') {
            out += ",\n";
            out.append(level, ' ');
            ++i;
        } else if (c == ':') {
            out += ": ";
            ++i;
        } else { // a number, true, false or null
            std::size_t start = i;
            while (i < n && !is_space(text[i]) && text[i] != ',' && text[i] != '}' &&
                   text[i] != ']' && text[i] != ':')
                ++i;
            out.append(text.substr(start, i - start));
        }
    }
}

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
        out += std::string("| ") + ms + " | " + markdown_cell(name) + " | " +
               markdown_cell(problem) + " | " + verdict + " |\n";
    }
    return out;
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

std::string xml_escape(const std::string& raw) {
    return escape_xml(printable_lines(raw));
}

void write_file_atomically(const std::string& path, const std::string& text) {
    AtomicFile file(path);
    file.write(text);
    file.commit();
}

void write_reports(const std::string& out_dir, const ReportHead& head, const RowStore& rows,
                   bool gradescope) {
    std::filesystem::path dir(out_dir);
    AtomicFile report((dir / "report.json").string());
    AtomicFile csv((dir / "grades.csv").string());
    AtomicFile junit((dir / "junit.xml").string());

    // What heads report.json and junit.xml is counted from the rows' facts, so that every
    // row is read once, after it.
    std::size_t graded = 0, tests = 0, failures = 0, errors = 0;
    double total = 0, max_score = 0;
    for (const auto& p : head.problems)
        max_score += p["points"].get<double>();
    rows.for_each_facts([&](const RowFacts& f) {
        if (f.graded) {
            ++graded;
            total += f.score;
        }
        tests += f.tests;
        failures += f.failures;
        errors += f.errors;
    });

    json top;
    top["format"] = "chainrule-grade-report/1";
    top["meta"] = head.meta;
    top["problems"] = head.problems;
    json totals;
    totals["rows"] = rows.size();
    totals["graded"] = graded;
    totals["not_graded"] = rows.size() - graded;
    totals["max_score"] = max_score;
    totals["mean_score"] = graded ? std::round(total / double(graded) * 10000.0) / 10000.0 : 0.0;
    top["totals"] = totals;
    // The object without its students, then the students one by one, as dump(2) would
    // print them.
    std::string text = dump_json(top, 2);
    text.resize(text.size() - 2); // "\n}"
    text += ",\n  \"students\": [";
    report.write(text);

    std::string header = "student,source,status";
    for (const auto& p : head.problems)
        header += "," + csv_cell(p["id"].get<std::string>());
    header += ",total,max_score\n";
    csv.write(header);

    junit.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"chainrule grade\" "
                "tests=\"" +
                std::to_string(tests) + "\" failures=\"" + std::to_string(failures) +
                "\" errors=\"" + std::to_string(errors) + "\">\n");

    std::map<std::string, ProblemTally> tallies;
    for (const auto& p : head.problems)
        tallies[p["id"].get<std::string>()];
    std::string ungraded, unchecked;
    SlowestAnswers slowest;
    std::optional<json> only_row;
    bool first = true;
    // Rows are formatted a batch at a time on several threads (reading and formatting a row
    // is most of the work, and rows do not depend on each other), then written and tallied in
    // key order, so that the bytes and the sums are those of one row after another.
    const std::size_t batch_size = 256;
    std::vector<std::pair<std::string, std::string>> batch;
    std::vector<RowOutput> outputs;
    unsigned threads = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
    bool keep_row = gradescope && rows.size() == 1;
    auto flush = [&] {
        outputs.assign(batch.size(), RowOutput{});
        in_parallel(batch.size(), threads, [&](std::size_t i) {
            outputs[i] = format_row(batch[i].first, batch[i].second, head.problems, keep_row);
        });
        for (auto& out : outputs) {
            report.write(first ? "\n    " : ",\n    ");
            first = false;
            report.write(out.report);
            csv.write(out.csv);
            junit.write(out.junit);
            for (const auto& answer : out.answers) {
                auto it = tallies.find(answer.problem);
                if (it == tallies.end()) continue;
                ProblemTally& tally = it->second;
                ++tally.answered;
                tally.correct += answer.correct;
                tally.errors += answer.error;
                tally.sum += answer.score;
                for (const auto& d : answer.diagnoses)
                    tally.diagnoses[d] += 1;
            }
            ungraded += out.ungraded;
            unchecked += out.unchecked;
            for (auto& entry : out.times)
                slowest.add(std::move(entry));
            if (out.row) only_row = std::move(out.row);
        }
        batch.clear();
    };
    rows.for_each([&](const RowFacts&, const std::string& row, const std::string& times) {
        batch.emplace_back(row, times);
        if (batch.size() == batch_size) flush();
    });
    flush();

    report.write(rows.size() == 0 ? "]\n}\n" : "\n  ]\n}\n");
    junit.write("</testsuites>\n");
    report.commit();
    csv.commit();
    junit.commit();
    write_file_atomically((dir / "summary.md").string(),
                          summary_markdown(head, rows, tallies, ungraded, unchecked));
    if (gradescope) {
        if (!only_row)
            throw InputError("--format gradescope grades exactly one submission, found " +
                             std::to_string(rows.size()));
        write_file_atomically((dir / "results.json").string(),
                              gradescope_json(*only_row, head.problems));
    }
    write_file_atomically((dir / "timings.md").string(), slowest.markdown());
}

} // namespace chainrule
