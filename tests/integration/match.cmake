# Integration tests of matching, municipalities and administration: a real server, channel and
# SQLite file; the gfo-server binary for its configuration; the CLI in-process.
add_library(match_test_helpers STATIC ${CMAKE_CURRENT_SOURCE_DIR}/match_test_helpers.cc)
target_link_libraries(match_test_helpers PUBLIC gfo_test_support GTest::gmock)

foreach(name rank suggest municipality admin retention)
  add_executable(match_${name}_test ${CMAKE_CURRENT_SOURCE_DIR}/match_${name}_test.cc)
  target_link_libraries(match_${name}_test PRIVATE match_test_helpers GTest::gtest_main)
  gtest_discover_tests(match_${name}_test DISCOVERY_TIMEOUT 60)
endforeach()
target_link_libraries(match_admin_test PRIVATE SQLite::SQLite3)

add_executable(match_config_test ${CMAKE_CURRENT_SOURCE_DIR}/match_config_test.cc)
target_link_libraries(match_config_test PRIVATE GTest::gtest_main)
target_compile_definitions(match_config_test PRIVATE GFO_SERVER_BINARY="$<TARGET_FILE:gfo-server>")
add_dependencies(match_config_test gfo-server)
gtest_discover_tests(match_config_test DISCOVERY_TIMEOUT 60)

add_executable(match_cli_test ${CMAKE_CURRENT_SOURCE_DIR}/match_cli_test.cc)
target_link_libraries(match_cli_test PRIVATE match_test_helpers gfo_cli_lib GTest::gtest_main)
gtest_discover_tests(match_cli_test DISCOVERY_TIMEOUT 60)
