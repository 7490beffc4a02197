# Integration tests of accounts, access control and the audit trail: a real server on port 0,
# a real SQLite file, a real gRPC channel; CLI end-to-end tests call gfo in-process.
foreach(name service audit export cli mtls)
  add_executable(accounts_${name}_test ${CMAKE_CURRENT_SOURCE_DIR}/accounts_${name}_test.cc)
  target_link_libraries(accounts_${name}_test PRIVATE gfo_test_support GTest::gtest_main
    GTest::gmock SQLite::SQLite3)
  gtest_discover_tests(accounts_${name}_test DISCOVERY_TIMEOUT 60)
endforeach()
foreach(name audit export cli mtls)
  target_link_libraries(accounts_${name}_test PRIVATE gfo_cli_lib)
endforeach()

add_executable(accounts_role_matrix_test ${CMAKE_CURRENT_SOURCE_DIR}/role_matrix_test.cc)
target_link_libraries(accounts_role_matrix_test PRIVATE gfo_test_support GTest::gtest_main
  GTest::gmock)
target_compile_definitions(accounts_role_matrix_test PRIVATE
  GFO_PROTO_DIR="${PROJECT_SOURCE_DIR}/proto/gfo/v1")
gtest_discover_tests(accounts_role_matrix_test DISCOVERY_TIMEOUT 60)
