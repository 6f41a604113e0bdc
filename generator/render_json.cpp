// The problem set as JSON, field for field what the YAML has.
#include "generator/matrix_problem.hpp"
#include "generator/matrix_solution.hpp"
#include "generator/parameter.hpp"
#include "generator/render.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace chainrule {

namespace {

using Json = nlohmann::ordered_json;

Json notations(const std::string& plain, const std::string& unicode, const std::string& latex) {
    Json out = Json::object();
    out["plain"] = plain;
    out["unicode"] = unicode;
    out["latex"] = latex;
    return out;
}

Json points_json(double points) {
    if (points == std::floor(points) && std::fabs(points) < 1e15)
        return Json(static_cast<long long>(points));
    return Json(points);
}

} // namespace

std::string render_json(const ProblemSet& set,
                        const std::vector<std::vector<EntrySolution>>& solutions) {
    Json out = Json::object();
    out["format"] = problem_set_format;
    if (!set.made_by.empty()) out["chainrule"] = set.made_by;
    out["title"] = set.title;
    if (!set.spec_file.empty()) out["spec"] = set.spec_file;
    out["spec_seed"] = set.spec_seed;
    if (!set.student.empty()) out["student"] = set.student;
    out["seed"] = set.seed;
    if (!set.templates.empty()) {
        Json stamps = Json::array();
        for (const auto& stamp : set.templates)
            stamps.push_back(Json{{"id", stamp.id}, {"hash", stamp.hash}});
        out["templates"] = std::move(stamps);
    }
    out["total_points"] = points_json(set.total_points());
    Json problems = Json::array();
    for (std::size_t i = 0; i < set.problems.size(); ++i) {
        const Problem& p = set.problems[i];
        Json j = Json::object();
        j["id"] = p.id;
        j["number"] = p.number;
        j["template"] = p.template_id;
        j["topic"] = p.topic;
        j["title"] = p.title;
        j["difficulty"] = p.difficulty;
        j["tags"] = p.tags;
        j["points"] = points_json(p.points);
        j["ask"] = to_string(p.ask);
        j["function_name"] = p.function_name;
        j["variables"] = p.variables;
        j["wrt"] = p.wrt;
        j["function"] = p.matrix ? p.matrix->function : print(p.function, Notation::plain);
        if (p.matrix) add_matrix_keys(j, *p.matrix); // shapes, constraints
        if (!p.at.empty()) {
            Json at = Json::object();
            for (const auto& [name, value] : p.at)
                at[name] = exact_number_text(value);
            j["at"] = at;
            j["tolerance"] = p.tolerance.text();
        }
        Json lets = Json::array();
        for (const auto& [name, value] : p.lets)
            lets.push_back(Json{{"name", name}, {"value", print(value, Notation::plain)}});
        if (p.matrix)
            for (const auto& [name, value] : p.matrix->lets)
                lets.push_back(Json{{"name", name}, {"value", value}});
        j["let"] = lets;
        if (!p.form.empty()) j["form"] = p.form;
        if (p.required_form != AnswerForm::none) j["form_credit"] = points_json(p.form_credit);
        if (p.step_credit > 0) j["step_credit"] = points_json(p.step_credit);
        Json parameters = Json::object();
        for (const auto& [name, value] : p.parameters)
            parameters[name] = value;
        j["parameters"] = parameters;
        j["prompt"] = notations(p.prompt.plain, p.prompt.unicode, p.prompt.latex);
        Json mistakes = Json::array();
        for (const auto& m : p.mistakes)
            mistakes.push_back(Json{{"answer", m.answer}, {"feedback", m.feedback}});
        j["mistakes"] = mistakes;
        if (!solutions.empty() && has_matrix_solution(p)) { // in matrix form, layer by layer
            MatrixSolution plain = solve_matrix_problem(p, Notation::plain);
            MatrixSolution unicode = solve_matrix_problem(p, Notation::unicode);
            j["answer"] = notations(plain.answer_value, unicode.answer_value,
                                    solve_matrix_problem(p, Notation::latex).answer_value);
            Json entry = Json::object();
            entry["entry"] = unicode.backward.back().left;
            entry["lines"] = notations("", "", "");
            entry["lines"]["plain"] = matrix_solution_lines(p, Notation::plain);
            entry["lines"]["unicode"] = matrix_solution_lines(p, Notation::unicode);
            entry["lines"]["latex"] = Json::array({matrix_solution_latex(p)});
            j["solution"] = Json::array({entry});
        } else if (!solutions.empty()) {
            ExprValue answer = solved_answer(p, solutions[i]);
            j["answer"] =
                notations(print(answer, Notation::plain), print(answer, Notation::unicode),
                          print(answer, Notation::latex));
            auto unicode_titles = entry_titles(p, Notation::unicode);
            Json steps = Json::array();
            for (std::size_t k = 0; k < solutions[i].size(); ++k) {
                const WorkedSolution& s = solutions[i][k].solution;
                Json entry = Json::object();
                entry["entry"] = unicode_titles[k];
                entry["lines"] = notations("", "", "");
                entry["lines"]["plain"] = render_solution(s, Notation::plain);
                entry["lines"]["unicode"] = render_solution(s, Notation::unicode);
                entry["lines"]["latex"] = render_solution(s, Notation::latex);
                steps.push_back(entry);
            }
            j["solution"] = steps;
        }
        problems.push_back(j);
    }
    out["problems"] = problems;
    return out.dump(2) + "\n";
}

} // namespace chainrule
