#pragma once
// What each fuzz target does with one input, shared by the libFuzzer targets (fuzz/*.cpp) and
// the regression test that replays every finding (tests/fuzz_regression_test.cpp). Each
// returns "" when the input was handled as promised, else what went wrong; a crash, a sanitizer
// report or an exception escaping is a finding too.
#include <string>

namespace chainrule::fuzz {

/// The answer parser in open and closed mode, and the printers: any text parses or throws
/// ParseError; what parses prints in every notation, and its plain printing reads back.
std::string parse_input(const std::string& text);

/// The checker through grading's check_problem on fixed problems of the course set (a vector
/// problem for text starting with '[', a derivation for text with line breaks): any text
/// gets a verdict.
std::string check_input(const std::string& text);

/// The instructor's files (template, spec or problem set) through validate_file, the text
/// written to <tmp>/specs/input.yaml beside a link to the shipped templates: any bytes give
/// diagnostics.
std::string template_input(const std::string& text);

/// The submission loader: any bytes give a Submission, and nothing read is much larger than
/// the file (YAML aliases must not multiply it).
std::string submission_input(const std::string& text);

} // namespace chainrule::fuzz
