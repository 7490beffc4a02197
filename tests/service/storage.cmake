add_executable(storage_test storage_test.cc)
target_link_libraries(storage_test PRIVATE gfo_framework GTest::gmock GTest::gtest_main SQLite::SQLite3)
gtest_discover_tests(storage_test DISCOVERY_TIMEOUT 60)
