# Installing chainrule, and its Debian package (scripts/package).
#
# `cmake --install build [--prefix DIR]` installs the binary in bin/ and the course (the
# problem sets and the templates they use) and the documentation in share/chainrule/, where an
# installed chainrule finds them from its own path (<bin>/../share/chainrule; or
# $CHAINRULE_DATA_DIR): no source path is compiled in. The problem sets find their templates
# at ../templates, as in the checkout.
include(GNUInstallDirs)

install(TARGETS chainrule RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/problem_sets ${PROJECT_SOURCE_DIR}/templates
        DESTINATION ${CMAKE_INSTALL_DATADIR}/chainrule)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/chainrule/docs)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DATADIR}/chainrule/docs
        FILES_MATCHING PATTERN "*.md")

# The .deb: its dependencies are Debian's own packages, worked out by dpkg-shlibdeps from the
# libraries the binary links (GiNaC, CLN, yaml-cpp, the C++ runtime), and libedit2, which
# `practice` loads at a terminal (cli/line_reader.cpp) rather than links.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME chainrule)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "chainrule maintainers <chainrule@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Auto-grader and exercise generator for the calculus of neural networks")
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libedit2")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGE_INSTALL_DIRECTORY /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Only the binary and its data: not the tests, benchmarks or fuzz targets.
set(CPACK_STRIP_FILES ON)
include(CPack)

# The install tested as a user would use it: installed into an empty folder, then run from
# elsewhere (a check, and the installed course's homework check, which needs the templates).
if(BUILD_TESTING)
    add_test(NAME install_and_check
             COMMAND bash ${PROJECT_SOURCE_DIR}/tests/install_test.sh ${CMAKE_BINARY_DIR}
                     ${PROJECT_SOURCE_DIR})
    set_tests_properties(install_and_check PROPERTIES TIMEOUT 120 LABELS e2e)
    # The .deb built with CPack, unpacked into an empty folder and run from there; skipped
    # (77) when a packaging tool is missing. CPack builds the `all` target first: after the
    # full build ctest runs on, that is nothing to do.
    if(CHAINRULE_SANITIZE)
        set(chainrule_deb_sanitized ON)
    else()
        set(chainrule_deb_sanitized OFF)
    endif()
    add_test(NAME deb_package_install_and_check
             COMMAND bash ${PROJECT_SOURCE_DIR}/tests/deb_test.sh ${CMAKE_BINARY_DIR}
                     ${PROJECT_SOURCE_DIR} ${chainrule_deb_sanitized})
    set_tests_properties(deb_package_install_and_check
                         PROPERTIES TIMEOUT 900 LABELS e2e SKIP_RETURN_CODE 77)
endif()
