#pragma once
// junit.xml: a <testsuite> per row, a <testcase> per problem.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace chainrule {

struct ReportTotals;

/// Text for XML: & < > " ' escaped, control characters (other than tab and line feed)
/// removed.
std::string xml_escape(const std::string& text);

/// junit.xml's declaration and opening <testsuites> with the run's counts.
std::string junit_head(const ReportTotals& totals);
/// A row's <testsuite>: a test case per problem (a pass only when right and in its form), or
/// one test case `submission` for a row not graded.
std::string junit_suite(const nlohmann::ordered_json& row);
/// What closes junit.xml.
std::string junit_tail();

} // namespace chainrule
