#include "grading/reports.hpp"

#include "expr/errors.hpp"
#include "grading/report_gradebook.hpp"
#include "grading/report_gradescope.hpp"
#include "grading/report_summary.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

namespace chainrule {

namespace {

using json = nlohmann::ordered_json;

// What one row puts into each report.
struct RowOutput {
    std::string report; ///< the row in report.json
    std::string csv;
    std::string junit;
    std::string canvas; ///< with --format canvas
    std::string moodle; ///< with --format moodle
    SummaryRow summary;
    std::vector<SlowestAnswers::Entry> times;
    std::optional<json> row; ///< the row itself, when asked for (Gradescope)
};

RowOutput format_row(const std::string& text, const std::string& times, const json& problems,
                     const ReportFormats& formats, bool keep_row) {
    RowOutput out;
    json row = json::parse(text);
    out.report = report_json_row(text);
    out.csv = grades_csv_line(row, problems);
    out.junit = junit_suite(row);
    if (formats.canvas) out.canvas = canvas_csv_line(row);
    if (formats.moodle) out.moodle = moodle_csv_line(row, problems);
    out.summary = summary_row(row);
    if (!times.empty()) out.times = SlowestAnswers::entries(row, json::parse(times));
    if (keep_row) out.row = std::move(row);
    return out;
}

ReportTotals totals_of(const ReportHead& head, const RowStore& rows) {
    ReportTotals totals;
    totals.rows = rows.size();
    for (const auto& p : head.problems)
        totals.max_score += p["points"].get<double>();
    rows.for_each_facts([&](const RowFacts& f) {
        if (f.graded) {
            ++totals.graded;
            totals.score += f.score;
        }
        totals.tests += f.tests;
        totals.failures += f.failures;
        totals.errors += f.errors;
    });
    return totals;
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

std::vector<std::string> write_reports(const std::string& out_dir, const ReportHead& head,
                                       const RowStore& rows, const ReportFormats& formats) {
    std::filesystem::path dir(out_dir);
    AtomicFile report((dir / "report.json").string());
    AtomicFile csv((dir / "grades.csv").string());
    AtomicFile junit((dir / "junit.xml").string());
    std::optional<AtomicFile> canvas, moodle;
    if (formats.canvas) canvas.emplace((dir / "canvas.csv").string());
    if (formats.moodle) moodle.emplace((dir / "moodle.csv").string());

    // What heads report.json and junit.xml is counted from the rows' facts, so that every
    // row is read once, after it.
    ReportTotals totals = totals_of(head, rows);
    report.write(report_json_head(head, totals));
    csv.write(grades_csv_header(head.problems));
    junit.write(junit_head(totals));
    if (canvas) canvas->write(canvas_csv_header(head));
    if (moodle) moodle->write(moodle_csv_header(head));

    Summary summary(head.problems);
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
    bool keep_row = formats.gradescope && rows.size() == 1;
    auto flush = [&] {
        outputs.assign(batch.size(), RowOutput{});
        in_parallel(batch.size(), threads, [&](std::size_t i) {
            outputs[i] =
                format_row(batch[i].first, batch[i].second, head.problems, formats, keep_row);
        });
        for (auto& out : outputs) {
            report.write(report_json_separator(first));
            first = false;
            report.write(out.report);
            csv.write(out.csv);
            junit.write(out.junit);
            if (canvas) canvas->write(out.canvas);
            if (moodle) moodle->write(out.moodle);
            summary.add(out.summary);
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

    report.write(report_json_tail(rows.size()));
    junit.write(junit_tail());
    report.commit();
    csv.commit();
    junit.commit();
    if (canvas) canvas->commit();
    if (moodle) moodle->commit();
    write_file_atomically((dir / "summary.md").string(), summary.markdown(head, rows));
    if (formats.gradescope) {
        if (!only_row)
            throw InputError("--format gradescope grades exactly one submission, found " +
                             std::to_string(rows.size()));
        write_file_atomically((dir / "results.json").string(),
                              gradescope_json(*only_row, head.problems));
    }
    write_file_atomically((dir / "timings.md").string(), slowest.markdown());
    return summary.identity_problems();
}

} // namespace chainrule
