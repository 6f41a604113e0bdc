#include "generator/validate.hpp"

#include "checker/equivalence.hpp"
#include "generator/problem_set_io.hpp"
#include "generator/spec.hpp"
#include "generator/template.hpp"
#include "generator/variants.hpp"
#include "generator/yaml_source.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

namespace chainrule {

namespace {

// A foreseen mistake that is in fact a correct answer, for some of the first variants.
void check_mistakes(const Template& t, std::vector<Diagnostic>& out) {
    if (t.mistakes.empty()) return;
    VariantSource source(t, 1);
    std::vector<bool> reported(t.mistakes.size(), false);
    for (int k = 0; k < 8; ++k) {
        Problem p;
        try {
            p = source.next();
        } catch (const InputError&) {
            return; // no more variants
        }
        if (p.matrix) return; // checked as each matrix variant is made (matrix_template.cpp)
        for (const Mistake& mistake : p.mistakes) {
            std::size_t m = mistake.source;
            if (m >= t.mistakes.size() || reported[m]) continue;
            const ExprValue& answer = mistake.value;
            if (answer.shape != p.expected.shape ||
                answer.entries.size() != p.expected.entries.size())
                continue;
            bool correct = true;
            for (std::size_t i = 0; i < answer.entries.size() && correct; ++i)
                correct = compare_expressions(p.expected.entries[i], answer.entries[i], p.variables)
                              .outcome == Outcome::correct;
            if (!correct) continue;
            std::string values;
            for (const auto& [name, value] : p.parameters)
                values += (values.empty() ? "" : ", ") + name + " = " + value;
            out.push_back(t.at(t.mistakes[m].answer, 0,
                               "this mistake is a correct answer (for " +
                                   (values.empty() ? std::string("every variant") : values) + ")"));
            reported[m] = true;
        }
    }
}

std::vector<Diagnostic> validate_template(const std::string& path) {
    try {
        return check_template(load_template(path));
    } catch (const TemplateError& e) {
        return e.diagnostics();
    }
}

std::vector<Diagnostic> validate_spec(const std::string& path) {
    try {
        Spec spec = load_spec(path);
        std::vector<Diagnostic> found = check_spec_templates(spec);
        if (!found.empty()) return found;
        generate_problem_set(spec);
    } catch (const TemplateError& e) {
        return e.diagnostics();
    } catch (const InputError& e) {
        return {Diagnostic{path, 0, 0, e.what(), false}};
    }
    return {};
}

std::vector<Diagnostic> validate_problem_set(const std::string& path) {
    try {
        load_problem_set_file(path);
    } catch (const TemplateError& e) {
        return e.diagnostics();
    }
    return {};
}

bool is_yaml_name(const std::filesystem::path& p) {
    std::string ext = p.extension().string();
    return ext == ".yaml" || ext == ".yml";
}

} // namespace

std::vector<Diagnostic> check_template(const Template& t) {
    std::vector<Diagnostic> out;
    check_mistakes(t, out);
    VariantSurvey survey = survey_variants(t);
    out.insert(out.end(), survey.errors.begin(), survey.errors.end());
    const YAML::Node& root = t.document->root();
    const YAML::Node where = root["parameters"] ? root["parameters"]
                             : root["function"] ? root["function"]
                                                : root["parts"];
    std::string scope = survey.exhaustive
                            ? "of all " + std::to_string(survey.examined) + " combinations"
                            : "of " + std::to_string(survey.examined) + " sampled combinations";
    if (survey.distinct == 0 && survey.errors.empty()) {
        out.push_back(t.at(where, "no combination " + scope + " gives a usable problem (" +
                                      std::to_string(survey.violating) + " broke a constraint, " +
                                      std::to_string(survey.degenerate) + " were degenerate)"));
        return out;
    }
    if (survey.distinct == 1 && survey.combinations > 1 &&
        survey.violating + survey.degenerate + 1 < survey.examined)
        out.push_back(t.at(where, "every combination of parameter values gives the same problem"));
    if (survey.degenerate > 0) {
        Diagnostic d = t.at(where, std::to_string(survey.degenerate) + " " + scope +
                                       " give a degenerate variant (" + survey.degenerate_example +
                                       "); they are skipped, but a constraint would say so");
        d.warning = true;
        out.push_back(d);
    }
    if (survey.repeated > 0) {
        Diagnostic d = t.at(where, std::to_string(survey.repeated) + " " + scope +
                                       " repeat another's problem (" + survey.repeat_example + ")");
        d.warning = true;
        out.push_back(d);
    }
    return out;
}

std::vector<Diagnostic> check_spec_templates(const Spec& spec) {
    std::vector<Diagnostic> errors;
    std::set<const Template*> seen;
    for (const auto& entry : spec.entries) {
        if (!seen.insert(entry.source.get()).second) continue;
        for (const auto& d : check_template(*entry.source))
            if (!d.warning) errors.push_back(d);
    }
    // A template named twice, by two entries, is reported once.
    std::vector<Diagnostic> unique;
    for (const auto& d : errors)
        if (std::none_of(unique.begin(), unique.end(), [&](const Diagnostic& u) {
                return u.file == d.file && u.line == d.line && u.column == d.column &&
                       u.message == d.message;
            }))
            unique.push_back(d);
    return unique;
}

std::size_t ValidationReport::errors() const {
    return static_cast<std::size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                                  [](const Diagnostic& d) { return !d.warning; }));
}

std::vector<Diagnostic> validate_file(const std::string& path) {
    // A first read tells the kind of file; each kind's loader reads it again in full.
    YAML::Node root;
    try {
        // A class's problem set is a stream of documents, which no other file is.
        if (is_problem_set_text(read_limited_file(path, problem_set_limits()), path))
            return validate_problem_set(path);
        YamlDocument doc = read_yaml_file(path, YamlLimits{64u << 20, 32, 4000000});
        root = doc.root();
    } catch (const TemplateError& e) {
        return e.diagnostics();
    }
    try {
        if (looks_like_problem_set(root)) return validate_problem_set(path);
        if (root.IsMap() && root["problems"]) return validate_spec(path);
        return validate_template(path);
    } catch (const TemplateError& e) {
        return e.diagnostics();
    } catch (const InputError& e) {
        return {Diagnostic{path, 0, 0, e.what(), false}};
    }
}

ValidationReport validate_paths(const std::vector<std::string>& paths) {
    namespace fs = std::filesystem;
    ValidationReport report;
    for (const auto& path : paths) {
        std::error_code error;
        fs::file_status status = fs::status(path, error);
        if (error || !fs::exists(status)) throw InputError("no such file or folder: " + path);
        std::vector<std::string> files;
        if (fs::is_directory(status)) {
            for (auto it = fs::recursive_directory_iterator(
                     path, fs::directory_options::skip_permission_denied, error);
                 !error && it != fs::recursive_directory_iterator(); it.increment(error))
                if (it->is_regular_file() && is_yaml_name(it->path()))
                    files.push_back(it->path().string());
            std::sort(files.begin(), files.end());
        } else {
            files.push_back(path);
        }
        for (const auto& file : files) {
            report.files.push_back(file);
            auto found = validate_file(file);
            report.diagnostics.insert(report.diagnostics.end(), found.begin(), found.end());
        }
    }
    return report;
}

} // namespace chainrule
