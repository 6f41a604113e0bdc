#include "grading/row_store.hpp"

#include "expr/errors.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace chainrule {

void count_verdict(RowFacts& facts, std::string_view verdict) {
    ++facts.tests;
    if (verdict == "correct") return;
    if (verdict == "error") {
        ++facts.errors;
        facts.unfinished = true;
    } else
        ++facts.failures;
}

RowFacts row_facts(const nlohmann::ordered_json& row) {
    // at(): a row without these is not a row (a json::exception, as for a wrong type).
    RowFacts facts;
    const auto& status = row.at("status");
    facts.graded = status == "graded";
    facts.score = row.at("score").get<double>();
    facts.max_score = row.at("max_score").get<double>();
    facts.unfinished = status == "error";
    if (!facts.graded) {
        // An ungraded row is one test case of its own in junit.xml.
        ++facts.tests;
        if (status == "no_submission")
            ++facts.failures;
        else
            ++facts.errors;
    }
    auto problems = row.find("problems");
    if (problems != row.end() && problems->is_array())
        for (const auto& p : *problems)
            count_verdict(facts, p.at("verdict").get_ref<const std::string&>());
    return facts;
}

RowStore::RowStore(std::string file) : file_(std::move(file)) {}

void RowStore::add_at(const std::string& key, std::uint64_t offset, std::uint64_t length,
                      const RowFacts& facts, std::string times) {
    Entry& e = rows_[key];
    e.facts = facts;
    e.offset = offset;
    e.length = length;
    e.in_file = true;
    e.text.clear();
    e.times = std::move(times);
}

void RowStore::add_text(const std::string& key, std::string text, const RowFacts& facts,
                        std::string times) {
    Entry& e = rows_[key];
    e.facts = facts;
    e.in_file = false;
    e.text = std::move(text);
    e.times = std::move(times);
}

void RowStore::set_times(const std::string& key, std::string times) {
    auto it = rows_.find(key);
    if (it != rows_.end()) it->second.times = std::move(times);
}

void RowStore::for_each(const std::function<void(const RowFacts&, const std::string&,
                                                 const std::string&)>& visit) const {
    int fd = -1;
    struct Closer {
        int& fd;
        ~Closer() {
            if (fd >= 0) ::close(fd);
        }
    } closer{fd};
    std::string buffer;
    for (const auto& [key, e] : rows_) {
        if (!e.in_file) {
            visit(e.facts, e.text, e.times);
            continue;
        }
        if (fd < 0) {
            fd = ::open(file_.c_str(), O_RDONLY | O_CLOEXEC);
            if (fd < 0) throw InputError("cannot read " + file_ + ": " + std::strerror(errno));
        }
        buffer.resize(static_cast<std::size_t>(e.length));
        std::size_t done = 0;
        while (done < buffer.size()) {
            ssize_t n = ::pread(fd, buffer.data() + done, buffer.size() - done,
                                static_cast<off_t>(e.offset + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0)
                throw InputError(
                    "cannot read " + file_ + ": " +
                    (n < 0 ? std::strerror(errno) : "the file is shorter than it was"));
            done += static_cast<std::size_t>(n);
        }
        visit(e.facts, buffer, e.times);
    }
}

void RowStore::for_each_facts(const std::function<void(const RowFacts&)>& visit) const {
    for (const auto& [key, e] : rows_)
        visit(e.facts);
}

bool any_below(const RowStore& rows, double fail_under) {
    bool below = false;
    rows.for_each_facts([&](const RowFacts& f) {
        double pct = f.max_score > 0 ? 100.0 * f.score / f.max_score : 100.0;
        if (pct + 1e-9 < fail_under) below = true;
    });
    return below;
}

} // namespace chainrule
