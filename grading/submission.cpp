#include "grading/submission.hpp"

#include "checker/steps.hpp"
#include "expr/errors.hpp"
#include "expr/utf8.hpp"
#include "generator/random.hpp"
#include "generator/yaml_source.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace chainrule {

namespace fs = std::filesystem;

namespace {

// Submissions are small and flat: answers: holds one problem per key, a matrix or a
// derivation at most three levels below it.
const YamlLimits submission_yaml_limits{std::size_t(1) << 30, 16, 200000};

std::string where(const std::string& path, const YAML::Mark& mark) {
    if (mark.is_null()) return path;
    return path + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

// A YAML value as an answer text: a scalar as written; a list as a vector "[a, b]"; a list of
// lists as a matrix "[[a, b], [c, d]]". Throws InputError for anything else.
std::string answer_text(const YAML::Node& node, const std::string& path, int depth = 0) {
    if (node.IsScalar()) return node.Scalar();
    if (node.IsSequence() && depth < 2) {
        std::string out = "[";
        for (std::size_t i = 0; i < node.size(); ++i) {
            if (i > 0) out += ", ";
            out += answer_text(node[i], path, depth + 1);
        }
        out += "]";
        return out;
    }
    throw InputError(where(path, node.Mark()) +
                     ": an answer is a text, a list (a vector) or a list of lists (a matrix)");
}

SubmittedAnswer read_answer(const YAML::Node& node, const std::string& path) {
    SubmittedAnswer answer;
    if (node.IsMap()) {
        const YAML::Node steps = node["steps"];
        const YAML::Node single = node["answer"];
        for (const auto& item : node) {
            std::string key = item.first.IsScalar() ? item.first.Scalar() : "";
            if (key != "steps" && key != "answer")
                throw InputError(where(path, item.first.Mark()) + ": unknown key '" +
                                 printable(key) + "' in an answer: use steps: or answer:");
        }
        if (steps && single)
            throw InputError(where(path, node.Mark()) + ": give steps: or answer:, not both");
        if (single) return read_answer(single, path);
        answer.has_steps = true;
        if (steps.IsScalar()) {
            answer.steps = split_steps(steps.Scalar());
        } else if (steps.IsSequence()) {
            for (const auto& step : steps) {
                if (!step.IsScalar())
                    throw InputError(where(path, step.Mark()) + ": a step is one expression");
                std::vector<std::string> parts = split_steps(step.Scalar());
                answer.steps.insert(answer.steps.end(), parts.begin(), parts.end());
            }
        } else {
            throw InputError(where(path, steps.Mark()) +
                             ": steps: is a list of expressions, one per step");
        }
        if (answer.steps.size() > 200)
            throw InputError(where(path, steps.Mark()) + ": more than 200 steps");
        return answer;
    }
    answer.answer = answer_text(node, path);
    return answer;
}

int hex_value(const std::string& text, std::size_t at) {
    if (at + 4 > text.size()) return -1;
    int value = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
        char c = text[i];
        int digit = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
        if (digit < 0) return -1;
        value = value * 16 + digit;
    }
    return value;
}

// JSON writes a character outside the Basic Multilingual Plane as an escaped surrogate pair,
// "\ud83d\ude00" (Python's json.dump does by default); YAML, which reads the JSON, has no
// such pairs and calls them invalid Unicode. Each pair inside a string becomes the character's
// UTF-8 bytes; anything else (a lone surrogate included) is left for the reader to judge.
std::string decode_surrogate_pairs(const std::string& text) {
    if (text.find("\\u") == std::string::npos) return text;
    std::string out;
    out.reserve(text.size());
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (!in_string) {
            in_string = c == '"';
            out += c;
            continue;
        }
        if (c == '"') {
            in_string = false;
            out += c;
            continue;
        }
        if (c != '\\' || i + 1 >= text.size()) {
            out += c;
            continue;
        }
        if (text[i + 1] == 'u' && i + 11 < text.size() && text[i + 6] == '\\' &&
            text[i + 7] == 'u') {
            int high = hex_value(text, i + 2);
            int low = hex_value(text, i + 8);
            if (high >= 0xD800 && high <= 0xDBFF && low >= 0xDC00 && low <= 0xDFFF) {
                char32_t code_point =
                    0x10000 + ((static_cast<char32_t>(high) - 0xD800) << 10) + (low - 0xDC00);
                out += encode_utf8(code_point);
                i += 11;
                continue;
            }
        }
        out += c; // an escape: the escaped character is copied with it, never read as a quote
        out += text[++i];
    }
    return out;
}

bool is_json_path(const std::string& path) {
    return path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
}

} // namespace

Submission parse_submission(const std::string& text_in, const std::string& path) {
    // Error positions after a decoded pair are off by the pair's length less its bytes.
    const std::string text = is_json_path(path) ? decode_surrogate_pairs(text_in) : text_in;
    Submission submission;
    submission.path = path;
    YAML::Node root;
    try {
        // Events first: an alias bomb or a deep nesting is refused before a tree is built
        // (the grader reads every submission in one process).
        if (auto problem = check_yaml_events(text, submission_yaml_limits)) {
            submission.error = where(path, problem->mark) + ": " + problem->message;
            return submission;
        }
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        submission.error = where(path, e.mark) + ": not valid YAML or JSON: " + e.msg;
        return submission;
    }
    try {
        if (!root.IsMap())
            throw InputError(where(path, root.Mark()) +
                             ": a submission is a map with student: and answers:");
        std::set<std::string> keys;
        for (const auto& item : root) {
            std::string key = item.first.IsScalar() ? item.first.Scalar() : "";
            // YAML would take the first of two `student:` keys silently: which one is meant?
            if (!key.empty() && !keys.insert(key).second)
                throw InputError(where(path, item.first.Mark()) + ": the key '" + printable(key) +
                                 "' is given twice");
            if (key != "student" && key != "spec" && key != "answers" && key != "format")
                submission.warnings.push_back(where(path, item.first.Mark()) + ": unknown key '" +
                                              printable(key) + "' ignored");
        }
        const YAML::Node student = root["student"];
        if (!student || !student.IsScalar() || student.Scalar().empty())
            throw InputError(where(path, student ? student.Mark() : root.Mark()) +
                             ": the student id is missing (student: ID)");
        submission.student = student.Scalar();
        if (const YAML::Node format = root["format"]) {
            if (!format.IsScalar() || format.Scalar() != submission_format)
                submission.warnings.push_back(where(path, format.Mark()) +
                                              ": unknown format, expected " + submission_format);
        }
        if (const YAML::Node spec = root["spec"]) {
            if (spec.IsScalar())
                submission.spec = spec.Scalar();
            else if (spec.IsMap() && spec["title"] && spec["title"].IsScalar())
                submission.spec = spec["title"].Scalar();
            else
                submission.warnings.push_back(where(path, spec.Mark()) +
                                              ": spec: is the title of the problem set");
        }
        const YAML::Node answers = root["answers"];
        if (!answers || answers.IsNull()) {
            submission.warnings.push_back(where(path, root.Mark()) + ": no answers: given");
            return submission;
        }
        if (!answers.IsMap())
            throw InputError(where(path, answers.Mark()) +
                             ": answers: is a map from problem id to answer");
        for (const auto& item : answers) {
            if (!item.first.IsScalar())
                throw InputError(where(path, item.first.Mark()) + ": a problem id is a text");
            std::string id = item.first.Scalar();
            if (item.second.IsNull()) continue; // left blank
            if (submission.answers.count(id))
                throw InputError(where(path, item.first.Mark()) + ": problem '" + printable(id) +
                                 "' is answered twice");
            try {
                submission.answers[id] = read_answer(item.second, path);
            } catch (const InputError& e) {
                // One unreadable answer does not spoil the others: it is graded as invalid.
                SubmittedAnswer broken;
                broken.error = e.what();
                submission.answers[id] = broken;
            }
        }
    } catch (const InputError& e) {
        submission.error = e.what();
    } catch (const YAML::Exception& e) {
        submission.error = where(path, e.mark) + ": " + e.msg;
    }
    return submission;
}

Submission load_submission(const std::string& path, std::size_t max_bytes) {
    Submission submission;
    submission.path = path;
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    if (ec) {
        submission.error = path + ": cannot read: " + ec.message();
        return submission;
    }
    if (size > max_bytes) {
        submission.error = path + ": the file is " + std::to_string(size) +
                           " bytes, over the limit of " + std::to_string(max_bytes) + " bytes";
        return submission;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        submission.error = path + ": cannot read the file";
        return submission;
    }
    // Read up to one byte over the limit (the file may have grown since its size was taken),
    // into a buffer of the file's size rather than of the limit: the grader reads thousands.
    std::string text;
    std::size_t want = std::min<std::size_t>(static_cast<std::size_t>(size), max_bytes) + 1;
    for (;;) {
        std::size_t have = text.size();
        text.resize(want);
        in.read(text.data() + have, static_cast<std::streamsize>(want - have));
        text.resize(have + static_cast<std::size_t>(in.gcount()));
        if (text.size() < want || want > max_bytes) break;
        want = std::min(want * 2, max_bytes + 1);
    }
    if (text.size() > max_bytes) {
        submission.error =
            path + ": the file is over the limit of " + std::to_string(max_bytes) + " bytes";
        return submission;
    }
    Submission parsed = parse_submission(text, path);
    parsed.content_hash = fnv1a64(text);
    return parsed;
}

namespace {

void pack_size(std::string& out, std::size_t size) {
    auto value = static_cast<std::uint32_t>(size);
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

void pack_text(std::string& out, std::string_view text) {
    pack_size(out, text.size());
    out += text;
}

std::size_t unpack_size(std::string_view& in) {
    std::uint32_t size = 0;
    if (in.size() < sizeof size) throw std::runtime_error("packed answers cut short");
    std::memcpy(&size, in.data(), sizeof size);
    in.remove_prefix(sizeof size);
    return size;
}

std::string_view unpack_text(std::string_view& in) {
    std::size_t size = unpack_size(in);
    if (in.size() < size) throw std::runtime_error("packed answers cut short");
    std::string_view text = in.substr(0, size);
    in.remove_prefix(size);
    return text;
}

} // namespace

std::string pack_answers(const std::map<std::string, SubmittedAnswer>& answers) {
    std::string out;
    for (const auto& [id, answer] : answers) {
        pack_text(out, id);
        pack_size(out, answer.has_steps ? 1 : 0);
        pack_text(out, answer.answer);
        pack_text(out, answer.error);
        pack_size(out, answer.steps.size());
        for (const auto& step : answer.steps)
            pack_text(out, step);
    }
    return out;
}

std::map<std::string, SubmittedAnswer> unpack_answers(std::string_view packed) {
    std::map<std::string, SubmittedAnswer> answers;
    while (!packed.empty()) {
        std::string id(unpack_text(packed));
        SubmittedAnswer answer;
        answer.has_steps = unpack_size(packed) != 0;
        answer.answer = unpack_text(packed);
        answer.error = unpack_text(packed);
        std::size_t steps = unpack_size(packed);
        for (std::size_t i = 0; i < steps; ++i)
            answer.steps.emplace_back(unpack_text(packed));
        answers.emplace(std::move(id), std::move(answer));
    }
    return answers;
}

namespace {

bool submission_extension(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

bool hidden(const fs::path& p) {
    std::string name = p.filename().string();
    return !name.empty() && name[0] == '.';
}

} // namespace

namespace {

// Why a special file is not read: opening a FIFO would wait for a writer, and a device is
// no one's submission.
std::string special_file_reason(fs::file_type type) {
    switch (type) {
    case fs::file_type::fifo:
        return "a FIFO (named pipe), not a regular file: not read";
    case fs::file_type::socket:
        return "a socket, not a regular file: not read";
    case fs::file_type::block:
    case fs::file_type::character:
        return "a device, not a regular file: not read";
    default:
        return "not a regular file: not read";
    }
}

std::string name_without_extension(const fs::path& p) {
    return p.stem().string();
}

} // namespace

std::vector<FoundEntry> find_submissions(const std::vector<std::string>& inputs,
                                         const std::vector<std::string>& exclude) {
    std::map<std::string, FoundEntry> found;
    std::set<fs::path> excluded;
    std::set<fs::path> excluded_names;
    for (const auto& e : exclude) {
        std::error_code ec;
        fs::path canonical = fs::weakly_canonical(e, ec).lexically_normal();
        if (!canonical.has_filename()) canonical = canonical.parent_path(); // "out/"
        if (!ec) {
            excluded.insert(canonical);
            excluded_names.insert(canonical.filename());
        }
    }
    // Resolving a path costs a system call per component: only paths with the name of an
    // excluded one can be it.
    auto is_excluded = [&](const fs::path& p) {
        if (!excluded_names.count(p.filename())) return false;
        std::error_code ec;
        fs::path canonical = fs::weakly_canonical(p, ec);
        return !ec && excluded.count(canonical) != 0;
    };
    auto add = [&](const fs::path& p, std::string identity, std::string skipped) {
        std::string path = p.generic_string();
        found.emplace(path, FoundEntry{path, std::move(identity), std::move(skipped)});
    };
    for (const auto& input : inputs) {
        std::error_code ec;
        fs::file_status status = fs::symlink_status(input, ec);
        if (ec || !fs::exists(status))
            throw InputError("no such file or folder: " + printable(input));
        if (!fs::is_directory(fs::status(input, ec))) {
            if (!is_excluded(input))
                add(input, "", ""); // named explicitly: taken whatever its name
            continue;
        }
        // Symbolic links are not followed below the folder, so a path found in it is
        // canonical once its start is: one weakly_canonical for the folder, not a dozen
        // system calls for each of ten thousand files.
        fs::path root = fs::weakly_canonical(input, ec);
        if (ec)
            throw InputError("cannot read the folder " + printable(input) + ": " + ec.message());
        auto canonical_below = [&](const fs::path& p) {
            return (root / p.lexically_relative(input)).lexically_normal();
        };
        // Each folder is listed on its own, so that one that cannot be read is reported and
        // the search goes on with the others (a recursive iterator stops at the first error).
        struct Folder {
            fs::path path;
            std::string identity; ///< "" for the folder given
        };
        std::vector<Folder> pending{{fs::path(input), ""}};
        while (!pending.empty()) {
            Folder folder = std::move(pending.back());
            pending.pop_back();
            const bool top = folder.identity.empty();
            std::error_code list_error;
            fs::directory_iterator it(folder.path, list_error), end;
            if (list_error) {
                if (top)
                    throw InputError("cannot read the folder " + printable(input) + ": " +
                                     list_error.message());
                add(folder.path, folder.identity,
                    "cannot read the folder: " + list_error.message());
                continue;
            }
            for (; it != end; it.increment(list_error)) {
                const fs::path& p = it->path();
                if (hidden(p)) continue; // neither read nor entered: .git, .github
                std::error_code type_error;
                fs::file_status own = it->symlink_status(type_error);
                bool candidate = submission_extension(p);
                std::string identity = top ? "" : folder.identity;
                if (type_error) {
                    if (candidate)
                        add(p, top ? name_without_extension(p) : identity,
                            "cannot read: " + type_error.message());
                    continue;
                }
                if (fs::is_directory(own)) {
                    if (!excluded.count(canonical_below(p)))
                        pending.push_back({p, top ? p.filename().string() : identity});
                    continue;
                }
                if (top) identity = name_without_extension(p);
                if (fs::is_symlink(own)) {
                    std::error_code target_error;
                    bool to_folder = fs::is_directory(fs::status(p, target_error));
                    if (candidate || to_folder)
                        add(p, top && to_folder ? p.filename().string() : identity,
                            to_folder ? "a symbolic link to a folder: not followed"
                                      : "a symbolic link: not followed");
                    continue;
                }
                if (!candidate || excluded.count(canonical_below(p))) continue;
                if (fs::is_regular_file(own))
                    add(p, identity, "");
                else
                    add(p, identity, special_file_reason(own.type()));
            }
            if (list_error)
                add(folder.path, folder.identity,
                    "cannot read the whole folder: " + list_error.message());
        }
    }
    std::vector<FoundEntry> out;
    out.reserve(found.size());
    for (auto& [path, entry] : found)
        out.push_back(std::move(entry));
    return out;
}

std::vector<std::string> find_submission_files(const std::vector<std::string>& inputs,
                                               const std::vector<std::string>& exclude) {
    std::vector<std::string> files;
    for (const auto& entry : find_submissions(inputs, exclude))
        if (entry.skipped.empty()) files.push_back(entry.path);
    return files;
}

std::string blank_submission_yaml(const std::string& student, const std::string& spec_title,
                                  const std::vector<std::string>& problem_ids) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "format" << YAML::Value << submission_format;
    out << YAML::Key << "student" << YAML::Value << student;
    out << YAML::Key << "spec" << YAML::Value << spec_title;
    out << YAML::Key << "answers" << YAML::Value << YAML::BeginMap;
    for (const auto& id : problem_ids)
        out << YAML::Key << id << YAML::Value << YAML::Null;
    out << YAML::EndMap << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

} // namespace chainrule
