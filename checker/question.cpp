#include "checker/question.hpp"

#include "checker/differentiate.hpp"
#include "expr/errors.hpp"
#include "expr/symbols.hpp"

#include <algorithm>

namespace chainrule {

namespace {

[[noreturn]] void rethrow_in(const std::string& where, const ParseError& error) {
    throw ParseError("in " + where + ": " + error.message(), error.input(), error.column());
}

void add_unique(std::vector<std::string>& names, const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

bool is_valid_name(const std::string& name) {
    if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_'))
        return false;
    return std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c >= 0x80;
    });
}

} // namespace

std::vector<std::string> split_names(const std::string& text) {
    std::vector<std::string> names;
    std::string current;
    auto flush = [&] {
        auto begin = current.find_first_not_of(" \t");
        auto end = current.find_last_not_of(" \t");
        if (begin != std::string::npos) names.push_back(current.substr(begin, end - begin + 1));
        current.clear();
    };
    for (char c : text) {
        if (c == ',')
            flush();
        else
            current += c;
    }
    flush();
    return names;
}

Expectation build_expectation(const QuestionText& question) {
    Expectation expectation;
    ParseOptions options;
    options.open = question.variables.empty();
    options.variables = question.variables;
    // Without --vars, the --wrt variables are the names declared: `2yz` with --wrt y,z is
    // 2·y·z, but no word is read as a product of letters nobody declared.
    if (options.open)
        for (const auto& name : question.wrt)
            if (is_valid_name(name)) options.variables.push_back(name);
    for (const auto& name : question.variables)
        if (!is_valid_name(name)) throw InputError("in --vars: '" + printable(name) + "' is not a variable name");
    for (const auto& let : question.lets) {
        auto equals = let.find('=');
        if (equals == std::string::npos)
            throw InputError("in --let: expected NAME=EXPRESSION, got '" + printable(let) + "'");
        std::string name = split_names(let.substr(0, equals)).empty()
                               ? ""
                               : split_names(let.substr(0, equals)).front();
        if (!is_valid_name(name))
            throw InputError("in --let: '" + printable(let.substr(0, equals)) +
                             "' is not a name");
        try {
            options.lets[name] = parse_scalar(let.substr(equals + 1), options);
        } catch (const ParseError& error) {
            rethrow_in("--let " + name, error);
        }
    }
    const bool derivative = !question.function.empty();
    const std::string& text = derivative ? question.function : question.expected;
    const char* where = derivative ? "--function" : "--expected";
    ParseResult parsed;
    try {
        parsed = parse_expression(text, options);
    } catch (const ParseError& error) {
        rethrow_in(where, error);
    }
    if (!parsed.unknown_names.empty())
        throw InputError(std::string("in ") + where + ": '" + parsed.unknown_names.front() +
                         "' is not one of the variables given with --vars");
    std::vector<std::string> variables = question.variables;
    for (const auto& name : variables_of(parsed.value)) add_unique(variables, name);
    for (const auto& [name, value] : options.lets)
        for (const auto& used : variables_of(ExprValue(value))) add_unique(variables, used);
    if (derivative) {
        if (question.wrt.empty()) throw InputError("--function needs --wrt: the variable(s) to differentiate against");
        for (const auto& name : question.wrt) {
            if (!is_valid_name(name))
                throw InputError("in --wrt: '" + printable(name) + "' is not a variable name");
            add_unique(variables, name);
        }
        DerivativeRequest request{parsed.value, question.wrt};
        expectation.expected = differentiate(request);
        expectation.labels = derivative_labels(request);
        expectation.function = parsed.value;
        expectation.wrt = question.wrt;
    } else {
        expectation.expected = parsed.value;
    }
    expectation.variables = variables;
    expectation.lets = options.lets;
    return expectation;
}

} // namespace chainrule
