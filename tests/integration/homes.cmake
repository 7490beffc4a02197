# Integration tests of the home bank: a real server, channel and SQLite file; the CLI in-process.
add_library(homes_test_helpers STATIC ${CMAKE_CURRENT_SOURCE_DIR}/homes_test_helpers.cc)
target_link_libraries(homes_test_helpers PUBLIC gfo_test_support GTest::gmock)

foreach(name api lifecycle bad_input)
  add_executable(homes_${name}_test ${CMAKE_CURRENT_SOURCE_DIR}/homes_${name}_test.cc)
  target_link_libraries(homes_${name}_test PRIVATE homes_test_helpers GTest::gtest_main)
  gtest_discover_tests(homes_${name}_test DISCOVERY_TIMEOUT 60)
endforeach()

add_executable(homes_cli_test ${CMAKE_CURRENT_SOURCE_DIR}/homes_cli_test.cc)
target_link_libraries(homes_cli_test PRIVATE homes_test_helpers gfo_cli_lib GTest::gtest_main)
gtest_discover_tests(homes_cli_test DISCOVERY_TIMEOUT 60)
