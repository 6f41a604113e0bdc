# The generator's benchmark: included from bench/CMakeLists.txt when this file exists.
if(TARGET chainrule_generator)
    add_executable(generate_bench ${CMAKE_CURRENT_LIST_DIR}/generate_bench.cpp)
    target_link_libraries(generate_bench PRIVATE chainrule_generator)
    target_compile_definitions(generate_bench PRIVATE CHAINRULE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
endif()
