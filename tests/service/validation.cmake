# Tests for service/validation (gfo_validation). Included from tests/service/CMakeLists.txt.
add_executable(validation_tests
  ${CMAKE_CURRENT_LIST_DIR}/validation_personnummer_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/validation_common_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/validation_page_token_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/validation_home_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/validation_request_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/validation_workflow_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/validation_config_test.cc
)
target_link_libraries(validation_tests PRIVATE gfo_validation GTest::gtest_main GTest::gmock)
# Parameterised cases carry their own names; NO_PRETTY_VALUES keeps raw values out of them.
gtest_discover_tests(validation_tests DISCOVERY_TIMEOUT 60 NO_PRETTY_VALUES)
