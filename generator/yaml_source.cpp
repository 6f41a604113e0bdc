#include "generator/yaml_source.hpp"

#include "expr/utf8.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>

namespace chainrule {

namespace {

// Thrown from the event handler to stop the parse at the first problem.
struct LimitExceeded {
    YAML::Mark mark;
    std::string message;
};

// A first pass over the events of the document: counts and nesting, and no aliases, so that
// the second pass (YAML::Load) only ever sees a small tree.
class LimitChecker : public YAML::EventHandler {
  public:
    explicit LimitChecker(const YamlLimits& limits) : limits_(limits) {}

    void OnDocumentStart(const YAML::Mark& mark) override {
        if (++documents_ > 1)
            throw LimitExceeded{mark, "more than one YAML document in the file (remove '---')"};
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { count(mark); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
        throw LimitExceeded{mark, "aliases (*name) are not supported: write the value out"};
    }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  const std::string&) override {
        count(mark);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
        open(mark);
    }
    void OnSequenceEnd() override { --depth_; }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {
        open(mark);
    }
    void OnMapEnd() override { --depth_; }

  private:
    void count(const YAML::Mark& mark) {
        if (++nodes_ > limits_.max_nodes)
            throw LimitExceeded{mark, "too many values in the file (the limit is " +
                                          std::to_string(limits_.max_nodes) + ")"};
    }
    void open(const YAML::Mark& mark) {
        count(mark);
        if (++depth_ > limits_.max_depth)
            throw LimitExceeded{mark, "nesting too deep (the limit is " +
                                          std::to_string(limits_.max_depth) + " levels)"};
    }

    const YamlLimits& limits_;
    std::size_t depth_ = 0;
    std::size_t nodes_ = 0;
    int documents_ = 0;
};

// The yaml-cpp message without its "yaml-cpp: error at line..., column...: " prefix.
std::string plain_message(const YAML::Exception& e) {
    std::string message = e.msg;
    if (message.empty()) message = e.what();
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(message[0]));
    return message;
}

} // namespace

std::optional<YamlEventProblem> check_yaml_events(const std::string& text,
                                                  const YamlLimits& limits) {
    std::istringstream in(text);
    YAML::Parser parser(in);
    LimitChecker checker(limits);
    try {
        while (parser.HandleNextDocument(checker)) {
        }
    } catch (const LimitExceeded& e) {
        return YamlEventProblem{e.mark, e.message};
    }
    return std::nullopt;
}

YamlDocument::YamlDocument(std::string text, std::string file, const YamlLimits& limits,
                           std::size_t first_line)
    : file_(std::move(file)), text_(std::move(text)), first_line_(first_line) {
    if (text_.size() > limits.max_bytes)
        throw TemplateError(whole("file too large: " + std::to_string(text_.size()) +
                                  " bytes (the limit is " + std::to_string(limits.max_bytes) +
                                  ")"));
    // Bytes first: binary junk and invisible characters are reported where they stand.
    std::size_t byte = 0;
    auto points = decode_utf8(text_);
    for (std::size_t i = 0; i < points.size(); ++i) {
        char32_t c = points[i];
        std::size_t width = c >= invalid_utf8_base ? 1 : encode_utf8(c).size();
        if (c >= invalid_utf8_base || c == 0 ||
            (is_invisible_or_control(c) && c != '\t' && c != '\n' && c != '\r' &&
             !(i == 0 && c == 0xFEFF))) {
            Location where = location_of_byte(byte);
            std::string what = c >= invalid_utf8_base
                                   ? "invalid UTF-8 byte (is this a binary file?)"
                                   : "control or invisible character " + code_point_name(c);
            throw TemplateError(Diagnostic{file_, where.line, where.column, what, false});
        }
        byte += width;
    }
    auto fail_at = [&](const YAML::Mark& mark, const std::string& message) {
        Location where = mark.pos >= 0 ? location_of_byte(static_cast<std::size_t>(mark.pos))
                                       : Location{static_cast<std::size_t>(mark.line) + first_line_,
                                                  static_cast<std::size_t>(mark.column + 1)};
        throw TemplateError(Diagnostic{file_, where.line, where.column, message, false});
    };
    try {
        if (auto problem = check_yaml_events(text_, limits))
            fail_at(problem->mark, problem->message);
    } catch (const YAML::Exception& e) {
        fail_at(e.mark, "YAML syntax error: " + plain_message(e));
    }
    try {
        root_ = YAML::Load(text_);
    } catch (const YAML::Exception& e) {
        fail_at(e.mark, "YAML syntax error: " + plain_message(e));
    }
    if (!root_.IsDefined() || root_.IsNull()) throw TemplateError(whole("the file is empty"));
}

Location YamlDocument::location_of_byte(std::size_t pos) const {
    pos = std::min(pos, text_.size());
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < pos; ++i)
        if (text_[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    std::size_t column = 1;
    for (std::size_t i = line_start; i < pos; ++i)
        if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    return {line + first_line_ - 1, column};
}

Location YamlDocument::locate(const YAML::Node& node) const {
    YAML::Mark mark = node.Mark();
    if (mark.pos < 0) return {};
    std::size_t pos = static_cast<std::size_t>(mark.pos);
    if (node.IsScalar() && pos < text_.size() && (text_[pos] == '"' || text_[pos] == '\'')) ++pos;
    return location_of_byte(pos);
}

Location YamlDocument::locate_in_scalar(const YAML::Node& node, std::size_t offset) const {
    YAML::Mark mark = node.Mark();
    if (mark.pos < 0) return {};
    std::size_t pos = static_cast<std::size_t>(mark.pos);
    if (pos >= text_.size()) return location_of_byte(pos);
    char first = text_[pos];
    if (first == '|' || first == '>') {
        // A block scalar: its text starts on the next line, after the indentation.
        std::size_t line_end = text_.find('\n', pos);
        if (line_end == std::string::npos) return location_of_byte(pos);
        std::size_t p = line_end + 1;
        std::size_t indent = 0;
        while (p + indent < text_.size() && text_[p + indent] == ' ')
            ++indent;
        p += indent;
        for (std::size_t k = 0; k < offset && p < text_.size(); ++k) {
            if (text_[p] == '\n') {
                p += 1 + std::min(indent, text_.size() - p - 1);
                continue;
            }
            do
                ++p;
            while (p < text_.size() && (static_cast<unsigned char>(text_[p]) & 0xC0) == 0x80);
        }
        return location_of_byte(p);
    }
    if (first == '"' || first == '\'') ++pos;
    // A one-line scalar: count characters along the line.
    std::size_t p = pos;
    for (std::size_t k = 0; k < offset && p < text_.size() && text_[p] != '\n'; ++k) {
        do
            ++p;
        while (p < text_.size() && (static_cast<unsigned char>(text_[p]) & 0xC0) == 0x80);
    }
    return location_of_byte(p);
}

Diagnostic YamlDocument::at(const YAML::Node& node, std::string message) const {
    Location where = locate(node);
    return Diagnostic{file_, where.line, where.column, std::move(message), false};
}

Diagnostic YamlDocument::at_offset(const YAML::Node& node, std::size_t offset,
                                   std::string message) const {
    Location where = locate_in_scalar(node, offset);
    return Diagnostic{file_, where.line, where.column, std::move(message), false};
}

Diagnostic YamlDocument::whole(std::string message) const {
    return Diagnostic{file_, 0, 0, std::move(message), false};
}

std::string read_limited_file(const std::string& path, const YamlLimits& limits) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        throw TemplateError(Diagnostic{path, 0, 0, "cannot read the file: no such file", false});
    if (S_ISDIR(info.st_mode))
        throw TemplateError(Diagnostic{path, 0, 0, "is a folder, not a file", false});
    // A FIFO or a device would block or never end: only regular files (links to them too).
    if (!S_ISREG(info.st_mode))
        throw TemplateError(Diagnostic{path, 0, 0, "is not a regular file", false});
    if (static_cast<std::size_t>(info.st_size) > limits.max_bytes)
        throw TemplateError(Diagnostic{path, 0, 0,
                                       "file too large: " + std::to_string(info.st_size) +
                                           " bytes (the limit is " +
                                           std::to_string(limits.max_bytes) + ")",
                                       false});
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TemplateError(Diagnostic{path, 0, 0, "cannot open the file", false});
    // Read as it comes, up to one byte past the limit (a file may grow after stat): memory
    // for what the file holds, not for the limit.
    std::string text;
    text.reserve(static_cast<std::size_t>(info.st_size) + 1);
    char buffer[1 << 16];
    while (text.size() <= limits.max_bytes) {
        in.read(buffer, sizeof buffer);
        std::size_t got = static_cast<std::size_t>(in.gcount());
        if (got == 0) break;
        text.append(buffer, std::min(got, limits.max_bytes + 1 - text.size()));
    }
    if (text.size() > limits.max_bytes)
        throw TemplateError(Diagnostic{
            path, 0, 0, "file too large: more than " + std::to_string(limits.max_bytes) + " bytes",
            false});
    return text;
}

YamlDocument read_yaml_file(const std::string& path, const YamlLimits& limits) {
    return YamlDocument(read_limited_file(path, limits), path, limits);
}

void check_keys(const YamlDocument& doc, const YAML::Node& map,
                const std::vector<std::string>& allowed, const std::vector<std::string>& required,
                const std::string& what, std::vector<Diagnostic>& out) {
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
        YAML::Node key = it->first;
        if (!key.IsScalar()) {
            out.push_back(doc.at(key, what + ": a key must be a plain name"));
            continue;
        }
        std::string name = key.Scalar();
        if (!seen.insert(name).second) {
            out.push_back(doc.at(key, what + ": duplicate key '" + name + "'"));
            continue;
        }
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            std::string message = what + ": unknown key '" + printable(name) + "'";
            std::string hint = closest_name(name, allowed);
            if (!hint.empty()) message += "; did you mean '" + hint + "'?";
            out.push_back(doc.at(key, message));
        }
    }
    for (const auto& name : required)
        if (!seen.count(name))
            out.push_back(doc.at(map, what + ": missing required key '" + name + "'"));
}

std::string scalar_text(const YAML::Node& node) {
    return node.IsDefined() && node.IsScalar() ? node.Scalar() : std::string();
}

} // namespace chainrule
