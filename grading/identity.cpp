#include "grading/identity.hpp"

#include "expr/errors.hpp"
#include "expr/utf8.hpp"
#include "generator/spec.hpp"

#include <algorithm>
#include <map>

namespace chainrule {

IdentitySource parse_identity_source(const std::string& text) {
    if (text == "both") return IdentitySource::both;
    if (text == "folder") return IdentitySource::folder;
    if (text == "file") return IdentitySource::file;
    throw InputError("--identity is folder, file or both, not '" + printable(text) + "'");
}

const char* to_string(IdentitySource source) {
    switch (source) {
    case IdentitySource::folder:
        return "folder";
    case IdentitySource::file:
        return "file";
    case IdentitySource::both:
        break;
    }
    return "both";
}

Preference parse_preference(const std::string& text) {
    if (text == "newest") return Preference::newest;
    if (text == "path") return Preference::path;
    throw InputError("--prefer is newest or path, not '" + printable(text) + "'");
}

const char* to_string(Preference preference) {
    switch (preference) {
    case Preference::newest:
        return "newest";
    case Preference::path:
        return "path";
    case Preference::none:
        break;
    }
    return "";
}

std::string file_row_key(const std::string& path) {
    std::string out = "file:";
    std::size_t start = 0;
    // printable() writes a control character as "<U+0001>": a '<' of the name itself is
    // escaped the same way, so that every '<' of a key starts an escape.
    for (std::size_t at = path.find('<'); at != std::string::npos; at = path.find('<', start)) {
        out += printable(path.substr(start, at - start));
        out += "<U+003C>";
        start = at + 1;
    }
    out += printable(path.substr(start));
    return out;
}

namespace {

// Cyrillic and Greek letters drawn like a Latin one, with that Latin letter.
char32_t latin_look_alike(char32_t c) {
    static const std::map<char32_t, char32_t> table = {// Cyrillic
                                                       {0x0430, 'a'},
                                                       {0x0435, 'e'},
                                                       {0x043E, 'o'},
                                                       {0x0440, 'p'},
                                                       {0x0441, 'c'},
                                                       {0x0443, 'y'},
                                                       {0x0445, 'x'},
                                                       {0x0455, 's'},
                                                       {0x0456, 'i'},
                                                       {0x0458, 'j'},
                                                       {0x04BB, 'h'},
                                                       {0x0501, 'd'},
                                                       {0x051B, 'q'},
                                                       {0x051D, 'w'},
                                                       {0x0410, 'A'},
                                                       {0x0412, 'B'},
                                                       {0x0415, 'E'},
                                                       {0x041A, 'K'},
                                                       {0x041C, 'M'},
                                                       {0x041D, 'H'},
                                                       {0x041E, 'O'},
                                                       {0x0420, 'P'},
                                                       {0x0421, 'C'},
                                                       {0x0422, 'T'},
                                                       {0x0423, 'Y'},
                                                       {0x0425, 'X'},
                                                       {0x0405, 'S'},
                                                       {0x0406, 'I'},
                                                       {0x0408, 'J'},
                                                       // Greek
                                                       {0x03B1, 'a'},
                                                       {0x03B9, 'i'},
                                                       {0x03BA, 'k'},
                                                       {0x03BD, 'v'},
                                                       {0x03BF, 'o'},
                                                       {0x03C1, 'p'},
                                                       {0x03C5, 'u'},
                                                       {0x0391, 'A'},
                                                       {0x0392, 'B'},
                                                       {0x0395, 'E'},
                                                       {0x0396, 'Z'},
                                                       {0x0397, 'H'},
                                                       {0x0399, 'I'},
                                                       {0x039A, 'K'},
                                                       {0x039C, 'M'},
                                                       {0x039D, 'N'},
                                                       {0x039F, 'O'},
                                                       {0x03A1, 'P'},
                                                       {0x03A4, 'T'},
                                                       {0x03A5, 'Y'},
                                                       {0x03A7, 'X'}};
    auto it = table.find(c);
    return it == table.end() ? c : it->second;
}

} // namespace

std::string id_skeleton(const std::string& id) {
    std::string out;
    for (char32_t c : decode_utf8(id)) {
        if (c < invalid_utf8_base && (is_white_space(c) || is_invisible_or_control(c))) continue;
        if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0; // full-width forms of ASCII
        c = latin_look_alike(c);
        if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
        out += c >= invalid_utf8_base ? std::string(1, static_cast<char>(c - invalid_utf8_base))
                                      : encode_utf8(c);
    }
    return out;
}

std::vector<std::vector<std::string>> lookalike_groups(const std::set<std::string>& ids) {
    std::map<std::string, std::vector<std::string>> by_skeleton;
    for (const auto& id : ids)
        by_skeleton[id_skeleton(id)].push_back(id); // in the set's (bytewise) order
    std::vector<std::vector<std::string>> groups;
    for (auto& [skeleton, group] : by_skeleton)
        if (group.size() > 1) groups.push_back(std::move(group));
    std::sort(groups.begin(), groups.end());
    return groups;
}

bool is_identity_problem(std::string_view status) {
    return status == "conflict" || status == "identity_mismatch" || status == "invalid_id" ||
           status == "skipped";
}

} // namespace chainrule
