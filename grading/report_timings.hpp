#pragma once
// timings.md: the slowest answers of a run (not deterministic: times change from run to run).
#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>
#include <tuple>
#include <vector>

namespace chainrule {

/// The slowest answers of a run, for timings.md. Keeps only the `count` slowest seen so far.
class SlowestAnswers {
  public:
    /// One answer: (milliseconds, the row's student or key, problem id, verdict).
    using Entry = std::tuple<double, std::string, std::string, std::string>;

    explicit SlowestAnswers(std::size_t count = 20) : count_(count) {}
    /// A row's answers with their times ({problem: ms}).
    static std::vector<Entry> entries(const nlohmann::ordered_json& row,
                                      const nlohmann::ordered_json& times);
    /// Adds a row's answers, with their times ({problem: ms}).
    void add(const nlohmann::ordered_json& row, const nlohmann::ordered_json& times);
    /// Adds one answer.
    void add(Entry entry);
    /// timings.md.
    std::string markdown() const;

  private:
    void prune();
    std::size_t count_;
    std::vector<Entry> entries_; ///< (ms, row name, problem, verdict)
};

} // namespace chainrule
