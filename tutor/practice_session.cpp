#include "tutor/practice_session.hpp"

#include "generator/matrix_solution.hpp"

#include "checker/steps.hpp"
#include "expr/ansi.hpp"
#include "expr/errors.hpp"
#include "expr/utf8.hpp"
#include "generator/render.hpp"
#include "grading/problem_check.hpp"
#include "grading/result_text.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace chainrule {

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trim(const std::string& text) {
    std::size_t begin = text.find_first_not_of(" \t\r");
    if (begin == std::string::npos) return "";
    std::size_t end = text.find_last_not_of(" \t\r");
    return text.substr(begin, end - begin + 1);
}

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string topic_list(const std::vector<PracticeTopic>& topics) {
    std::string out;
    for (const auto& t : topics)
        out += (out.empty() ? "" : ", ") + t.slug;
    return out;
}

} // namespace

std::string topic_slug(const std::string& name) {
    std::string slug;
    bool dash = false;
    for (unsigned char c : name) {
        if (std::isalnum(c)) {
            if (dash && !slug.empty()) slug += '-';
            slug += static_cast<char>(std::tolower(c));
            dash = false;
        } else {
            dash = true;
        }
    }
    if (slug.rfind("the-", 0) == 0) slug = slug.substr(4);
    return slug;
}

namespace {

std::size_t item_count(const PracticeTopic& t) {
    return t.templates.size() + t.problems.size();
}

// Whether item i of a topic (a template, or a sheet's problem) is named by `id`.
bool item_named(const PracticeTopic& t, std::size_t i, const std::string& id) {
    if (i < t.templates.size()) return t.templates[i]->id == id;
    const Problem& p = t.problems[i - t.templates.size()];
    return p.id == id || p.template_id == id;
}

int item_difficulty(const PracticeTopic& t, std::size_t i) {
    return i < t.templates.size() ? t.templates[i]->difficulty
                                  : t.problems[i - t.templates.size()].difficulty;
}

// The topic with only the items that `keep` keeps.
template <typename Keep> PracticeTopic kept_items(const PracticeTopic& t, Keep keep) {
    PracticeTopic out{t.name, t.slug, {}, {}};
    for (std::size_t i = 0; i < item_count(t); ++i) {
        if (!keep(i)) continue;
        if (i < t.templates.size())
            out.templates.push_back(t.templates[i]);
        else
            out.problems.push_back(t.problems[i - t.templates.size()]);
    }
    return out;
}

std::vector<PracticeTopic> chosen_topics(const std::vector<PracticeTopic>& all,
                                         const std::string& topic, int difficulty) {
    std::vector<PracticeTopic> chosen = all;
    if (!topic.empty()) {
        std::string wanted = topic_slug(topic);
        chosen.clear();
        for (const auto& t : all)
            if (t.slug == wanted || lower(t.name) == lower(topic)) chosen.push_back(t);
        if (chosen.empty())
            for (const auto& t : all) {
                PracticeTopic named =
                    kept_items(t, [&](std::size_t i) { return item_named(t, i, topic); });
                if (item_count(named) > 0) chosen.push_back(std::move(named));
            }
        if (chosen.empty() && !wanted.empty())
            for (const auto& t : all)
                if (t.slug.find(wanted) != std::string::npos) chosen.push_back(t);
        if (chosen.size() > 1)
            throw InputError("--topic '" + printable(topic) + "' could be any of " +
                             topic_list(chosen) + ": name one");
        if (chosen.empty())
            throw InputError("no topic '" + printable(topic) + "': the topics are " +
                             topic_list(all) + " (or give a template id)");
    }
    if (difficulty != 0) {
        std::vector<PracticeTopic> kept;
        for (const auto& t : chosen) {
            PracticeTopic some =
                kept_items(t, [&](std::size_t i) { return item_difficulty(t, i) == difficulty; });
            if (item_count(some) > 0) kept.push_back(std::move(some));
        }
        if (kept.empty())
            throw InputError("no problems of difficulty " + std::to_string(difficulty) +
                             (topic.empty() ? std::string() : " in '" + printable(topic) + "'") +
                             ": difficulties go from 1 (easy) to 3 (hard)");
        chosen = std::move(kept);
    }
    if (chosen.empty()) throw InputError("the problem set has nothing to practise");
    return chosen;
}

} // namespace

std::vector<PracticeTopic> practice_topics(const Spec& spec, const std::string& topic,
                                           int difficulty) {
    std::vector<PracticeTopic> all;
    std::set<std::string> seen;
    for (const auto& entry : spec.entries) {
        const auto& t = entry.source;
        if (!t || !seen.insert(t->id).second) continue;
        std::string name = t->topic.empty() ? "Other" : t->topic;
        auto it = std::find_if(all.begin(), all.end(),
                               [&](const PracticeTopic& p) { return p.name == name; });
        if (it == all.end()) {
            all.push_back({name, topic_slug(name), {}, {}});
            it = all.end() - 1;
        }
        it->templates.push_back(t);
    }
    for (auto& t : all)
        std::stable_sort(t.templates.begin(), t.templates.end(), [](const auto& a, const auto& b) {
            return a->difficulty < b->difficulty;
        });
    return chosen_topics(all, topic, difficulty);
}

std::vector<PracticeTopic> practice_topics(const std::vector<Problem>& problems,
                                           const std::string& topic, int difficulty) {
    std::vector<PracticeTopic> all;
    for (const auto& p : problems) {
        std::string name = p.topic.empty() ? "Other" : p.topic;
        auto it = std::find_if(all.begin(), all.end(),
                               [&](const PracticeTopic& t) { return t.name == name; });
        if (it == all.end()) {
            all.push_back({name, topic_slug(name), {}, {}});
            it = all.end() - 1;
        }
        it->problems.push_back(p);
    }
    for (auto& t : all)
        std::stable_sort(
            t.problems.begin(), t.problems.end(),
            [](const Problem& a, const Problem& b) { return a.difficulty < b.difficulty; });
    return chosen_topics(all, topic, difficulty);
}

PracticeSession::PracticeSession(std::vector<PracticeTopic> topics, PracticeOptions options)
    : topics_(std::move(topics)), options_(options), state_(topics_.size()) {
    if (topics_.empty()) throw InputError("nothing to practise");
}

std::string PracticeSession::paint(const std::string& text, const char* code) const {
    return chainrule::paint(text, code, options_.colour);
}

std::string PracticeSession::prompt() const {
    if (in_steps_) return "step " + std::to_string(steps_.size() + 1) + "> ";
    return "> ";
}

std::string PracticeSession::start() {
    std::string out = paint("chainrule practice", "1") + " · seed " +
                      std::to_string(options_.seed) + " · " +
                      plural(topics_.size(), "topic", "topics") + ": " + topic_list(topics_) + "\n";
    out += "Type your answer, 'steps' for a derivation, or 'help' for the commands.\n";
    return out + present_next();
}

Problem PracticeSession::draw(std::size_t topic, std::size_t template_index) {
    // A sheet's problem is the same each time it comes.
    if (!topics_[topic].problems.empty()) {
        Problem problem = topics_[topic].problems.at(template_index);
        problem.number = presented_;
        return problem;
    }
    const Template& t = *topics_[topic].templates[template_index];
    std::size_t& count = drawn_[t.id];
    auto& source = sources_[t.id];
    // Variants never repeat within a session until a template runs out of them; then the
    // template starts over from a seed of its own.
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!source)
            source = std::make_unique<VariantSource>(
                t, student_seed(options_.seed, t.id + "#" + std::to_string(count)));
        try {
            Problem problem = source->next();
            ++count;
            problem.id = t.id + "-" + std::to_string(count);
            problem.number = presented_;
            return problem;
        } catch (const InputError&) {
            source.reset();
            ++count;
        }
    }
    throw InputError("the template '" + t.id + "' gives no more variants");
}

std::string PracticeSession::present(std::size_t topic, std::size_t template_index) {
    ++presented_;
    Current current;
    current.problem = draw(topic, template_index);
    current.topic = topic;
    current.template_index = template_index;
    current_ = std::move(current);
    const Problem& p = current_->problem;
    std::string out = "\n" + paint("Problem " + std::to_string(presented_), "1") + " · " +
                      topics_[topic].name + " · " + p.title + " (difficulty " +
                      std::to_string(p.difficulty) + ")\n";
    out += "  " + p.prompt.unicode + "\n";
    if (!p.expected.is_scalar()) {
        std::string list;
        for (const auto& title : entry_titles(p, Notation::unicode))
            list += (list.empty() ? "" : ", ") + title;
        out += "  Answer with " + describe_shape(p.expected) + ": [" + list + "]\n";
    }
    if (!p.form.empty()) out += "  Form: " + p.form + "\n";
    return out;
}

std::string PracticeSession::present_next() {
    // A problem answered wrong that is due comes first.
    for (auto it = retries_.begin(); it != retries_.end(); ++it)
        if (it->due <= presented_) {
            Retry retry = *it;
            retries_.erase(it);
            return present(retry.topic, retry.template_index);
        }
    std::string out;
    if (std::all_of(state_.begin(), state_.end(), [](const TopicState& s) { return s.mastered; })) {
        ++rounds_;
        for (auto& s : state_) {
            s.mastered = false;
            s.streak = 0;
        }
        out += paint("Every topic mastered.", "1;32") + " Round " + std::to_string(rounds_) +
               ": the topics again, with their next problems.\n";
    }
    // The first topic not mastered, leaving one with a retry pending for later when another
    // topic is there to come between.
    std::optional<std::size_t> chosen;
    for (std::size_t t = 0; t < topics_.size() && !chosen; ++t) {
        bool pending = std::any_of(retries_.begin(), retries_.end(),
                                   [&](const Retry& r) { return r.topic == t; });
        if (!state_[t].mastered && !pending) chosen = t;
    }
    if (!chosen && !retries_.empty()) {
        Retry retry = retries_.front();
        retries_.pop_front();
        return out + present(retry.topic, retry.template_index);
    }
    if (!chosen) chosen = 0;
    TopicState& s = state_[*chosen];
    std::size_t index = s.next_template % item_count(topics_[*chosen]);
    return out + present(*chosen, index);
}

const std::vector<EntrySolution>& PracticeSession::solutions() {
    if (current_->solutions.empty()) current_->solutions = solve_problem(current_->problem);
    return current_->solutions;
}

std::string PracticeSession::finish_problem(bool right_first, bool retry) {
    Current& c = *current_;
    TopicState& s = state_[c.topic];
    std::string out;
    if (right_first) {
        ++s.streak;
        s.next_template = c.template_index + 1;
        if (s.streak >= 2 && !s.mastered) {
            s.mastered = true;
            s.ever_mastered = true;
            out += paint("Topic mastered: " + topics_[c.topic].name, "1;32") +
                   " (two right in a row).";
            std::size_t next = c.topic;
            for (std::size_t k = 1; k <= topics_.size(); ++k) {
                std::size_t t = (c.topic + k) % topics_.size();
                if (!state_[t].mastered) {
                    next = t;
                    break;
                }
            }
            if (next != c.topic) out += " Next: " + topics_[next].name + ".";
            out += "\n";
        }
    } else if (c.wrong || c.solution_shown || retry) {
        s.streak = 0;
    }
    if (retry) retries_.push_back({c.topic, c.template_index, presented_ + 1});
    current_.reset();
    return out + present_next();
}

std::string PracticeSession::check(const std::string& answer,
                                   const std::vector<std::string>* steps) {
    SubmittedAnswer submitted;
    if (steps) {
        submitted.has_steps = true;
        submitted.steps = *steps;
    } else {
        submitted.answer = answer;
    }
    ProblemResult result = check_problem(current_->problem, submitted);
    Current& c = *current_;
    std::string out = problem_result_to_text(result, options_.colour);
    if (steps) {
        std::size_t right = 0;
        while (right < result.steps.size() && result.steps[right].outcome == Outcome::correct)
            ++right;
        c.cursor = cursor_after_steps(c.problem, *steps, right);
    }
    switch (result.status) {
    case GradeStatus::correct: {
        bool first = !c.wrong && !c.hinted && !c.solution_shown;
        if (first)
            ++right_first_;
        else
            ++right_later_;
        return out + finish_problem(first, c.wrong && !c.solution_shown);
    }
    case GradeStatus::incorrect:
        if (!c.wrong && !c.solution_shown) {
            c.wrong = true;
            state_[c.topic].streak = 0;
        }
        return out + "Try again, or type hint, solution or skip.\n";
    default:
        return out + "Nothing was counted: correct it and try again.\n";
    }
}

std::string PracticeSession::hint() {
    Current& c = *current_;
    c.hinted = true;
    return "hint: " + next_problem_hint(c.problem, solutions(), c.cursor) + "\n";
}

std::string PracticeSession::solution() {
    Current& c = *current_;
    const Problem& p = c.problem;
    std::string out;
    if (p.matrix) { // in matrix form, layer by layer with the shapes
        if (has_matrix_solution(p)) {
            out += "Answer: " + solve_matrix_problem(p, Notation::unicode).answer + "\n";
            out += "Worked solution:\n";
            for (const auto& line : matrix_solution_lines(p, Notation::unicode))
                out += "  " + line + "\n";
        } else {
            out += "The worked solution of this problem is not in the problem set.\n";
        }
    } else {
        const auto& entries = solutions();
        std::vector<std::string> titles = entry_titles(p, Notation::unicode);
        ExprValue answer = solved_answer(p, entries);
        if (answer.is_scalar()) {
            out += "Answer: " + print(answer, Notation::unicode) + "\n";
        } else {
            out += "Answer:\n";
            for (std::size_t k = 0; k < answer.entries.size() && k < titles.size(); ++k)
                out +=
                    "  " + titles[k] + " = " + print(answer.entries[k], Notation::unicode) + "\n";
        }
        out += "Worked solution:\n";
        for (std::size_t k = 0; k < entries.size(); ++k) {
            std::string indent = "  ";
            if (k < titles.size() && !titles[k].empty()) {
                out += "  " + titles[k] + ":\n";
                indent = "    ";
            }
            for (const auto& line : render_solution(entries[k].solution, Notation::unicode))
                out += indent + line + "\n";
        }
    }
    c.solution_shown = true;
    ++missed_;
    state_[c.topic].streak = 0;
    // A sheet's problem has no other numbers: it comes back as it is.
    bool fixed = !topics_[current_->topic].problems.empty();
    return out +
           (fixed ? "This one comes back soon.\n"
                  : "This one comes back soon with other numbers.\n") +
           finish_problem(false, true);
}

std::string PracticeSession::topics_text() const {
    std::size_t width = 0;
    for (const auto& t : topics_)
        width = std::max(width, t.slug.size());
    std::string out = "Topics (→ now, ✓ mastered; two right in a row master a topic):\n";
    for (std::size_t t = 0; t < topics_.size(); ++t) {
        bool now = current_ && current_->topic == t;
        std::string mark = state_[t].mastered ? "✓" : now ? "→" : " ";
        out += "  " + mark + " " + topics_[t].slug +
               std::string(width - topics_[t].slug.size() + 2, ' ') + topics_[t].name + " (" +
               (topics_[t].problems.empty()
                    ? plural(topics_[t].templates.size(), "template", "templates")
                    : plural(topics_[t].problems.size(), "problem", "problems")) +
               ")";
        if (!state_[t].mastered && state_[t].streak > 0)
            out += " · " + std::to_string(state_[t].streak) + " right in a row";
        out += "\n";
    }
    return out;
}

std::string PracticeSession::score_text() const {
    std::size_t done = right_first_ + right_later_ + missed_ + skipped_;
    std::size_t mastered = static_cast<std::size_t>(std::count_if(
        state_.begin(), state_.end(), [](const TopicState& s) { return s.ever_mastered; }));
    return "Score: " + plural(done, "problem", "problems") + " done · " +
           std::to_string(right_first_) + " right at the first try · " +
           std::to_string(right_later_) + " right after a hint or a wrong try · " +
           std::to_string(missed_) + " solution shown · " + std::to_string(skipped_) +
           " skipped\n" + "Topics mastered: " + std::to_string(mastered) + " of " +
           std::to_string(topics_.size()) +
           (rounds_ > 1 ? " (round " + std::to_string(rounds_) + ")" : "") + "\n";
}

std::string PracticeSession::help_text() const {
    return "Type an answer in the answer language (6x + 5, 2x·e^(x²), σ(z)(1 − σ(z)), 1(x > 0),\n"
           "[a, b] for a gradient), or one of:\n"
           "  steps     type a derivation, one step per line; an empty line ends it\n"
           "  hint      the next step of the worked solution\n"
           "  solution  the answer and its worked solution (the problem comes back later)\n"
           "  skip      the next problem\n"
           "  topics    the topics and how far you are in each\n"
           "  score     your score so far\n"
           "  help      this list\n"
           "  quit      the score, and stop\n";
}

std::string PracticeSession::handle_line(const std::string& raw) {
    if (finished_) return "";
    std::string line = trim(raw);
    try {
        if (in_steps_) {
            if (!line.empty()) {
                std::vector<std::string> split = split_steps(line);
                steps_.insert(steps_.end(), split.begin(), split.end());
                if (steps_.size() > 200) {
                    in_steps_ = false;
                    steps_.clear();
                    return "A derivation has at most 200 steps: start again with 'steps'.\n";
                }
                return "";
            }
            in_steps_ = false;
            std::vector<std::string> steps = std::move(steps_);
            steps_.clear();
            if (steps.empty()) return "No steps given.\n";
            return check("", &steps);
        }
        std::string command = lower(line);
        if (command.empty()) return "";
        if (command == "help" || command == "?") return help_text();
        if (command == "quit" || command == "exit") {
            finished_ = true;
            return score_text() + "Bye.\n";
        }
        if (command == "score") return score_text();
        if (command == "topics") return topics_text();
        if (command == "hint") return hint();
        if (command == "solution") return solution();
        if (command == "skip") {
            ++skipped_;
            state_[current_->topic].streak = 0;
            bool retry = current_->wrong;
            return "Skipped.\n" + finish_problem(false, retry);
        }
        if (command == "steps") {
            in_steps_ = true;
            steps_.clear();
            return "Type the derivation, one step per line (a line a = b is two steps); an empty "
                   "line ends it.\n";
        }
        return check(line, nullptr);
    } catch (const ParseError& e) {
        return "error: " + e.with_caret() + "\n";
    } catch (const InputError& e) {
        return "error: " + printable_lines(e.what()) + "\n";
    } catch (const std::exception& e) {
        // A check that fails inside (a limit of the algebra library) costs this answer, not
        // the session.
        return "error: this could not be checked (" + printable(e.what()) + "): try another form\n";
    }
}

std::string PracticeSession::end() {
    if (finished_) return "";
    std::string out;
    if (in_steps_) out += handle_line("");
    finished_ = true;
    return out + score_text();
}

} // namespace chainrule
