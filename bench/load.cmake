# The load tool gfo_load (bench/load/load_main.cc) with its bare gRPC echo baseline, and the
# crash driver of scripts/crash-loop. Included from bench/CMakeLists.txt.

# The echo service: generated here like proto/CMakeLists.txt generates gfo.v1.
add_library(gfo_load_echo STATIC
  ${PROJECT_SOURCE_DIR}/bench/load/echo.proto
  ${PROJECT_SOURCE_DIR}/bench/load/echo_server.cc)
target_link_libraries(gfo_load_echo PUBLIC protobuf::libprotobuf gRPC::grpc++
  gRPC::grpc++_reflection absl::statusor absl::strings gfo_storage)
# protoc names the files after their path under bench/ (load/echo.pb.h); sources include them
# as bench/load/echo.pb.h.
target_include_directories(gfo_load_echo PUBLIC ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/gen-load
  ${CMAKE_BINARY_DIR}/gen-load/bench)
protobuf_generate(TARGET gfo_load_echo LANGUAGE cpp
  PROTOS ${PROJECT_SOURCE_DIR}/bench/load/echo.proto
  IMPORT_DIRS ${CMAKE_CURRENT_SOURCE_DIR}
  PROTOC_OUT_DIR ${CMAKE_BINARY_DIR}/gen-load/bench)
protobuf_generate(TARGET gfo_load_echo LANGUAGE grpc
  PROTOS ${PROJECT_SOURCE_DIR}/bench/load/echo.proto
  GENERATE_EXTENSIONS .grpc.pb.h .grpc.pb.cc
  PLUGIN "protoc-gen-grpc=\$<TARGET_FILE:gRPC::grpc_cpp_plugin>"
  IMPORT_DIRS ${CMAKE_CURRENT_SOURCE_DIR}
  PROTOC_OUT_DIR ${CMAKE_BINARY_DIR}/gen-load/bench)

add_executable(gfo_load
  ${PROJECT_SOURCE_DIR}/bench/load/load_main.cc
  ${PROJECT_SOURCE_DIR}/bench/load/load_engine.cc
  ${PROJECT_SOURCE_DIR}/bench/load/gfo_workload.cc
  ${PROJECT_SOURCE_DIR}/bench/load/loopback.cc
  ${PROJECT_SOURCE_DIR}/bench/load/synthetic.cc)
target_link_libraries(gfo_load PRIVATE gfo_load_echo gfo_service CLI11::CLI11 spdlog::spdlog
  Threads::Threads)
set_target_properties(gfo_load PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench/load)

include(${PROJECT_SOURCE_DIR}/bench/load/crash_driver.cmake)

# The SQLite cost of one audited call, piece by piece (Google Benchmark).
add_executable(gfo_audit_cost_bench ${PROJECT_SOURCE_DIR}/bench/load/audit_cost_bench.cc)
target_link_libraries(gfo_audit_cost_bench PRIVATE gfo_framework benchmark::benchmark)
set_target_properties(gfo_audit_cost_bench PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench/load)

# The load tool end to end, briefly: every phase against the in-process server, two rounds. A
# failed call shows in its phase's errors column as CODE=count; only FAILED_PRECONDITION is
# expected (two staff proposing for the same request at once: one of them is refused). The floor
# and journal phases are the recorded and the journaled echo (bench/load/echo_server.h).
if(GFO_BUILD_TESTS)
  add_test(NAME LoadToolSmoke COMMAND gfo_load --target gfo --duration 0.2 --warmup 0
    --rounds 2 --homes 20 --requests 20 --phases echo,floor,journal,reads,writes,mix,echo)
  set_tests_properties(LoadToolSmoke PROPERTIES
    PASS_REGULAR_EXPRESSION "summary over 2 rounds.*by CPU median"
    FAIL_REGULAR_EXPRESSION "(CANCELLED|UNKNOWN|INVALID_ARGUMENT|DEADLINE|NOT_FOUND|ALREADY_EXISTS|PERMISSION_DENIED|EXHAUSTED|ABORTED|OUT_OF_RANGE|UNIMPLEMENTED|INTERNAL|UNAVAILABLE|DATA_LOSS|UNAUTHENTICATED)="
    TIMEOUT 120)
  # Several concurrency levels: each phase at each, measured at its peak (the floor's check of
  # every answered call's row spans the levels).
  add_test(NAME LoadToolPeakSmoke COMMAND gfo_load --target gfo --duration 0.2 --warmup 0
    --rounds 2 --homes 20 --requests 20 --concurrency 4,16 --phases echo,floor,reads,writes,echo
    --group-commit on)
  set_tests_properties(LoadToolPeakSmoke PROPERTIES
    PASS_REGULAR_EXPRESSION "peak of audited writes[^\n]* at (4|16) in flight.*summary over 2 rounds [^\n]*each phase at its peak[^\n]*\n.*audited writes +median"
    FAIL_REGULAR_EXPRESSION "(CANCELLED|UNKNOWN|INVALID_ARGUMENT|DEADLINE|NOT_FOUND|ALREADY_EXISTS|PERMISSION_DENIED|EXHAUSTED|ABORTED|OUT_OF_RANGE|UNIMPLEMENTED|INTERNAL|UNAVAILABLE|DATA_LOSS|UNAUTHENTICATED)="
    TIMEOUT 120)
endif()

# What a sync costs this machine's disk apart from SQLite (bench/LOAD_RESULTS.md, "Session 10").
add_executable(gfo_fsync_cost ${PROJECT_SOURCE_DIR}/bench/load/fsync_cost.cc)
set_target_properties(gfo_fsync_cost PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench/load)
if(GFO_BUILD_TESTS)
  add_test(NAME FsyncCostSmoke COMMAND gfo_fsync_cost 10 2 ${CMAKE_BINARY_DIR}/fsync_cost_smoke.dat)
  set_tests_properties(FsyncCostSmoke PROPERTIES
    PASS_REGULAR_EXPRESSION "10 rounds of pwrite\\(2 x 4 KiB\\) \\+ fdatasync: [0-9.]+ us wall")
endif()
