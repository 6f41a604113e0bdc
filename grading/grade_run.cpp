#include "grading/grade_run.hpp"

#include "expr/errors.hpp"
#include "generator/problem_source.hpp"
#include "generator/random.hpp"
#include "generator/spec.hpp"
#include "grading/grade_row.hpp"
#include "grading/journal.hpp"
#include "grading/reports.hpp"
#include "grading/row_store.hpp"

#include <sys/stat.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

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

std::string hex64(std::uint64_t value) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError("cannot read " + printable(path));
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// The spec and every template it uses, hashed: a report says exactly what it graded against.
std::string spec_hash(const Spec& spec) {
    std::uint64_t h = fnv1a64(read_file(spec.file));
    std::set<std::string> files;
    for (const auto& entry : spec.entries)
        files.insert(entry.source->file);
    for (const auto& file : files)
        h = mix_seeds(h, fnv1a64(read_file(file)));
    return hex64(h);
}

// The templates the run whose journal is at `path` graded with (as its header's meta
// recorded them), and what it graded: nothing when there is no such journal, or it does not
// say.
struct PreviousRun {
    std::vector<TemplateStamp> templates;
    std::string graded; // "the spec course.yaml" or "the frozen set set.yaml"
};

std::optional<PreviousRun> previous_run(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    if (!in || !std::getline(in, line)) return std::nullopt;
    json first = json::parse(line, nullptr, false);
    if (!first.is_object() || !first.contains("header") || !first["header"].is_object())
        return std::nullopt;
    const json& meta = first["header"].value("meta", json::object());
    if (!meta.is_object() || !meta.contains("templates") || !meta["templates"].is_array())
        return std::nullopt;
    PreviousRun run;
    for (const auto& stamp : meta["templates"]) {
        if (!stamp.is_object() || !stamp.contains("id") || !stamp.contains("hash") ||
            !stamp["id"].is_string() || !stamp["hash"].is_string())
            return std::nullopt;
        run.templates.push_back({stamp["id"].get<std::string>(), stamp["hash"].get<std::string>()});
    }
    const json& frozen = meta.value("frozen_set", json());
    const json& spec = meta.value("spec", json::object());
    if (frozen.is_object() && frozen.value("file", json()).is_string())
        run.graded = "the frozen set " + printable(frozen["file"].get<std::string>());
    else if (spec.is_object() && spec.value("file", json()).is_string())
        run.graded = "the spec " + printable(spec["file"].get<std::string>());
    else
        run.graded = "its problems";
    return run;
}

// A spec's templates against those of the run in the output folder: grading with changed
// templates changes grades (the same seed draws other variants), so it is refused unless
// allowed. Returns the changed templates (allowed).
std::vector<std::string> check_templates(const ProblemSource& source, const GradeOptions& options,
                                         const fs::path& journal_path) {
    if (source.frozen()) return {}; // a frozen set's sheets do not depend on the templates
    std::optional<PreviousRun> previous = previous_run(journal_path);
    if (!previous) return {};
    // Only an edit counts: a template added to the spec or left out of it is the spec's
    // change (its hash), and a folder graded for another spec has other templates.
    std::vector<std::string> changed;
    for (auto& name : changed_templates(previous->templates, source.templates()))
        if (name.size() > 10 && name.compare(name.size() - 10, 10, " (changed)") == 0)
            changed.push_back(name.substr(0, name.size() - 10));
    if (changed.empty()) return {};
    std::string list;
    for (const auto& name : changed)
        list += (list.empty() ? "" : ", ") + name;
    std::string since = "the templates changed since the run in " + printable(options.out) +
                        " graded " + previous->graded + ": " + list;
    if (options.resume)
        throw InputError(
            since +
            ". The rows in its journal were graded with the templates as "
            "they were: resuming would grade the rest with others. Restore "
            "the templates, grade the frozen set, or grade everything again "
            "without --resume" +
            (options.allow_changed_templates ? "" : " (with --allow-changed-templates)"));
    if (!options.allow_changed_templates)
        throw InputError(since + ". The same seed may now draw other problems than the students "
                                 "were given, and change their grades. Grade the sheets as they "
                                 "were handed out (a problem-set file from chainrule freeze or "
                                 "generate --format yaml), restore the templates, or give "
                                 "--allow-changed-templates to grade with the templates as they "
                                 "are now");
    return changed;
}

// A spec against the sheets frozen from it (--frozen-set): grading the spec is grading those
// sheets only while its seed and its templates are what the frozen set recorded. Returns the
// changed templates (allowed); throws InputError when they changed and that is not allowed.
std::vector<std::string> check_frozen_set(const ProblemSource& source,
                                          const GradeOptions& options) {
    if (options.frozen_set.empty()) return {};
    if (source.frozen())
        throw InputError("--frozen-set compares a spec with the sheets frozen from it, but " +
                         printable(options.spec) +
                         " is itself a problem-set file: grade it without --frozen-set");
    ProblemSetFile frozen = load_problem_set_file(options.frozen_set);
    const ProblemSet& head = frozen.sheets.front();
    std::string set_name = printable(options.frozen_set);
    if (head.templates.empty())
        throw InputError(set_name + " does not record the templates its sheets were drawn from "
                                    "(a file from an older chainrule): grade it directly");
    std::vector<std::string> problems;
    if (head.spec_seed != source.spec_seed())
        problems.push_back("the spec's seed is " + std::to_string(source.spec_seed()) +
                           ", the frozen set's " + std::to_string(head.spec_seed));
    std::vector<std::string> changed = changed_templates(head.templates, source.templates());
    if (!changed.empty()) {
        std::string list;
        for (const auto& name : changed)
            list += (list.empty() ? "" : ", ") + name;
        problems.push_back("the templates changed since it was made: " + list);
    }
    if (problems.empty()) return {};
    std::string why;
    for (const auto& problem : problems)
        why += (why.empty() ? "" : "; ") + problem;
    if (head.spec_seed != source.spec_seed() || !options.allow_changed_templates)
        throw InputError(
            printable(options.spec) + " no longer draws the sheets frozen in " + set_name + ": " +
            why + ". Grade the frozen set itself (chainrule grade " + set_name +
            " ...), restore the spec" +
            (head.spec_seed != source.spec_seed()
                 ? ""
                 : ", or give --allow-changed-templates to grade with the templates as they "
                   "are now"));
    return changed;
}

json stamps_json(const std::vector<TemplateStamp>& stamps) {
    json out = json::array();
    for (const auto& stamp : stamps)
        out.push_back({{"id", stamp.id}, {"hash", stamp.hash}});
    return out;
}

} // namespace

std::vector<std::string> read_roster(const std::string& path) {
    std::istringstream in(read_file(path));
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

// What reading one submission file found, besides the submission.
struct LoadedFile {
    /// What identifies the file's version (path, size, modification time) for the journal's
    /// header.
    std::string version;
    std::vector<std::string> notes;
    bool invalid_id = false;   ///< the file was read, its student id refused
    std::int64_t mtime_ns = 0; ///< the modification time, for --prefer newest
};

// One submission file read and checked.
// Its notes for the row are taken now, and only the answers it grades are kept, packed: a
// class's submissions are kept until the end, so the grader's memory grows with the number of
// files by what each needs, not by what each holds.
Submission load_one(const std::string& file, std::size_t max_bytes, const ProblemSet& class_set,
                    LoadedFile& loaded) {
    Submission s = load_submission(file, max_bytes);
    s.path = printable(file);
    if (s.error.empty()) {
        try {
            check_student_id(s.student);
            // Rows of files are keyed "file:<path>": a student id of that form could take
            // the place of another file's row.
            if (s.student.rfind("file:", 0) == 0)
                throw InputError("a student id may not start with 'file:'");
        } catch (const InputError& e) {
            s.error = s.path + ": " + e.what();
            s.student.clear();
            loaded.invalid_id = true;
        }
    }
    loaded.notes = submission_notes(s, class_set);
    drop_unknown_answers(s, class_set);
    s.packed_answers = pack_answers(s.answers);
    s.answers.clear();
    s.warnings.clear();
    struct stat info {};
    loaded.version = file;
    if (::stat(file.c_str(), &info) == 0) {
        loaded.version += '|';
        loaded.version += std::to_string(info.st_size);
        loaded.version += '|';
        loaded.version += std::to_string(info.st_mtim.tv_sec);
        loaded.version += '.';
        loaded.version += std::to_string(info.st_mtim.tv_nsec);
        loaded.mtime_ns = std::int64_t(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
    }
    return s;
}

// Reads the submission files on several threads: parsing thousands of YAML files is most of
// what the grader does itself, and it comes before any grading starts. Reading touches
// neither GiNaC (not thread-safe) nor any other shared state. The threads are gone before
// the workers start.
std::vector<Submission> load_submissions(const std::vector<std::string>& files,
                                         std::size_t max_bytes, const ProblemSet& class_set,
                                         unsigned threads, std::vector<LoadedFile>& loaded) {
    std::vector<Submission> submissions(files.size());
    loaded.assign(files.size(), LoadedFile{});
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&] {
        try {
            for (std::size_t i = next++; i < files.size(); i = next++)
                submissions[i] = load_one(files[i], max_bytes, class_set, loaded[i]);
        } catch (...) {
            std::lock_guard<std::mutex> lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            next = files.size();
        }
    };
    std::size_t helpers = std::min<std::size_t>(threads, files.size() / 64 + 1);
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < helpers; ++t)
        pool.emplace_back(work);
    work();
    for (auto& t : pool)
        t.join();
    if (failure) std::rethrow_exception(failure);
    return submissions;
}

// One row to produce: either already decided (not graded) or a submission to grade.
struct Planned {
    std::string key;
    json row;                              ///< for rows that are not graded
    std::optional<std::size_t> submission; ///< index into submissions, for graded rows
    std::vector<std::string> notes;
};

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

    // Find and read the submissions.
    std::vector<std::string> exclude{options.spec, options.out};
    if (!options.roster.empty()) exclude.push_back(options.roster);
    if (!options.frozen_set.empty()) exclude.push_back(options.frozen_set);
    std::vector<FoundEntry> found = find_submissions(options.inputs, exclude);
    if (!options.identity_prefix.empty())
        for (auto& entry : found)
            if (entry.identity.size() > options.identity_prefix.size() &&
                entry.identity.compare(0, options.identity_prefix.size(),
                                       options.identity_prefix) == 0)
                entry.identity.erase(0, options.identity_prefix.size());
    std::vector<std::string> files;
    std::vector<const FoundEntry*> file_entries;
    for (const auto& entry : found)
        if (entry.skipped.empty()) {
            files.push_back(entry.path);
            file_entries.push_back(&entry);
        }
    unsigned workers = options.jobs;
    if (workers == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        workers = cores > 0 ? static_cast<unsigned>(cores) : 1;
    }
    std::vector<LoadedFile> loaded;
    std::vector<Submission> submissions =
        load_submissions(files, options.max_file_bytes, class_set, workers, loaded);
    std::uint64_t inputs_hash = fnv1a64("inputs");
    for (const auto& file : loaded)
        inputs_hash = mix_seeds(inputs_hash, fnv1a64(file.version));
    for (const auto& entry : found)
        if (!entry.skipped.empty())
            inputs_hash = mix_seeds(inputs_hash, fnv1a64("skipped|" + entry.path));

    // One row per student, and one per file or folder that is not a student's graded
    // submission: the plan, sorted by key.
    std::map<std::string, Planned> plan;
    std::set<std::string> named; // the students the rows name
    auto plan_file_row = [&](const std::string& path, const std::string& identity,
                             const std::string& status, const std::string& message,
                             const std::vector<std::string>& notes = {}) {
        std::string key = file_row_key(path);
        std::string student = printable(identity);
        if (!student.empty()) named.insert(student);
        plan[key] = Planned{key,
                            ungraded_row(key, student, printable(path), status,
                                         printable_lines(message), notes, set_points),
                            std::nullopt,
                            {}};
    };
    for (const auto& entry : found)
        if (!entry.skipped.empty())
            plan_file_row(entry.path, entry.identity, "skipped",
                          printable(entry.path) + ": " + entry.skipped);
    std::map<std::string, std::vector<std::size_t>> by_student;
    for (std::size_t i = 0; i < submissions.size(); ++i) {
        Submission& s = submissions[i];
        const FoundEntry& entry = *file_entries[i];
        if (!s.error.empty()) {
            plan_file_row(entry.path, entry.identity,
                          loaded[i].invalid_id ? "invalid_id" : "unreadable", s.error);
            continue;
        }
        // The path's identity against the file's, as --identity says.
        if (!entry.identity.empty() && entry.identity != s.student &&
            options.identity != IdentitySource::file) {
            std::string says = "'" + printable(s.student) + "'";
            std::string path_names = "'" + printable(entry.identity) + "'";
            if (options.identity == IdentitySource::both) {
                plan_file_row(entry.path, entry.identity, "identity_mismatch",
                              s.path + ": the file says student: " + says + ", its path names " +
                                  path_names +
                                  ": not graded (--identity folder or file trusts one of them)",
                              loaded[i].notes);
                continue;
            }
            try {
                check_student_id(entry.identity);
                if (entry.identity.rfind("file:", 0) == 0)
                    throw InputError("a student id may not start with 'file:'");
            } catch (const InputError& e) {
                plan_file_row(entry.path, entry.identity, "invalid_id",
                              s.path + ": the student id its path gives: " + e.what());
                continue;
            }
            loaded[i].notes.insert(loaded[i].notes.begin(),
                                   "the file says student: " + says +
                                       ", graded as the student its path names, " + path_names +
                                       " (--identity folder)");
            s.student = entry.identity;
        }
        by_student[s.student].push_back(i); // files are sorted, so in path order
    }
    std::set<std::string> roster;
    bool has_roster = !options.roster.empty();
    if (has_roster)
        for (const auto& id : read_roster(options.roster))
            roster.insert(id);
    for (const auto& [student, indices] : by_student) {
        named.insert(student);
        if (indices.size() > 1 && options.prefer == Preference::none) {
            // Which file is the student's is the instructor's choice: none is graded.
            std::string list;
            for (std::size_t i : indices)
                list += (list.empty() ? "" : ", ") + submissions[i].path;
            for (std::size_t i : indices)
                plan_file_row(files[i], student, "conflict",
                              submissions[i].path + ": one of " + std::to_string(indices.size()) +
                                  " files for the student '" + printable(student) + "' (" + list +
                                  "): none is graded until one is chosen (--prefer newest|path) "
                                  "or the others are removed",
                              loaded[i].notes);
            continue;
        }
        std::size_t winner = indices.back();
        if (options.prefer == Preference::newest)
            for (std::size_t i : indices) // in path order: the later path wins a tie
                if (loaded[i].mtime_ns >= loaded[winner].mtime_ns) winner = i;
        std::vector<std::string> notes;
        for (std::size_t i : indices)
            if (i != winner)
                notes.push_back("duplicate submission " + submissions[i].path +
                                " ignored: of the files of the same student, " +
                                (options.prefer == Preference::newest
                                     ? std::string("the newest (--prefer newest: the latest "
                                                   "modification time), ")
                                     : std::string("the one whose path sorts last (--prefer "
                                                   "path), ")) +
                                submissions[winner].path + ", is graded");
        const Submission& s = submissions[winner];
        notes.insert(notes.end(), loaded[winner].notes.begin(), loaded[winner].notes.end());
        if (!source.has_sheet(student)) {
            plan[student] = Planned{student,
                                    ungraded_row(student, student, s.path, "unknown_student",
                                                 source.missing_sheet(student) +
                                                     ": not graded (no problems of theirs to "
                                                     "grade against)",
                                                 notes, set_points),
                                    std::nullopt,
                                    {}};
            continue;
        }
        if (has_roster && !roster.count(student)) {
            plan[student] = Planned{
                student,
                ungraded_row(student, student, s.path, "unknown_student",
                             "the student id '" + printable(student) + "' is not on the roster",
                             notes, set_points),
                std::nullopt,
                {}};
            continue;
        }
        plan[student] = Planned{student, json(), winner, notes};
    }
    // A student named by a row of a file (an unreadable file in their folder, a conflict)
    // has sent something: only those no row names have no submission.
    for (const auto& id : roster)
        if (!plan.count(id) && !named.count(id))
            plan[id] = Planned{
                id,
                ungraded_row(id, id, "", "no_submission", "no submission found", {}, set_points),
                std::nullopt,
                {}};

    // This shard's part: every K-th row of the sorted plan.
    std::vector<Planned*> mine;
    std::size_t position = 0;
    for (auto& [key, planned] : plan) {
        if (position % options.shard_count == options.shard_index - 1) mine.push_back(&planned);
        ++position;
    }

    json meta;
    meta["chainrule"] = options.version;
    std::string source_name = fs::path(source.file()).filename().string();
    std::string source_hash =
        source.frozen() ? template_hash(read_file(source.file())) : spec_hash(source.spec());
    meta["spec"] = {{"file", source_name},
                    {"title", source.title()},
                    {"seed", source.spec_seed()},
                    {"hash", source_hash}};
    if (source.frozen()) {
        const ProblemSet& sheet = source.sheets().front();
        meta["frozen_set"] = {
            {"file", source_name},
            {"hash", source_hash},
            {"chainrule", sheet.made_by.empty() ? json(nullptr) : json(sheet.made_by)},
            {"spec", sheet.spec_file.empty() ? json(nullptr) : json(sheet.spec_file)},
            {"sheets", source.per_student() ? json(source.sheets().size()) : json(1)}};
    } else {
        meta["frozen_set"] = nullptr;
    }
    meta["templates"] = stamps_json(source.templates());
    if (!changed.empty()) meta["changed_templates"] = changed;
    if (!options.frozen_set.empty())
        meta["compared_with_frozen_set"] = {
            {"file", fs::path(options.frozen_set).filename().string()},
            {"hash", template_hash(read_file(options.frozen_set))},
            {"changed_templates", changed_since_frozen}};
    meta["options"] = {
        {"time_limit_s", options.limits.cpu_seconds},
        {"memory_limit_mb", options.limits.memory_mb},
        {"max_file_bytes", options.max_file_bytes},
        {"roster", has_roster ? json(hex64(fnv1a64(read_file(options.roster)))) : json(nullptr)},
        {"identity", to_string(options.identity)},
        {"identity_prefix",
         options.identity_prefix.empty() ? json(nullptr) : json(options.identity_prefix)},
        {"prefer",
         options.prefer == Preference::none ? json(nullptr) : json(to_string(options.prefer))},
        {"allow_changed_templates", options.allow_changed_templates}};
    json header{
        {"meta", meta},
        {"shard", std::to_string(options.shard_index) + "/" + std::to_string(options.shard_count)},
        {"inputs", hex64(inputs_hash)}};

    Journal journal((out_dir / "journal.jsonl").string(), header, options.resume);
    // Rows are read back from the journal when the reports are written: the grader keeps
    // only where each one is.
    RowStore rows(journal.path());
    for (Planned* p : mine) {
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
    std::map<std::size_t, Planned*> planned_for;
    for (Planned* p : mine) {
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
        Planned* p = planned_for.at(job);
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
            json shard = json::parse(read_file((d / "shard.json").string()));
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
