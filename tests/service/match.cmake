# Unit tests of matching's service modules (home index, mapping, retention rules, demo data):
# no server.
add_executable(match_unit_test
  match_home_index_test.cc
  match_mapping_test.cc
  match_retention_test.cc
  match_demo_test.cc
)
target_link_libraries(match_unit_test PRIVATE gfo_test_support gfo_demo GTest::gmock
  GTest::gtest_main)
gtest_discover_tests(match_unit_test DISCOVERY_TIMEOUT 60)
