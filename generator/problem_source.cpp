#include "generator/problem_source.hpp"

#include "expr/errors.hpp"
#include "generator/diagnostic.hpp"
#include "generator/yaml_source.hpp"

namespace chainrule {

ProblemSource ProblemSource::load(const std::string& path) {
    std::string text = read_limited_file(path, problem_set_limits());
    if (!is_problem_set_text(text, path)) return ProblemSource(load_spec(path));
    ProblemSource source;
    source.file_ = path;
    source.frozen_ = parse_problem_set_file(std::move(text), path);
    if (source.frozen_.per_student || !source.frozen_.sheets.front().student.empty())
        for (std::size_t i = 0; i < source.frozen_.sheets.size(); ++i)
            source.by_student_.emplace(source.frozen_.sheets[i].student, i);
    return source;
}

ProblemSource ProblemSource::load_checked(const std::string& path, std::string& bytes) {
    bytes = read_limited_file(path, problem_set_limits());
    if (is_problem_set_text(bytes, path)) {
        if (auto sheets = SheetsOnDemand::open(bytes, path)) {
            ProblemSource source;
            source.file_ = path;
            source.frozen_.per_student = true;
            source.frozen_.sheets.push_back(sheets->first());
            source.on_demand_ = std::move(sheets);
            return source;
        }
    }
    ProblemSource source = load(path);
    if (source.frozen()) bytes = read_limited_file(path, problem_set_limits());
    return source;
}

ProblemSource::ProblemSource(Spec spec) : spec_(std::move(spec)) {
    file_ = spec_->file;
}

ProblemSet ProblemSource::class_set() const {
    if (spec_) return generate_problem_set(*spec_);
    ProblemSet set = frozen_.sheets.front();
    set.student.clear();
    return set;
}

bool ProblemSource::has_sheet(const std::string& student) const {
    if (on_demand_) return on_demand_->has(student);
    return spec_ || by_student_.empty() || by_student_.count(student) > 0;
}

std::string ProblemSource::missing_sheet(const std::string& student) const {
    if (has_sheet(student)) return "";
    std::vector<std::string> ids;
    for (const auto& [id, index] : by_student_)
        ids.push_back(id);
    std::string closest = closest_name(student, ids);
    std::string whose =
        frozen_.per_student
            ? "has no sheet for the student '" + printable(student) + "' (it has " +
                  std::to_string(ids.size()) + (ids.size() == 1 ? " student" : " students") +
                  (closest.empty() ? "" : "; did you mean " + printable(closest) + "?") + ")"
            : "is the sheet of the student '" + printable(ids.front()) + "', not '" +
                  printable(student) + "'";
    return "the problem set " + printable(file_) + " " + whose;
}

ProblemSet ProblemSource::sheet_for(const std::string& student) const {
    if (spec_) return generate_problem_set(*spec_, student);
    if (!student.empty()) check_student_id(student);
    if (on_demand_) return on_demand_->sheet(student);
    if (by_student_.empty()) {
        ProblemSet set = frozen_.sheets.front();
        set.student = student;
        return set;
    }
    auto it = by_student_.find(student);
    if (it == by_student_.end()) throw InputError(missing_sheet(student));
    return frozen_.sheets[it->second];
}

const std::vector<TemplateStamp>& ProblemSource::templates() const {
    return spec_ ? spec_->templates : frozen_.sheets.front().templates;
}

const std::string& ProblemSource::title() const {
    return spec_ ? spec_->title : frozen_.sheets.front().title;
}

std::uint64_t ProblemSource::spec_seed() const {
    return spec_ ? spec_->seed : frozen_.sheets.front().spec_seed;
}

} // namespace chainrule
