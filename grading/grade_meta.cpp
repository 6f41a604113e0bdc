#include "grading/grade_meta.hpp"

#include "expr/errors.hpp"
#include "generator/random.hpp"
#include "generator/spec.hpp"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

namespace chainrule {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

std::string hex64(std::uint64_t value) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}

std::string read_file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError("cannot read " + printable(path));
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// The spec and every template it uses, hashed: a report says exactly what it graded against.
std::string spec_hash(const Spec& spec) {
    std::uint64_t h = fnv1a64(read_file_bytes(spec.file));
    std::set<std::string> files;
    for (const auto& entry : spec.entries)
        files.insert(entry.source->file);
    for (const auto& file : files)
        h = mix_seeds(h, fnv1a64(read_file_bytes(file)));
    return hex64(h);
}

std::string source_hash(const ProblemSource& source) {
    return source.frozen() ? template_hash(read_file_bytes(source.file()))
                           : spec_hash(source.spec());
}

namespace {

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

json stamps_json(const std::vector<TemplateStamp>& stamps) {
    json out = json::array();
    for (const auto& stamp : stamps)
        out.push_back({{"id", stamp.id}, {"hash", stamp.hash}});
    return out;
}

} // namespace

// A spec's templates against those of the run in the output folder: grading with changed
// templates changes grades (the same seed draws other variants), so it is refused unless
// allowed. Returns the changed templates (allowed).
std::vector<std::string> check_templates(const ProblemSource& source, const GradeOptions& options,
                                         const std::filesystem::path& journal_path) {
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

json run_meta(const ProblemSource& source, const GradeOptions& options,
              const std::vector<std::string>& changed,
              const std::vector<std::string>& changed_since_frozen) {
    json meta;
    meta["chainrule"] = options.version;
    std::string source_name = fs::path(source.file()).filename().string();
    const std::string hash = source_hash(source);
    meta["spec"] = {{"file", source_name},
                    {"title", source.title()},
                    {"seed", source.spec_seed()},
                    {"hash", hash}};
    if (source.frozen()) {
        const ProblemSet& sheet = source.sheets().front();
        meta["frozen_set"] = {
            {"file", source_name},
            {"hash", hash},
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
            {"hash", template_hash(read_file_bytes(options.frozen_set))},
            {"changed_templates", changed_since_frozen}};
    meta["options"] = {
        {"time_limit_s", options.limits.cpu_seconds},
        {"memory_limit_mb", options.limits.memory_mb},
        {"max_file_bytes", options.max_file_bytes},
        {"roster", !options.roster.empty() ? json(hex64(fnv1a64(read_file_bytes(options.roster))))
                                           : json(nullptr)},
        {"identity", to_string(options.identity)},
        {"identity_prefix",
         options.identity_prefix.empty() ? json(nullptr) : json(options.identity_prefix)},
        {"prefer",
         options.prefer == Preference::none ? json(nullptr) : json(to_string(options.prefer))},
        {"allow_changed_templates", options.allow_changed_templates}};
    return meta;
}

} // namespace chainrule
