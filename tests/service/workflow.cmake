# Unit tests of the placement workflow's pure rules (no server).
add_executable(workflow_rules_test ${CMAKE_CURRENT_SOURCE_DIR}/workflow_rules_test.cc)
target_link_libraries(workflow_rules_test PRIVATE gfo_service GTest::gtest_main GTest::gmock)
gtest_discover_tests(workflow_rules_test DISCOVERY_TIMEOUT 60)
