# Faults under a real server (storage faults, cancellations and deadlines, bad input) and the
# crash loop (scripts/crash-loop with a few kills; the full 50-kill run is in bench/LOAD_RESULTS.md).
foreach(name storage cancel input)
  add_executable(faults_${name}_test ${CMAKE_CURRENT_SOURCE_DIR}/faults_${name}_test.cc)
  target_link_libraries(faults_${name}_test PRIVATE gfo_test_support GTest::gtest_main)
  gtest_discover_tests(faults_${name}_test DISCOVERY_TIMEOUT 60)
endforeach()

include(${PROJECT_SOURCE_DIR}/bench/load/crash_driver.cmake)
add_test(NAME LoadCrashLoop COMMAND ${PROJECT_SOURCE_DIR}/scripts/crash-loop 3)
set_tests_properties(LoadCrashLoop PROPERTIES
  ENVIRONMENT "GFO_BUILD_DIR=${CMAKE_BINARY_DIR};GFO_CRASH_NO_BUILD=1"
  TIMEOUT 120)
