# Service benchmarks: the audit export of a million events through the real stream.
add_executable(audit_export_bench ${CMAKE_CURRENT_SOURCE_DIR}/audit_export_bench.cc)
target_link_libraries(audit_export_bench PRIVATE gfo_service gfo_cli_lib OpenSSL::Crypto)
