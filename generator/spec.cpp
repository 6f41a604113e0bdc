#include "generator/spec.hpp"

#include "expr/utf8.hpp"
#include "generator/random.hpp"
#include "generator/scoring_keys.hpp"
#include "generator/variants.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace chainrule {

namespace {

std::string folder_of(const std::string& path) {
    std::size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
}

std::string join_path(const std::string& folder, const std::string& name) {
    if (!name.empty() && name[0] == '/') return name;
    if (folder.empty() || folder == ".") return name;
    return folder + (folder.back() == '/' ? "" : "/") + name;
}

bool ends_with(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() &&
           text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

} // namespace

const std::vector<std::string>& spec_entry_keys() {
    static const std::vector<std::string> keys = {"template",    "count",       "points",    "form",
                                                  "form_credit", "step_credit", "allow_zero"};
    return keys;
}

const std::vector<std::string>& spec_keys() {
    static const std::vector<std::string> keys = {"title", "seed", "template_dir", "problems"};
    return keys;
}

std::uint64_t parse_seed(const std::string& text) {
    if (text.empty() || text.size() > 20 ||
        !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
        throw InputError("a seed must be a whole number from 0 to 18446744073709551615, not '" +
                         printable(text) + "'");
    std::uint64_t value = 0;
    for (char c : text) {
        std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
        if (value > (~std::uint64_t{0} - digit) / 10)
            throw InputError("seed too large: " + text + " (the largest is 18446744073709551615)");
        value = value * 10 + digit;
    }
    return value;
}

Spec load_spec(const std::string& path) {
    auto doc = std::make_shared<const YamlDocument>(read_yaml_file(path));
    Spec spec;
    spec.document = doc;
    spec.file = path;
    std::vector<Diagnostic> problems;
    const YAML::Node& root = doc->root();
    if (!root.IsMap())
        throw TemplateError(doc->at(root, "a spec must be a map with title, seed and problems"));
    check_keys(*doc, root, spec_keys(), {"title", "seed", "problems"}, "spec", problems);
    if (root["title"]) {
        if (!root["title"].IsScalar())
            problems.push_back(doc->at(root["title"], "'title' must be text"));
        else
            spec.title = root["title"].Scalar();
    }
    if (root["seed"]) {
        try {
            spec.seed = parse_seed(scalar_text(root["seed"]));
        } catch (const InputError& e) {
            problems.push_back(doc->at(root["seed"], e.what()));
        }
    }
    std::string template_dir = join_path(folder_of(path), "../templates");
    if (const YAML::Node& dir = root["template_dir"]) {
        if (!dir.IsScalar())
            problems.push_back(doc->at(dir, "'template_dir' must be a folder"));
        else
            template_dir = join_path(folder_of(path), dir.Scalar());
    }
    const YAML::Node& list = root["problems"];
    if (list && (!list.IsSequence() || list.size() == 0))
        problems.push_back(
            doc->at(list, "'problems' must be a list of {template: id, count: n, points: p}"));
    std::map<std::string, std::shared_ptr<const Template>> loaded; // by path
    if (list && list.IsSequence()) {
        for (const auto& item : list) {
            SpecEntry entry;
            entry.node = static_cast<const YAML::Node&>(item);
            if (item.IsScalar()) {
                entry.reference = item.Scalar();
            } else if (item.IsMap()) {
                std::size_t before = problems.size();
                check_keys(*doc, item, spec_entry_keys(), {"template"}, "problem", problems);
                if (problems.size() > before) continue;
                entry.reference = scalar_text(item["template"]);
                if (const YAML::Node& count = item["count"]) {
                    auto n = count.IsScalar() ? parse_number(count.Scalar()) : std::nullopt;
                    if (!n || !n->is_integer() || *n < 1 || *n > 1000) {
                        problems.push_back(
                            doc->at(count, "'count' must be a whole number from 1 to 1000"));
                        continue;
                    }
                    entry.count = static_cast<std::size_t>(n->to_int());
                }
                if (const YAML::Node& points = item["points"]) {
                    auto n = points.IsScalar() ? parse_number(points.Scalar()) : std::nullopt;
                    if (!n || n->is_negative() || *n > 1000) {
                        problems.push_back(
                            doc->at(points, "'points' must be a number from 0 to 1000"));
                        continue;
                    }
                    entry.points = n->to_double();
                }
                std::size_t before_scoring = problems.size();
                if (const YAML::Node& form = item["form"]) {
                    FormValue value = read_form_value(*doc, form, true, problems);
                    if (value.named) entry.form = value.form;
                }
                if (item["form_credit"])
                    entry.form_credit =
                        read_credit(*doc, item["form_credit"], "form_credit", problems);
                if (item["step_credit"])
                    entry.step_credit =
                        read_credit(*doc, item["step_credit"], "step_credit", problems);
                if (const YAML::Node& allow = item["allow_zero"]) {
                    std::string text = scalar_text(allow);
                    if (text == "true" || text == "yes")
                        entry.allow_zero = true;
                    else if (text == "false" || text == "no")
                        entry.allow_zero = false;
                    else
                        problems.push_back(doc->at(allow, "'allow_zero' must be true or false"));
                }
                if (problems.size() > before_scoring) continue;
            } else {
                problems.push_back(
                    doc->at(item, "a problem is {template: id, count: n, points: p}"));
                continue;
            }
            if (entry.reference.empty()) {
                problems.push_back(doc->at(item, "'template' must name a template"));
                continue;
            }
            bool is_path = entry.reference.find('/') != std::string::npos ||
                           ends_with(entry.reference, ".yaml") ||
                           ends_with(entry.reference, ".yml");
            std::string file = is_path ? join_path(folder_of(path), entry.reference)
                                       : join_path(template_dir, entry.reference + ".yaml");
            auto it = loaded.find(file);
            if (it == loaded.end()) {
                try {
                    it = loaded.emplace(file, std::make_shared<const Template>(load_template(file)))
                             .first;
                } catch (const TemplateError& e) {
                    const YAML::Node at = item.IsMap() ? item["template"] : item;
                    bool missing = e.diagnostics().size() == 1 && e.diagnostics()[0].line == 0 &&
                                   e.diagnostics()[0].file == file;
                    if (missing)
                        problems.push_back(doc->at(at, "template '" + entry.reference +
                                                           "': " + file + ": " +
                                                           e.diagnostics()[0].message));
                    else
                        problems.insert(problems.end(), e.diagnostics().begin(),
                                        e.diagnostics().end());
                    continue;
                }
            }
            entry.source = it->second;
            if (entry.allow_zero && *entry.allow_zero != entry.source->allow_zero) {
                // Another template as far as its variants go: its own copy, its own cache.
                auto changed = std::make_shared<Template>(*entry.source);
                changed->allow_zero = *entry.allow_zero;
                changed->variants.reset();
                entry.source = std::move(changed);
            }
            spec.entries.push_back(std::move(entry));
        }
    }
    if (!problems.empty()) throw TemplateError(std::move(problems));
    spec.templates = stamp_templates(spec.entries);
    return spec;
}

std::vector<TemplateStamp> stamp_templates(const std::vector<SpecEntry>& entries) {
    // By id: two files with the same id (a spec may name both) are one stamp, the hash of
    // their hashes in order, so that either file's change shows.
    std::map<std::string, std::vector<std::string>> hashes;
    for (const auto& entry : entries) {
        const Template& t = *entry.source;
        std::string hash = template_hash(t.document ? t.document->text() : "");
        auto& list = hashes[t.id];
        if (std::find(list.begin(), list.end(), hash) == list.end()) list.push_back(hash);
    }
    std::vector<TemplateStamp> stamps;
    for (auto& [id, list] : hashes) {
        std::sort(list.begin(), list.end());
        std::string joined;
        for (const auto& hash : list)
            joined += hash;
        stamps.push_back({id, list.size() == 1 ? list.front() : template_hash(joined)});
    }
    return stamps;
}

Spec spec_for_template(const std::string& template_path, std::size_t count, std::uint64_t seed) {
    Spec spec;
    SpecEntry entry;
    entry.source = std::make_shared<const Template>(load_template(template_path));
    entry.reference = template_path;
    entry.count = count;
    spec.file = template_path;
    spec.title = entry.source->title;
    spec.seed = seed;
    spec.entries.push_back(std::move(entry));
    spec.templates = stamp_templates(spec.entries);
    return spec;
}

bool is_white_space(char32_t c) {
    return c == 0x20 || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

void check_student_id(const std::string& student) {
    if (student.empty()) throw InputError("the student id is empty");
    const std::vector<char32_t> points = decode_utf8(student);
    if (points.size() > 128)
        throw InputError("the student id is too long (the limit is 128 characters)");
    const std::string shown = "'" + printable(student) + "'";
    bool blank = true;
    for (char32_t c : points) {
        if (c >= invalid_utf8_base) throw InputError("the student id is not valid UTF-8: " + shown);
        if (is_invisible_or_control(c))
            throw InputError("the student id has an invisible or control character: " + shown);
        // An id is printed and compared as it looks: a character without a look of its own
        // (a private-use or non-character code point) could tell two ids apart unseen.
        if ((c >= 0xE000 && c <= 0xF8FF) || (c >= 0xFDD0 && c <= 0xFDEF) ||
            (c & 0xFFFE) == 0xFFFE || c >= 0xF0000)
            throw InputError("the student id has a character that is not printable (" +
                             code_point_name(c) + "): " + shown);
        if (c != ' ' && is_white_space(c))
            throw InputError("the student id has white space other than a space (" +
                             code_point_name(c) + "): " + shown);
        if (c != ' ') blank = false;
    }
    if (blank) throw InputError("the student id is blank: " + shown);
    if (points.front() == ' ' || points.back() == ' ')
        throw InputError("the student id starts or ends with a space: " + shown);
}

std::uint64_t student_seed(std::uint64_t spec_seed, const std::string& student) {
    if (student.empty()) return spec_seed;
    return mix_seeds(spec_seed, fnv1a64(student));
}

ProblemSet generate_problem_set(const Spec& spec, const std::string& student) {
    if (!student.empty()) check_student_id(student);
    ProblemSet set;
    set.title = spec.title;
    set.spec_seed = spec.seed;
    set.student = student;
    set.seed = student_seed(spec.seed, student);
    set.made_by = chainrule_version();
    set.spec_file = spec.file.substr(spec.file.find_last_of('/') + 1);
    set.templates = spec.templates;
    // One stream per template, so that a template's variants do not depend on the others.
    std::map<std::string, std::unique_ptr<VariantSource>> sources;
    std::map<std::string, std::size_t> occurrences;
    for (const auto& entry : spec.entries) {
        const Template& t = *entry.source;
        // A template with allow_zero changed by the spec draws its own variants, from the
        // same stream as the template's.
        auto& source = sources[t.id + (t.allow_zero ? "\x1f"
                                                      "allow_zero"
                                                    : "")];
        if (!source)
            source = std::make_unique<VariantSource>(t, mix_seeds(set.seed, fnv1a64(t.id)));
        for (std::size_t k = 0; k < entry.count; ++k) {
            Problem problem;
            try {
                problem = source->next();
            } catch (const TemplateError&) {
                throw;
            } catch (const InputError& e) {
                if (spec.document && entry.node)
                    throw TemplateError(spec.document->at(entry.node, e.what()));
                throw;
            }
            problem.id = t.id + "-" + std::to_string(++occurrences[t.id]);
            problem.number = set.problems.size() + 1;
            if (entry.points) problem.points = *entry.points;
            if (entry.form) {
                problem.required_form = *entry.form;
                if (*entry.form != AnswerForm::none)
                    problem.form = to_string(*entry.form);
                else if (t.required_form != AnswerForm::none)
                    problem.form.clear();
            }
            if (entry.form_credit) problem.form_credit = *entry.form_credit;
            if (entry.step_credit) problem.step_credit = *entry.step_credit;
            set.problems.push_back(std::move(problem));
        }
    }
    return set;
}

} // namespace chainrule
