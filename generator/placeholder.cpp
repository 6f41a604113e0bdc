#include "generator/placeholder.hpp"

#include "expr/utf8.hpp"

#include <cctype>

namespace chainrule {

namespace {

constexpr long max_range = 64;

bool is_letter(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char32_t c) {
    return c >= '0' && c <= '9';
}
bool is_name_char(char32_t c) {
    return is_letter(c) || is_digit(c) || c == '_';
}

void append(FilledText& out, const std::string& text, std::size_t origin) {
    out.text += text;
    std::size_t points = decode_utf8(text).size();
    out.origin.insert(out.origin.end(), points, origin);
}

std::string to_text(const std::vector<char32_t>& points, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to; ++i)
        out += points[i] >= invalid_utf8_base
                   ? std::string(1, static_cast<char>(points[i] - invalid_utf8_base))
                   : encode_utf8(points[i]);
    return out;
}

} // namespace

std::size_t FilledText::source_offset(std::size_t column) const {
    if (origin.empty()) return 0;
    std::size_t index = column == 0 ? 0 : column - 1;
    if (index >= origin.size()) return origin.back() + 1;
    return origin[index];
}

std::vector<PlaceholderUse> find_placeholders(const std::string& source) {
    std::vector<PlaceholderUse> uses;
    auto points = decode_utf8(source);
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (points[i] == '{') {
            if (i + 1 < points.size() && points[i + 1] == '{') {
                ++i;
                continue;
            }
            std::size_t close = i + 1;
            while (close < points.size() && points[close] != '}' && points[close] != '{')
                ++close;
            if (close >= points.size() || points[close] != '}')
                throw TextError("'{' without its closing '}'", i);
            std::string content = to_text(points, i + 1, close);
            std::size_t start = content.find_first_not_of(' ');
            if (start == std::string::npos) throw TextError("empty placeholder '{}'", i);
            std::size_t end = content.find_last_not_of(' ');
            uses.push_back({content.substr(start, end - start + 1), i + 1 + start});
            i = close;
        } else if (points[i] == '}') {
            if (i + 1 < points.size() && points[i + 1] == '}') {
                ++i;
                continue;
            }
            throw TextError("'}' without an opening '{' (write '}}' for a brace)", i);
        }
    }
    return uses;
}

std::string resolve_placeholder(const PlaceholderUse& use, const Resolver& resolve) {
    std::optional<std::string> value;
    try {
        value = resolve(use.content);
    } catch (const TextError&) {
        throw;
    } catch (const InputError& e) {
        throw TextError("in placeholder {" + use.content + "}: " + e.what(), use.offset);
    }
    if (!value) throw TextError("unknown placeholder {" + use.content + "}", use.offset);
    return *value;
}

FilledText fill_placeholders(const std::string& source, const Resolver& resolve) {
    auto uses = find_placeholders(source); // checks the braces
    FilledText out;
    auto points = decode_utf8(source);
    std::size_t use = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        char32_t c = points[i];
        if ((c == '{' || c == '}') && i + 1 < points.size() && points[i + 1] == c) {
            append(out, std::string(1, static_cast<char>(c)), i);
            ++i;
            continue;
        }
        if (c == '{') {
            const PlaceholderUse& p = uses[use++];
            append(out, resolve_placeholder(p, resolve), i);
            while (points[i] != '}')
                ++i;
            continue;
        }
        append(out, to_text(points, i, i + 1), i);
    }
    return out;
}

FilledText expand_ranges(const FilledText& input) {
    auto points = decode_utf8(input.text);
    if (input.text.find("..") == std::string::npos) return input;
    FilledText out;
    std::size_t copied = 0; // points before this are in out
    for (std::size_t dots = 0; dots + 1 < points.size(); ++dots) {
        if (points[dots] != '.' || points[dots + 1] != '.') continue;
        // Left: letters then digits, ending just before the dots (spaces allowed between).
        std::size_t left_end = dots;
        while (left_end > copied && points[left_end - 1] == ' ')
            --left_end;
        std::size_t digits_start = left_end;
        while (digits_start > copied && is_digit(points[digits_start - 1]))
            --digits_start;
        std::size_t name_start = digits_start;
        while (name_start > copied &&
               (is_letter(points[name_start - 1]) || points[name_start - 1] == '_'))
            --name_start;
        // Right: spaces, then letters, then digits.
        std::size_t right = dots + 2;
        while (right < points.size() && points[right] == ' ')
            ++right;
        std::size_t right_name = right;
        while (right < points.size() && (is_letter(points[right]) || points[right] == '_'))
            ++right;
        std::size_t right_digits = right;
        while (right < points.size() && is_digit(points[right]))
            ++right;
        std::size_t origin =
            input.origin.empty() ? 0 : input.origin[std::min(dots, input.origin.size() - 1)];
        bool shaped = digits_start < left_end && name_start < digits_start &&
                      is_letter(points[name_start]) && right_digits < right &&
                      right_name < right_digits &&
                      (name_start == 0 || !is_name_char(points[name_start - 1])) &&
                      (right >= points.size() || !is_name_char(points[right]));
        if (!shaped) throw TextError("'..' must join two indexed names such as z1..z3", origin);
        std::string prefix = to_text(points, name_start, digits_start);
        if (prefix != to_text(points, right_name, right_digits))
            throw TextError("a range joins names of one stem: " + prefix + "1.." + prefix + "3",
                            origin);
        std::string low_text = to_text(points, digits_start, left_end);
        std::string high_text = to_text(points, right_digits, right);
        if (low_text.size() > 4 || high_text.size() > 4)
            throw TextError("range too long (the limit is " + std::to_string(max_range) + " names)",
                            origin);
        long low = std::stol(low_text), high = std::stol(high_text);
        if (high < low)
            throw TextError("range runs backwards: " + low_text + ".." + high_text, origin);
        if (high - low + 1 > max_range)
            throw TextError("range too long (the limit is " + std::to_string(max_range) + " names)",
                            origin);
        // Copy what came before the range, then the names.
        for (std::size_t k = copied; k < name_start; ++k)
            append(out, to_text(points, k, k + 1), input.origin[k]);
        std::size_t range_origin = input.origin[name_start];
        for (long k = low; k <= high; ++k) {
            if (k > low) append(out, ", ", range_origin);
            append(out, prefix + std::to_string(k), range_origin);
        }
        copied = right;
        dots = right - 1;
    }
    for (std::size_t k = copied; k < points.size(); ++k)
        append(out, to_text(points, k, k + 1), input.origin[k]);
    return out;
}

std::vector<std::string> split_top_level(const std::string& text) {
    std::vector<std::string> parts;
    int depth = 0;
    std::string current;
    auto flush = [&] {
        std::size_t a = current.find_first_not_of(" \t");
        std::size_t b = current.find_last_not_of(" \t");
        parts.push_back(a == std::string::npos ? "" : current.substr(a, b - a + 1));
        current.clear();
    };
    for (char c : text) {
        if (c == '(' || c == '[') ++depth;
        if (c == ')' || c == ']') --depth;
        if (c == ',' && depth == 0) {
            flush();
            continue;
        }
        current += c;
    }
    flush();
    return parts;
}

} // namespace chainrule
