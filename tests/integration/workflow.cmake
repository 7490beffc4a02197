# Integration tests of the placement workflow (requests, proposals with holds, placements, legal
# clocks): a real server on port 0, a real SQLite file, a real gRPC channel; the CLI test calls
# gfo in-process.
add_library(workflow_test_helpers STATIC ${CMAKE_CURRENT_SOURCE_DIR}/workflow_test_helpers.cc)
target_link_libraries(workflow_test_helpers PUBLIC gfo_test_support GTest::gtest GTest::gmock)
foreach(name requests proposals placements concurrency cli)
  add_executable(workflow_${name}_test ${CMAKE_CURRENT_SOURCE_DIR}/workflow_${name}_test.cc)
  target_link_libraries(workflow_${name}_test PRIVATE workflow_test_helpers GTest::gtest_main
    GTest::gmock)
  gtest_discover_tests(workflow_${name}_test DISCOVERY_TIMEOUT 60)
endforeach()
target_link_libraries(workflow_cli_test PRIVATE gfo_cli_lib)
