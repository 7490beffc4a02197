# Unit tests of the home bank's domain helpers (no server).
add_executable(homes_read_test ${CMAKE_CURRENT_SOURCE_DIR}/homes_read_test.cc)
target_link_libraries(homes_read_test PRIVATE gfo_service gfo_test_support GTest::gmock
  GTest::gtest_main)
gtest_discover_tests(homes_read_test DISCOVERY_TIMEOUT 60)
