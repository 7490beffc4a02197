# Unit tests of the audit trail (hash chain, paging, export, verification) without a server.
add_executable(accounts_audit_trail_test ${CMAKE_CURRENT_SOURCE_DIR}/audit_trail_test.cc)
target_link_libraries(accounts_audit_trail_test PRIVATE gfo_service gfo_test_support
  GTest::gtest_main GTest::gmock SQLite::SQLite3)
gtest_discover_tests(accounts_audit_trail_test DISCOVERY_TIMEOUT 60)

# SHA-256 (FIPS 180-2 vectors, per-thread contexts) and token shape.
add_executable(accounts_crypto_test ${CMAKE_CURRENT_SOURCE_DIR}/crypto_test.cc)
target_link_libraries(accounts_crypto_test PRIVATE gfo_framework GTest::gtest_main)
gtest_discover_tests(accounts_crypto_test DISCOVERY_TIMEOUT 60)

add_executable(json_log_test ${CMAKE_CURRENT_SOURCE_DIR}/json_log_test.cc)
target_link_libraries(json_log_test PRIVATE gfo_framework nlohmann_json::nlohmann_json
  GTest::gtest_main)
gtest_discover_tests(json_log_test DISCOVERY_TIMEOUT 60)
