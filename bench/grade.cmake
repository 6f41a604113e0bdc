# The grading benchmark: included by bench/CMakeLists.txt when grading/ is built.
if(TARGET chainrule_grading)
    add_executable(grade_bench ${CMAKE_CURRENT_SOURCE_DIR}/grade_bench.cpp)
    target_link_libraries(grade_bench PRIVATE chainrule_grading)
    target_include_directories(grade_bench PRIVATE ${PROJECT_SOURCE_DIR})
    target_compile_definitions(grade_bench PRIVATE CHAINRULE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                                   CHAINRULE_BINARY="$<TARGET_FILE:chainrule>")
    add_dependencies(grade_bench chainrule)
endif()
