#include "grading/grade_run.hpp"

#include "expr/errors.hpp"
#include "generator/problem_source.hpp"
#include "generator/random.hpp"
#include "generator/spec.hpp"
#include "grading/grade_input.hpp"
#include "grading/grade_meta.hpp"
#include "grading/grade_plan.hpp"
#include "grading/grade_row.hpp"
#include "grading/journal.hpp"
#include "grading/reports.hpp"
#include "grading/row_store.hpp"

#ifdef __GLIBC__
#include <malloc.h>
#include <nlohmann/json.hpp>
#endif
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace chainrule {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

// A number as text that reads back as the same double.
std::string format_number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

} // namespace

std::vector<std::string> read_roster(const std::string& path) {
    std::istringstream in(read_file_bytes(path));
    std::vector<std::string> ids;
    std::string line;
    while (std::getline(in, line)) {
        std::size_t comma = line.find(',');
        if (comma != std::string::npos) line = line.substr(0, comma);
        auto first = line.find_first_not_of(" \t\r\"");
        auto last = line.find_last_not_of(" \t\r\"");
        if (first == std::string::npos) continue;
        line = line.substr(first, last - first + 1);
        if (line.empty() || line[0] == '#' || line == "student") continue;
        ids.push_back(line);
    }
    return ids;
}

namespace {

json problems_json(const ProblemSet& set) {
    json out = json::array();
    for (const auto& p : set.problems)
        out.push_back({{"id", p.id},
                       {"number", p.number},
                       {"title", p.title},
                       {"template", p.template_id},
                       {"topic", p.topic},
                       {"points", round_score(p.points)}});
    return out;
}

class Progress {
  public:
    Progress(std::size_t total, bool on) : total_(total), on_(on), start_(Clock::now()) {}
    void step() {
        ++done_;
        if (!on_) return;
        auto now = Clock::now();
        if (done_ < total_ && now - last_ < std::chrono::milliseconds(100)) return;
        last_ = now;
        double elapsed = std::chrono::duration<double>(now - start_).count();
        double rate = elapsed > 0 ? double(done_) / elapsed : 0;
        double left = rate > 0 ? double(total_ - done_) / rate : 0;
        const int width = 30;
        int filled = total_ ? static_cast<int>(width * done_ / total_) : width;
        std::string bar(static_cast<std::size_t>(filled), '#');
        bar += std::string(static_cast<std::size_t>(width - filled), '.');
        std::fprintf(stderr, "\r[%s] %zu/%zu  %.1f/s  %d:%02d left ", bar.c_str(), done_, total_,
                     rate, static_cast<int>(left) / 60, static_cast<int>(left) % 60);
        if (done_ == total_) std::fprintf(stderr, "\n");
        std::fflush(stderr);
    }

  private:
    using Clock = std::chrono::steady_clock;
    std::size_t total_;
    std::size_t done_ = 0;
    bool on_;
    Clock::time_point start_;
    Clock::time_point last_;
};

} // namespace

void run_grade_worker(const std::vector<std::string>& arguments) {
    WorkerLimits limits;
    std::optional<ProblemSource> source;
    try {
        if (arguments.size() != 4) throw InputError("a grade worker takes 4 arguments");
        limits.cpu_seconds = std::stod(arguments[2]);
        limits.memory_mb = std::stoul(arguments[3]);
        // The spec or frozen set, loaded as run_grade loads it, and its hash as report.json
        // records it (meta.spec.hash).
        // run_grade has read and checked the file whole: a class's sheets are read here one
        // at a time, as the jobs ask for them, once the bytes are known to be those.
        std::string bytes;
        source = ProblemSource::load_checked(arguments[0], bytes);
        const std::string hash =
            source->frozen() ? template_hash(bytes) : spec_hash(source->spec());
        if (hash != arguments[1])
            throw InputError("the spec " + printable(arguments[0]) +
                             " or one of its templates changed while grading: grade again");
        prepare_symbols(source->class_set());
    } catch (const std::exception& e) {
        refuse_worker(e.what());
    }
    serve_worker([&](const std::string& student) { return source->sheet_for(student); }, limits);
}

void parse_shard(const std::string& text, std::size_t& index, std::size_t& count) {
    std::size_t slash = text.find('/');
    auto digits = [](const std::string& s) {
        return !s.empty() && s.size() <= 5 &&
               std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (slash == std::string::npos || !digits(text.substr(0, slash)) ||
        !digits(text.substr(slash + 1)))
        throw InputError("--shard is K/N, e.g. 2/4");
    index = std::stoul(text.substr(0, slash));
    count = std::stoul(text.substr(slash + 1));
    if (count < 1 || count > 10000 || index < 1 || index > count)
        throw InputError("--shard K/N needs 1 <= K <= N <= 10000");
}

GradeOutcome run_grade(const GradeOptions& options) {
    if (options.out.empty()) throw InputError("--out DIR is required");
    if (options.inputs.empty()) throw InputError("give at least one submission file or folder");
    if (!(options.limits.cpu_seconds > 0) || options.limits.cpu_seconds > 3600)
        throw InputError("--time-limit must be from 0 to 3600 seconds");
    if (options.limits.memory_mb < 64 || options.limits.memory_mb > 1 << 20)
        throw InputError("--memory-limit must be at least 64 (MB)");
    if (options.regrade_errors && !options.resume)
        throw InputError("--regrade-errors goes with --resume: it grades again the rows of the "
                         "journal in --out that did not finish");

    ProblemSource source = ProblemSource::load(options.spec);
    fs::path out_dir(options.out);
    // Before anything is read or written: a refused run leaves the folder as it was.
    std::vector<std::string> changed = check_templates(source, options, out_dir / "journal.jsonl");
    std::vector<std::string> changed_since_frozen = check_frozen_set(source, options);
    ProblemSet class_set = source.class_set();
    double set_points = class_set.total_points();

    std::error_code ec;
    fs::create_directories(options.out, ec);
    if (ec || !fs::is_directory(options.out))
        throw InputError("cannot create the output folder " + printable(options.out));

    unsigned workers = options.jobs;
    if (workers == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        workers = cores > 0 ? static_cast<unsigned>(cores) : 1;
    }
    ClassFiles files = read_class_files(options, class_set, workers);
    const bool has_roster = !options.roster.empty();
    GradePlan plan = plan_rows(
        files, options, source,
        has_roster ? read_roster(options.roster) : std::vector<std::string>{}, set_points);
    std::vector<PlannedRow*> mine = shard_rows(plan, options.shard_index, options.shard_count);
    const std::vector<Submission>& submissions = files.submissions;
    std::uint64_t inputs_hash = files.inputs_hash;

    json meta = run_meta(source, options, changed, changed_since_frozen);
    json header{
        {"meta", meta},
        {"shard", std::to_string(options.shard_index) + "/" + std::to_string(options.shard_count)},
        {"inputs", hex64(inputs_hash)}};

    Journal journal((out_dir / "journal.jsonl").string(), header, options.resume);
    // Rows are read back from the journal when the reports are written: the grader keeps
    // only where each one is.
    RowStore rows(journal.path());
    for (PlannedRow* p : mine) {
        auto it = journal.done().rows.find(p->key);
        if (it == journal.done().rows.end()) continue;
        const JournalRow& done = it->second;
        // Graded again: its new row is appended to the journal, and read from there.
        if (options.regrade_errors && done.facts.unfinished) continue;
        if (done.text.empty())
            rows.add_at(p->key, done.offset, done.length, done.facts, done.times);
        else
            rows.add_text(p->key, done.text, done.facts, done.times);
    }
    auto finish_row = [&](const std::string& key, RowText row, std::string times) {
        std::uint64_t offset = journal.append(row.text, times);
        rows.add_at(key, offset, row.text.size(), row.facts, std::move(times));
    };

    Progress progress(mine.size(), !options.quiet && isatty(STDERR_FILENO));
    for (std::size_t i = 0; i < rows.size(); ++i)
        progress.step();
    std::vector<std::size_t> job_submissions;
    std::map<std::size_t, PlannedRow*> planned_for;
    for (PlannedRow* p : mine) {
        if (rows.contains(p->key)) continue;
        if (!p->submission) {
            finish_row(p->key, row_text(p->row), "{}");
            progress.step();
            continue;
        }
        planned_for[*p->submission] = p;
        job_submissions.push_back(*p->submission);
    }

    // The results of the submissions being graded, until each is done and written.
    std::map<std::size_t, std::vector<std::optional<ProblemOutcome>>> results;
    std::map<std::size_t, json> job_times;
    std::map<std::size_t, std::string> failures;
    PoolEvents events;
    events.on_result = [&](std::size_t job, std::size_t index, ProblemOutcome result, double ms) {
        auto& list = results[job];
        if (list.size() < class_set.problems.size()) list.resize(class_set.problems.size());
        list[index] = std::move(result);
        job_times[job][class_set.problems[index].id] = std::round(ms * 10.0) / 10.0;
    };
    events.on_failed = [&](std::size_t job, const std::string& reason) { failures[job] = reason; };
    events.on_done = [&](std::size_t job) {
        PlannedRow* p = planned_for.at(job);
        const Submission& s = submissions[job];
        RowText row;
        if (failures.count(job)) {
            row = row_text(ungraded_row(p->key, s.student, s.path, "error", failures[job], p->notes,
                                        set_points));
        } else {
            auto& list = results[job];
            list.resize(class_set.problems.size());
            std::vector<ProblemOutcome> outcomes;
            outcomes.reserve(list.size());
            for (std::size_t i = 0; i < list.size(); ++i)
                outcomes.push_back(
                    list[i] ? std::move(*list[i])
                            : problem_outcome(error_result(class_set.problems[i], "not graded")));
            row = graded_row_text(p->key, s, p->notes, outcomes);
        }
        auto t = job_times.find(job);
        finish_row(p->key, std::move(row), t == job_times.end() ? "{}" : dump_json(t->second));
        results.erase(job);
        job_times.erase(job);
        progress.step();
    };
    workers = static_cast<unsigned>(
        std::min<std::size_t>(workers, std::max<std::size_t>(1, job_submissions.size())));
#ifdef __GLIBC__
    // Reading the submissions left the heap full of freed blocks that are still resident:
    // given back, the grader holds only what it keeps while the class is graded.
    malloc_trim(0);
#endif
    if (!job_submissions.empty()) {
        // The worker loads the spec as the grader did, and checks that it is the same.
        WorkerCommand command;
        command.arguments = {
            grade_worker_command, options.spec, meta["spec"]["hash"].get<std::string>(),
            format_number(options.limits.cpu_seconds), std::to_string(options.limits.memory_mb)};
        run_worker_pool(command, class_set, submissions, job_submissions, workers, options.limits,
                        events);
    }

    GradeOutcome outcome;
    outcome.identity_problems = write_reports(
        options.out, ReportHead{meta, problems_json(class_set)}, rows, options.formats);
    fs::path shard_file = out_dir / "shard.json";
    if (options.shard_count > 1) {
        json shard{{"shard", header["shard"]},
                   {"index", options.shard_index},
                   {"count", options.shard_count},
                   {"rows", rows.size()},
                   {"inputs", header["inputs"]}};
        write_file_atomically(shard_file.string(), dump_json(shard, 2) + "\n");
    } else {
        fs::remove(shard_file, ec);
    }
    outcome.passed = !(options.fail_under && any_below(rows, *options.fail_under));
    rows.for_each_facts([&](const RowFacts& facts) { outcome.unfinished += facts.unfinished; });
    return outcome;
}

GradeOutcome run_merge(const std::vector<std::string>& dirs, const std::string& out,
                       std::optional<double> fail_under, const ReportFormats& formats) {
    if (dirs.empty()) throw InputError("give the output folders of the shards to merge");
    // Writing the merged reports into a shard's folder would overwrite that shard's reports
    // (and its journal's companions) with the merge: refused, whatever the spelling of the path.
    auto same_folder = [](const fs::path& a, const fs::path& b) {
        std::error_code error;
        if (fs::exists(a, error) && fs::exists(b, error)) return fs::equivalent(a, b, error);
        return fs::weakly_canonical(a, error) == fs::weakly_canonical(b, error);
    };
    for (const auto& dir : dirs)
        if (same_folder(out, dir))
            throw InputError("--out " + printable(out) + " is the folder of the shard " +
                             printable(dir) + ": merge into a folder of its own");
    ReportHead merged;
    // The shards' rows as text: a report is read one row at a time, never whole.
    RowStore rows;
    std::set<std::size_t> seen_shards;
    std::optional<std::size_t> count;
    std::optional<std::string> inputs;
    bool first = true;
    for (const auto& dir : dirs) {
        fs::path d(dir);
        std::string report_path = (d / "report.json").string();
        std::ifstream in(report_path, std::ios::binary);
        if (!in) throw InputError("cannot read " + printable(report_path));
        std::size_t students = 0;
        std::string top_key;
        // Each student is taken out of the report as soon as it is read.
        json::parser_callback_t take_rows = [&](int depth, json::parse_event_t event,
                                                json& parsed) {
            if (event == json::parse_event_t::key && depth == 1 && parsed.is_string())
                top_key = parsed.get<std::string>();
            if (event != json::parse_event_t::object_end || depth != 2 || top_key != "students")
                return true;
            if (!parsed.contains("key") || !parsed["key"].is_string() || !parsed.contains("status"))
                throw InputError(report_path + " is not a grading report");
            std::string key = parsed["key"];
            if (rows.contains(key))
                throw InputError("the row '" + printable(key) + "' is in two shards");
            rows.add_text(key, dump_json(parsed), row_facts(parsed), "");
            ++students;
            return false;
        };
        json report;
        try {
            report = json::parse(in, take_rows);
        } catch (const nlohmann::json::exception&) {
            throw InputError(report_path + " is not a grading report");
        }
        if (!report.is_object() || report.value("format", "") != "chainrule-grade-report/1" ||
            !report.contains("students") || !report["students"].is_array() ||
            !report["students"].empty())
            throw InputError(report_path + " is not a grading report");
        std::size_t index = 1, n = 1;
        std::string shard_inputs;
        if (fs::exists(d / "shard.json")) {
            json shard = json::parse(read_file_bytes((d / "shard.json").string()));
            index = shard.at("index");
            n = shard.at("count");
            shard_inputs = shard.at("inputs");
            if (shard.at("rows").get<std::size_t>() != students)
                throw InputError(printable(dir) + ": the shard's report is incomplete");
        }
        if (count && *count != n)
            throw InputError(printable(dir) + " is shard " + std::to_string(index) + " of " +
                             std::to_string(n) + ", the others are of " + std::to_string(*count));
        if (inputs && *inputs != shard_inputs)
            throw InputError(printable(dir) +
                             " graded other submission files than the other shards");
        count = n;
        inputs = shard_inputs;
        if (!seen_shards.insert(index).second)
            throw InputError("shard " + std::to_string(index) + " is given twice");
        if (first) {
            merged.meta = report["meta"];
            merged.problems = report["problems"];
            first = false;
        } else if (report["meta"] != merged.meta || report["problems"] != merged.problems) {
            throw InputError(printable(dir) +
                             " is from a different run: spec, version or options differ");
        }
        try {
            JournalContents journal = read_journal((d / "journal.jsonl").string());
            for (auto& [key, row] : journal.rows)
                if (rows.contains(key)) rows.set_times(key, std::move(row.times));
        } catch (const InputError&) {
            // Times are a convenience: a shard without its journal merges all the same.
        }
    }
    if (seen_shards.size() != *count)
        throw InputError("only " + std::to_string(seen_shards.size()) + " of " +
                         std::to_string(*count) + " shards given");
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec || !fs::is_directory(out))
        throw InputError("cannot create the output folder " + printable(out));
    GradeOutcome outcome;
    outcome.identity_problems = write_reports(out, merged, rows, formats);
    outcome.passed = !(fail_under && any_below(rows, *fail_under));
    return outcome;
}

} // namespace chainrule
