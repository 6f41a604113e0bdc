#pragma once
// What the hostile-input tests (tests/hostile_*_test.cpp) share: bounded runs of the binary,
// a class of honest students beside one hostile file.
#include "expr/printer.hpp"
#include "generator/spec.hpp"
#include "run_binary.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace chainrule::test::hostile {

namespace fs = std::filesystem;

#ifdef CHAINRULE_SANITIZED
constexpr unsigned slow = 5;
#else
constexpr unsigned slow = 1;
#endif

inline void write(const std::string& path, const std::string& text) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

inline RunOptions bounded(unsigned cpu_seconds, std::size_t memory_mb, std::string input = "") {
    RunOptions options;
    options.cpu_seconds = cpu_seconds * slow;
    options.memory_mb = memory_mb;
    options.input = std::move(input);
    return options;
}

// Nothing the program writes may hold a raw control character (other than a line break) or a
// bidirectional override: escape sequences in an answer must never reach a terminal.
inline bool terminal_safe(const std::string& text) {
    for (unsigned char c : text)
        if ((c < 0x20 && c != '\n') || c == 0x7F) return false;
    return text.find("\u202E") == std::string::npos && text.find("\u200B") == std::string::npos;
}

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// `chainrule check` of an answer to d/dx x^2, under a bound.
inline RunResult check_answer(const std::string& answer, unsigned cpu_seconds = 5,
                              std::size_t memory_mb = 1024) {
    // Through standard input, so that any bytes (NUL included) reach the answer.
    return run_binary({"check", "--function", "x^2", "--wrt", "x", "--answer", "-"},
                      bounded(cpu_seconds, memory_mb, answer));
}

// A class of two honest students plus one hostile file, graded; returns the report's rows by
// key. The honest rows must come out exactly as without the hostile file.
struct HostileClass {
    chainrule::test::TempFolder dir{"chainrule-hostile"};
    std::string spec;
    std::string submissions;

    HostileClass() {
        spec = dir.string() + "/spec.yaml";
        write(spec, "title: Small set\nseed: 7\ntemplate_dir: " CHAINRULE_SOURCE_DIR
                    "/templates\nproblems:\n  - {template: polynomial, points: 2}\n"
                    "  - {template: gradient, points: 3}\n");
        submissions = dir.string() + "/class";
        Spec loaded = load_spec(spec);
        for (const char* student : {"alice", "bob"}) {
            auto problems = generate_problem_set(loaded, student).problems;
            write(submissions + "/" + student + "/submission.yaml",
                  std::string("student: ") + student + "\nanswers:\n  polynomial-1: \"" +
                      print(problems[0].expected) + "\"\n  gradient-1: \"" +
                      print(problems[1].expected) + "\"\n");
        }
    }

    // Grades the class; `extra` are more arguments. Returns the rows by key.
    std::map<std::string, nlohmann::json> grade(const std::string& out,
                                                std::vector<std::string> extra = {},
                                                unsigned cpu_seconds = 30,
                                                const std::string& time_limit = "2") {
        std::vector<std::string> args{"grade", spec, submissions,    "--out",    out,
                                      "-j",    "2",  "--time-limit", time_limit, "--quiet"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = run_binary(args, bounded(cpu_seconds, 2048));
        INFO(r.err);
        REQUIRE(r.status == 0);
        CHECK(terminal_safe(r.out + r.err));
        std::map<std::string, nlohmann::json> rows;
        auto report = nlohmann::json::parse(slurp(out + "/report.json"));
        for (const auto& row : report["students"])
            rows[row["key"]] = row;
        // The honest rows are intact: full marks.
        CHECK(rows.at("alice")["score"] == 5.0);
        CHECK(rows.at("bob")["score"] == 5.0);
        return rows;
    }

    std::string hostile_row_message(const std::string& name, const std::string& text) {
        write(submissions + "/" + name, text);
        auto rows = grade(dir.string() + "/out-" + fs::path(name).stem().string());
        std::string key = "file:" + submissions + "/" + name;
        REQUIRE(rows.count(key) == 1);
        CHECK(rows.at(key)["status"] == "unreadable");
        return rows.at(key)["message"];
    }
};

inline std::string billion_laughs() {
    std::string text = "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", "
                       "\"lol\", \"lol\"]\n";
    for (int i = 1; i < 10; ++i) {
        std::string prev = "*a" + std::to_string(i - 1);
        text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
        for (int k = 1; k < 9; ++k)
            text += ", " + prev;
        text += "]\n";
    }
    return text;
}

inline RunResult validate(const std::string& path, unsigned cpu_seconds = 10) {
    return run_binary({"validate", path}, bounded(cpu_seconds, 512));
}

} // namespace chainrule::test::hostile
