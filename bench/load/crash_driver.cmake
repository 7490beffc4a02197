# gfo_crash_driver (scripts/crash-loop). Included from bench/load.cmake and from
# tests/integration/load.cmake, whichever comes first; the binary always lands in
# <build>/bench/load/ where the script looks for it.
include_guard(GLOBAL)
add_executable(gfo_crash_driver
  ${PROJECT_SOURCE_DIR}/bench/load/crash_driver.cc
  ${PROJECT_SOURCE_DIR}/bench/load/crash_checks.cc
  ${PROJECT_SOURCE_DIR}/bench/load/loopback.cc
  ${PROJECT_SOURCE_DIR}/bench/load/synthetic.cc)
target_include_directories(gfo_crash_driver PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(gfo_crash_driver PRIVATE gfo_service CLI11::CLI11 Threads::Threads)
set_target_properties(gfo_crash_driver PROPERTIES
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench/load)
