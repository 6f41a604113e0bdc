#pragma once
// The practice session: problems drawn from templates, topic by topic, each answer judged at
// once with feedback, and the choice of the next problem adapted to the answers. The session
// is text in, text out (one line at a time), so that the terminal front end stays thin and the
// tests can drive it directly.
//
// Adaptation (README, "chainrule practice"):
// - Topics come in the order of the spec (the course's order); a topic's templates go from
//   the easiest to the hardest.
// - A topic is mastered when two of its problems in a row are answered right at the first
//   try, without a hint; the session then moves on to the next topic, and the topic's next
//   problems come from its next (harder) templates. When every topic is mastered, a new
//   round starts. A right answer after a hint leaves the run as it was; a wrong answer, a
//   shown solution or a skip ends it.
// - A problem answered wrong (or whose solution was shown) comes back soon: a new variant of
//   the same template after one problem of another topic (at once when there is no other).
// - Same topics, seed and lines in: the same bytes out.
#include "generator/hint.hpp"
#include "generator/problem.hpp"
#include "generator/spec.hpp"
#include "generator/template.hpp"
#include "generator/variants.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// A topic to practise and its templates, easiest first.
struct PracticeTopic {
    std::string name; ///< as the templates write it: "The Chain Rule"
    std::string slug; ///< for --topic: "chain-rule"
    std::vector<std::shared_ptr<const Template>> templates;
    /// For a problem-set file's sheet: its problems, each always the same (no templates).
    std::vector<Problem> problems;
};

/// "The Chain Rule" -> "chain-rule": lower case, words joined by '-', a leading "the" dropped.
std::string topic_slug(const std::string& name);

/// The topics of a spec's templates in the order they first appear, each template once.
/// `topic` (empty: all) keeps one topic, named by its name or slug (any case), a unique part
/// of its slug, or a template id (that template alone); `difficulty` (0: all) keeps the
/// templates of that difficulty. Throws InputError, listing the topics, when nothing is left.
std::vector<PracticeTopic> practice_topics(const Spec& spec, const std::string& topic = "",
                                           int difficulty = 0);

/// The same for the problems of a sheet (a problem-set file): topics in the order they first
/// appear, each topic's problems from the easiest; `topic` may also name a problem id.
std::vector<PracticeTopic> practice_topics(const std::vector<Problem>& problems,
                                           const std::string& topic = "", int difficulty = 0);

/// How a session runs.
struct PracticeOptions {
    std::uint64_t seed = 0;
    bool colour = false; ///< ANSI colours in the output
};

/// One practice session.
class PracticeSession {
  public:
    /// A session over these topics (at least one, each with a template).
    PracticeSession(std::vector<PracticeTopic> topics, PracticeOptions options);

    /// The welcome and the first problem.
    std::string start();

    /// One line typed by the student (without its line break): an answer, a step of a
    /// derivation, or a command. Returns what to show.
    std::string handle_line(const std::string& line);

    /// The end of input: what is left to show (a derivation being typed is checked first), and
    /// the session is finished.
    std::string end();

    /// Whether the session is over (quit, or end of input).
    bool finished() const { return finished_; }

    /// The prompt for the next line: "> ", or "step N> " while a derivation is typed.
    std::string prompt() const;

  private:
    struct TopicState {
        std::size_t next_template = 0;
        int streak = 0;
        bool mastered = false;      ///< in this round
        bool ever_mastered = false; ///< in any round, for the score
    };
    struct Retry {
        std::size_t topic = 0;
        std::size_t template_index = 0;
        std::size_t due = 0; ///< presented when at least this many problems have been
    };
    struct Current {
        Problem problem;
        std::size_t topic = 0;
        std::size_t template_index = 0;
        bool wrong = false;  ///< a wrong answer was given
        bool hinted = false; ///< a hint was shown
        bool solution_shown = false;
        HintCursor cursor;
        std::vector<EntrySolution> solutions; ///< worked out at the first hint or solution
    };

    std::string present_next();
    std::string present(std::size_t topic, std::size_t template_index);
    std::string check(const std::string& answer, const std::vector<std::string>* steps);
    std::string finish_problem(bool right_first, bool retry);
    std::string hint();
    std::string solution();
    std::string topics_text() const;
    std::string score_text() const;
    std::string help_text() const;
    std::string paint(const std::string& text, const char* code) const;
    const std::vector<EntrySolution>& solutions();
    Problem draw(std::size_t topic, std::size_t template_index);

    std::vector<PracticeTopic> topics_;
    PracticeOptions options_;
    std::vector<TopicState> state_;
    std::deque<Retry> retries_;
    std::map<std::string, std::unique_ptr<VariantSource>> sources_;
    std::map<std::string, std::size_t> drawn_; ///< variants drawn per template
    std::optional<Current> current_;
    bool in_steps_ = false;
    std::vector<std::string> steps_;
    bool finished_ = false;
    std::size_t presented_ = 0;
    std::size_t right_first_ = 0;
    std::size_t right_later_ = 0;
    std::size_t missed_ = 0;
    std::size_t skipped_ = 0;
    std::size_t rounds_ = 1;
};

} // namespace chainrule
